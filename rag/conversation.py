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
What a question names by itself (its councils, years and topic) is read by `rag.reading`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace

from rag.answers import ASKS_STRENGTH, Answer, answer_question
from rag.councils import council_mentions, find_councils, without_councils
from rag.coverage import key_words
from rag.documents import Document
from rag.facts import asked_fact, judgement_area
from rag.keywords import other_forms, tokenize
from rag.ofsted import GRADE_WORDS
from rag.query import (
    ASKING,
    KIDS,
    THOSE,
    YEAR,
    Filters,
    answer_type,
    asks_latest,
    asks_of_told,
    clauses,
    holds_answer,
    lay_asking,
)
from rag.reading import (
    ASKS_OF_IT,
    COUNCIL_TAIL,
    FIRST_PERSON,
    GRADES,
    HEARD_OF,
    MINE,
    MONTHS,
    RELATIVE,
    THEN,
    WHEN_GRADED,
    WHOLE_YEAR,
    WORD,
    Reading,
    about_user,
    asking_part,
    before_mark,
    read_alone,
    relative_year,
    report_years,
    same_councils,
    same_years,
    says_then,
    years_said,
)
from rag.retrieval import Retriever
from rag.text import MONTH_WORDS

# A remark of a few words before a question ("ok. …", "Big turnaround. …"), unless it announces a new one
_ASIDE = re.compile(r"\s*(?:[A-Za-z'’]+\s*){1,5}(?:[.!]+|\s[–—-])\s+(?=\S)")
_REMARK_COMMA = re.compile(r"\s*(?:that|this|it)['’]?s(?:\s+[A-Za-z'’-]+){1,3},\s+(?=\S)", re.I)  # "that's a change, …"
# A word that only holds the floor before a question: "wait, what company? …"
_FILLER = re.compile(r"^\W*(?:wait|hang on|hold on|by the way|btw)\b(?:\s*[,:;.!?–—]+|\s+-+)?\s*", re.I)
# A remark asked of the answer before, then the question: "so that's a drop? what were they before"
_REMARK_ASKED = re.compile(  # also "were they always this good? what did they get in 2018"
    r"^\W*(?:(?:so|oh|wow|and)\s+)?(?:(?:that|this|it)(?:['’]?s| is| was)(?:\s+[\w-]+){1,4}"
    r"|(?:were|was|are|is) (?:they|it) always (?:this|that|so) \w+)\?\s+(?=\S)",
    re.I,
)
_SURPRISE = (  # one word of it
    r"odd|weird|strange|funny|hmm+|huh|oh|ah|wow|blimey|interesting|really|seriously|ouch|yikes|oof|eek|gosh|crikey|ugh"
    r"|jeez|geez|whoa|yeesh|cripes|crumbs|oh dear|dear me"
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
_ASKS_TAIL = re.compile(  # "they've come a long way, how bad" before "was it …"; not "i heard what they did was bad"
    r"(?:^|[,.;:–—]\s*)(?:how|what|why|where|which|who)\b[^,.;:?]*$", re.I
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
    r"^(?P<claim>.+?)[\s,]+(?:did|does|do|was|is|were|are|has|have|had)n['’]?t (?:it|they|that|there)\s*[–—:,?-]+\s*"
    r"(?P<rest>(?:what|why|how|which|who|where|when)\b.+)$",
    re.I,
)
# A tag question typed without its comma, after a statement: "it wasn't like that in 2022 was it?"
_BARE_TAG = re.compile(
    r"^(?P<said>\W*(?:it|that|this|they|there)(?:['’]s|\s+(?:was|is|were|are|had|has|did|does|do)(?:n['’]?t)?)"
    r"\s[^?,]*?\w)\s+(?P<tag>(?:was|is|were|are|did|does|do|has|have|had)(?:n['’]?t)?\s+(?:it|they|that|there)"
    r"\s*(?:\?|$))",
    re.I,
)
_MAKE_OF_THAT = re.compile(r"\s+(?:make|think|say|said|made)\s+(?:of|about)\s+(?:that|this|it)\W*$", re.I)
# A claim the user thought true, asked as a question: "weird, i thought it was ok at the 2019 inspection?"
_THOUGHT = re.compile(
    r"^\W*(?:[A-Za-z'’]+\s*[,.!]\s*)?(?:(?:i|we)\s+(?:thought|heard|read|was told|were told)"
    r"|(?:someone|somebody)\s+(?:said|told (?:me|us)))\s+(?:that\s+)?"  # "someone said they hand out bikes now?"
    r"(?P<claim>.+?)\W*\?\W*$",
    re.I,
)
_HEARD = re.compile(  # how the user came by the claim: "i keep hearing", "I remember", "someone told me"
    r"^\W*(?:(?:i|we)\s+(?:keep\s+|kept\s+)?(?:hear(?:ing)?|heard|remember|read|saw|seen|think|thought|was told"
    r"|were told|understand|believe)\s+(?:that\s+)?"
    # "someone at committee said"
    r"|(?:someone|somebody|people)(?:\s+(?:at|from|in|on)(?:\s+[\w'’]+){1,2}){0,2}"
    r"\s+(?:told (?:me|us)|said|says|say|mentioned)\s+(?:that\s+)?"
    # "my mate works in barnsley children's services and says"
    r"|(?:my|our)\s+(?:[\w'’]+\s+){1,8}?(?:says|said|tells (?:me|us)|told (?:me|us)|reckons)\s+(?:that\s+)?)",
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
_NEW_TOPIC = re.compile(r"\b(?:different|another|new|other|unrelated|separate)\b|\bchang", re.I)
_IT = r"(?-i:(?!IT\b))it"  # "it", not "IT" ("what about their IT systems?")
_POINTER = re.compile(  # "it", "that", "this"… standing for the earlier topic, not a determiner before a noun
    rf"\b({_IT}|that|this|those|these)\b(?=\s*(?:[?.!,;]|$|\b(?:is|was|were|are|has|have|had|been|being|still|compare"
    r"|compared|changed?|improved?|get|got|go|went|become|became|in|at|for|since|by|with|when|then|now|there"
    r"|before|after|over|again|look|looked|seem|seemed|mean|work|worked|happen|happened|so|really|too|also"
    r"|affected|affects|affect|already|settled|sorted|fixed|stabili[sz]ed|eased|calmed|lasted)\b))",  # "has that
    re.I,  # settled down now?"
)
# when nothing else in it names a topic; "one" only as a thing had ("Didn't Redcar have one too?")
_ANY_POINTER = re.compile(
    r"(?<!\banything )(?<!\bsomething )(?<!\beverything )(?<!\bnothing )"  # "anything that needs sorting"
    r"(?<!\bbefore )(?<!\bafter )(?<!\bsince )"  # "before it": the inspection
    rf"\b({_IT}|(?:that|this|those|these)(?! (?:good|bad|well|poor|strong|weak|quick|slow|long|high|low|many|much|often"
    r"|big|small)\b))\b(?! (?:point|stage|time|days|year)\b)"  # "this good": as good as this, no thing
    r"|(?<=\bhave )one\b|(?<=\bhad )one\b|(?<=\bhas )one\b",
    re.I,
)
# "the same issue": the topic before ("kent had the same issue didnt they")
_SAME_THING = re.compile(
    r"(?:\bthe |^\W*)same (?:issues?|problems?|things?|concerns?|troubles?|struggles?|worries|worry"
    r"|difficult(?:y|ies))\b",
    re.I,
)
_PRONOUN = re.compile(  # "it" (not the inspection: "before it", "does it say …"), and "that" standing alone
    rf"(?<!\bbefore )(?<!\bafter )(?<!\bsince )"
    rf"(?:\b{_IT}\b(?!\s+(?:say|says|said|mention|mentions|mentioned|cover|covers|covered)\b)|{_POINTER.pattern})",
    re.I,
)
_THERE = re.compile(  # "there" for the council, not "Is there …?", "There is …", "there's help"
    r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bin )\bthere\b(?!['’]s\b)"  # "was that in there?": the report
    r"(?!\s+(?:is|was|were|are|has|have|had|been|will|would|any|no|a|an)\b)"
    r"(?!(?<=\bfrom there)\s+(?:to|on|onwards)\b)",  # "and getting from there to conference?": from that step
    re.I,
)
_THEIR = re.compile(  # not "a flat of their own", "living at home with their families": the people's
    r"\btheir\b(?! (?:own|famil(?:y|ies)|parents?|carers?|child(?:ren)?|kids?|homes?|lives|life|mums?|dads?"
    r"|mothers?|fathers?|siblings?|brothers?|sisters?|friends?|birth"
    # "do they at least get told about their medical background?": the care leavers'
    r"|medical|health|histor(?:y|ies)|background|papers|identity|views|wishes|feelings|teeth|gp"
    r"|advis[eo]rs?|pas?|personal advis[eo]rs?|worker|social worker)\b)",  # "did they get their adviser in time?"
    re.I,
)
_OBJECT_IT = re.compile(  # "wait long for it?", "were the reviewing officers pushing on that?"
    "(?:" + "|".join(rf"(?<=\b{word} )" for word in "for about with on of to from into".split()) + ")"
    rf"(?:{_IT}\b|(?:that|this)\b(?=\W*$))",
    re.I,
)
_QUALIFIER = re.compile(r"(?:in|on|at|of|from|with|without|for|by|who|that)\b", re.I)  # "in care": no thing alone
_ABOUT_THEM = re.compile(r"(?<=\babout )them\b(?=\W*$)", re.I)  # "what did they say about them?": the things before
_IT_FOR = re.compile(  # "is it any worse for kids in care?": the topic before, for them
    rf"\b{_IT}\b(?=(?: \w+)? (?:worse|better|different|harder|easier|quicker|slower|the same|similar) for\b)", re.I
)
_WHICH_REPORT = re.compile(r"\b(?:newer|newest|latest|recent|last|previous|earlier|older|before)\b", re.I)
_PEOPLE = re.compile(rf"\b(?:{KIDS}|child|parents|carers|leavers|year[- ]olds)\b", re.I)  # "16 and 17 year olds"
_CHILDREN = re.compile(rf"\b(?:{KIDS}|child|leavers|young carers|year[- ]olds)\b", re.I)  # not "foster carers"
_MOVING = re.compile(r"\b(?:mov(?:e|es|ed|ing)|liv(?:e|es|ed|ing)|relocat\w*)\b", re.I)  # where the user goes
_THE_PEOPLE = re.compile(  # "the kids" of the topic before, not "the kids with disabilities", "the children in care"
    rf"\bthe (?:{KIDS})\b"
    r"(?!\s+(?:with|who|in|of|on|at|from|aged|under|over|that|living|leaving|looked|placed|subject|whose|being"
    r"|groomed|exploited|affected|involved|caught)\b)",  # "the kids being groomed by gangs": those kids
    re.I,
)
_HAD_SOMETHING = re.compile(  # "and that one had something about social workers pulling kids out of class?"
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:that|the|this)\s+(?:one|report|inspection)\s+(?:had|said|mentioned)"
    r"\s+(?:something|a bit|a thing|stuff)\s+(?:about|on)\s+",
    re.I,
)
_THOSE_TALKS = re.compile(  # "those chats": what the topic before does, in a word that names nothing more
    r"\b(?:those|these|the|that|this)\s+(?P<noun>chats?|talks?|conversations?|meetings?|visits?|checks?|sessions?)\b",
    re.I,
)
_FOR_THEM = re.compile(r"\bfor them(?=\W*$)", re.I)  # "… any better on the health side for them?"
# "wasn't there a massive backlog of those in 2016?": of what was talked about, named by no noun after it (not "many of
# them in work": the people, of a topic of their own)
_OF_THOSE = re.compile(r"\bof those\b(?=\s+(?:in|at|by|back|then|now|there|last|this)\b|\W*$)", re.I)
_DONE_TO_THEM = re.compile(  # the people of the topic before, as what is done to them; not "tell them" (the council)
    r"\b(?:see|sees|seeing|saw|seen|visit\w*|support\w*|help\w*|check\w*|meet\w*|met|listen\w* to|talk\w* to"
    r"|speak\w* to|spoke to|look\w* after|track\w*|protect\w*|mov(?:e|es|ed|ing)"
    r"|(?:keep\w*|kept)\s+(?:an?\s+)?(?:\w+\s+)?eye\s+on|keep\w* (?:track of|in touch with)|look\w* out for"
    r"|watch\w*(?:\s+over)?"  # "is anyone keeping a proper eye on them?"
    r"|how many of|(?:share|proportion|percentage|number) of)\s+them\b",  # "how many of them ended up …?"
    re.I,
)
_WHOLE_SERVICE = re.compile(r"(?:children['’]?s\s+)?(?:services?|social\s+care|social\s+services)", re.I)
_THE_HEAD = re.compile(r"\b(?:the|that|this|those|these)\s+(?P<noun>[a-z]+)\b", re.I)  # "the team": one said before
_PHRASE = re.compile(  # "And in the evenings?": the question before, with these words added
    r"^\s*(?:in|at|on|for|during|by|with|without|over|after|before|once|from|to|among|between|outside|within)\b", re.I
)
_TIME_PHRASE = re.compile(r"^\s*(?:after|before|once|until|when)\b", re.I)  # "and once they turn 18?"
_TIME_CLAUSE = re.compile(  # "how are they treated when they first arrive?": the time it asks of, said last
    r"\s+\b(?:after|before|once|until|when)\s+(?:they|he|she|you|we|it|kids|children|young people)\b"
    r"[^,;:?!—–]*(?=[?.!]*\s*$)",  # not "look after …"
    re.I,
)
_WHEN_LEAD = re.compile(  # "back in 2021 how many of them were going off to uni?"
    r"^(?:nowadays|these days|now|currently|today|at the moment|(?:back )?in (?:19|20)\d\d|back then)\W+", re.I
)
_IT_THAT = re.compile(r"\b(?:it|that)\b", re.I)
_PHRASE_ASKS = re.compile(  # "and after 21, does anyone keep an eye on them?": a question of its own, not added
    r"^(?![^,]*\b(?:what|how|who|which|when|why|where)\b)[^,.;?]{1,40},\s*"  # not "in what way, what goes wrong"
    r"(?:what|how|who|which|when|why|where|did|does|do|is|are|was|were|has|have|can|could|will)\b",
    re.I,
)
_LEAD = re.compile(  # "hmm and the local offer for them, any good?"
    r"^\s*(?:(?:and|but|so|ok(?:ay)?|also|then|right|still|overall|anyway|well|roughly|approximately|quickly|hm+|um+"
    r"|er+m?)\b[,.\s]*)+",
    re.I,
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
    r"(?P<place>[^?,–—]{2,40}?)\s*(?:\?+|,|[–—]|\s-)\s*(?P<rest>\S.*)$",  # "what about southampton — do they …?"
    re.I,
)
_BACK = re.compile(r"^\s*(?:and\s+)?back (?:to|in|at|with)\b", re.I)  # "Back to Hackney – …"
_LATEST = re.compile(r"latest|newest|recent|current|new|last", re.I)  # "back to the newest report"
# "going back to the latest report - are kids in care …?": the rest, asked of that report
_BACK_TO_REPORT = re.compile(  # also "going back to 2015 - how many children were in care then?", "ok on the
    # latest one, how's their life story work?"
    r"^\W*(?:(?:and|ok|okay|so)\W+)?(?:(?:going\s+)?back\s+to|on|in|at|for)\s+(?:(?:the|their)\s+(?P<which>[\w-]+)\s+"
    rf"(?:report|one|inspection)|(?<=to )(?P<year>{YEAR}))\s*[–—,:-]+\s*(?P<rest>\S.*)$",
    re.I,
)
# "going back to the first thing - …", "going back to the dentist thing, …", "ok back to warrington - …": the rest,
# asked of what it goes back to
_BACK_TO = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|right)\W+)?(?:going\s+)?back\s+to\s+(?:(?:the|that|those|these|your|my)\s+)?"
    r"(?P<what>[\w'’&/ -]{1,40}?)(?:\s+(?P<thing>thing|point|question|bit|topic|stuff|issue)"
    r"(?:\s+(?:in|from|at|of)\s+the\s+(?P<which>[\w-]+)\s+(?:one|report|inspection))?)?"  # "… in the recent one"
    r"(?:\s*[,:–—]|\s+-)[–—:-]*\s*(?P<rest>\S.*)$",  # not the hyphens of "stoke-on-trent"
    re.I,
)
_THEY_ASKED = re.compile(  # "how were they rated": the thing gone back to
    r"(?:(?<=\bwere )|(?<=\bare )|(?<=\bdid )|(?<=\bdo )|(?<=\bhave )|(?<=\bhad ))they\b"
    r"(?!\s+(?:say|said|find|found|think|thought|make|write|wrote|report|mention|note|flag|rate|judge)\b)",
    re.I,
)  # not "what did they say about …?": the inspectors
# "what about the ones who've moved far away?"; "were the first ones slow in 2019 too?" (the first health checks)
_ONES = re.compile(r"\b(?P<which>(?:the|those|these)(?: (?!ones\b)[a-z]+)?) ones\b", re.I)
_TOPIC_HEAD = re.compile(r"\s+(?:for|of|in|with|about|on|at|who|that|when)\s+", re.I)  # what the topic is of
_YEAR_TAIL = re.compile(rf"\s+(?:in\s+)?(?:the\s+)?(?P<year>{YEAR})(?:\s+(?:one|report|inspection))?", re.I)
_OWN_THING = re.compile(  # "middlesbrough's bosses", "bucks and the over 21s", "lancashire care leavers"
    r"(?:['’]s?|\s+and(?:\s+the|\s+its|\s+their)?)?\s+(?P<thing>[a-z0-9][\w -]{1,30})", re.I
)
_ANYONE = frozenset(tokenize("kids kid children child people folk anyone someone"))  # no topic of their own
_HOLD_UPS = frozenset(tokenize("delays delay hold ups holdups hold-ups waits wait waiting backlog backlogs drift"))
# A lead-in that says a new topic follows: "on a different note, …", "unrelated but …", "different thing - …"
_NEW_LEAD = re.compile(
    r"^\W*(?:(?:ok|okay|so|right|and)\W+)?(?:(?:on|in)\s+(?:(?:a|an|another)\s+(?:different|separate|other|unrelated)"
    r"|another)\s+(?:note|subject|topic|tack)"
    r"|(?:a\s+)?(?:(?:totally|completely)\s+)?(?:different|separate|unrelated|new|other)\s+(?:thing|question|topic"
    r"|subject|point|q|angle|issue|matter)|unrelated|changing (?:the\s+)?subject"
    r"|(?:totally|completely|something)\s+(?:different|separate|unrelated)"  # "totally different – …"
    r"|(?:something|one more thing|one other thing)\s+else"
    r"|(?:totally\s+|completely\s+)?random(?:\s+(?:one|q|question|thing|thought))?)"  # "random one — …"
    r"(?:\s*[,:;.!?–—]+\s*(?:but\s+)?|\s+-+\s*|\s+but\s+)",
    re.I,
)
_BACK_TO_LATEST = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|right)\W+)?(?:going\s+)?back\s+to\s+(?P<what>.*?)(?:\s+(?:in|from|at|on))?\s*"
    r"(?:(?:\b(?:the|their|its)\s+|['’]s?\s+)(?:latest|newest|new|recent|most recent|current)"
    r"(?:\s+(?:one|report|inspection))?"
    r"|\bthis\s+year['’]s(?:\s+(?:one|report|inspection))?)(?:\s*[,:;–—]|\s+-)[–—:-]*\s*(?P<rest>\S.*)$",
    re.I,
)
_IN_THAT_ONE = re.compile(  # "and in that one, …?", "and child protection in that one — was it …?"
    r"^\W*(?:(?:and|ok|okay|so)\W+)?(?:(?P<what>[\w'’ -]{1,40}?)\s+)??(?:in|on|from)\s+(?:that|the same)\s+"
    r"(?:one|report|inspection)(?:\s*[,:;–—]|\s+-)[–—:-]*\s*(?P<rest>\S.*)$",
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
_RECOMMEND = re.compile(r"\brecommend", re.I)
_ANY = re.compile(r"\bany(?:thing)?\b", re.I)
_NEXT_DOOR = re.compile(  # "How about East Sussex next door?", "how does west berkshire next door handle it?"
    r",?\s+(?:next door|over the border|nearby|(?:over|across) the (?:river|water|border)|(?:up|down) the (?:road|line)"
    r"|round the corner)\b"  # "what about over the river in thurrock?"
    r"(?=\s*[?.!,]|\s+(?:to|in|on|about|handle|handles|deal|deals|do|does|did|manage|manages|cope|copes|compare"
    r"|as|any|better|worse|the same)\b)",  # "is islington next door as good?"
    re.I,
)
_ON_THAT = re.compile(r"\b(on|in) (?:that|this) (?:front|score|count|respect|regard)\b", re.I)
# "and in 2019 when it went inadequate?": the year, the grade said of it in passing (no question of the grade); kept
# where the rest names a topic, as a sign of what was found ("what was the care leaver service like in 2019 when they
# were rated inadequate?")
_WHEN_GRADED = re.compile(
    r"(?P<year>\b(?:19|20)\d\d)\s*,?\s*(?:when|after)\s+(?:it|they|the council|the service|services|[\w'’]+)\s+"
    rf"(?:went|was|were|got|became|dropped|fell|slipped|had gone)\s+(?:down\s+)?(?:to\s+)?(?:rated\s+|judged\s+)?"
    rf"{GRADE_WORDS}\b",
    re.I,
)
_ASKING_CLAUSE = re.compile(
    r"[,.;]\s*((?:what|whats|what['’]s|how|who|which|when|did|was|were|is|are)\b[^,.;]*)$", re.I
)
_ASKING_AFTER = re.compile(r"\s((?:what|how|who|which|when|did|was|were|is|are)\b.*)$", re.I)
_OVERALL = re.compile(r"\boverall\b(?! effectiveness)", re.I)
_ONE = re.compile(r" (?P<noun>one|inspection|report|visit)\b")
_GRADE = re.compile(rf"\b(?:{GRADES})\b", re.I)
_DEGREE = re.compile(r"\b(?:that|this|so|as|too|how)\s+$", re.I)  # "that good": as good as said, not the grade
_GRADE_CHECK = frozenset(  # what else a question that only asks whether a grade was given says
    "and but so is are was were isn't wasn't weren't aren't isn’t wasn’t weren’t aren’t did does has have had it they "
    "that its their services service children's children social care council still really also too again as well "
    "get got rated judged given stay stayed remain remained keep kept back in at by then the overall all one point "
    "stage once".split()
)


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
        newest = [year for c in before.councils if (year := relative_year("latest", c, (), documents))]
        years = before.years if says_then(asked) or _IN_THAT_ONE.match(asked) else tuple(newest)  # or the latest
        history = [*history[:-1], replace(before, topic="", years=years)]
    asked = _BARE_TAG.sub(r"\g<said>, \g<tag>", _without_asides(asked))  # "it wasn't like that in 2022 was it?"
    asked = _claim_checked(asked) or asked  # "i keep hearing X - does the report back that up": is X true?
    # "on that front" is "on that"; "How about East Sussex next door?" says no more than "East Sussex"
    read = _NEXT_DOOR.sub("", _ON_THAT.sub(r"\1 that", asked))
    if (graded := _WHEN_GRADED.sub(r"\g<year>", read)) != read and not read_alone(graded).topic:
        read = graded  # "and in 2019 when it went inadequate?": of the topic before (not "what was the care leaver …")
    read, led = _of_topic_lead(read) if history else (read, "")  # "and the care leavers - any tenancies …?"
    lead = _PLACE_LEAD.match(read)  # "same for reading? how are they getting on with the police": of Reading
    if (
        lead
        and ASKING.match(lead["rest"])
        and not _bare(read)  # not "what about sutton, any better?": the question before, of Sutton
        and (places := _only_councils(read[: lead.end("place")], lead.start("place")))
    ):
        read = before_mark(_without_remarks(lead["rest"]), f" in {' and '.join(places)}")  # less "we might move …"
    if (to_latest := _BACK_TO_LATEST.match(read)) and history:
        # "ok back to hammersmith's latest — …", "going back to the teens … in the new report — …": the rest, of the
        # latest report, of what it goes back to
        rest = (
            to_latest["rest"]
            if asks_latest(to_latest["rest"])
            else before_mark(to_latest["rest"], " at the latest inspection")
        )
        read = f"going back to {to_latest['what']} - {rest}" if to_latest["what"] else rest
    back = _BACK_TO_REPORT.match(read)
    if back and (WHOLE_YEAR.fullmatch(which := back["which"] or back["year"]) or _LATEST.fullmatch(which)):
        read = before_mark(back["rest"], f" in {which}" if WHOLE_YEAR.fullmatch(which) else " at the latest inspection")
    elif history and (that := _IN_THAT_ONE.match(read)) and (years := history[-1].years):
        # "and in that one, weren't some care leavers stuck in b&bs?": of the report just talked about
        rest = f"On {that['what']}, {that['rest']}" if that["what"] else that["rest"]
        read = before_mark(rest, f" in {' and '.join(years)}")
    elif history and (back_to := _back_to(read, history, documents)):
        read, took = back_to
    elif (back := _BACK_UNNAMED.match(read)) and not council_mentions(read) and history:
        # "Back to the island – …": the council talked about before the one now
        now = history[-1].councils
        if earlier := next((turn.councils for turn in reversed(history) if turn.councils not in ((), now)), None):
            read = f"Back to {' and '.join(earlier)} – {back['rest']}"
    reading = _interpret(read, history, documents)
    reading = replace(reading, topic=led) if led else reading  # the topic said before the dash, for the turns after
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
        if latest := relative_year("latest", reading.councils[0], (), documents):
            reading = replace(reading, years=(latest,))
    reading = _without_pointer(reading) if history else reading
    return replace(reading, question=typed)  # as typed, remark and all


def _of_topic_lead(asked: str) -> tuple[str, str]:
    """`asked` with a topic said before it, set off by a dash, written into the question after the dash; the topic.

    "and out of hours back then - was that any good?": was out of hours back then any good?; "and the ones leaving
    care — do they get any help …?": do they (the ones leaving care) get any help …?; "and the care leavers - any
    tenancies falling through?": any tenancies falling through for the care leavers?; "oh and wasn't there a thing
    about homeless 16 and 17 year olds - did they sort that?": did they sort homeless 16 and 17 year olds?; "and
    getting info back from other agencies - slow too?": was getting info back … slow too? Not a
    council ("and sutton - …", `_PLACE_LEAD`), a report ("and child protection in that one — …", `_IN_THAT_ONE`), nor
    a clause that asks ("and how are they doing - …"). The topic is ``""`` when there is none.
    """
    lead = _TOPIC_LEAD.match(asked)
    if lead is None or _IN_THAT_ONE.match(asked):
        return asked, ""
    rest = lead["rest"]
    if not ASKING.match(rest) and _HOW_IT_IS.fullmatch(rest):  # "- slow too?": was it slow too?
        rest = f"was it {rest}"
    if not ASKING.match(rest):
        return asked, ""
    topic = lead["topic"]
    if council_mentions(topic) or ASKING.match(topic):
        return asked, ""
    if (named := read_alone(topic).topic) in ("", "way"):  # "and way back in 2016 - did they …?": then
        return (before_mark(rest, f" in {year.group()}"), "") if (year := WHOLE_YEAR.search(topic)) else (asked, "")
    if (it := _PRONOUN.search(rest)) or ((it := _ANY_POINTER.search(rest)) and _DEGREE_AFTER.match(rest, it.end())):
        return f"{rest[: it.start()]}{topic}{rest[it.end() :]}", named  # "was that any good?", not "that set-up"
    # "do they actually get them out?": them, the people of the topic, where "they" is the council
    if they := _OBJECT_THEM.search(rest) or _THEY_THEM.search(rest):
        return f"{rest[: they.end()]} ({topic}){rest[they.end() :]}", named
    return before_mark(rest, f" for {topic}"), named


_HOW_IT_IS = re.compile(r"[a-z]+\s+(?:too|as well|either)\s*\?\W*", re.I)  # "slow too?": as the topic before was
_DEGREE_AFTER = re.compile(r"\s+(?:any|ever|still|really|actually|even|much|more|less|all|so|too|as|an?|the)\b", re.I)
_THEY_THEM = re.compile(r"\b(?:they|them)\b", re.I)
_OBJECT_THEM = re.compile(r"\bthem\b", re.I)
_TOPIC_LEAD = re.compile(
    r"^\W*(?:(?:oh|ok|okay|so|right)\W+)?and\s+(?:(?:was|is|were|are)n['’]?t\s+there\s+(?:a|an|some)\s+"
    r"(?:thing|something|bit|issue|point|problem)\s+(?:about|on|with)\s+)?"
    r"(?P<topic>[^?,:;–—]{2,50}?)\s*(?:[–—]|\s-)\s*(?P<rest>\S.*)$",
    re.I,
)


def _without_asides(asked: str) -> str:
    """`asked` less the asides and remarks before its question, said plainly."""
    while (aside := _ASIDE.match(asked)) and _drops(aside.group(), asked[aside.end() :]):
        asked = asked[aside.end() :]  # "nice. anything they need to do better?", "Different angle – do …?"
    if (aside := _REMARK_COMMA.match(asked)) and _drops(aside.group(), rest := asked[aside.end() :]):
        if ASKING.match(rest) and (not key_words(aside.group()) or read_alone(rest).topic):
            asked = rest  # "that's a change, wasn't camhs a nightmare at the 2021 one?"
    asked = _plainly(asked)
    if (remark := _REMARK_ASKED.match(asked)) and ASKING.match(asked[remark.end() :]):
        asked = asked[remark.end() :]  # "so that's a drop? what were they before"
    return asked


def _without_pointer(reading: Reading) -> Reading:
    """`reading` with "that" before its own topic said "the": no pointer in the question searched.

    "was that night cover any good back in 2018?" asks of the night cover; "that team", of one word, points back (the
    team talked of), and "get that made official" names no thing.
    """
    searched, topic = reading.standalone, reading.topic
    that = re.search(rf"\b(?:that|this)\s+(?={re.escape(topic)}\b)", searched) if " " in topic else None
    if that is None or _DONE.match(topic):
        return reading
    return replace(reading, standalone=f"{searched[: that.start()]}the {searched[that.end() :]}")


_DONE = re.compile(r"(?:made|make|get|got|done|do|go|gone|sorted)\b|\w{3,}ed\b", re.I)  # "that made official"


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
        council_only = COUNCIL_TAIL.fullmatch(after) or year
        if after.strip() and not council_only and not (own and not _WHICH_REPORT.search(after)):
            return None  # "going back to tower hamlets' latest one - …": a report, not a council
        own_thing = bool(own and not council_only)
        topic = f"the {own['thing']}" if own and own_thing else ""
        if of_thing := _thing_in(what, mentions):  # "going back to the kids whose plans were stuck in camden - …"
            topic, own_thing = of_thing
        about = [t for t in reversed(history) if set(find_councils(" ".join(t.councils))) & set(named)]
        # "ok back to camden - …" after its 2022 report and Islington's: the turn that opened on Camden
        turn = about[-1] if about else None
        if year:  # "going back to haringey in 2023, did they say why it was missing?": what was asked of it then
            which = year["year"]
            turn = next((t for t in about if which in t.years), turn)
            topic = turn.topic if turn and which in turn.years and not _grade_check(rest) else ""
        council = what[: mentions[0][2]] if topic or year or after.strip() else what  # not "camden's"
        council = what[mentions[0][1] : mentions[0][2]] if of_thing else council
        since = history[_turn_number(turn, history) + 1 :]
        turn = replace(turn or Reading(council, council), councils=(council,))
    elif (year := WHOLE_YEAR.search(what)) and not back["thing"]:
        which = year.group()
        reported = (t for t in reversed(history) if any(int(which) in report_years(c, documents) for c in t.councils))
        turn = next(reported, history[-1])
    elif _FIRST.fullmatch(what):
        turn, topic = history[0], history[0].topic
    elif not back["thing"] and not _earlier_turn(what, history):
        named_thing = key_words(what) or other_forms(what)  # "the hold-ups": the reports' "delays"
        if not named_thing or len(history) < 2 or not same_councils(history[0].councils, history[-1].councils):
            return None  # "going back to those hubs — …": a topic asked about before, said without "thing"
        # "going back to those six-week waits, did the bosses admit it?" after turns on other reports: a thing an
        # answer said, of the council's report the conversation opened on
        turn, topic = history[0], f"the {what}"
    else:
        turn, topic = _earlier_turn(what, history) or history[-1], f"the {what}"
    took = []
    they = _THEY_ASKED.search(rest) if own_thing else None  # "back to lancashire care leavers - how were they rated …?"
    if topic and (it := _pointer_back(rest, topic, they)):
        if it.re is _ONES and " " in it["which"]:  # "the first ones": the first health checks
            topic = f"{it['which']} {topic.removeprefix('the ')}"
        rest = f"{rest[: it.start()]}{topic}{rest[it.end() :]}"  # "is it quick at least?": is the mash quick
        took.append("topic")
    elif topic == f"the {what}" and (there := _THERE.search(rest)):  # "… jobs or college there?" of "those hubs"
        rest = f"{rest[: there.start()]}at {topic}{rest[there.end() :]}"  # at the hubs
        took.append("topic")
    elif (
        topic
        and answer_type(rest) in (None, "improve")
        and not {w[0] for w in key_words(topic)} & {w[0] for w in key_words(rest)}
    ):  # not "going back to the leadership churn - when did the current director start?": a date of its own
        rest = f"On {topic}, {rest[:1].lower()}{rest[1:]}"  # "going back to north yorkshire's offer, is the written
        # version easy to follow?": of the offer still
        took.append("topic")
    since = since if named and not back["thing"] else history[_turn_number(turn, history) + 1 :]
    return _of_turn(rest, turn, which, bool(named), since, took)


def _thing_in(what: str, mentions: list[tuple[str, int, int]]) -> tuple[str, bool] | None:
    """The thing `what` names before the one council it ends on, and ``True``; ``None`` where it names none.

    "kids whose plans were stuck in camden": "the kids whose plans were stuck", of Camden; not "camden", "camden's".
    """
    if len(mentions) != 1 or what[mentions[0][2] :].strip():
        return None
    thing = re.sub(r"\s+(?:in|at|of|from|for|with)\s*$", "", what[: mentions[0][1]]).strip()
    return (f"the {thing}", True) if WORD.search(thing) else None


def _pointer_back(rest: str, topic: str, they: re.Match[str] | None) -> re.Match[str] | None:
    """The word of `rest` that points to the `topic` gone back to: "it", "that", "the first ones", "of them".

    `they`: where "they" is the thing gone back to ("… how were they rated?"). "… oversight for them?" points to
    people ("the kids whose plans were stuck"), not to a thing ("housing for them" after "the b&b thing").
    """
    return (
        _PRONOUN.search(rest)
        or _ANY_POINTER.search(rest)
        or _ONES.search(rest)
        or they
        or _THEM.search(rest)
        or (_BACK_FOR_THEM.search(rest) if _PEOPLE.search(topic) else None)
    )


def _turn_number(turn: Reading | None, history: Sequence[Reading]) -> int:
    """Where `turn` is in `history`; -1 (before them all) if it is none of its turns."""
    return next((number for number, earlier in enumerate(history) if earlier is turn), -1)


def _of_turn(
    rest: str, turn: Reading, which: str, named: bool, since: Sequence[Reading], took: list[str]
) -> tuple[str, tuple[str, ...]]:
    """`rest` of a turn going back, asked of the council and report of the `turn` gone back to (`_back_to`).

    `which` is the report the user named ("2019", "the recent one"), if any; `named` whether they named the council;
    `since` the turns after the one gone back to; `took` what was taken from the turn so far.
    """
    scope = "" if council_mentions(rest) else " and ".join(turn.councils)
    took = [*took, "council"] if scope and not named else took
    # "going back to the police triage thing in the recent one - …": that report
    if WHOLE_YEAR.fullmatch(which) or _LATEST.fullmatch(which):
        rest = before_mark(rest, f" in {which}" if WHOLE_YEAR.fullmatch(which) else " at the latest inspection")
    elif turn.years and not (WHOLE_YEAR.search(rest) or asks_latest(rest)):
        scope = f"{scope} in {turn.years[-1]}" if scope else turn.years[-1]
        took = [*took, "year"]
    elif (
        any(later.years for later in since)
        and not (WHOLE_YEAR.search(rest) or says_then(rest))  # "… — was that sorted back then?": the year talked of
    ):
        # "going back to the young carers thing - …" after turns on the 2019 report, "back to rochdale - …" after
        # its 2018 report and Dudley's: the turn gone back to asked of no year, and was answered from the latest report
        rest = rest if asks_latest(rest) else before_mark(rest, " at the latest inspection")
        took = [*took, "year"]
    head, mark, tail = rest.partition("?")  # "anything on their system? the social workers hate it": the first
    return (f"{before_mark(head + mark, f' in {scope}')}{tail}" if scope else rest), tuple(took)


_THEM = re.compile(r"(?<=\bof )them\b", re.I)  # "were any of them put off …?": of the people gone back to
_BACK_FOR_THEM = re.compile(r"(?<=\bfor )them\b", re.I)  # "… oversight for them?", of people gone back to, not a thing
_WITH = re.compile(r"\b(?:with|alongside)\s+(?:the\s+)?$", re.I)
_LIVING_IN = re.compile(  # "if i live in brum now", "now i've moved to leeds": where the user lives
    r"\b(?:if|since|now|as|because)\s+(?:i|we)(?:['’]m|['’]ve| am| have)?\s+(?:live|living|moved|move|moving|relocated)"
    r"\s+(?:\w+\s+)?(?:in|to)\s+$",
    re.I,
)
_THEY = re.compile(r"\b(?:they|their|them)\b", re.I)


def _only_councils(text: str, start: int) -> list[str]:
    """The councils `text` names from `start` on ("reading?" of "same for reading?"); none if it names more."""
    kept, mentions = list(text), council_mentions(text)
    for _, begin, end in mentions:
        kept[begin:end] = " " * (end - begin)
    rest = re.sub(r"\band\b", "", "".join(kept[start:]), flags=re.I)
    return [] if WORD.search(rest) else [name for name, begin, _ in mentions if begin >= start]


def _partners(question: str) -> set[str]:
    """The councils `question` names as working with "they" (the council before), or as where the user now lives.

    Not its subject: "weren't they sharing services with kensington …?"; "do i still get my council tax covered if i
    live in brum now?" (a care leaver of the council before, living away); not "we might move to stockport — is it
    better there?", which asks of Stockport.
    """
    return {
        name
        for name, start, _ in council_mentions(question)
        if (_WITH.search(question[max(0, start - 12) : start]) and _THEY.search(question[:start]))
        or (_LIVING_IN.search(question[max(0, start - 40) : start]) and not _THERE.search(question))
    }


def _earlier_turn(what: str, history: Sequence[Reading]) -> Reading | None:
    """The latest turn whose question has words of `what` ("those hubs"; "dentist": "dental" too), if any.

    Or their reports' forms: "the sibling group thing" goes back to "… my son's on one with his brothers and sisters".
    """
    words = {token for *_, tokens in key_words(what) for token in tokens}
    return next((turn for turn in reversed(history) if words & _said_in(turn.question)), None)


def _said_in(question: str) -> set[str]:
    """The words of `question`, and of the reports' forms of its everyday words ("brothers and sisters": siblings)."""
    forms = [form for *_, group in other_forms(question) for form in group]
    return set(tokenize(question)) | set(tokenize(" ".join(forms)))


_AGO = re.compile(r"\s*\b(?:(?:a few|a couple of|some|many|several|two|three)\s+)?years\s+(?:ago|back)\b", re.I)
_ASKS_ALSO = re.compile(r"\b(?:what|how|why|where|when|who)\W*$", re.I)  # the end of a claim that asks itself


def _claim_checked(question: str) -> str | None:
    """The claim `question` asks to have checked, as a question; None when it asks no such thing.

    "i keep hearing care leavers there cant get housing - does the report back that up": "Did Ofsted find care
    leavers there cant get housing?"; "it sounded more positive in 2022 didnt it?": "Did Ofsted find it sounded more
    positive in 2022?", where "it" is the topic before, as in any follow-up.
    """
    if (check := _CHECK.match(question) or _TAG.match(question)) and (
        _ASKS_ALSO.search(check["claim"]) or _ASKS_TAIL.search(check["claim"])
    ):  # "is haringey's front door any good these days, what did ofsted say": it asks what was said; "they've come
        return None  # a long way, how bad was it in 2018?": a question, not a claim to check
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
        told, rest = read_alone(tagged["claim"]), tagged["rest"].rstrip(" ?")
        of_that = _MAKE_OF_THAT.search(rest)  # "… hasn't it? what did the latest inspection make of that?"
        about = f" {'say about' if of_that else 'with'} {told.topic}" if told.topic else ""
        where = "".join(f" in {' and '.join(named)}" for named in (told.councils, told.years) if named)
        return f"{rest[: of_that.start()] if of_that and about else rest}{about}{where}?" if about or where else None
    else:
        return None
    claim = claim.strip(" ,.;:–—-")
    points = _ANY_POINTER.search(claim) or _SAME_THING.search(claim)
    return f"Did Ofsted find {claim}?" if claim and (read_alone(claim).topic or points) else None


def _said(claim: str) -> str:
    """What `claim` says: its last sentence (not "interesting." before it), less how the user came by it.

    A council named in how they came by it, or before it, is the claim's: "my mate works in barnsley children's
    services and says everyone keeps leaving" says "everyone keeps leaving in barnsley"; "care leaver in lewisham - my
    PA never mentioned any extra money i could ask for" says "… ask for in lewisham".
    """
    parts, _ = clauses(claim)
    said = parts[-1].group() if parts else ""
    heard = _HEARD.match(said)
    told = claim[: parts[-1].start()] if parts else ""  # "care leaver in lewisham - my PA never mentioned …"
    if heard:
        told, said = f"{told} {heard.group()}", said[heard.end() :]  # "my mate works in barnsley …"
    named = [told[start:end] for _, start, end in council_mentions(told)]
    return said + "".join(f" in {name}" for name in dict.fromkeys(named) if not council_mentions(said))


def _drops(aside: str, rest: str) -> bool:
    """Whether a few words before a question (`aside`, then `rest`) only remark on the answer before.

    "ok.", "nice.", "Big turnaround.", "that explains a lot.", "Different angle –"; not "Care leavers." before "What
    did they say?", nor "S Glos –".
    """
    if _BACK.match(aside) or _BACK_UNNAMED.match(aside):
        return False  # "Back to the island –": the council before; "back to the new one –": the latest report
    if _NEW_TOPIC.search(aside) and not council_mentions(aside) and ASKING.match(rest) and read_alone(rest).topic:
        return True  # "ok different topic - how are kids in care getting on at school there now?"
    if council_mentions(aside) or WHOLE_YEAR.search(aside) or _NEW_TOPIC.search(aside) or asks_latest(aside):
        return False  # "Different thing –": a question of its own follows
    if _REMARK.match(aside):  # "that explains a lot.", "fair enough i suppose."
        return True
    if len(WORD.findall(aside)) > 3:  # "going back to exploitation –": the topic
        return False
    if key_words(aside) and ASKS_OF_IT.match(rest):  # "and foster carers - have they got a target …?": of them
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
    no_part = not before.topic or bool(THOSE.search(question) and _WHOLE_SERVICE.fullmatch(before.topic))
    if len(before.answered) == 1 and no_part and (not own.topic or THOSE.search(question)):
        if answer_type(question) != "improve":
            before = replace(before, topic=before.answered[0][0].lower() + before.answered[0][1:])
    if before.councils and (partners := _partners(question)):  # "weren't they sharing services with kensington …?"
        own = replace(own, councils=tuple(c for c in own.councils if not set(find_councils(c)) & partners))
    councils, years, topic = own.councils, own.years, own.topic
    across = bool(_ACROSS.search(question))
    graded = WHEN_GRADED.sub("", question)  # "was that a problem back when they were inadequate?" asks no grade
    asks = answer_type(_LEAD.sub("", graded)) or asked_fact(graded)  # "And what was the verdict in 2018?"
    if asks is None and (clause := _asking_clause(graded)):  # "And the one before, what did they get?"
        asks = answer_type(clause[1]) or asked_fact(clause[1])
    whole = _asked_whole(question, own, history, documents)
    if whole is not None:
        return whole
    carried: list[str] = []
    asking = _without_remarks(question)  # "are they recruiting?", not "we're really stretched" after it
    text = _LEAD.sub("", asking) or asking
    text = text[0].upper() + text[1:]
    text, topic = _ones_named(text, before) or _thing_said(text, history) or (text, topic)  # "the review ones"
    scope = councils or before.councils  # whose reports "the earlier inspection", "now" are
    years_named = bool(years)
    years, text, said = years_said(text, years, scope, history, documents)
    if said != text and not years_named:  # "And in the newest report?": those words name the inspection, no topic
        topic = read_alone(said).topic
    if grade := _grade_asked(said, before):  # "Still outstanding in the newest report?", "Did Newcastle get …?"
        councils = councils or before.councils
        years = years or same_years(councils, history, documents)[-1:]
        when = f" in {years[0]}" if years else ""
        standalone = f"Was {' and '.join(councils)} {grade}{when}?" if councils else question
        from_before = (() if own.councils else ("council",)) + (("year",) if years and not years_named else ())
        return Reading(question, standalone, councils, years, "", from_before)  # the service's grade: no topic
    if topic and not (councils or years or asks) and _PHRASE.match(text) and not _PHRASE_ASKS.match(text):
        return _with_phrase(question, text, topic, before)  # "And in the evenings?"
    like_that = _LIKE_THAT.sub(" ", said)  # "Does Hartlepool have anything like that?": the question before
    bare = not _ANY_POINTER.search(like_that) and _bare(like_that)
    if bare and not asks and (councils or years) and (not topic or like_that != said):
        return _rescoped(question, history, councils, years, documents)  # "And in 2018?", "What about Coventry?"
    if not ASKING.match(text) and (clause := _asking_clause(text)):
        # "And the one before, what did they get overall?": the clause that asks, of the years the other named
        text = clause[1][0].upper() + clause[1][1:]
        topic = read_alone(text).topic
        if councils and not council_mentions(text):
            text = before_mark(text, f" in {' and '.join(councils)}")
        if years and not any(year in text for year in years):
            text = before_mark(text, f" in {' and '.join(years)}")
    overall = bool(_OVERALL.search(question))  # "and overall is this an improvement on 2019?": the inspection
    held_up = _ASKS_WHY.match(question) and set(tokenize(topic)) <= _HOLD_UPS  # "why the hold ups?": of the topic
    if topic and before.topic and (set(tokenize(topic)) <= _ANYONE or held_up):  # "do they say how many kids …?"
        topic = ""  # of the topic before: the kids of it, its delays
    text, topic, took = _with_topic(text, topic, before, asks, bool(councils or years), overall)
    carried += ["topic"] if took else []
    text = _as_question(text)
    if not councils and before.councils and not across:
        carried.append("council")
        councils = before.councils
        name = " and ".join(councils)
        text = _THEIR.sub(f"{name}’s", text, count=1)
        text = _THERE.sub(f"in {name}", text, count=1) if _THERE.search(text) else text
        if not any(n.lower() in text.lower() for n in councils):
            text = before_mark(text, f" in {name}")
    text, years, dated = _dated(text, question, years, councils, history, documents)
    carried += ["year"] if dated else []
    if not carried:
        return own
    return Reading(question, text, councils, years, topic, tuple(carried))


def _dated(
    text: str,
    question: str,
    years: tuple[str, ...],
    councils: tuple[str, ...],
    history: Sequence[Reading],
    documents: Collection[Document],
) -> tuple[str, tuple[str, ...], bool]:
    """`text` with its `years` said, or the years of the turns before kept; whether they were kept.

    "What's left to improve?" is of the report talked about; not "… at the latest inspection", of no year before.
    """
    if years and not any(year in text for year in years):  # "What's left to improve?": the latest report's list
        return before_mark(text, f" in {' and '.join(years)}"), years, False
    if years or _NAMES_LATEST.search(text):
        return text, years, False
    if not (years := same_years(councils, history, documents, _in_step(question))):
        return text, years, False
    if len(years) > 1 and not _COMPARING.search(question):  # after "2023 … compared with 2019", the latest
        years = (max(years),)
    return before_mark(text, f" in {' and '.join(years)}"), years, True


_NAMES_LATEST = re.compile(r"\b(?:latest|newest|most recent)\b", re.I)  # "at the latest inspection": no year before
_THING = re.compile(r"\bthe\s+(?P<what>[\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:thing|stuff|issue|business)\b", re.I)


def _thing_said(text: str, history: Sequence[Reading]) -> tuple[str, str] | None:
    """`text` with "the health thing" said as the topic of the latest turn that spoke of health, and that topic.

    "was the health thing flagged back in 2019 as well?" after "do health actually get pulled into strategy
    discussions?" and a turn on conferences asks of health in strategy discussions. ``None`` where no earlier topic
    says more than the words.
    """
    if not (thing := _THING.search(text)) or not (turn := _earlier_turn(thing["what"], history)):
        return None
    said = {token for *_, tokens in key_words(thing["what"]) for token in tokens}
    if not said & _said_in(turn.topic) or set(tokenize(turn.topic)) <= said:
        return None
    return f"{text[: thing.start()]}{turn.topic}{text[thing.end() :]}", turn.topic


def _ones_named(text: str, before: Reading) -> tuple[str, str] | None:
    """`text` with "the review ones" said as the things the topic before names, and its topic; else ``None``.

    "what about the review ones?" after "are health checks for kids coming into care … running late?" asks of the
    review health checks; not "the latest ones" (reports).
    """
    ones = _ONES.search(text)
    if not ones or " " not in ones["which"] or not before.topic or _WHICH_REPORT.search(ones[0]):
        return None
    head = _TOPIC_HEAD.split(before.topic, maxsplit=1)[0]  # "health checks" of "health checks for kids …"
    if not re.search(r"[^s]s$", head) or key_words(text[: ones.start()] + text[ones.end() :]):
        return None  # things, and the question asks of nothing else: not "the younger ones … keep getting new …"
    return (
        f"{text[: ones.start()]}{ones['which']} {head}{text[ones.end() :]}",
        f"{ones['which'].split(' ', 1)[1]} {head}",
    )


def _with_phrase(question: str, phrase: str, topic: str, before: Reading) -> Reading:
    """The question before with `phrase` added: "And in the evenings?", "and once they turn 18?".

    A time asked of takes the place of the time the question before asked of ("how are they treated when they first
    arrive?", then "and once they turn 18?": treated once they turn 18, not both).
    """
    asked = asked_before = asking_part(before.standalone)
    if _TIME_PHRASE.match(phrase):
        asked = _TIME_CLAUSE.sub("", asked, count=1)
    searched = before_mark(asked, f" {phrase[0].lower()}{phrase[1:].rstrip(' ?.!')}")
    topic = f"{before.topic} {topic}" if asked == asked_before else read_alone(searched).topic
    return Reading(question, searched, before.councils, before.years, topic, ("question",))


def _plainly(asked: str) -> str:
    """`asked` less a word of surprise or a filler before it and a remark about the user after it, and said plainly.

    "odd, wasnt that fine …?", "wait, what company? …", "how about hillingdon, thats the other offer I've got"; "and
    that one had something about …?" is what Ofsted said about it.
    """
    asked = _FILLER.sub("", asked) or asked
    asked = _HAD_SOMETHING.sub("What did Ofsted say about ", _EXCLAIM.sub("", asked))
    return _ABOUT_ME_AFTER.sub("", asked) or asked


def _as_question(text: str) -> str:
    """`text` asked: "And their caseloads?" is what Ofsted said about them.

    Not "my daughter's boy is on a supervision order, how are those kids getting on?", whose last clause asks.
    """
    asks = ASKING.match(_WHEN_LEAD.sub("", text))  # "nowadays are the social workers there swamped?"
    if asks or _IF_ASKS.match(text) or _ASKING_CLAUSE.search(text) or _PHRASE_ASKS.match(text):
        return text
    named = text[1:2].isupper() or any(start == 0 for _, start, _ in council_mentions(text))  # "Derbyshire …"
    return f"What did Ofsted say about {text[0] if named else text[0].lower()}{text[1:]}"


def _asked_whole(
    question: str, own: Reading, history: Sequence[Reading], documents: Collection[Document]
) -> Reading | None:
    """`question` read as a whole, if it is one: a full new question, "Back to Hackney – …", "Why not?"."""
    councils, topic, before = own.councils, own.topic, history[-1]
    points_back = bool(_POINTER.search(question) or _THERE.search(question) or _THEIR.search(question))
    alone = not points_back and not _ALSO.search(question)  # "Was Sandwell having the same staffing trouble?"
    whole_list = answer_type(question) == "improve"  # "What's holding Reading back?": the report's whole list
    if councils and (topic or whole_list) and alone and not _LEAD.match(question) and not _WHAT_ABOUT.match(question):
        if _BACK.match(question) and not own.years and (years := same_years(councils, history, documents)):
            standalone = before_mark(question, f" in {' and '.join(years)}")  # "Back to Hackney – how are …?"
            return Reading(question, standalone, councils, years, topic, ("year",))
        if (
            same_councils(councils, before.councils)
            and before.years
            and not own.years
            and not _COMPARING.search(question)
            and not asks_latest(question)
        ):  # "how many children from other councils live in kent?" after Kent's latest report: that report
            standalone = before_mark(asking_part(question), f" in {' and '.join(before.years)}")
            return Reading(question, standalone, councils, before.years, topic, ("year",))
        return own  # a full new question
    if _WHY.fullmatch(question):  # "Why?", "Why not?": the question before, asked why
        standalone = f"{question.strip()} {asking_part(before.standalone)}"
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
        pointer = _pointing(_ANY_POINTER, text)
        if pointer and (one := _ONE.match(text, pointer.end())):  # "that one", "that inspection": the inspection
            noun = "inspection" if one["noun"] == "one" else one["noun"]
            return f"{text[: pointer.start()]}the {noun}{text[one.end() :]}", before.topic, False
        if pointer and overall:  # "overall, is this an improvement?": the inspection, of no one topic
            return f"{text[: pointer.start()]}the inspection{text[pointer.end() :]}", "", False
        people = THOSE.match(text, pointer.start()) if pointer else None
        if people and not _is_meta(asks):  # "those kids": the people of the topic before, named beside them
            text = f"{text[: people.end()]} ({before.topic}){text[people.end() :]}"
        elif pointer and (not _is_meta(asks) or (asks == "grade" and judgement_area(before.topic) != "overall")):
            # "What grade was that?" after children in care: that area's grade
            text = f"{text[: pointer.start()]}{before.topic}{text[pointer.end() :]}"
        elif pointer:
            text = f"{text[: pointer.start()]}the inspection{text[pointer.end() :]}"
        elif (the := _THE_PEOPLE.search(text)) and _PEOPLE.search(before.topic) and not _is_meta(asks):
            # "so where are the kids ending up instead?" after children in care: those children
            text = f"{text[: the.end()]} ({before.topic}){text[the.end() :]}"
        elif (them := _ABOUT_THEM.search(text)) and not _is_meta(asks):  # "what did the 2018 one say about them?"
            text = f"{text[: them.start()]}{before.topic}{text[them.end() :]}"
        elif not _is_meta(asks) and not _whole_list(text, asks) and not _any_strengths(text):
            text = before_mark(text, f" about {before.topic}")
        elif _grades(asks):  # "What did they get overall?": the whole service's, and so for the turns after
            return text, "", False
        else:  # "Which councils were judged inadequate in 2023?", "What did they tell them to work on?" (the
            return text, before.topic, False  # report's whole list): the topic is kept for later turns, not asked
        return text, before.topic, True
    if (
        topic
        and before.topic
        and not _is_meta(asks)
        and (it := _pointing(_PRONOUN, text) if " " not in topic else _OBJECT_IT.search(text) or _IT_FOR.search(text))
        # "what about middlesbrough, is it settled there?" after the social workers settled: they, in Middlesbrough;
        # "has that settled down now?": that, now
        and (not rescoped or set(tokenize(topic)) < set(tokenize(before.topic)) or _points_back(it, text))
        and not _named_before(text, it.start())  # "someone mentioned a 'house project'? what did they say about
    ):  # it": the topic just named
        own_words = set(tokenize(topic))  # "is it settled there?": "it" the social workers, "settled" said already
        said = [set(tokenize(word)) for word in before.topic.split()]  # "on" of "kids on care orders" kept
        means = " ".join(w for w, t in zip(before.topic.split(), said, strict=True) if not t or not t <= own_words)
        means = means if set(tokenize(means)) else before.topic
        if _QUALIFIER.match(means):  # "is it any different for kids living at home who go missing?" after kids in
            return text, topic, False  # care who go missing: what "it" meant is said again, not "in care"
        return f"{text[: it.start()]}{means}{text[it.end() :]}", before.topic, True  # "it" is the topic
    if topic and before.topic and not _is_meta(asks) and (the := _those_before(text, before.topic, rescoped, topic)):
        return f"{text[: the.end()]} ({before.topic}){text[the.end() :]}", before.topic, True
    if topic and before.topic and (those := _THOSE_TALKS.search(text)) and topic.lower() == those["noun"].lower():
        # "were those chats any better done in 2020?" after the talks with children back from going missing
        return f"{text[: those.start()]}{before.topic}{text[those.end() :]}", before.topic, True
    if topic and (the := _THE_HEAD.search(text)) and _head_of(before.topic, the["noun"]) and topic == the["noun"]:
        # "was the team any better in 2018?" after the children with disabilities team: that team
        return f"{text[: the.start('noun')]}{before.topic}{text[the.end('noun') :]}", before.topic, True
    if topic and (named := _the_whole_term(text, topic, before.topic) or _kind_of_carers(text, topic, before.topic)):
        return *named, True  # "is the conference itself any good?": the first child protection conference
    if topic and _WHAT_ABOUT.match(text):
        text = _WHAT_ABOUT.sub("What did Ofsted say about", text, count=1)
    return text, topic, False


def _those_before(text: str, topic: str, rescoped: bool, own: str) -> re.Match[str] | None:
    """Where `text`, a turn with a topic of its own, speaks of the people or things of the `topic` before.

    "do the kids even know there's help?" after young carers: those kids; "are their social workers seeing them
    enough?" after the children living in unregistered homes: those children; "is lancashire any better on the health
    side for them?" after care leavers: for care leavers, in another council too (`rescoped`); "if the kids need mental
    health help, do they wait?" after foster carers: kids of no topic before. "wasn't there a massive backlog of those
    in 2016?" after domestic abuse referrals: of those referrals, people or not; "is anyone keeping tabs on those
    kids?" after unregistered children's homes: the kids in them.
    """
    those = THOSE.search(text)  # "tabs on those kids" after unregistered children's homes: the kids in them
    rest = _PEOPLE.sub(" ", re.sub(rf"\b{re.escape(those.group())}\b", " ", own, flags=re.I)) if those else ""
    if those and not _PEOPLE.search(_WHOSE.sub(" ", topic)) and set(tokenize(rest)) and not other_forms(rest):
        return those  # (not "those kids living with family friends", a topic of their own)
    if not _PEOPLE.search(topic):
        return _OF_THOSE.search(text)
    kids = _THE_PEOPLE.search(text) if _CHILDREN.search(topic) else None
    return (
        (None if rescoped else kids or _DONE_TO_THEM.search(text)) or _FOR_THEM.search(text) or _OF_THOSE.search(text)
    )


_WHOSE = re.compile(r"\b(?:children|young people)['’]s?\s+\w+", re.I)  # "children's homes": no people


def _without_remarks(question: str) -> str:
    """`question` less a remark after it that asks nothing and names no topic, or speaks of the user.

    "are they managing to get more foster carers in? we're really stretched": the question before the remark. A
    sentence before that speaks of the user goes too ("my lad turns 18 next year. what's it like for care leavers
    there now"), unless the question points back to it.
    """
    if (heard := _HEARD_AFTER.search(question)) and read_alone(question[: heard.start()]).topic:
        question = question[: heard.start()]
    parts, asking = clauses(question)
    while len(parts) > 1 and parts[0] not in asking and parts[1] in asking and about_user(parts[0].group()):
        rest = question[parts[1].start() :]  # "my lad turns 18 next year. what's it like for care leavers there"
        named = council_mentions(said := parts[0].group())
        moving = _MOVING.search(said) and not WHOLE_YEAR.search(said) and not council_mentions(rest)
        if named and moving and (there := _THERE.search(rest)):
            # "we might move to stockport — is it better there?": better in Stockport (not "my sister's a kinship
            # carer in sunderland - is it any better there?": of kinship carers)
            place = " and ".join(said[start:end] for _, start, end in named)
            return f"{rest[: there.start()].lstrip()}in {place}{rest[there.end() :]}"
        if named or WHOLE_YEAR.search(said) or _POINTER.search(rest):
            break
        if asks_of_told(" ".join(m.group() for m in parts[1:] if m in asking)):  # "… help for people like me?"
            break
        if not read_alone(rest).topic and not _POINTED.match(said):  # "that definitely wasn't happening when i
            break  # left - what did the 2023 one say?": of the topic before, which "that" points to
        parts = parts[1:]
        if (that := _THAT_NOUN.search(rest)) and (unit := _NOUN_SAID.search(said)) and unit["noun"] == that["noun"]:
            # "my son's with the disabled children's team - what did they say about that team?": that one
            return _without_remarks(f"{rest[: that.start()]}{unit[0]}{rest[that.end() :]}".strip())
    while len(parts) > 1 and parts[-1] not in asking and parts[-2] in asking:
        remark = parts[-1].group()
        if _NEARBY.match(remark):  # "is nottingham any quicker? they're just up the road": where they are
            parts = parts[:-1]
            continue
        if council_mentions(remark) or WHOLE_YEAR.search(remark) or _WHICH_REPORT.search(remark):
            break  # "… any better since? latest inspection", "there's a newer one i think": the report asked about
        if asks_latest(remark) and not about_user(remark):  # not "ive heard its still a struggle"
            break
        if key_words(remark) and not about_user(remark):
            break
        asked = question[parts[0].start() : parts[-2].end()]
        claimed = {token for *_, tokens in key_words(_HEARD.sub("", remark)) for token in tokens} - _SIZE
        if _HEARD.match(remark) and claimed and not read_alone(asked).topic:  # not "i remember it being massive"
            break  # "what's the weak spot though? i saw something about neglect": of neglect
        parts = parts[:-1]
    return question[parts[0].start() : parts[-1].end()].strip() if parts else question


# A remark on the topic before: "that definitely wasn't happening when i left" (not "that's what i want to know")
_POINTED = re.compile(r"\W*(?:that|this|it)\b(?!['’]?s\s+(?:what|how|why|when|where|who))", re.I)
# How big, no thing ("big", "mess", "nightmare" are `CHAT_WORDS`, no key words already)
_SIZE = frozenset(tokenize("massive huge enormous tiny small loads"))
_UNIT = r"team|service|unit|hub|panel|group|scheme|programme|project|clinic"
_THAT_NOUN = re.compile(rf"\b(?:that|this)\s+(?P<noun>{_UNIT})\b", re.I)  # "that team": one the user named
_NOUN_SAID = re.compile(rf"\b(?:the|a|an|their)\s+(?:[\w'’-]+\s+){{1,4}}?(?P<noun>{_UNIT})\b", re.I)
_NEARBY = re.compile(  # a remark that says only where the council is: "they're just up the road"
    r"^\W*(?:they|it|that|which)(?:['’]?re|['’]?s| are| is)\s+(?:just\s+|right\s+)?(?:next door|nearby|our neighbou?rs?"
    r"|(?:up|down) the (?:road|line)|round the corner|over the border|(?:over|across) the (?:river|water|border))\W*$",
    re.I,
)


def _points_back(it: re.Match[str], text: str) -> bool:
    """Whether `it` points back in a question of another council or year.

    "has that settled down now?": that, now; "was it any quicker for kids in care back in 2018?": the wait, for them,
    then (not "is it any better for care leavers' jobs in hammersmith?", of no one thing before).
    """
    return it.group().lower() == "that" or (it.re is _IT_FOR and not council_mentions(text))


def _pointing(pointer: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first word of `text` that `pointer` finds pointing back; not "that" of "the trust that was running …"."""
    return next(
        (m for m in pointer.finditer(text) if m.group().lower() != "that" or not _A_NOUN.search(text[: m.start()])),
        None,
    )


_A_NOUN = re.compile(r"\b(?:the|a|an|their|its|those|these)\s+[\w'’-]+\s+$", re.I)  # "the trust that …": which trust


def _named_before(text: str, at: int) -> bool:
    """Whether a clause of `text` before the one at `at` names a topic: "someone mentioned X? what about it"."""
    parts, _ = clauses(text[:at])
    return len(parts) > 1 and bool(read_alone(" ".join(m.group() for m in parts[:-1])).topic)


_FUNCTION_WORD = re.compile(
    r"(?:the|a|an|of|for|before|after|with|about|on|at|in|to|from|by|and|or|their|its|his|her|my|our|your)", re.I
)


def _the_whole_term(text: str, topic: str, before: str) -> tuple[str, str] | None:
    """`text` and its `topic` with "the conference" said as the term the topic `before` named, if it named one.

    "is the conference itself any good?" after "a safety plan before the first child protection conference": that
    conference, "Is the first child protection conference itself any good?".
    """
    the = _THE_HEAD.search(text)
    if not the or _PEOPLE.fullmatch(the["noun"]) or topic.split()[0].lower() != the["noun"].lower():
        return None  # "the kids being groomed": those kids, not "return home interviews when kids"
    following = re.match(r"\s+([\w'’-]+)", text[the.end("noun") :])  # "that night cover": the noun goes on
    if following and set(tokenize(following[1])) & set(tokenize(topic)):
        return None
    if not (whole := _compound_of(before, the["noun"])):
        return None
    return f"{text[: the.start('noun')]}{whole}{text[the.end('noun') :]}", f"{whole}{topic[len(the['noun']) :]}"


_KIND_OF_CARERS = re.compile(
    r"\b(?:foster|young|kinship|connected|adoptive|respite|family and friends|special guardian|short break)\s+carers\b",
    re.I,
)
_BARE_CARERS = re.compile(
    r"(?<!\bfoster )(?<!\byoung )(?<!\bkinship )(?<!\bconnected )(?<!\badoptive )(?<!\brespite )(?<!\bfriends )"
    r"(?<!\bguardian )(?<!\bbreak )(?<!\bparent )(?<!\bfamily )\bcarers\b",
    re.I,
)


def _kind_of_carers(text: str, topic: str, before: str) -> tuple[str, str] | None:
    """`text` and `topic` with bare "carers" the kind of carers of the topic `before`.

    "are they short of carers though?" after foster carers feeling supported asks of foster carers, not young carers.
    """
    if not (kind := _KIND_OF_CARERS.search(before)) or not (bare := _BARE_CARERS.search(text)):
        return None
    return f"{text[: bare.start()]}{kind.group()}{text[bare.end() :]}", _BARE_CARERS.sub(kind.group(), topic, count=1)


def _compound_of(topic: str, noun: str) -> str | None:
    """The term of several words in `topic` that ends in `noun`: `noun` and up to three words before it that name.

    "first child protection conference" of "safety plan before the first child protection conference" for
    "conference"; ``None`` where `noun` stands alone or is not in `topic`.
    """
    words = topic.split()
    ends = [n for n, word in enumerate(words) if word.lower().rstrip("s") == noun.lower().rstrip("s")]
    if not ends:
        return None
    start = ends[-1]
    while (
        start > max(ends[-1] - 3, 0) and tokenize(words[start - 1]) and not _FUNCTION_WORD.fullmatch(words[start - 1])
    ):
        start -= 1  # back to a function word or one that names nothing ("before", "the"), three words at most
    return " ".join(words[start : ends[-1] + 1]) if start < ends[-1] else None


def _head_of(topic: str, noun: str) -> bool:
    """Whether `noun` is the last word of `topic`, a topic of several words ("children with disabilities team")."""
    words = topic.lower().split()
    return len(words) > 1 and words[-1].rstrip("s") == noun.lower().rstrip("s")


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
    text, old_years = asking_part(before.standalone), before.years
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
        if not written and (latest := RELATIVE.search(text)) and latest["which"]:  # "at its latest inspection"
            text = f"{text[: latest.start('which')]}{' and '.join(years)}{text[latest.end('which') :]}"
        else:
            for year in written:  # "in jan 2025" → "in 2021": that month was the other inspection's
                text = re.sub(rf"\b(?:{MONTH_WORDS})\.?\s+(?={year}\b)", "", text, flags=re.I)
            text = _replace_all(text, written, " and ".join(years), " in ")
    elif years := same_years(councils, history, documents, _in_step(question)):
        carried.append("year")
        if not same_councils(councils, before.councils):
            text = before_mark(text, f" in {' and '.join(years)}")
    parts, asking = clauses(question)  # "and in 2019? i heard they were swamped": what they heard, searched too
    heard = [m.group().strip(" .!") for m in parts if m not in asking and HEARD_OF.match(m.group())]
    if heard and read_alone(" ".join(heard)).topic:
        text = before_mark(text, f" ({' '.join(heard)})")
    return Reading(question, text, councils, years, before.topic, tuple(carried))


def _grade_asked(text: str, before: Reading) -> str | None:
    """The grade a follow-up asks whether the council had (`_grade_check`), if that is what it asks.

    Not "was it good back in 2019 as well?" after "is their education team any good?": whether the team was.
    """
    grade = _grade_check(text)
    return None if grade == "good" and before.topic and _IT_THAT.search(text) else grade


def _grade_check(text: str) -> str | None:
    """The grade `text` asks whether the council had, when that is all it asks: "Wasn't it inadequate in 2015?"."""
    grades = list(_GRADE.finditer(text))
    if len(grades) != 1 or _DEGREE.search(text[: grades[0].start()]):  # "was it that good back in 2019?"
        return None
    rest = without_councils(text[: grades[0].start()] + text[grades[0].end() :])
    words = re.findall(r"[a-z]+(?:['’]t)?", WHOLE_YEAR.sub(" ", rest).lower())
    return grades[0].group().lower() if all(word in _GRADE_CHECK for word in words) else None


def _bare(text: str) -> bool:
    """Whether `text` says no more than another council or year: "And in 2018?", "Is St Helens any quicker?"."""
    parts, asking = clauses(text)
    if asking:  # "and Redcar? my cousin works up there"
        text = " ".join(m.group() for m in parts if m in asking or not about_user(m.group()))
    rest, named = THEN.sub(" ", without_councils(text)), council_mentions(text)  # "how about kent at that stage?"
    words = re.findall(r"[a-z]+", WHOLE_YEAR.sub(" ", rest).lower().replace("’", "'").replace("'s", ""))
    return all(word in _RESCOPING or word in MONTHS or (named and word in _AS_WELL) for word in words)


def _in_step(question: str) -> bool:
    """Whether `question`, of another council, asks about the time talked of ("around then", "at the time").

    Not "the same trouble", "too": of the development sets' 28 follow-ups so asked of another council, 27 ask its
    latest report.
    """
    return bool(THEN.search(question))


def _replace_all(text: str, old: Sequence[str], new: str, glue: str) -> str:
    """`text` with the first of `old` replaced by `new` wherever it stands, and the rest removed.

    `new` is added when `old` is empty.
    """
    if not old:
        return before_mark(text, f"{glue.rstrip()} {new}") if new else text
    for i, word in enumerate(old):
        pattern = rf"(?:\s+and\s+)?\b{re.escape(word)}\b"  # "Hillingdon ofsted 2023 – …" of "hillingdon"
        text = re.sub(pattern, (new if i == 0 else ""), text, count=int(i > 0), flags=re.I)
    return text


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
    if asks_of_told(clause[1]):
        return None  # "my daughter's boy is on a supervision order, how are those kids getting on there?": of them
    points_back = _ANY_POINTER.search(clause[1]) is not None
    if points_back and not text[clause.start()].startswith(","):
        return None  # "I keep hearing about CAMHS waiting lists. Did the inspectors pick up on that?": of the first
    # "the lad i foster turns 18 next year. what happens with support after that?": of the user, a remark
    return clause if FIRST_PERSON.match(head) or (MINE.search(head) and not points_back) else None


def _grades(asks: str | tuple[str, str] | None) -> bool:
    """Whether the question asks for the inspection's grades overall, of no one area of the work."""
    return asks == "grade" or (isinstance(asks, tuple) and asks[0] in ("grade", "grades") and asks[1] == "overall")


def _is_meta(asks: str | tuple[str, str] | None) -> bool:
    """Whether the question asks about the inspection itself (who led it, when, its grades), not a topic."""
    return asks in ("inspector", "date", "grade") or isinstance(asks, tuple)


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
    year = int(cited.when[:4])  # the inspection's year, as `report_years` counts them (not the year published)
    years = report_years(council, documents)
    out = []
    if earlier := [y for y in years if y < year]:
        out.append(f"What did Ofsted say about {reading.topic} in {council} in {earlier[-1]}?")
    if later := [y for y in years if y > year]:
        out.append(f"What did Ofsted say about {reading.topic} in {council} in {later[0]}?")
    if answer_type(reading.standalone) != "improve":
        out.append(f"What did Ofsted recommend about {reading.topic} in {council} in {year}?")
    return out
