"""Conversation: a follow-up question read with the turns before it, without a language model.

"What did Ofsted say about care leavers' health histories in Knowsley?", then "What did they recommend about
it?": the second is searched as "What did they recommend about care leavers' health histories in Knowsley?".
Each turn is `interpret`ed into a `Reading`: the question as asked, the standalone question searched, and its
parts (councils, years, topic). From the turn before, a follow-up takes:

- the topic, when the question has none of its own ("And in 2018?", "What did they recommend?") or points back
  to it ("it", "that", "this", "those"; "Was that still a problem?");
- the councils, unless it names its own ("What about Coventry?") or asks across councils;
- the years, unless it names its own ("And in 2018?", "the earlier inspection") or changes council; a first
  question about a council's latest inspection ("How did Barnsley do at its last inspection?") gives that report's
  year, as it was inspected;
- the whole question, when it only adds to it: "Do advisers work at weekends?", then "And in the evenings?".

A question naming its own council and topic, without pointing back, starts afresh. The standalone question is
what the user sees ("Searched: …") and can edit; it is searched and answered like any other question.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rag.answers import ASKS_STRENGTH, Answer, answer_question
from rag.councils import council_mentions, find_councils, without_councils
from rag.coverage import CHAT_WORDS, FRAME_WORDS, NO_TOPIC, key_words
from rag.documents import Document
from rag.facts import asked_fact, judgement_area
from rag.keywords import other_forms, report_terms, tokenize
from rag.query import (
    ASKING,
    COMPARED_YEAR,
    NEGATIVE,
    REPORT_WORDS,
    YEAR,
    Filters,
    answer_type,
    asks_latest,
    clauses,
    holds_answer,
    lay_asking,
)
from rag.retrieval import Retriever
from rag.text import MONTH_WORDS

_YEAR = re.compile(rf"\b{YEAR}\b")
_MONTHS = frozenset(re.findall(r"[a-z]+", MONTH_WORDS.lower()))
_WORD = re.compile(r"[A-Za-z0-9](?:[\w'’-]*\w)?")  # "children's", not "project'" in "'house project'"
# A remark of a few words before a question ("ok. …", "Big turnaround. …"), unless it announces a new one
_ASIDE = re.compile(r"\s*(?:[A-Za-z'’]+\s*){1,5}(?:[.!]+|\s[–—-])\s+(?=\S)")
# A remark asked of the answer before, then the question: "so that's a drop? what were they before"
_REMARK_ASKED = re.compile(  # also "were they always this good? what did they get in 2018"
    r"^\W*(?:(?:so|oh|wow|and)\s+)?(?:(?:that|this|it)(?:['’]?s| is| was)(?:\s+[\w-]+){1,4}"
    r"|(?:were|was|are|is) (?:they|it) always (?:this|that|so) \w+)\?\s+(?=\S)",
    re.I,
)
_SURPRISE = (  # one word of it
    r"odd|weird|strange|funny|hmm+|huh|oh|ah|wow|blimey|interesting|really|seriously|ouch|yikes|oof|eek|gosh|crikey|ugh"
)
# One word of surprise before a question: "odd, wasnt that fine at the previous inspection?", "hmm was it any
# better at the 2021 one?"
_EXCLAIM = re.compile(
    rf"^\W*(?:{_SURPRISE})(?:\s*,\s*|\s+(?=(?:was|were|is|are|did|does|do|has|have|had|what|how|why|when|where|who"
    r"|which|any)\b))",
    re.I,
)
# A remark on the answer before: "that explains a lot.", "fair enough i suppose.", "wow.", "odd." (a word of
# surprise alone: "really bad for care leavers." names a topic)
_REMARK = re.compile(
    r"^\W*(?:(?:that|this|it)(?:['’]?s|\s+(?:is|was|explains|sounds|seems|makes|looks))\b"
    r"|(?:fair enough|makes sense|i see|i suppose|i guess|wow|blimey|interesting|oh|ah|hmm|ok|okay|cool|great|ha+"
    r"|(?:ha+\s+)?fair|lol"
    r"|thanks|cheers|good to know|not great|not good|depressing|worrying|shocking)\b"
    rf"|(?:{_SURPRISE})[\s.!?]*$)",
    re.I,
)
# A claim, then a question that only asks whether it is so: "…, is that right?", "… - does the report back that up"
_CHECK = re.compile(
    r"^(?P<claim>.+?)[\s,.;:–—-]+(?:is (?:that|this|it) (?:right|true|correct|so|the case|normal|usual|typical"
    r"|in (?:there|the report|it))"
    r"(?: there| here| for them)?|am i right|right|true"
    r"|(?:does|did) (?:the |that |this )?(?:report|inspection|ofsted|inspectors|they) (?:back (?:that|this|it) up"
    r"|(?:say|find|found|confirm|mention|agree with) (?:that|this|so|it))"
    r"|(?:does|did) (?:the |that |this )?(?:report|inspection|ofsted|inspectors|they) (?:say|agree|confirm)"
    r"|can you confirm(?: that| this| it)?"
    # "… – was that the 2016 one?"
    rf"|(?:was|is) (?:that|this|it) (?:in )?(?:the )?(?P<year>{YEAR})(?: one| report| inspection)?)\W*$",
    re.I,
)
# A topic or a claim, then "does it say anything on that": what the reports say about it
_SAID_ON = re.compile(
    r"^(?P<claim>.+?)[\s,.;:–—-]+(?:does|did) (?:it|the report|ofsted|they|inspectors) (?:say|find|mention) "
    r"anything (?:on|about) (?:that|this|it)\W*$",
    re.I,
)
# A claim with a tag that asks whether it is so: "it sounded more positive in 2022 didnt it?"
_TAG = re.compile(
    r"^(?P<claim>.+?)[\s,]+(?:did|does|do|was|is|were|are|has|have|had)n['’]?t (?:it|they|that|there)"
    rf"(?P<when>,?\s+(?:in|at|by) (?:the )?{YEAR}(?: (?:one|inspection|report))?)?\W*$",  # "…, in 2022"
    re.I,
)
# A claim with a tag, then the question of it: "children in care were the weak bit in 2023 weren't they - what was
# wrong?"
_TAG_ASKS = re.compile(
    r"^(?P<claim>.+?)[\s,]+(?:did|does|do|was|is|were|are|has|have|had)n['’]?t (?:it|they|that|there)\s*[–—:,-]+\s*"
    r"(?P<rest>(?:what|why|how|which|who|where|when)\b.+)$",
    re.I,
)
# A claim the user thought true, asked as a question: "weird, i thought it was ok at the 2019 inspection?"
_THOUGHT = re.compile(
    r"^\W*(?:[A-Za-z'’]+\s*[,.!]\s*)?(?:i|we)\s+(?:thought|heard|read|was told|were told)\s+(?:that\s+)?"
    r"(?P<claim>.+?)\W*\?\W*$",
    re.I,
)
_HEARD = re.compile(  # how the user came by the claim: "i keep hearing", "I remember", "someone told me"
    r"^\W*(?:(?:i|we)\s+(?:keep\s+|kept\s+)?(?:hear(?:ing)?|heard|remember|read|think|thought|was told|were told"
    r"|understand|believe)\s+(?:that\s+)?"
    # "someone at committee said"
    r"|(?:someone|somebody|people)(?:\s+(?:at|from|in|on)(?:\s+[\w'’]+){1,2})?"
    r"\s+(?:told (?:me|us)|said|says|say|mentioned)\s+(?:that\s+)?)",
    re.I,
)
# What the user heard, after the question: "what about out of hours, ive heard edt there is a struggle"
_HEARD_AFTER = re.compile(
    r"[,;]\s*(?:(?:i|we)(?:['’]?ve| have)?\s+(?:heard|been told|read|think|reckon|know)|someone (?:said|told me))\b.*$",
    re.I,
)
# What the user says of themselves after the question, joined by a comma: "how about hillingdon, thats the other
# offer I've got"
_ABOUT_ME_AFTER = re.compile(
    r"\s*[,;]\s*(?:that['’]?s|thats|which is|where)\s+(?:[^,?]*?\s)?(?:i|i['’]?ve|ive|i['’]?m|im|my|me|we|our)\b[^?]*$",
    re.I,
)
_COUNCIL_TAIL = re.compile(  # what follows a council's name and is part of it, or its possessive
    r"(?:\s+(?:borough|city|county|metropolitan borough|district))?(?:\s+council)?(?:['’]?s\b)?(?<=\S)", re.I
)
_NEW_TOPIC = re.compile(r"\b(?:different|another|new|other|unrelated|separate)\b|\bchang", re.I)
# A sentence or clause that only sets the scene ("Councillor here.", "Quick one for a piece I'm writing –", "I think
# Ofsted went in around July 2024."): its councils and years count, its words name no topic.
_USER = r"I|I['’]?(?:m|ve)|I['’]d|my|mine|we|we['’](?:re|ve)|our|ours|me"  # the user's own words for themselves
_FIRST_PERSON = re.compile(  # "I …", "My sister …", "Doing a piece on …" (the user's own doing)
    rf"\s*(?:{_USER}|doing a piece|writing a (?:piece|story|report)|working on)\b", re.I
)
_MINE = re.compile(rf"\b(?:{_USER})\b", re.I)  # anywhere: "starting my placement with Sutton."
_LEAD_IN = re.compile(
    r"^.*?\b(?:I(?:['’]d| would) like to know|I want to know|I(?:['’]m| am) (?:wondering|asking)|can you tell me"
    r"|could you tell me)\b",
    re.I,
)
# Domain words that can be part of a topic ("children's social care", "care leavers") though they frame others.
_TOPIC_FRAME = (  # "was calderdale's response any good back in 2018?": the response to the topic before
    FRAME_WORDS - frozenset(tokenize("care children child children's social services service area areas"))
) | frozenset(tokenize("response responses approach"))
_POINTER = re.compile(  # "it", "that", "this"… standing for the earlier topic, not a determiner before a noun
    r"\b(it|that|this|those|these)\b(?=\s*(?:[?.!,;]|$|\b(?:is|was|were|are|has|have|had|been|being|still|compare"
    r"|compared|changed?|improved?|get|got|go|went|become|became|in|at|for|since|by|with|when|then|now|there"
    r"|before|after|over|again|look|looked|seem|seemed|mean|work|worked|happen|happened|so|really|too|also"
    r"|affected|affects|affect|already)\b))",
    re.I,
)
# when nothing else in it names a topic; "one" only as a thing had ("Didn't Redcar have one too?")
_ANY_POINTER = re.compile(
    r"(?<!\banything )(?<!\bsomething )(?<!\beverything )(?<!\bnothing )"  # "anything that needs sorting"
    r"(?<!\bbefore )(?<!\bafter )(?<!\bsince )"  # "before it": the inspection
    r"\b(it|(?:that|this|those|these)(?! (?:good|bad|well|poor|strong|weak|quick|slow|long|high|low|many|much|often"
    r"|big|small)\b))\b(?! (?:point|stage|time|days|year)\b)"  # "this good": as good as this, no thing
    r"|(?<=\bhave )one\b|(?<=\bhad )one\b|(?<=\bhas )one\b",
    re.I,
)
# People spoken of in the sentence before: "… unaccompanied asylum seeking children. what did ofsted say about how
# those kids are looked after"
_KIDS = r"kids|children|young people|youngsters|teenagers|families"  # the people a topic is of, in a word
_THOSE = re.compile(rf"\b(?:those|these|such)\s+(?:{_KIDS}|parents|carers|ones)\b", re.I)
# "the same issue": the topic before ("kent had the same issue didnt they")
_SAME_THING = re.compile(
    r"(?:\bthe |^\W*)same (?:issues?|problems?|things?|concerns?|troubles?|worries|worry|difficult(?:y|ies))\b", re.I
)
_QUOTED = re.compile(r"(?<!\w)['‘\"“](?P<words>\w[^'‘’\"“”]{0,40}?\w)['’\"”](?!\w)")  # "'always here'"
_PRONOUN = re.compile(  # "it" (not the inspection: "before it"), and "that" standing alone ("Was that …?")
    rf"(?<!\bbefore )(?<!\bafter )(?<!\bsince )(?:\bit\b|{_POINTER.pattern})", re.I
)
_THERE = re.compile(  # "there" for the council, not "Is there …?", "There is …", "there's help"
    r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b(?!['’]s\b)"
    r"(?!\s+(?:is|was|were|are|has|have|had|been|will|would|any|no|a|an)\b)",
    re.I,
)
_THEIR = re.compile(  # not "a flat of their own", "living at home with their families": the people's
    r"\btheir\b(?! (?:own|famil(?:y|ies)|parents?|carers?|child(?:ren)?|kids?|homes?|lives|life|mums?|dads?"
    r"|mothers?|fathers?|siblings?|brothers?|sisters?|friends?|birth)\b)",
    re.I,
)
_OBJECT_IT = re.compile(  # "wait long for it?"
    "(?:" + "|".join(rf"(?<=\b{word} )" for word in "for about with on of to from into".split()) + r")it\b", re.I
)
_IT_FOR = re.compile(  # "is it any worse for kids in care?": the topic before, for them
    r"\bit\b(?=(?: \w+)? (?:worse|better|different|harder|easier|quicker|slower|the same|similar) for\b)", re.I
)
_WHICH_REPORT = re.compile(r"\b(?:newer|newest|latest|recent|last|previous|earlier|older|before)\b", re.I)
_PEOPLE = re.compile(rf"\b(?:{_KIDS}|child|parents|carers|leavers)\b", re.I)
_THE_PEOPLE = re.compile(  # "the kids" of the topic before, not "the kids with disabilities", "the children in care"
    rf"\bthe (?:{_KIDS})\b"
    r"(?!\s+(?:with|who|in|of|on|at|from|aged|under|over|that|living|leaving|looked|placed|subject|whose)\b)",
    re.I,
)
_DONE_TO_THEM = re.compile(  # the people of the topic before, as what is done to them; not "tell them" (the council)
    r"\b(?:see|sees|seeing|saw|seen|visit\w*|support\w*|help\w*|check\w*|meet\w*|met|listen\w* to|talk\w* to"
    r"|speak\w* to|spoke to|look\w* after|track\w*|protect\w*|mov(?:e|es|ed|ing))\s+them\b",
    re.I,
)
_WHOLE_SERVICE = re.compile(r"(?:children['’]?s\s+)?(?:services?|social\s+care|social\s+services)", re.I)
_THE_HEAD = re.compile(r"\b(?:the|that|this|those|these)\s+(?P<noun>[a-z]+)\b", re.I)  # "the team": one said before
_JOINS = re.compile(r"\s*|\s+(?:of|and|for|to|in|on|with|from|at|the|a|an|'s)\s+", re.I)  # inside one topic
_PHRASE = re.compile(  # "And in the evenings?": the question before, with these words added
    r"^\s*(?:in|at|on|for|during|by|with|without|over|after|before|once|from|to|among|between|outside|within)\b", re.I
)
_LEAD = re.compile(  # "hmm and the local offer for them, any good?"
    r"^\s*(?:(?:and|but|so|ok(?:ay)?|also|then|right|still|overall|anyway|well|hm+|um+|er+m?)\b[,.\s]*)+", re.I
)
_IF_ASKS = re.compile(  # a condition, then the question: "if a kid goes missing does someone talk to them after"
    r"^\W*(?:if|when|once|whenever)\b[^?.!]*?\b(?:does|do|did|is|are|was|were|will|would|can|could|should|has|have)"
    r"\s+(?:some|any|they|it|he|she|the|a|an|their|social|staff)\w*\b",
    re.I,
)
_WHAT_ABOUT = re.compile(r"^\s*(?:what|how)\s+about\b", re.I)
_ACROSS = re.compile(
    r"\b(?:which|what|other|all|any|every|across|many)\s+(?:\w+\s+)?(?:councils|authorities|las)\b"
    r"|\bnational(?:ly)?\b|\bin england\b|\bacross the country\b",
    re.I,
)
_BACK_UNNAMED = re.compile(
    r"^\s*(?:and\s+|ok\s+|so\s+)?back (?:to|with) [^–—,:-]{1,30}?\s*[–—,:-]+\s*(?P<rest>.+)$", re.I
)
_PLACE_LEAD = re.compile(  # "same for reading? how are they getting on with the police": of Reading, that question
    # (also "what about stockport next door, are carers looked after better there?")
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:(?:the\s+)?same\s+(?:for|with|in|at)|(?:what|how)\s+about|and)\s+"
    r"(?P<place>[^?,]{2,40}?)\s*(?:\?+|,)\s*(?P<rest>\S.*)$",
    re.I,
)
_BACK = re.compile(r"^\s*(?:and\s+)?back (?:to|in|at|with)\b", re.I)  # "Back to Hackney – …"
_LATEST = re.compile(r"latest|newest|recent|current|new|last", re.I)  # "back to the newest report"
# "going back to the latest report - are kids in care …?": the rest, asked of that report
_BACK_TO_REPORT = re.compile(  # also "going back to 2015 - how many children were in care then?"
    r"^\W*(?:(?:and|ok|okay|so)\W+)?(?:going\s+)?back\s+to\s+(?:(?:the|their)\s+(?P<which>[\w-]+)\s+"
    rf"(?:report|one|inspection)|(?P<year>{YEAR}))\s*[–—,:-]+\s*(?P<rest>\S.*)$",
    re.I,
)
# "going back to the first thing - …", "going back to the dentist thing, …", "ok back to warrington - …": the rest,
# asked of what it goes back to
_BACK_TO = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|right)\W+)?(?:going\s+)?back\s+to\s+(?:(?:the|that|those|these|your|my)\s+)?"
    r"(?P<what>[\w'’ -]{1,40}?)(?:\s+(?P<thing>thing|point|question|bit|topic|stuff|issue)"
    r"(?:\s+(?:in|from|at|of)\s+the\s+(?P<which>[\w-]+)\s+(?:one|report|inspection))?)?"  # "… in the recent one"
    r"(?:\s*[,:–—]|\s+-)[–—:-]*\s*(?P<rest>\S.*)$",  # not the hyphens of "stoke-on-trent"
    re.I,
)
_THEY_ASKED = re.compile(  # "how were they rated": the thing gone back to
    r"(?:(?<=\bwere )|(?<=\bare )|(?<=\bdid )|(?<=\bdo )|(?<=\bhave )|(?<=\bhad ))they\b", re.I
)
# "what about the ones who've moved far away?"; "were the first ones slow in 2019 too?" (the first health checks)
_ONES = re.compile(r"\b(?P<which>(?:the|those|these)(?: (?!ones\b)[a-z]+)?) ones\b", re.I)
_YEAR_TAIL = re.compile(rf"\s+(?:in\s+)?(?:the\s+)?(?P<year>{YEAR})(?:\s+(?:one|report|inspection))?", re.I)
_OWN_THING = re.compile(  # "middlesbrough's bosses", "bucks and the over 21s", "lancashire care leavers"
    r"(?:['’]s?|\s+and(?:\s+the|\s+its|\s+their)?)?\s+(?P<thing>[a-z0-9][\w -]{1,30})", re.I
)
# "Barnsley's 2023 children's services inspection": which inspection, no topic, where the question names another
_INSPECTED = re.compile(
    r"\bchildren['’]?s\s+(?:social\s+care\s+)?services?(?=\s+(?:ofsted\s+)?(?:inspection|report|visit)s?\b)", re.I
)
_ANYONE = frozenset(tokenize("kids kid children child"))  # no topic of their own
# A lead-in that says a new topic follows: "on a different note, …", "unrelated but …", "different thing - …"
_NEW_LEAD = re.compile(
    r"^\W*(?:(?:ok|okay|so|right|and)\W+)?(?:(?:on|in)\s+(?:a|an|another)\s+(?:different|separate|other|unrelated)"
    r"\s+(?:note|subject|topic|tack)|(?:a\s+)?(?:different|separate|unrelated|new|other)\s+(?:thing|question|topic"
    r"|subject|point|q)|unrelated|changing (?:the\s+)?subject)(?:\s*[,:;.!?–—]+\s*|\s+-+\s*|\s+but\s+)",
    re.I,
)
_AGAIN = re.compile(r"\s+(?:now|again|then|for a (?:sec|second|moment|minute))$", re.I)
_FIRST = re.compile(  # "the first thing", "what you said at the start": the first turn
    r"(?:what\s+(?:you|u)\s+said\s+(?:at\s+)?(?:the\s+)?)?(?:very\s+)?(?:first|original|start|beginning)", re.I
)
_WHY = re.compile(  # "Why?", "How come?", "Why so bad?"
    r"\s*(?:and\s+|but\s+|so\s+)?(?:why|why not|how come|why so(?: \w+)?)\s*\??\s*", re.I
)
# What a question that only moves to another council or year says besides them ("And in 2018?", "Same story in
# Southampton?"); anything more ("Anything still not sorted in Medway?") is a question of its own.
_RESCOPING = frozenset(
    "and so but what how about in at for of by since the its their then too also same story question q back again "
    "there inspection inspections report reports one visit".split()
)
_AS_WELL = frozenset(  # … and with another council named: "Is St Helens any quicker?", "Did Leeds do as well?"
    "is are was were did do does any better worse quicker faster slower different as good bad well compare compares "
    "these days now nowadays today currently have has got".split()
)
_LIKE_THAT = re.compile(  # what a question of another council says of the question before: "anything like that"
    r"\b(?:anything|something|owt|one)\s+(?:like\s+(?:that|this|it)|similar)\b|\bthe same\b(?!\s+\w)", re.I
)
_COMPARING = re.compile(r"\bcompar|\bthan\b|\bsince\b|\bchang|\bdifferen", re.I)
_ASKS_WHY = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(?:why|how come)\b", re.I)
_INSPECTION = re.compile(r"\binspection\b", re.I)
_VISIT = re.compile(r"\b(?:focused|monitoring)\s+visit\b", re.I)
# "Was Sandwell having the same trouble?" (not "same question for Bucks": the question, not the time)
_IN_STEP = re.compile(r"\b(?:same(?! (?:q|qn|question)\b)|too|as well|also|either)\b", re.I)
_ALSO = re.compile(  # a question that names its council and topic but compares with the turn before
    rf"{_IN_STEP.pattern}|\b(?:similar|as (?:good|bad|well|strong|poor)|any (?:better|worse|different))\b", re.I
)
_FIXED = re.compile(  # "Did that get fixed?", "Did they sort it out?": what the next inspection found
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)*(?:did|does|do|has|have|had|is|are|was|were)\b.*?"
    r"(?:\b(?:get|got|gets|been|was|were|is|are|being)\s+(?:fixed|sorted|resolved|put right|turned a?round)\b"
    r"|\b(?:get|got|gotten|gets)\s+(?:any\s+)?better\b"  # "has that got better?"
    r"|\b(?:improved|been better|any better)\s+since\W*$"  # "has it improved since?"
    r"|\b(?:fix|fixed|resolve|resolved)\s+(?:it|that|this|them|those|things)\b"
    r"|\b(?:sort|sorted)\s+(?:it|that|this|them|those|things)\s+out\b"
    r"|\b(?:put|turn|turned)\s+(?:it|that|this|them|those|things)\s+(?:right|a?round)\b)",
    re.I,
)
_TWO = re.compile(r"\bbetween (?:the|those|these) (?:two|2)(?: (?P<kind>inspections|reports|visits))?\b", re.I)
_RECOMMEND = re.compile(r"\brecommend", re.I)
_ANY = re.compile(r"\bany(?:thing)?\b", re.I)
_NOW = re.compile(
    r"\b(?:still|now|nowadays|today|currently|these days|at the moment|at present)\b|\bwhat(?:['’]s| is) left\b", re.I
)
_SPAN = re.compile(r"[^#?.!;:–—,()\s]+(?:\s+[^#?.!;:–—,()\s]+){0,9}")  # a topic's words and those between them
_AUXILIARY = re.compile(  # a topic is no clause: "care is run by …", "the director been in the job"
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|get|gets|got|can|could|will|would|should|may|might)\b",
    re.I,
)
_NEXT_DOOR = re.compile(  # "How about East Sussex next door?", "how does west berkshire next door handle it?"
    r",?\s+(?:next door|over the border|nearby)\b"
    r"(?=\s*[?.!,]|\s+(?:to|in|on|about|handle|handles|deal|deals|do|does|did|manage|manages|cope|copes|compare)\b)",
    re.I,
)
_ON_THAT = re.compile(r"\b(on|in) (?:that|this) (?:front|score|count|respect|regard)\b", re.I)
_THEN = re.compile(
    r"\b(?:at that (?:point|time|stage)|at the time|back then|by then|that year|around (?:then|that time))\b", re.I
)
_FROM = re.compile(r"\b(than|from|since|compared (?:with|to)|on|with)\s+(?:the\s+|its\s+|their\s+)?$", re.I)
_COMPARING_WORD = re.compile(  # "a step down from", "any better than", "moved on from": a change
    r"\b(?:better|worse|improv|chang|step|progress|differ|moved?|compar|drop|declin|slip|fell|fall|rose|up|down"
    r"|jump|leap|turn|sort|fix|resolv|address|tackl|still|again|since)",
    re.I,
)
_ASKING_CLAUSE = re.compile(
    r"[,.;]\s*((?:what|whats|what['’]s|how|who|which|when|did|was|were|is|are)\b[^,.;]*)$", re.I
)
_ASKING_AFTER = re.compile(r"\s((?:what|how|who|which|when|did|was|were|is|are)\b.*)$", re.I)
_OVERALL = re.compile(r"\boverall\b(?! effectiveness)", re.I)
_ONE = re.compile(r" (?P<noun>one|inspection|report|visit)\b")
_GRADES = r"outstanding|good|requir(?:es?|ing) improvement(?: to be good)?|inadequate"  # Ofsted's four, as said
_GRADE = re.compile(rf"\b(?:{_GRADES})\b", re.I)
_DEGREE = re.compile(r"\b(?:that|this|so|as|too|how)\s+$", re.I)  # "that good": as good as said, not the grade
_GRADE_CHECK = frozenset(  # what else a question that only asks whether a grade was given says
    "and but so is are was were isn't wasn't weren't aren't isn’t wasn’t weren’t aren’t did does has have had it they "
    "that its their services service children's children social care council still really also too again as well "
    "get got rated judged given stay stayed remain remained keep kept back in at by then the overall all".split()
)
# The report that gave a grade: "back when they were inadequate", "the outstanding one"
_WHEN_GRADED = re.compile(
    r"\b(?:(?:back\s+)?when\s+(?:they|it|the council|the service|services|[a-z]+)\s+(?:was|were|got|had been|went)"
    r"\s+(?:(?:only|just|still)\s+)?(?:(?:rated|judged|graded|found|put in)\s+)?(?=\w+(?:\W|$))"
    r"|the (?=\w+(?: \w+){0,3} (?:one|inspection|report)\b))"
    rf"(?P<grade>{_GRADES}|ri)\b"
    r"(?: (?:one|inspection|report)\b"
    r"|(?=\s*(?:[,.?!;:–—-]|$|(?:was|were|did|do|does|how|what|which|why|is|are|had)\b)))",
    re.I,
)
# "they were inadequate a few years back", "weren't they inadequate at one point?": the report that gave it, said
# after the grade
_GRADED_ONCE = re.compile(
    r"\b(?:(?:they|it|the council|the service|services)\s+(?:was|were|got|had been|used to be)"
    r"|(?:weren['’]?t|wasn['’]?t|didn['’]?t)\s+(?:they|it|the council|the service|services)"
    r"(?:\s+(?:get|use to be))?)\s+"
    rf"(?:(?:rated|judged|graded)\s+)?(?P<grade>{_GRADES}|ri)\s+"
    r"(?:a (?:few|couple of) years (?:back|ago)|years ago|at one (?:point|stage)|once|before|previously|in the past)\b",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?P<which>earlier|previous|prior|last|first|earliest|latest|most recent|recent|newest|new|next|later"
    rf"|newer|older|oldest)\s+{REPORT_WORDS}(?:inspection|report|visit|one)\b"
    r"|\b(?P<time>next|last|previous) time\b"  # "What did they get next time?"
    r"|\bthe (?:time|one|inspection|report|visit) before(?: that| it| then)?\b"  # the previous inspection
    r"|\b(?:a few|a couple of|a couple|some|several|two|three|few) years (?:ago|back|before)\b"  # "… a few years ago?"
    r"|(?:(?<=\bbad )|(?<=\bgood )|(?<=\bworse )|(?<=\bbetter )|(?<=\bpoor )|(?<=\bsame ))before (?:that|then)(?=\W*$)"
    # "what were they before?", not "had Ofsted flagged it before?" (which the report asked about may say)
    r"|(?:(?<=\bwere they )|(?<=\bwas it )|(?<=\bwere things )|(?<=\bwere the grades ))before(?=\W*$)",
    re.I,
)


@dataclass(frozen=True)
class Reading:
    """How one turn of a conversation was read.

    Attributes:
        question: The question as the user asked it.
        standalone: The question searched: `question` with what it refers back to written in.
        councils: The councils it is about, as written in `standalone`.
        years: The years it is about, as written in `standalone`.
        topic: What it asks about, in the user's words ("care leavers' health histories"); may be empty.
        carried: What came from earlier turns: any of ``"topic"``, ``"council"``, ``"year"``, or ``"question"``
            (the question before, asked again of another council or year, or with words added: "And at night?").
        answered: The items of the report's list that answered it, when it asked for the list ("The response to
            children … where neglect is a feature."): one item is the topic of "what's going wrong for those
            kids?" after it; the item that has the words of "what was wrong with the letters?" is written beside
            them.

    """

    question: str
    standalone: str
    councils: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    topic: str = ""
    carried: tuple[str, ...] = ()
    answered: tuple[str, ...] = ()

    @property
    def follow_up(self) -> bool:
        """Whether the question was read with the turns before it."""
        return bool(self.carried)

    def as_dict(self) -> dict:
        """The JSON form: what ``rag chat --json`` prints as ``"interpreted"`` and beside it."""
        return {
            "question": self.standalone,
            "follow_up": self.follow_up,
            "carried": list(self.carried),
            "councils": list(self.councils),
            "years": list(self.years),
            "topic": self.topic,
        }


def interpret(question: str, history: Sequence[Reading] = (), documents: Collection[Document] = ()) -> Reading:
    """Read `question` as the next turn after `history` (oldest first).

    Args:
        question: The question as asked.
        history: The readings of the conversation's earlier turns; empty for a first question.
        documents: The indexed documents: "the earlier inspection" becomes the year of the council's report
            before the one being discussed.

    Example:
        >>> first = interpret("What did Ofsted say about care leavers' health histories in Knowsley?")
        >>> interpret("What did they recommend about it?", [first]).standalone
        "What did they recommend about care leavers' health histories in Knowsley?"
        >>> interpret("And in 2016?", [first]).standalone
        "What did Ofsted say about care leavers' health histories in Knowsley in 2016?"

    """
    typed = asked = " ".join(question.split())
    took: tuple[str, ...] = ()  # what going back to an earlier turn took from it
    if history and (new := _NEW_LEAD.match(asked)) and asked[new.end() :].strip():
        asked = asked[new.end() :]  # "on a different note, what about …?": of the council, on no topic before
        before = history[-1]
        newest = [year for c in before.councils if (year := _relative_year("latest", c, (), documents))]
        years = before.years if _THEN.search(asked) else tuple(newest)  # its latest report, unless "back then"
        history = [*history[:-1], replace(before, topic="", years=years)]
    while (aside := _ASIDE.match(asked)) and _drops(aside.group(), asked[aside.end() :]):
        asked = asked[aside.end() :]  # "nice. anything they need to do better?", "Different angle – do …?"
    asked = _EXCLAIM.sub("", asked)  # "odd, wasnt that fine …?"
    asked = _ABOUT_ME_AFTER.sub("", asked) or asked  # "how about hillingdon, thats the other offer I've got"
    if (remark := _REMARK_ASKED.match(asked)) and ASKING.match(asked[remark.end() :]):
        asked = asked[remark.end() :]  # "so that's a drop? what were they before"
    asked = _claim_checked(asked) or asked  # "i keep hearing X - does the report back that up": is X true?
    # "on that front" is "on that"; "How about East Sussex next door?" says no more than "East Sussex"
    read = _NEXT_DOOR.sub("", _ON_THAT.sub(r"\1 that", asked))
    lead = _PLACE_LEAD.match(read)  # "same for reading? how are they getting on with the police": of Reading
    if (
        lead
        and ASKING.match(lead["rest"])
        and not _bare(read)  # not "what about sutton, any better?": the question before, of Sutton
        and (places := _only_councils(read[: lead.end("place")], lead.start("place")))
    ):
        read = _before_mark(lead["rest"], f" in {' and '.join(places)}")
    back = _BACK_TO_REPORT.match(read)
    if back and (_YEAR.fullmatch(which := back["which"] or back["year"]) or _LATEST.fullmatch(which)):
        read = _before_mark(back["rest"], f" in {which}" if _YEAR.fullmatch(which) else " at the latest inspection")
    elif history and (back_to := _back_to(read, history, documents)):
        read, took = back_to
    elif (back := _BACK_UNNAMED.match(read)) and not council_mentions(read) and history:
        # "Back to the island – …": the council talked about before the one now
        now = history[-1].councils
        if earlier := next((turn.councils for turn in reversed(history) if turn.councils not in ((), now)), None):
            read = f"Back to {' and '.join(earlier)} – {back['rest']}"
    reading = _interpret(read, history, documents)
    if (
        history
        and history[-1].answered
        and not history[-1].topic
        and reading.topic
        and reading.years == history[-1].years
    ):
        reading = _with_item(reading, history[-1].answered)  # "what was wrong with the letters?": that item
    reading = replace(reading, carried=tuple(dict.fromkeys((*reading.carried, *took))))
    if len(reading.councils) == 1 and not reading.years and asks_latest(reading.standalone):
        # "at its latest inspection": that report's year, for the turns after it
        if latest := _relative_year("latest", reading.councils[0], (), documents):
            reading = replace(reading, years=(latest,))
    return replace(reading, question=typed)  # as typed, remark and all


def _with_item(reading: Reading, items: Sequence[str]) -> Reading:
    """`reading` with the one item of `items` that has every word of its topic written beside the topic.

    Only of the same report: "was neglect already a worry back in 2018?" asks of another report than the list's.
    """
    words = set(tokenize(reading.topic))
    about = [item for item in items if words and words <= set(tokenize(item))]
    said = re.search(rf"\b{re.escape(reading.topic)}\b", reading.standalone, re.I)
    if len(about) != 1 or said is None or about[0].lower() in reading.standalone.lower():
        return reading
    parts = [part for part in _ITEM_PARTS.split(about[0]) if words <= set(tokenize(part))]  # "…, and the letter …"
    item = parts[0].strip() if len(parts) == 1 else about[0]
    item = item[0].lower() + item[1:]
    return replace(reading, standalone=f"{reading.standalone[: said.end()]} ({item}){reading.standalone[said.end() :]}")


_ITEM_PARTS = re.compile(r",?\s+and\s+(?=the\b)|;\s+|,\s+(?=the\b)", re.I)  # the parts of a listed item


def _back_to(
    question: str, history: Sequence[Reading], documents: Collection[Document] = ()
) -> tuple[str, tuple[str, ...]] | None:
    """What a turn that goes back to a council or an earlier topic asks, and what it took; None if it does neither.

    What it took from the turn gone back to: any of ``"topic"``, ``"council"``, ``"year"``.

    "ok back to warrington - anything flagged about …?" asks about Warrington; "going back to the mash thing - if a
    kid is in real danger, is it quick at least?" asks whether the MASH is quick, of the council and year it was
    asked about; "going back to the first thing - …" asks of the first turn's council and year; "going back to that
    2019 inadequate rating you mentioned - what was so wrong then?" asks the 2019 report of the council talked about
    that has one.
    """
    back = _BACK_TO.match(question)
    if back is None:
        return None
    what, rest = _AGAIN.sub("", back["what"].strip()), back["rest"]  # "back to croydon now - …": Croydon
    mentions = council_mentions(what)
    topic, named, which, own_thing = "", [name for name, _, _ in mentions], back["which"] or "", False
    if named and not back["thing"]:  # the last turn about that council
        after = what[mentions[0][2] :] if len(mentions) == 1 else "?"
        own = _OWN_THING.fullmatch(after)  # "going back to middlesbrough's bosses, was it …": the bosses
        year = _YEAR_TAIL.fullmatch(after)
        council_only = _COUNCIL_TAIL.fullmatch(after) or year
        if after.strip() and not council_only and not (own and not _WHICH_REPORT.search(after)):
            return None  # "going back to tower hamlets' latest one - …": a report, not a council
        own_thing = bool(own and not council_only)
        topic = f"the {own['thing']}" if own and own_thing else ""
        about = [t for t in reversed(history) if set(find_councils(" ".join(t.councils))) & set(named)]
        turn = next(iter(about), None)
        if year:  # "going back to haringey in 2023, did they say why it was missing?": what was asked of it then
            which = year["year"]
            turn = next((t for t in about if which in t.years), turn)
            topic = turn.topic if turn and which in turn.years and not _grade_check(rest) else ""
        council = what[: mentions[0][2]] if topic or year else what
        turn = replace(turn or Reading(council, council), councils=(council,))
    elif (year := _YEAR.search(what)) and not back["thing"]:
        which = year.group()
        reported = (t for t in reversed(history) if any(int(which) in _report_years(c, documents) for c in t.councils))
        turn = next(reported, history[-1])
    elif _FIRST.fullmatch(what):
        turn, topic = history[0], history[0].topic
    elif not back["thing"] and not _earlier_turn(what, history):
        return None  # "going back to those hubs — …": a topic asked about before, said without "thing"
    else:
        turn, topic = _earlier_turn(what, history) or history[-1], f"the {what}"
    took = []
    they = own_thing and _THEY_ASKED.search(rest)  # "back to lancashire care leavers - how were they rated …?"
    if topic and (
        it := _PRONOUN.search(rest) or _ANY_POINTER.search(rest) or _ONES.search(rest) or they or _THEM.search(rest)
    ):
        if it.re is _ONES and " " in it["which"]:  # "the first ones": the first health checks
            topic = f"{it['which']} {topic.removeprefix('the ')}"
        rest = f"{rest[: it.start()]}{topic}{rest[it.end() :]}"  # "is it quick at least?": is the mash quick
        took.append("topic")
    elif topic == f"the {what}" and (there := _THERE.search(rest)):  # "… jobs or college there?" of "those hubs"
        rest = f"{rest[: there.start()]}at {topic}{rest[there.end() :]}"  # at the hubs
        took.append("topic")
    scope = "" if council_mentions(rest) else " and ".join(turn.councils)
    took += ["council"] if scope and not named else []
    # "going back to the police triage thing in the recent one - …": that report
    if _YEAR.fullmatch(which) or _LATEST.fullmatch(which):
        rest = _before_mark(rest, f" in {which}" if _YEAR.fullmatch(which) else " at the latest inspection")
    elif turn.years and not (_YEAR.search(rest) or asks_latest(rest)):
        scope = f"{scope} in {turn.years[-1]}" if scope else turn.years[-1]
        took.append("year")
    head, mark, tail = rest.partition("?")  # "anything on their system? the social workers hate it": the first
    return (f"{_before_mark(head + mark, f' in {scope}')}{tail}" if scope else rest), tuple(took)


_THEM = re.compile(r"(?<=\bof )them\b", re.I)  # "were any of them put off …?": of the people gone back to
_WITH = re.compile(r"\b(?:with|alongside)\s+(?:the\s+)?$", re.I)
_THEY = re.compile(r"\b(?:they|their|them)\b", re.I)


def _only_councils(text: str, start: int) -> list[str]:
    """The councils `text` names from `start` on ("reading?" of "same for reading?"); none if it names more."""
    kept, mentions = list(text), council_mentions(text)
    for _, begin, end in mentions:
        kept[begin:end] = " " * (end - begin)
    rest = re.sub(r"\band\b", "", "".join(kept[start:]), flags=re.I)
    return [] if _WORD.search(rest) else [name for name, begin, _ in mentions if begin >= start]


def _partners(question: str) -> set[str]:
    """The councils `question` names as working with "they" (the council before), not as its subject."""
    return {
        name
        for name, start, _ in council_mentions(question)
        if _WITH.search(question[max(0, start - 12) : start]) and _THEY.search(question[:start])
    }


def _earlier_turn(what: str, history: Sequence[Reading]) -> Reading | None:
    """The latest turn whose question has words of `what` ("those hubs"; "dentist": "dental" too), if any."""
    words = {token for *_, tokens in key_words(what) for token in tokens}
    return next((turn for turn in reversed(history) if words & set(tokenize(turn.question))), None)


_AGO = re.compile(r"\s*\b(?:(?:a few|a couple of|some|many|several|two|three)\s+)?years\s+(?:ago|back)\b", re.I)
_ASKS_ALSO = re.compile(r"\b(?:what|how|why|where|when|who)\W*$", re.I)  # the end of a claim that asks itself


def _claim_checked(question: str) -> str | None:
    """The claim `question` asks to have checked, as a question; None when it asks no such thing.

    "i keep hearing care leavers there cant get housing - does the report back that up": "Did Ofsted find care
    leavers there cant get housing?"; "it sounded more positive in 2022 didnt it?": "Did Ofsted find it sounded more
    positive in 2022?", where "it" is the topic before, as in any follow-up.
    """
    if (check := _CHECK.match(question) or _TAG.match(question)) and _ASKS_ALSO.search(check["claim"]):
        return None  # "is haringey's front door any good these days, what did ofsted say": it asks what was said
    if check:
        claim = _said(check["claim"])
        claim += check.groupdict().get("when") or ""  # "kent had the same issue didnt they, in 2022"
        if year := check.groupdict().get("year"):  # "a big backlog story years ago – was that the 2016 one?": then
            claim = f"{_AGO.sub('', claim).strip()} in {year}"
    elif said := _SAID_ON.match(question):  # "i heard kids are ending up in unregistered places, does it say …"
        about = _LEAD.sub("", _said(said["claim"])).strip(" ,.;:–—-")
        return f"What did Ofsted say about {about}?" if read_alone(about).topic else None
    elif thought := _THOUGHT.match(question):
        claim = thought["claim"]
    elif (tagged := _TAG_ASKS.match(question)) and not read_alone(tagged["rest"]).topic:
        # "children in care were the weak bit in 2023 weren't they - what was wrong?": the question, of the claim's
        told = read_alone(tagged["claim"])
        about = f" with {told.topic}" if told.topic else ""
        where = "".join(f" in {' and '.join(named)}" for named in (told.councils, told.years) if named)
        return f"{tagged['rest'].rstrip(' ?')}{about}{where}?" if about or where else None
    else:
        return None
    claim = claim.strip(" ,.;:–—-")
    points = _ANY_POINTER.search(claim) or _SAME_THING.search(claim)
    return f"Did Ofsted find {claim}?" if claim and (read_alone(claim).topic or points) else None


def _said(claim: str) -> str:
    """What `claim` says: its last sentence (not "interesting." before it), less how the user came by it."""
    parts, _ = clauses(claim)
    return _HEARD.sub("", parts[-1].group() if parts else "")


def _about_user(clause: str) -> bool:
    """Whether `clause` speaks of the user: "My sister fosters there.", "starting my placement with Sutton"."""
    return bool(_FIRST_PERSON.match(clause) or _MINE.search(clause))


def _drops(aside: str, rest: str) -> bool:
    """Whether a few words before a question (`aside`, then `rest`) only remark on the answer before.

    "ok.", "nice.", "Big turnaround.", "that explains a lot.", "Different angle –"; not "Care leavers." before "What
    did they say?", nor "S Glos –".
    """
    if _BACK.match(aside) or _BACK_UNNAMED.match(aside):
        return False  # "Back to the island –": the council before; "back to the new one –": the latest report
    if _NEW_TOPIC.search(aside) and not council_mentions(aside) and ASKING.match(rest) and read_alone(rest).topic:
        return True  # "ok different topic - how are kids in care getting on at school there now?"
    if council_mentions(aside) or _YEAR.search(aside) or _NEW_TOPIC.search(aside) or asks_latest(aside):
        return False  # "Different thing –": a question of its own follows
    if _REMARK.match(aside):  # "that explains a lot.", "fair enough i suppose."
        return True
    if len(_WORD.findall(aside)) > 3:  # "going back to exploitation –": the topic
        return False
    return not key_words(aside) or bool(ASKING.match(rest) and read_alone(rest).topic)


def _interpret(question: str, history: Sequence[Reading], documents: Collection[Document]) -> Reading:
    """`interpret`, of the question with its idioms read."""
    own = read_alone(question)
    if not history:
        return own
    before = history[-1]
    # "what's going wrong for those kids?", "what was the actual problem?" after the list's one item (not "just the
    # one thing? what was on the list in 2023": the list again)
    # "… of children's services?" is of no one part: "those kids" after its list's one item are the item's
    no_part = not before.topic or bool(_THOSE.search(question) and _WHOLE_SERVICE.fullmatch(before.topic))
    if len(before.answered) == 1 and no_part and (not own.topic or _THOSE.search(question)):
        if answer_type(question) != "improve":
            before = replace(before, topic=before.answered[0][0].lower() + before.answered[0][1:])
    if before.councils and (partners := _partners(question)):  # "weren't they sharing services with kensington …?"
        own = replace(own, councils=tuple(c for c in own.councils if not set(find_councils(c)) & partners))
    councils, years, topic = own.councils, own.years, own.topic
    across = bool(_ACROSS.search(question))
    asks = answer_type(_LEAD.sub("", question)) or asked_fact(question)  # "And what was the verdict in 2018?"
    if asks is None and (clause := _asking_clause(question)):  # "And the one before, what did they get?"
        asks = answer_type(clause[1]) or asked_fact(clause[1])
    whole = _asked_whole(question, own, history, documents)
    if whole is not None:
        return whole
    carried: list[str] = []
    asking = _without_remarks(question)  # "are they recruiting?", not "we're really stretched" after it
    text = _LEAD.sub("", asking) or asking
    text = text[0].upper() + text[1:]
    scope = councils or before.councils  # whose reports "the earlier inspection", "now" are
    years_named = bool(years)
    years, text, said = _years_said(text, years, scope, history, documents)
    if said != text and not years_named:  # "And in the newest report?": those words name the inspection, no topic
        topic = read_alone(said).topic
    if grade := _grade_check(said):  # "Still outstanding in the newest report?", "Did Newcastle get outstanding too?"
        councils = councils or before.councils
        years = years or _same_years(councils, history, documents)[-1:]
        when = f" in {years[0]}" if years else ""
        standalone = f"Was {' and '.join(councils)} {grade}{when}?" if councils else question
        from_before = (() if own.councils else ("council",)) + (("year",) if years and not years_named else ())
        return Reading(question, standalone, councils, years, "", from_before)  # the service's grade: no topic
    if topic and not (councils or years or asks) and _PHRASE.match(text):
        searched = _before_mark(_asking_part(before.standalone), f" {text[0].lower()}{text[1:].rstrip(' ?.!')}")
        return Reading(question, searched, before.councils, before.years, f"{before.topic} {topic}", ("question",))
    like_that = _LIKE_THAT.sub(" ", said)  # "Does Hartlepool have anything like that?": the question before
    bare = not _ANY_POINTER.search(like_that) and _bare(like_that)
    if bare and not asks and (councils or years) and (not topic or like_that != said):
        return _rescoped(question, history, councils, years, documents)  # "And in 2018?", "What about Coventry?"
    if not ASKING.match(text) and (clause := _asking_clause(text)):
        # "And the one before, what did they get overall?": the clause that asks, of the years the other named
        text = clause[1][0].upper() + clause[1][1:]
        topic = read_alone(text).topic
        if councils and not council_mentions(text):
            text = _before_mark(text, f" in {' and '.join(councils)}")
        if years and not any(year in text for year in years):
            text = _before_mark(text, f" in {' and '.join(years)}")
    overall = bool(_OVERALL.search(question))  # "and overall is this an improvement on 2019?": the inspection
    if topic and before.topic and set(tokenize(topic)) <= _ANYONE:  # "do they say how many kids exactly?"
        topic = ""  # of the topic before: the kids of it
    text, topic, took = _with_topic(text, topic, before, asks, bool(councils or years), overall)
    carried += ["topic"] if took else []
    if not ASKING.match(text) and not _IF_ASKS.match(text):  # "And their caseloads?"
        named = text[1:2].isupper() or any(start == 0 for _, start, _ in council_mentions(text))  # "Derbyshire …"
        text = f"What did Ofsted say about {text[0] if named else text[0].lower()}{text[1:]}"
    if not councils and before.councils and not across:
        carried.append("council")
        councils = before.councils
        name = " and ".join(councils)
        text = _THEIR.sub(f"{name}’s", text, count=1)
        text = _THERE.sub(f"in {name}", text, count=1) if _THERE.search(text) else text
        if not any(n.lower() in text.lower() for n in councils):
            text = _before_mark(text, f" in {name}")
    if years and not any(year in text for year in years):  # "What's left to improve?": the latest report's list
        text = _before_mark(text, f" in {' and '.join(years)}")
    elif not years and (years := _same_years(councils, history, documents, _in_step(question))):
        if len(years) > 1 and not _COMPARING.search(question):  # after "2023 … compared with 2019", the latest
            years = (max(years),)
        carried.append("year")
        text = _before_mark(text, f" in {' and '.join(years)}")
    if not carried:
        return own
    return Reading(question, text, councils, years, topic, tuple(carried))


def _years_said(
    text: str, years: tuple[str, ...], scope: Sequence[str], history: Sequence[Reading], documents: Collection[Document]
) -> tuple[tuple[str, ...], str, str]:
    """The years a follow-up means, `text` with them written in, and `text` less the words that said them.

    When it names none: "the earlier inspection", "the time before that", "between the two", "now"; when it names
    the year compared with ("any better than the 2019 report?"), both reports. The words that said them point back
    to no topic.
    """
    before, said = history[-1], text
    if scope and not years:
        if (relative := _RELATIVE.search(text)) and not _GRADED_ONCE.search(text):  # "inadequate a few years back"
            current = before.years if _same(scope, before.councils) else ()  # "And Croydon's last one?": its latest
            which = (relative["which"] or relative["time"] or "previous").lower()
            compares = _FROM.search(text[: relative.start()])
            if compares and compares[1].lower() == "from" and not _COMPARING_WORD.search(text):
                compares = None  # "What were the two things from last time?": that report's, not a change
            if compares and current:
                # "Is that a step down from the inspection before?": the later report says what changed since
                said = f"{text[: relative.start()]}{text[relative.end() :]}"
            elif year := _relative_year(which, scope[0], current, documents):
                years = (year,)
                said = f"{text[: relative.start()]}{text[relative.end() :]}"
                said_as = relative.group() if relative.group().lower() != "before" else "at the previous inspection"
                text = f"{text[: relative.start()]}{said_as} ({year}){text[relative.end() :]}"  # not "before (2019)"
        elif (graded := _WHEN_GRADED.search(text) or _GRADED_ONCE.search(text)) and (
            year := _graded_year(graded, scope[0], documents)
        ):
            # "and back when they were inadequate, was staff turnover bad": the report that judged them so
            years = (year,)
            said = f"{text[: graded.start()]}{text[graded.end() :]}"
            text = f"{text[: graded.end()]} ({year}){text[graded.end() :]}"
        elif two := _TWO.search(text):  # "between the two inspections": the two years talked about
            asked = [turn.years for turn in history if _same(turn.councils, scope)]
            if len(talked := sorted({year for turn_years in asked for year in turn_years})[-2:]) == 2:
                years = tuple(talked)
                kind = two["kind"] or "inspections"
                text = f"{text[: two.start()]}between the {talked[0]} and {talked[1]} {kind}{text[two.end() :]}"
        elif (
            _FIXED.search(text)
            and _same(scope, before.councils)
            and (later := _relative_year("next", scope[0], before.years, documents))
        ):  # "Did that get fixed?" of the 2019 report: what the report after it says of that
            years, said = (later,), "Was it fixed?"
            text = f"What did Ofsted say about it by {later}?" if not read_alone(text).topic else f"{text} ({later})"
        elif (
            _NOW.search(text)
            and not _THEN.search(text)
            and (latest := _relative_year("latest", scope[0], (), documents))
        ):  # "now?", but not "still … at that point"
            years, text = (latest,), _before_mark(text, f" in {latest}")
    if (compared := COMPARED_YEAR.search(text)) and years == (compared[1],) and _same(scope, before.councils):
        years = tuple(sorted({*before.years, *years}))  # "Is that any better than the 2019 report?": both reports
    return years, text, said


def _asked_whole(
    question: str, own: Reading, history: Sequence[Reading], documents: Collection[Document]
) -> Reading | None:
    """`question` read as a whole, if it is one: a full new question, "Back to Hackney – …", "Why not?"."""
    councils, topic, before = own.councils, own.topic, history[-1]
    points_back = bool(_POINTER.search(question) or _THERE.search(question) or _THEIR.search(question))
    alone = not points_back and not _ALSO.search(question)  # "Was Sandwell having the same staffing trouble?"
    whole_list = answer_type(question) == "improve"  # "What's holding Reading back?": the report's whole list
    if councils and (topic or whole_list) and alone and not _LEAD.match(question) and not _WHAT_ABOUT.match(question):
        if _BACK.match(question) and not own.years and (years := _same_years(councils, history, documents)):
            standalone = _before_mark(question, f" in {' and '.join(years)}")  # "Back to Hackney – how are …?"
            return Reading(question, standalone, councils, years, topic, ("year",))
        if (
            _same(councils, before.councils)
            and before.years
            and not own.years
            and not _COMPARING.search(question)
            and not asks_latest(question)
        ):  # "how many children from other councils live in kent?" after Kent's latest report: that report
            standalone = _before_mark(_asking_part(question), f" in {' and '.join(before.years)}")
            return Reading(question, standalone, councils, before.years, topic, ("year",))
        return own  # a full new question
    if _WHY.fullmatch(question):  # "Why?", "Why not?": the question before, asked why
        standalone = f"{question.strip()} {_asking_part(before.standalone)}"
        return Reading(question, standalone, before.councils, before.years, before.topic, ("question",))
    return None


def _with_topic(
    text: str, topic: str, before: Reading, asks: str | tuple[str, str] | None, rescoped: bool, overall: bool = False
) -> tuple[str, str, bool]:
    """`text` and its topic with the turn before's topic written in where it refers back; whether it was.

    With no topic of its own, "that" or "it" stands for the topic before ("Was that sorted by 2023?"), or for the
    inspection when the question is about the inspection ("Who led it?"); else the topic is added ("… about care
    leavers"), unless the question asks for the report's whole list in everyday words ("What did they tell them to
    work on?", "Anything not working?") or any of its strengths ("was there anything they're doing well?"), as users
    who ask so mean; "What did they recommend?" is about the topic.
    With a topic of its own, "it" still points back ("How much did it cost them?" after the cyber-attack: the topic
    stays the cyber-attack), unless the question names its own council or year (`rescoped`). "That one", "that
    inspection" and, in a question that says `overall`, "this" are the inspection; a question for the grades leaves
    no topic for the turns after ("What did they get overall?", then "So what went wrong?").
    """
    if not topic and before.topic and (same := _SAME_THING.search(text)):  # "the same issue with homeless 16 …"
        return f"{text[: same.end()]} with {before.topic}{text[same.end() :]}", before.topic, True
    if not topic and before.topic:
        pointer = _ANY_POINTER.search(text)
        if pointer and (one := _ONE.match(text, pointer.end())):  # "that one", "that inspection": the inspection
            noun = "inspection" if one["noun"] == "one" else one["noun"]
            return f"{text[: pointer.start()]}the {noun}{text[one.end() :]}", before.topic, False
        if pointer and overall:  # "overall, is this an improvement?": the inspection, of no one topic
            return f"{text[: pointer.start()]}the inspection{text[pointer.end() :]}", "", False
        people = _THOSE.match(text, pointer.start()) if pointer else None
        if people and not _is_meta(asks):  # "those kids": the people of the topic before, named beside them
            text = f"{text[: people.end()]} ({before.topic}){text[people.end() :]}"
        elif pointer and (not _is_meta(asks) or (asks == "grade" and judgement_area(before.topic) != "overall")):
            # "What grade was that?" after children in care: that area's grade
            text = f"{text[: pointer.start()]}{before.topic}{text[pointer.end() :]}"
        elif pointer:
            text = f"{text[: pointer.start()]}the inspection{text[pointer.end() :]}"
        elif not _is_meta(asks) and not _whole_list(text, asks) and not _any_strengths(text):
            text = _before_mark(text, f" about {before.topic}")
        elif _grades(asks):  # "What did they get overall?": the whole service's, and so for the turns after
            return text, "", False
        else:  # "Which councils were judged inadequate in 2023?", "What did they tell them to work on?" (the
            return text, before.topic, False  # report's whole list): the topic is kept for later turns, not asked
        return text, before.topic, True
    if (
        topic
        and before.topic
        and not rescoped
        and not _is_meta(asks)
        and (it := _PRONOUN.search(text) if " " not in topic else _OBJECT_IT.search(text) or _IT_FOR.search(text))
        and not _named_before(text, it.start())  # "someone mentioned a 'house project'? what did they say about
    ):  # it": the topic just named
        return f"{text[: it.start()]}{before.topic}{text[it.end() :]}", before.topic, True  # "it" is the topic
    if topic and before.topic and not rescoped and not _is_meta(asks) and _PEOPLE.search(before.topic):
        # "do the kids even know there's help?" after young carers: those kids; "are their social workers seeing
        # them enough?" after the children living in unregistered homes: those children
        if the := _THE_PEOPLE.search(text) or _DONE_TO_THEM.search(text):
            return f"{text[: the.end()]} ({before.topic}){text[the.end() :]}", before.topic, True
    if topic and (the := _THE_HEAD.search(text)) and _head_of(before.topic, the["noun"]) and topic == the["noun"]:
        # "was the team any better in 2018?" after the children with disabilities team: that team
        return f"{text[: the.start('noun')]}{before.topic}{text[the.end('noun') :]}", before.topic, True
    if topic and _WHAT_ABOUT.match(text):
        text = _WHAT_ABOUT.sub("What did Ofsted say about", text, count=1)
    return text, topic, False


def _without_remarks(question: str) -> str:
    """`question` less a remark after it that asks nothing and names no topic, or speaks of the user.

    "are they managing to get more foster carers in? we're really stretched": the question before the remark. A
    sentence before that speaks of the user goes too ("my lad turns 18 next year. what's it like for care leavers
    there now"), unless the question points back to it.
    """
    if (heard := _HEARD_AFTER.search(question)) and read_alone(question[: heard.start()]).topic:
        question = question[: heard.start()]
    parts, asking = clauses(question)
    while len(parts) > 1 and parts[0] not in asking and parts[1] in asking and _about_user(parts[0].group()):
        rest = question[parts[1].start() :]  # "my lad turns 18 next year. what's it like for care leavers there"
        if council_mentions(parts[0].group()) or _YEAR.search(parts[0].group()) or _POINTER.search(rest):
            break
        if not read_alone(rest).topic:
            break
        parts = parts[1:]
    while len(parts) > 1 and parts[-1] not in asking and parts[-2] in asking:
        remark = parts[-1].group()
        if council_mentions(remark) or _YEAR.search(remark) or _WHICH_REPORT.search(remark):
            break  # "… any better since? latest inspection", "there's a newer one i think": the report asked about
        if asks_latest(remark) and not _about_user(remark):  # not "ive heard its still a struggle"
            break
        if key_words(remark) and not _about_user(remark):
            break
        parts = parts[:-1]
    return question[parts[0].start() : parts[-1].end()].strip() if parts else question


def _named_before(text: str, at: int) -> bool:
    """Whether a clause of `text` before the one at `at` names a topic: "someone mentioned X? what about it"."""
    parts, _ = clauses(text[:at])
    return len(parts) > 1 and bool(read_alone(" ".join(m.group() for m in parts[:-1])).topic)


def _head_of(topic: str, noun: str) -> bool:
    """Whether `noun` is the last word of `topic`, a topic of several words ("children with disabilities team")."""
    words = topic.lower().split()
    return len(words) > 1 and words[-1].rstrip("s") == noun.lower().rstrip("s")


def read_alone(question: str, asked: str | None = None) -> Reading:
    """`question` read alone, as a first question or as the user rewrote a turn: its councils, years and topic.

    Args:
        question: The question searched.
        asked: The question as asked, when the user edited what was searched; else `question`.

    """
    mentions = council_mentions(question)
    councils = tuple(dict.fromkeys(question[start:end] for _, start, end in mentions))
    years = tuple(dict.fromkeys(_YEAR.findall(question)))
    blanked = question
    for _, start, end in mentions:
        end += len(m.group()) if (m := _COUNCIL_TAIL.match(question[end:])) else 0  # "Wakefield's", "Bedford Borough"
        blanked = blanked[:start] + "#" * (end - start) + blanked[end:]
    # "these days", "already in place"
    for start, end in [
        *_scene_setting(question),
        *(m.span() for m in (*_NOW.finditer(question), *NO_TOPIC.finditer(question))),
    ]:
        blanked = blanked[:start] + "#" * (end - start) + blanked[end:]
    quoted = [m.span("words") for m in _QUOTED.finditer(blanked)]  # "the 'always here' thing": a name, whole
    for start, end in quoted:  # its quotation marks no part of the topic
        blanked = f"{blanked[: start - 1]} {blanked[start:end]} {blanked[end + 1 :]}"
    # the reports' own terms, whole: "life story" (not "story" of "what's the story"), "lead member"
    terms = [  # not "led the inspection", all of whose words are of every question
        (start, end)
        for start, end, _ in other_forms(blanked)
        if blanked[start:end].lower() in report_terms()
        and set(tokenize(blanked[start:end])) - _TOPIC_FRAME - CHAT_WORDS
    ]
    words = _topic_words(blanked, quoted, terms)
    inspected = _INSPECTED.sub(lambda m: "#" * len(m.group()), blanked)
    if inspected != blanked and (fewer := _topic_words(inspected, quoted, terms)):
        blanked, words = inspected, fewer  # "… fostering in Barnsley's 2023 children's services inspection"
    runs: list[str] = []
    for previous, word in zip([None, *words], words, strict=False):
        if previous is not None and _JOINS.fullmatch(blanked[previous.end() : word.start()]):
            runs[-1] = f"{runs[-1]}{blanked[previous.end() : word.start()]}{word.group()}"
        else:
            runs.append(word.group())
    topic = " ".join(runs)
    span = blanked[words[0].start() : words[-1].end()] if words else ""
    if _SPAN.fullmatch(span) and not _AUXILIARY.search(span):
        topic = " ".join(span.split())  # "agencies turning up to the meetings", not "agencies meetings"
    parts, asking = clauses(question)
    asks = " ".join(m.group() for m in asking)
    if asking and len(asking) < len(parts) and (own := read_alone(asks).topic):
        topic = own  # "DSL at a primary in West Berks. Did Ofsted say anything about early help?": what it asks
        if _THOSE.search(asks) and (told := read_alone(" ".join(m.group() for m in parts if m not in asking)).topic):
            topic = told  # "they get a lot of unaccompanied asylum seeking children. what … those kids": those
    searched = question if asked else _asking_part(question)  # not "Councillor here."
    return Reading(asked or question, searched, councils, years, topic)


def _topic_words(
    blanked: str, quoted: list[tuple[int, int]], terms: Sequence[tuple[int, int]] = ()
) -> list[re.Match[str]]:
    """The words of `blanked` (a question, its councils and words of time blanked) that may name its topic.

    Every word `quoted`, and every word with a token of one of the reports' own `terms`.
    """
    return [
        m
        for m in _WORD.finditer(blanked)
        if any(start <= m.start() < end for start, end in quoted)
        or (any(start <= m.start() < end for start, end in terms) and bool(tokenize(m.group())))
        or (
            not _YEAR.fullmatch(m.group())
            and (tokens := tokenize(m.group()))
            and not set(tokens) <= _TOPIC_FRAME | CHAT_WORDS
            and not re.search(r"n['’]t$|^(?:they|we|you|i)['’](?:re|ve|ll|d|m)$", m.group(), re.I)  # "Didn't …",
            # "what they're entitled to": no words of the topic
            and not NEGATIVE.fullmatch(m.group())  # "which bit still wasnt good"
            and m.group().lower() not in _MONTHS  # "in the November 2024 inspection"
        )
    ]


def _asking_part(question: str) -> str:
    """`question` less the clauses that set the scene, asking nothing and naming no council or year."""
    parts, asking = clauses(question)
    kept = [
        m.group().strip()
        for m in parts
        if m in asking or council_mentions(m.group()) or _YEAR.search(m.group()) or asks_latest(m.group())
    ]  # "… privately fostered? latest ofsted": the report asked about
    text = " ".join(kept).strip(" –—:") if asking else question
    return text[0].upper() + text[1:] if text else question


def _scene_setting(question: str) -> list[tuple[int, int]]:
    """Where `question` sets the scene rather than asks.

    Its clauses that ask nothing, when another one asks, and name no council ("Councillor here.") or speak of the
    user ("My sister fosters on the Isle of Wight."); a lead-in ("As a councillor I'd like to know"); everyday
    words for what needs to improve ("anything needing work?").
    """
    spans = lay_asking(question)
    if lead := _LEAD_IN.match(question):
        spans.append((0, lead.end()))
    parts, asking = clauses(question)
    if asking:  # not one that names a council: "Doncaster took care back from its trust –"
        spans += [
            (m.start(), m.end())
            for m in parts
            if m not in asking and (not council_mentions(m.group()) or _about_user(m.group()))
        ]
    return spans


def _rescoped(
    question: str,
    history: Sequence[Reading],
    councils: tuple[str, ...],
    years: tuple[str, ...],
    documents: Collection[Document],
) -> Reading:
    """The question before, asked of other councils or years: "And in 2018?", "What about Coventry?".

    Not a "why" question: after "How did children in care do?" and "Why was that?", "And in 2025?" asks how they
    did in 2025. Not a question about a visit when this one asks about an inspection ("And at the 2022
    inspection?" after "What had the focused visit found?").
    """
    asked = [turn for turn in history if not _ASKS_WHY.match(turn.question)] or list(history)
    if _INSPECTION.search(question):  # "And at the 2022 inspection?" after a question about a focused visit
        asked = [turn for turn in asked if not _VISIT.search(turn.standalone)] or asked
    before = asked[-1]
    text, old_years = _asking_part(before.standalone), before.years
    carried = ["topic"] if before.topic else ["question"]
    if councils:
        text = _replace_all(text, before.councils, " and ".join(councils), " in ")
        for year in before.years:  # years belong to the council before ("in Knowsley in 2019", "by 2021")
            text = re.sub(rf"(?:\s+back)?(?:\s+(?:in|during|for|of|by|since))?\s+{year}\b", "", text, count=1)
        text = re.sub(r"\s+in(?=\s+(?:too|also|as well|either)\b|\s*[?.!]*$)", "", text)
        text, old_years = re.sub(r"\s{2,}", " ", text).replace(" ?", "?").strip(), ()
    else:
        councils = before.councils
        if councils:
            carried.append("council")
    if years:  # "And in 2018?"; "And Liverpool in 2023?" (its years added, the council before's taken out)
        written = [year for year in old_years if re.search(rf"\b{year}\b", text)]
        if not written and (latest := _RELATIVE.search(text)) and latest["which"]:  # "at its latest inspection"
            text = f"{text[: latest.start('which')]}{' and '.join(years)}{text[latest.end('which') :]}"
        else:
            for year in written:  # "in jan 2025" → "in 2021": that month was the other inspection's
                text = re.sub(rf"\b(?:{MONTH_WORDS})\.?\s+(?={year}\b)", "", text, flags=re.I)
            text = _replace_all(text, written, " and ".join(years), " in ")
    elif years := _same_years(councils, history, documents, _in_step(question)):
        carried.append("year")
        if not _same(councils, before.councils):
            text = _before_mark(text, f" in {' and '.join(years)}")
    return Reading(question, text, councils, years, before.topic, tuple(carried))


def _grade_check(text: str) -> str | None:
    """The grade `text` asks whether the council had, when that is all it asks: "Wasn't it inadequate in 2015?"."""
    grades = list(_GRADE.finditer(text))
    if len(grades) != 1 or _DEGREE.search(text[: grades[0].start()]):  # "was it that good back in 2019?"
        return None
    rest = without_councils(text[: grades[0].start()] + text[grades[0].end() :])
    words = re.findall(r"[a-z]+(?:['’]t)?", _YEAR.sub(" ", rest).lower())
    return grades[0].group().lower() if all(word in _GRADE_CHECK for word in words) else None


def _bare(text: str) -> bool:
    """Whether `text` says no more than another council or year: "And in 2018?", "Is St Helens any quicker?"."""
    parts, asking = clauses(text)
    if asking:  # "and Redcar? my cousin works up there"
        text = " ".join(m.group() for m in parts if m in asking or not _about_user(m.group()))
    rest, named = without_councils(text), council_mentions(text)
    words = re.findall(r"[a-z]+", _YEAR.sub(" ", rest).lower().replace("’", "'").replace("'s", ""))
    return all(word in _RESCOPING or word in _MONTHS or (named and word in _AS_WELL) for word in words)


def _in_step(question: str) -> bool:
    """Whether `question`, of another council, asks about the time talked of ("around then", "the same trouble")."""
    return bool(_THEN.search(question) or _IN_STEP.search(question))


def _same_years(
    councils: Sequence[str], history: Sequence[Reading], documents: Collection[Document], then: bool = False
) -> tuple[str, ...]:
    """The years of the turn before, kept for `councils`.

    Always for the same councils; for councils asked about earlier in the conversation, the years they were asked
    about last ("Back to Hackney – how are care leavers doing?"); for others, each one's latest report ("And
    Derbyshire?" after Nottingham's 2022 report asks Derbyshire's 2024 one, not all its reports), or, `then`
    ("Was Lewisham any better around then?", "Was Sandwell having the same trouble?"), the turn before's years
    where each has a report of them, else its report nearest in time.
    """
    before = history[-1]
    if _same(councils, before.councils):
        return before.years
    earlier = next((turn for turn in reversed(history) if _same(turn.councils, councils)), None)
    if earlier is not None:
        return earlier.years
    wanted = {int(y) for y in before.years}
    if not wanted or not councils:
        return ()
    if then and all(
        any(doc.is_about(names) and doc.years() & wanted for doc in documents) for names in map(_names, councils)
    ):
        return before.years
    target = max(wanted)
    chosen = (
        min(reversed(years), key=lambda y: abs(y - target)) if then else years[-1]
        for c in councils
        if (years := _report_years(c, documents))
    )
    return tuple(dict.fromkeys(str(y) for y in chosen))


def _replace_all(text: str, old: Sequence[str], new: str, glue: str) -> str:
    """`text` with the first of `old` replaced by `new` wherever it stands, and the rest removed.

    `new` is added when `old` is empty.
    """
    if not old:
        return _before_mark(text, f"{glue.rstrip()} {new}") if new else text
    for i, word in enumerate(old):
        pattern = rf"(?:\s+and\s+)?\b{re.escape(word)}\b"  # "Hillingdon ofsted 2023 – …" of "hillingdon"
        text = re.sub(pattern, (new if i == 0 else ""), text, count=int(i > 0), flags=re.I)
    return text


def _before_mark(text: str, words: str) -> str:
    """`text` with `words` added before its closing question mark or full stop.

    A preposition that ends the text and opens `words` is said once: "get more foster carers in" + " in Redcar"
    is "get more foster carers in Redcar".
    """
    body = text.rstrip(" ?.!")
    first = (words.split() or [""])[0]
    if first and body.lower().endswith(f" {first.lower()}"):
        words = words[len(words) - len(words.lstrip()) + len(first) :]
    return f"{body}{words}{text[len(body) :].strip() or '?'}"


def _whole_list(text: str, asks: str | tuple[str, str] | None) -> bool:
    """Whether `text` asks in everyday words what needs to improve or was found wanting, not what was recommended."""
    return bool(lay_asking(text)) or (asks == "improve" and not _RECOMMEND.search(text))


def _any_strengths(text: str) -> bool:
    """Whether `text` asks for any of the report's strengths: "was there anything they're doing well?"."""
    return bool(ASKS_STRENGTH.search(text) and _ANY.search(text))


def _asking_clause(text: str) -> re.Match[str] | None:
    """The clause that asks, after one that names no topic or speaks of the user.

    "And the one before, what did they get overall?", "my sister lives in Hartlepool, how did their council do?",
    "in the latest one what did they say about neglect", "the lad i foster turns 18. what happens after that?".
    """
    clause = _ASKING_CLAUSE.search(text)
    if clause is None and _PHRASE.match(text):  # "in the latest one what did they say about neglect"
        clause = _ASKING_AFTER.search(text)
    if clause is None:
        return None
    head = text[: clause.start()]
    if not read_alone(head).topic:
        return clause
    points_back = _ANY_POINTER.search(clause[1]) is not None
    if points_back and not text[clause.start()].startswith(","):
        return None  # "I keep hearing about CAMHS waiting lists. Did the inspectors pick up on that?": of the first
    # "the lad i foster turns 18 next year. what happens with support after that?": of the user, a remark
    return clause if _FIRST_PERSON.match(head) or (_MINE.search(head) and not points_back) else None


def _grades(asks: str | tuple[str, str] | None) -> bool:
    """Whether the question asks for the inspection's grades overall, of no one area of the work."""
    return asks == "grade" or (isinstance(asks, tuple) and asks[0] in ("grade", "grades") and asks[1] == "overall")


def _is_meta(asks: str | tuple[str, str] | None) -> bool:
    """Whether the question asks about the inspection itself (who led it, when, its grades), not a topic."""
    return asks in ("inspector", "date", "grade") or isinstance(asks, tuple)


def _reports(council: str, documents: Collection[Document]) -> list[Document]:
    """The council's inspection reports that say when they were inspected."""
    names = _names(council)  # "Redcar": Redcar and Cleveland
    return [d for d in documents if d.kind == "inspection report" and d.when and d.is_about(names)]


def _report_years(council: str, documents: Collection[Document]) -> list[int]:
    """The years of the council's inspection reports, oldest first: the years they were inspected."""
    return sorted({int(d.when[:4]) for d in _reports(council, documents)})


def _same(councils: Sequence[str], others: Sequence[str]) -> bool:
    """Whether two lists of councils as written name the same councils ("kent" and "Kent")."""
    return [_names(c) for c in councils] == [_names(c) for c in others]


@lru_cache(maxsize=1024)
def _names(council: str) -> tuple[str, ...]:
    """The canonical names of the council `council` names as written ("Redcar": "Redcar and Cleveland")."""
    return tuple(find_councils(council) or find_councils(council.title())) or (council,)  # "sutton", typed so


def _graded_year(graded: re.Match[str], council: str, documents: Collection[Document]) -> str | None:
    """The year of the council's latest inspection report whose overall grade is the one `graded` names."""
    grade = graded["grade"].lower()
    first = "requir" if grade == "ri" or grade.startswith("requir") else grade  # "Requires improvement to be good"
    years = [
        int(d.when[:4])
        for d in _reports(council, documents)
        if d.inspection and (d.inspection.overall or "").lower().startswith(first)
    ]
    return str(max(years)) if years else None


def _relative_year(which: str, council: str, current: Sequence[str], documents: Collection[Document]) -> str | None:
    """The year of the council's report that "the earlier/latest/next inspection" means."""
    years = _report_years(council, documents)
    if not years:
        return None
    now = max(int(y) for y in current) if current else years[-1]
    if which in ("first", "earliest", "oldest"):
        return str(years[0])
    if which in ("latest", "most recent", "recent", "newest", "new") or (which == "last" and not current):
        return str(years[-1])
    if which in ("next", "later", "newer"):
        later = [y for y in years if y > now]
        return str(later[0]) if later else None
    earlier = [y for y in years if y < now]  # earlier, previous, prior, older; "last" after a year was named
    return str(earlier[-1]) if earlier else None


def answer_turn(
    retriever: Retriever,
    question: str,
    history: Sequence[Reading] = (),
    k: int = 5,
    mode: str = "hybrid",
    filters: Filters | None = None,
) -> tuple[Reading, Answer]:
    """Read `question` after `history`, then answer the standalone question it became.

    Returns:
        How the question was read, and the answer to its `Reading.standalone` question.

    """
    reading = interpret(question, history, retriever.index.documents.values())
    answer = answer_question(retriever, reading.standalone, k=k, mode=mode, filters=filters)
    return with_answer(reading, answer), answer


def with_answer(reading: Reading, answer: Answer) -> Reading:
    """`reading`, with the items of the report's list that answered it, if that is what answered it."""
    listed = answer.citations and all(holds_answer("improve", c.hit.passage) for c in answer.citations)
    whole = not reading.topic or _WHOLE_SERVICE.fullmatch(reading.topic)  # "… inspection of children's services?"
    items = _ITEM.findall(answer.text) if answer.supported and listed and whole else []
    return replace(reading, answered=tuple(_OUTCOME.sub("", item).strip(" .") for item in items))


_ITEM = re.compile(r"^• (.+?) \[\d+\]$", re.M)  # a listed item as an answer shows it: "• … [1]"
_OUTCOME = re.compile(r"\s*\((?:outcome|national framework)[^)]*\)")  # "(outcome 1, national framework)"


def suggestions(reading: Reading, answer: Answer, documents: Collection[Document]) -> list[str]:
    """Questions to ask next, each one the index can take up.

    The same topic in the council's inspections before and after the one cited, and the cited report's
    recommendations on it.

    Returns:
        Up to three full questions (naming council and year); none when the answer has no topic or no report.

    """
    reports = [c.hit.document for c in answer.citations if c.hit.document.kind == "inspection report"]
    if not (
        reading.topic and answer.supported and reports and reports[0].authorities and reports[0].when[:4].isdigit()
    ):
        return []
    cited, council = reports[0], reports[0].authorities[0]
    year = int(cited.when[:4])  # the inspection's year, as `_report_years` counts them (not the year published)
    years = _report_years(council, documents)
    out = []
    if earlier := [y for y in years if y < year]:
        out.append(f"What did Ofsted say about {reading.topic} in {council} in {earlier[-1]}?")
    if later := [y for y in years if y > year]:
        out.append(f"What did Ofsted say about {reading.topic} in {council} in {later[0]}?")
    if answer_type(reading.standalone) != "improve":
        out.append(f"What did Ofsted recommend about {reading.topic} in {council} in {year}?")
    return out
