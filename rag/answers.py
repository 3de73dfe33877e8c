"""Answers: extractive, cited, and honest about what the reports do not say.

No generative model writes anything. The answer is made of whole sentences from the top passages, verbatim,
each followed by a marker ``[1]``, ``[2]`` to the passage it comes from. Sentences are ranked by the cosine of
their embedding with the question, plus a share for the question's key words they contain (`rag.coverage`) and
one for stating what is asked (a date for "when", a figure for "how many"). "What needs to improve?" is answered
with the report's own list, item by item.

The answer says "not found", with the reason in plain words and the nearest passages as related reading, when:
the question names a council no indexed document concerns, or a name no document mentions ("Gotham"); no
sentence of the nearest passages is close to it; a key word of it is in no report in scope ("Norfolk's reports
do not mention council tax") and no sentence is very close, or none of its key words is, however close a
sentence; a term of the reports that it uses is said by none in scope, though its words are ("young carers"); it
asks "how many", "when", "how long", "what is the average …" or for a sum, and the answer would state no figure,
date, duration or sum of money (a year is not a count; a figure must be of what is counted); or it asks who holds
a role ("Who is the chief executive?") and no sentence names a person in it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np

from rag.chunking import Passage
from rag.councils import council_mentions, find_councils, without_councils
from rag.coverage import (
    CHAT_WORDS,
    FRAME_WORDS,
    Gap,
    acronym_unsaid,
    key_words,
    names_itself,
    rarest_unmentioned,
    unmentioned,
    written_as_name,
)
from rag.facts import (
    OTHER_BODY,
    Fact,
    area_grades,
    grade_asked,
    inspection_facts,
    judgement_area,
    overall_grade,
)
from rag.keywords import abbreviations, expansions, groups_named, in_report_words, names_a_thing, other_forms, tokenize
from rag.query import (
    AREA_WORDS,
    ASKS_WHEN,
    NOT_KNOWING,
    YEAR,
    Filters,
    answer_type,
    asking_clauses,
    asks_method,
    clauses,
    excluding_everything,
    favours_latest,
    holds_answer,
    lay_asking,
    narrow,
    sentence_holds,
    tells_method,
    without_filtered_words,
    year_filters,
)
from rag.retrieval import Hit, Retriever, wanted_answer
from rag.store import Index
from rag.text import MONTH_PATTERN, MONTH_WORDS, name_key, split_sentences

NOT_FOUND = "I could not find this in the reports."
# Calibrated on questions the corpus cannot answer against ones it can (see README, "Evaluation").
MIN_SIMILARITY = 0.48  # closest sentence's score below this: not supported
# Closest sentence's score below MENTION_SIMILARITY with the question's key words unmentioned: not supported. Either
# MENTION_GAP or more of them are in no passage in scope, or none of them is in the sentences chosen to answer.
MENTION_SIMILARITY = 0.65
MENTION_GAP = 0.3
KEEP_WITHIN = 0.12  # further sentences must score within this of the best
STATING_WITHIN = 0.2  # a sentence stating the figure asked for may score this much below the best
STATING_FURTHER = 0.3  # and this much, if it says more of the question's words than the best
SPEAKING_WITHIN = 0.2  # a sentence naming the other body asked about ("prison") may score this much below the best
MAX_SENTENCES = 3
RARE_TERM = 0.02  # a known term in under this share of all passages is what is asked (`rarest_unmentioned`)
LEXICAL_WEIGHT = 0.25
RANK_WEIGHT = 0.08
FINDING_WITHIN = 0.25  # where only items of "What needs to improve?" are chosen, a finding this close joins them
ANSWER_WEIGHT = 0.1  # a sentence that states what is asked (a date for "when", a figure for "how many")
_STATES = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|half|thirds?|quarters?"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|thousand|million|dozen)\b",  # "Nineteen per cent of this year’s care leavers …"
    re.I,
)
_HOW_MUCH_OF = r"how much of (?:the|their|its)"  # "how much of the staff was agency?": a share
# "how many new social workers had …": a figure of social workers (the words up to the verb, at most four, any of them)
_COUNTED = re.compile(
    rf"(?:\b(?:how many|what (?:share|proportion|percentage|number) of|{_HOW_MUCH_OF})|\bwhat\s*(?:%|per\s?cent) of) "
    r"(?:of (?:the|their|its|those|these) )?"  # "how many of their older care leavers …": older care leavers
    r"((?:(?!(?:are|were|is|was|has|have|had|did|does|do|will|would|can|could|who|who['’]d|who['’]ve|that)\b"
    r"|\w+n['’]t\b)"  # "how many kids didn't even have …": kids
    r"[\w’'-]+\s*){1,4})",  # "what percentage of young people who'd left care …": of young people
    re.I,
)
_VERDICT = frozenset(tokenize("wrong good bad better worse poor strong weak"))  # how it went, not what
_FIGURE_NOUN = re.compile(  # a figure and the words after it: "78 young people", "Ten children"
    r"(?:\(?\b\d(?:[\d,.]*\d)?%?\)?|\b(?i:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred))"
    r"\s+((?:[\w'’-]+\s+){0,3}[\w'’-]+)"
)
_BRACKETED = re.compile(r"([\w'’-]+)\s+\(\d[\d,]*\)")  # "a number of care leavers (15)": the noun before it
_COUNT_NOUN = re.compile(  # the plural noun a figure counts, and the words before it: "local authorities"
    r"(?:(?!(?:to|of|in|on|at|for|from|by|with|and|or|who|which|that|were|are|have|had|was|is)\b)[\w'’-]+\s+){0,2}"
    r"(?!(?:years?|months?|weeks?|days?|hours?|times|this|has|was|does|its|his|thus|always|perhaps|across|plus)\b)"
    r"(?:[A-Za-z'’-]+[a-rt-z]s|people|children|staff|women|men)\b",
    re.I,
)
_YOUNG = frozenset(tokenize("children child kids kid young people"))
_ADULTS = frozenset(tokenize("carers workers staff managers leaders adopters guardians"))  # counted: not children
_ANYONE = frozenset(tokenize("children child kids kid young people person families family"))  # counted anywhere
_MONEY = re.compile(
    r"\bin pounds\b|\bhow much (?:money |cash )?(?:do|does|did|will|would)\b[^?]{0,60}"
    r"\b(?:give|gives|contribute|put (?:towards|in|aside)|chip in)\b"  # "how much do they put towards …?"
    r"|\bhow much (?:\w+ )?(?:money|cash|funding)\b"  # "how much extra cash has the council put in?"
    r"|\bhow much\b.{0,80}\b(?:spen[dt]|cost|pa(?:y|id)|invest|budget|money|funding|charge|worth"
    r"|allowances?|grants?|bonus(?:es)?|payments?|fees?|tax|rent|salar(?:y|ies)|wages?)"
    r"|\bwhat(?:['’]s| is| was| are| were)? (?:the |its |their )?(?:[\w'’-]+ ){0,4}"  # "What starting salary …?"
    r"(?:salary|salaries|wages?|budget|cost|price|value|fees?|tax|allowances?"  # "what's the weekly allowance"
    r"|(?:weekly|daily|hourly|monthly|annual|yearly|pay|fee)\s+rates?)\b"  # "what's the new weekly rate?"
    r"(?! of (?:the )?(?:work|support|help|service))"
    # not "what was the council tax issue with their care leavers?": what went wrong
    r"(?!\s+(?:issues?|problems?|exemptions?|things?|situation|polic(?:y|ies)|arrangements?|relief|concerns?)\b)"
    r"|\bwhat (?:do|does|did|will|would) (?:[\w'’-]+ ){1,5}?(?:get )?paid\b"  # "what do foster carers get paid …?"
    r"|\b(?:pay|money|payments?|allowances?|grants?|fees?|bonus(?:es)?)\b[^?]{0,60}"  # "a one-off payment … — how
    r"\bhow much (?:is|was|are|were) (?:it|that|they)\b"  # much is it?", "raising foster carer pay — how much by?"
    r"|\b(?:pay|money|payments?|allowances?|grants?|fees?)\b[^?]{0,60}\bhow much (?:by|more|extra)\b"
    r"|\bwhat(?:['’]?s| is| was| are| were)\b[^?]{0,60}\bworth\b(?!\s+(?:noting|mentioning|knowing))"  # "… worth?"
    r"|\bhow much (?:extra|more) (?:per|a|each) (?:week|month|year)\b|£"  # "whats the actual £ amount …?"
    r"|\bhow (?:big|large) (?:is|was|were|are) (?:the |its |their |\S+['’]s? )?(?:[\w'’-]+ ){0,3}"  # "how big was
    r"(?:deficit|overspend|debt|hole|shortfall|budget|savings|cuts?)\b",  # the council's money hole exactly?"
    re.I,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d(?:[–/-]\d\d(?:\d\d)?)?\b")  # "2015–16": when, not how many
_DURATION = re.compile(  # "How long …?", "What is the average waiting time …?": a duration (not "how long-term …")
    r"\bhow long\b(?![-‐‑]term)"
    r"|\bwhat(?:['’]s|\s+is|\s+was)?\s+(?:the )?(?:average |typical |median )?wait(?:ing)? time",
    re.I,
)
# "How many …?", "When …?", "How much did it cost?", "How long …?", "What is the average …?": an answer that states
# no figure, date or duration is not one ("How much has it improved?" asks how far). Vague quantities ("most",
# "many") are not figures.
_ASKS_STATED = re.compile(
    rf"{NOT_KNOWING}\bhow many\b|\bby how much\b|\b{_HOW_MUCH_OF}\b"
    rf"|\bwhat (?:share|proportion|percentage|number|date|year)\b|\bwhat\s*(?:%|per\s?cent\b)|{ASKS_WHEN}"
    r"|\bthe (?:actual|exact|precise) (?:number|figure|amount)\b"  # "– the actual number?"
    rf"|{_MONEY.pattern}|\bwhat(?:['’]?s| is| was| are| were) the (?:average|mean|median|typical|total)\b"
    rf"|{_DURATION.pattern}"
    r"|\bwhat (?:time|hours)\b|\bopening (?:hours|times)\b"  # "What are the opening hours of The Hub?"
    r"|\bwhat(?:['’]?s| is| was| are| were) (?:the |its |their )?(?:[\w'’-]+ ){0,4}rates?\b"  # "… Sheffield's … rate"
    r"(?! of (?:progress|improvement|change))"
    # "what's the council's recommended max number of cases …?"
    r"|\bwhat(?:['’]?s| is| was| are| were) (?:the |its |their |[\w-]+['’]s? )?(?:[\w'’-]+ ){0,3}"
    r"(?:number|maximum|max|limit|figure|amount|total|target)\b|\bhow far (?:short|behind|off)\b"
    # "what's derbyshire's target caseload per social worker?"
    r"|\bwhat(?:['’]?s| is| was| are| were) (?:the |its |their |[\w-]+['’]s? )?target (?:[\w'’-]+ )?"
    r"(?:caseloads?|numbers?)\b",
    re.I,
)
# A yes/no question whether inspectors were concerned about a figure asks for their finding, not the figure: "Were
# inspectors worried about how long Bradford children wait for assessments?"
_CONCERN_ABOUT = re.compile(
    r"^\W*(?:were|was|are|is|did|do|does|has|have|had)\b.{0,60}\b(?:worried|concerned|critical|unhappy|happy|pleased"
    r"|comment(?:ed)?|say anything|said anything|raised?|flag(?:ged)?)\s+(?:about|on|over)\s+"
    r"how (?:long|many|much|quickly)\b",
    re.I,
)
# "What does Norfolk do best?": its strengths, not its grade (`_of_no_topic`)
ASKS_STRENGTH = re.compile(
    r"\b(?:do(?:es|ing)? (?:\w+ly )?(?:best|well)|good at(?! (?:the|its|their|this|that|an?|\d)\b)|strengths?"
    r"|stands? out|good (?:bits?|points?)|positives?|best at\b(?=\W*(?:$|according|in|these|now|nowadays))"
    r"|what works|working well|praised?|impressed)\b",
    re.I,
)
_LASTS = re.compile(  # "within 12 working days", "two weeks", "many weeks", "since May 2019": how long
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|many)[\s-]*"
    r"(?:working[\s-]+)?(?:days?|weeks?|months?|years?|hours?)\b|\bsince\b.{0,20}\b(?:19|20)\d\d\b",
    re.I,
)
_ASKS_WHY = re.compile(  # "Why are meetings held late?", "What's behind it?", "What caused the delays?"
    r"^\W*(?:\w+\W+){0,3}?(?:why|how come)\b|\bwhat(?:['’]s| is| was| were)?\s+(?:the\s+)?(?:main\s+)?"
    r"(?:reasons?|causes?|behind)\b|\bwhat\s+(?:caused|led to)\b",
    re.I,
)
_BECAUSE = re.compile(  # a sentence that gives a reason
    r"\b(?:because|due to|owing to|caused by|resulting from|result of|stems? from|driven by|attributable|leading to"
    r"|led to)\b",
    re.I,
)
# "Were inspectors worried about how quickly strategy meetings are held?", "Did Ofsted find any problems with …?":
# a sentence that finds fault ranks higher
_ASKS_FAULT = re.compile(
    r"\b(?:worried|worries|concerned|concerns?|problems?|issues?|criticis\w*|critical|shortcomings?|failings?)\b"
    # "where are we still letting down young people …?", "where are they still falling short?", "the worst thing"
    r"|\b(?:let|lets|letting)\s+(?:\w+\s+){0,2}down\b|\bf(?:all|alls|alling|ell)\s+short\b|\b(?:worst|weakest)\b"
    r"|\bstruggl(?:e|es|ed|ing)\s+(?:with|at|on)\b",  # "… what are they still struggling with?"
    re.I,
)
_FAULT = re.compile(
    r"\bnot (?:always|consistently|yet|sufficiently|routinely|all|enough|been)\b|\btoo (?:long|many|few|slow|late|much"
    r"|little|high|low|often|variable)\b|\b(?:weak|weakness(?:es)?|inconsistent|inconsistently|delays?|delayed|lack"
    r"|lacks|lacking|poor|insufficient|inadequate|limited|deficits?|gaps?|drift)\b"
    r"|\b(?:ongoing|current|remaining|key|main|significant|continuing) challenges\b",  # not "to meet these challenges"
    re.I,
)
# "Are they doing anything about it?", "what's being done to fix it?": a sentence on what leaders do ranks higher
_ASKS_ACTION = re.compile(
    r"\b(?:is|are|was|were)\s+(?:[\w'’]+\s+){0,3}?doing\s+(?:anything|something|much|enough)\s+(?:about|to)\b"
    r"|\bwhat\s+(?:is|are|was|were)\s+(?:[\w'’]+\s+){0,3}?doing\s+(?:about|to)\b"
    r"|\b(?:anything|something|much|what(?:['’]s)?)\s+(?:is\s+|was\s+)?being\s+done\b|\bany\s+plans?\s+(?:to|for)\b",
    re.I,
)
_ACTION = re.compile(  # "Leaders have plans in place to prevent recurrence", "… and are undertaking a review"
    r"\b(?:leaders|managers|the local authority|the council|the trust|partners)\b[^.]{0,80}?\b(?:have|has|had|are|is"
    r"|continue to)\s+(?:[\w'’]+\s+){0,3}?(?:plans?\b|appointed|ensured|taken (?:steps|action)|taking (?:steps|action)"
    r"|develop(?:ed|ing)|introduc(?:ed|ing)|commission(?:ed|ing)|recruit(?:ed|ing)|put in place|invest(?:ed|ing)"
    r"|undertak(?:en|ing)|escalat\w*|implement(?:ed|ing)|establish(?:ed|ing)|launched|creat(?:ed|ing)|secur(?:ed|ing)"
    r"|review(?:ed|ing)|increas(?:ed|ing)|strengthen(?:ed|ing)|address(?:ed|ing)|tackl(?:ed|ing)|prioritis(?:ed|ing))"
    r"|\bin addressing this\b|\bplans? (?:are )?in place to\b",
    re.I,
)
_PRAISE = re.compile(  # a sentence that praises: "Particularly strong areas of practice are …"
    r"\b(?:strengths?(?![\w-])|strong(?:ly)?|particular(?:ly)?|excellent|exceptional(?:ly)?|impressive|exemplary|notable"
    r"|highly effective|high[- ]quality|outstanding|innovative|creative)\b",
    re.I,
)
# The period a count covers: "In the last 12 months: 29 adoptions", no answer to how long something lasts
_PERIOD = re.compile(  # "over the last 18 months"; how often, not how long: "one day a week"
    r"\b(?:in|over|during|within|for)\s+the\s+(?:last|past|previous|preceding)\s+(?:\d+|[a-z]+)\s+"
    r"(?:days?|weeks?|months?|years?)\b"
    r"|\b(?:\d+|one|two|three|four|five)\s+(?:days?|hours?|sessions?)\s+(?:a|per|each|every)\s+(?:week|month|fortnight)\b",
    re.I,
)
# "how often does the care leavers' group meet?": an answer says how often, if only "regularly" or "rarely"
_ASKS_HOW_OFTEN = re.compile(r"\bhow (?:often|frequently|regularly)\b", re.I)
_HOW_OFTEN = re.compile(
    r"\b(?:daily|weekly|fortnightly|monthly|quarterly|annually|yearly|every|once|twice|times (?:a|per|each)"
    r"|regular(?:ly)?|frequen(?:t|tly|cy)|rare(?:ly)?|seldom|often|routinely"
    r"|(?:a|per|each) (?:day|week|fortnight|month|term|year))\b",
    re.I,
)
_ASKS_URL = re.compile(r"\b(?:web\s?(?:site\s)?address|url|web\s?link|link to (?:the|their|its) (?:web)?site)\b", re.I)
_URL = re.compile(r"https?://|\bwww\.|\.(?:gov|org|co|nhs)\.uk\b|\.(?:com|org)\b", re.I)
_ACRONYM = re.compile(r"\b[A-Z]{3,}\b")  # "how long is the wait to get into SWIFT?": a service named
_TIMED = re.compile(r"\b(?:days?|weeks?|months?|years?|hours?)\b", re.I)  # "how many days …": durations count
_NOT_COUNTS = re.compile(  # durations, and figures in names: "the last 18 months", "COVID-19", "Foster4", "Year 11",
    # "(One Adoption South Yorkshire)", "(outcome 4, national framework)"
    rf"{_LASTS.pattern}|\b[A-Za-z]+[-‑]?\d+[A-Za-z]*\b|\bYear \d+\b"
    r"|\b(?:outcome|enabler)s? (?:\d+|one|two|three|four|five|six)\b"  # "(National Framework outcome four)"
    r"|\b(?:the|an?) (\d+) by \1\b"  # "the 11 by 11 project"
    r"|(?:(?<=[\w,] )|(?<=\())(?-i:One|Two|Three)\s+(?-i:[A-Z])\w+"
    r"|^\s*\d{1,3}\t",  # a paragraph's number the chunker left on its first sentence: "34\tMost children …"
    re.I,
)
_AGES = re.compile(  # "aged 16", "at the age of 17 and a half", "16- and 17-year-olds", "under 18s"
    r"\b(?:ages? of|aged?|ages)\s+(?:(?:under|over|between)\s+)?(?:\d+|[a-z]+)(?:\s*(?:to|and|-|–)\s*\d+)?"
    r"(?:\s+and a half)?\b"
    r"|\b(?:under|over)\s+(?:1\d|2[0-5])s?\b(?!\s*%|\s+(?:children|cases|families|young|referrals|carers|staff)\b)"
    r"|\b\d+-?\s*(?:and|to)\s*\d+-year-olds?\b"
    r"|\b\d+[- ]year[- ]olds?\b|\b\d+[- ]plus\b|\b\d+(?:st|nd|rd|th)\s+birthdays?\b"  # "beyond their 18th birthdays"
    r"|\b\d+(?:\s*(?:to|and|-|–)\s*\d+)?\s+years?\s+old\b"  # "children who are 16 to 17 years old"
    r"|\b(?:at|turns?|turning|reach(?:es|ing)?)\s+(?:1\d|2[0-5])\b(?!\s*(?:%|per\s?cent))",  # "PAs allocated at 16"
    re.I,
)
# not "one in five"; "there is currently one child living in …" counts
_ONE = re.compile(r"(?<!\bonly )(?<!\bjust )(?<!\bcurrently )(?<!\bis )(?<!\bwas )\bone\b(?! (?:in|of|out of) )", re.I)
_COMPARED = re.compile(r"\bcompared? (?:with|to)\b|\b(?:more|fewer|less|higher|lower) than\b", re.I)
_COMPARES = re.compile(
    r"\b(?:higher|lower|more|fewer|less|greater|better|worse|above|below)\b.{0,30}\b(?:than|national|average)"
    r"|\b(?:in line with|similar to|comparable (?:to|with))\b",
    re.I,
)
_PERCENT = re.compile(rf"\bwhat (?:share|proportion|percentage)\b|\bwhat\s*(?:%|per\s?cent\b)|\b{_HOW_MUCH_OF}\b", re.I)
# "A focused visit took place in October 2018, which inspected … the front door" dates the visit, not the MASH
_VISIT_DATED = re.compile(
    r"\b(?:visit|inspection|re-?inspection)s?\s+(?:took place|was carried out|was conducted|happened)\b", re.I
)
_VISITED = re.compile(r"\b(?:visit|inspect|re-?inspect)", re.I)
_JUDGED = re.compile(r"\b(?:judged|rated|graded|previous(?:ly)?|earlier|last)\b", re.I)  # a past inspection asked
# When an earlier inspection was, said in passing: "since the last inspection in 2017" dates no other event
_LAST_INSPECTED = re.compile(
    r"\b(?:since|at|from|during|after)\s+(?:the|its|their)\s+(?:(?:last|previous|prior|first|most recent)\s+)?"
    rf"(?:(?:full|standard|ILACS|SIF|Ofsted)\s+)?(?:re-?)?(?:inspection|visit)"
    r"(?:\s+of\s+children['’]s\s+(?:services|social care))?"  # "the last inspection of children’s services in 2022"
    rf"\s+(?:in|of)\s+(?:{MONTH_PATTERN}\s+)?{YEAR}\b",
    re.I,
)
_ASKS_DATE = re.compile(rf"{ASKS_WHEN}|\bwhat (?:date|year)\b", re.I)  # not "when X was inadequate, how many …?"
_FIGURE_YEAR = re.compile(rf"\b(?:in|during|for|throughout)\s+(?:the (?:year|period) )?({YEAR})\b", re.I)
# "What is the name of the director of children's services …?", "Who is the council's chief executive?": an answer
# that names nobody in that role is not one (inspection reports seldom name a council's officers).
_ASKS_PERSON = re.compile(
    # "Who chairs the safeguarding partnership?" (a meeting is chaired by a role: "the head of service")
    r"\bwho (?:actually |currently |now )?(?P<chair>chairs) (?:the |its |their )?(?:[\w'’-]+ ){0,5}?"
    r"(?:board|partnership|panel|committee|trust)\b"
    r"|^\W*which (?P<which>councillor|person|officer|official|MP)\b"  # "Which councillor is …?"
    r"|\b(?:what(?: is| was|['’]?s) the names? of|who(?: is| was| are| were|['’]?s)) (?:the |its |their )?"
    r"(?:[\w'’-]+ ){0,5}?"
    r"(?P<role>director|DCS|chief exec(?:utive)?|leader|lead member|cabinet member|head|headteacher|mayor|MP"
    r"|councillors?|chair|chairman|chairperson|portfolio holder|commissioner|chief constable|adviser|advisor|officer"
    r"|boss|principal social worker)\b"
    # "who runs sandwell children's trust - what's the chief exec called?", "whats the director's name"
    r"|\bwhat(?:['’]?s| is| was) (?:the |its |their )?(?:[\w'’-]+ ){0,3}?(?P<called>director|DCS|chief exec(?:utive)?"
    r"|lead member|cabinet member|chair|mayor|MP|commissioner|boss|principal social worker)"
    r"(?: called|['’]s (?:(?:actual|real|full) )?names?)\b"
    # "dudley got a permanent director of children's services in 2021 - what's their name?"
    r"|\b(?P<told>director|DCS|chief exec(?:utive)?|lead member|cabinet member|chair|mayor|MP|commissioner|boss"
    r"|principal social worker)\b[^?]{0,80}?(?:[—–:;,]|\s-)\s*(?:what(?:['’]?s| is| was| were) (?:his|her|their)"
    r" (?:(?:actual|real|full)\s+)?names?|who (?:is|was|were) (?:he|she|they|it|that))\W*$",  # "their actual name?"
    re.I,
)
# "What's the name of …?", "What is it called?", "Which organisation …?": an answer names something.
_ASKS_NAME = re.compile(
    r"\bwhat(?:['’]?s| is| was| were| are) the names? of\b|\bcalled\W*$"  # "whats the name of" too
    r"|(?:^|[—–:;]\s*|\s-\s+)\W*what(?:['’]s| is| was| were| are) (?:[\w'’-]+ ){1,12}?called\b"  # "What is the …
    # called, and …?", "camden care leavers … - what's the panel called that …?"
    r"|(?:^|[—–:;]\s*|\s-\s+)\W*which (?:[\w-]+ ){0,3}?(?:organi[sz]ations?|compan(?:y|ies)|charit(?:y|ies)|firms?"
    r"|providers?|agenc(?:y|ies)|judges?|courts?|boroughs?"  # "… boarding school places — which charity …?"
    r"|countr(?:y|ies)|systems?|software|apps?|(?:web)?sites?|universit(?:y|ies)|consultanc(?:y|ies)|partners?)\b"
    # "What case management system does Bury use?"
    r"|^\W*what (?:[\w-]+ ){0,2}(?:software|system|app|platform|database|supplier|consultancy|company|firm|tool|model"
    r"|schemes?|programmes?|projects?|initiatives?)(?= (?:do|does|did|is|was|are|were|has|have)\b)",  # "what schemes …"
    re.I,
)
_CALLED = re.compile(r"\bcalled\b|\bnames?\b", re.I)  # "what's … called?", "what's the name of …?"
# "which council actually runs rutland's out of hours cover?": an answer names another ("Cumbria County Council")
_COUNCIL_NAMED = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)* (?:County |City |Borough |District )?Council\b")
_WHICH_COUNCIL = re.compile(r"\bwhich (?:other |neighbouring )?(?:council|local authority|authority|borough)\b", re.I)
_GUESS = re.compile(r"[?,–—-]\s*(?:or\s+)?(?:is|was)\s+it\s+[^?]*\?\W*$", re.I)  # "… ? is it leicestershire?"
_ASKS_PRODUCT = re.compile(r"\b(?:software|system|app|platform|database|supplier)s?\b", re.I)  # named in capitals
_PRODUCT = re.compile(  # a sentence that speaks of one: "a self-advocacy application for mobile phones, Mind of My Own"
    r"\b(?:software|system|app|application|platform|database|supplier|provider|package|tool|portal|website"
    r"|online|digital|electronic|mobile)s?\b",
    re.I,
)
# A sentence that gives something its name: "known as Voice4Us", "named ‘Elevation’", "the ‘Darlo Crew’"
_NAMING = re.compile(
    r"\b(?:called|named|known as|branded|titled)\s+(?:the\s+)?[‘“\"'A-Z0-9]|[‘“][^’”]{2,40}[’”](?![\w-])"
    # a team or service named in capitals: "Social workers in the Next Steps Team", "the Family Thrive service"
    r"|(?<=\w )(?:[A-Z][\w’'-]+ ){1,4}(?i:team|service|hub|project|programme|unit|centre|group)s?\b"
)
# Capitalised words that open or frame Ofsted's sentences: the name of no person and no thing.
_FRAMING = frozenset(
    "The This In At Since Ofsted Inspector Inspectors Lead Council Local Authority Children Department Education "
    "Young People".split()
)
_NOT_THING_NAMES = _FRAMING | frozenset(
    "These Those That It On Of For By As However Overall HMI Councils Child London Borough Royal".split()
)
_PERSON_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|[A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?[A-Z][a-z'’-]+")
_NAME_WORD = re.compile(r"[A-Z][a-z'’-]{2,}|[A-Z]{3,6}")  # "Pause", "Mockingbird", "FDAC"; not "OK", "Bs"
_TITLE_WORDS = _FRAMING | frozenset("County Borough City Council Metropolitan District Department".split())
_NOT_NAMES = _FRAMING | frozenset(  # capitalised words of roles, bodies and places, not of people
    "Children's Childrens Services Service Director Directors Executive Chief Social Care Strategic Safeguarding "
    "Partnership Board Her Majesty's Member Corporate Parenting Panel Early Help Youth Justice Family Families "
    "Health Interim Acting Deputy Assistant Senior Principal Head Trust Company Group Improvement Adviser One First "
    "New Our All Every Lead Members Cabinet Portfolio Holder Leader Elected Strategy Involvement Plan Team "
    "Programme Adult Adults Authority Committee Forum Hub Unit Court Police "
    "In On At By From Since Until During After Before Over".split()  # words opening a sentence: "In August 2023, …"
)


def _states(question: str, sentence: str, passage: str = "", unit_said: bool = False) -> bool:
    """Whether `sentence` states the figure or date `question` asks for.

    A number of the thing counted ("how many complaints"), a sum of money, a share; `question` without the
    council's name ("how many Essex care leavers" counts care leavers). A count or a share is not a year, an
    age, a duration (unless days or weeks are counted), a figure in a name ("COVID-19", "Foster4") or one the
    question already says ("after its section 114 notice"). What is counted may be named by the sentence's
    `passage` ("26 young people were attending university" in a paragraph on care leavers), unless `unit_said`: then
    by the sentence itself.
    """
    if _MONEY.search(question):
        return bool(_STATES.search(sentence) and re.search(r"£|\bpounds?\b", sentence))
    if _DURATION.search(question):  # "many weeks" too; of what the question names in capitals, if it names one
        return _lasts(sentence) and all(name in f"{sentence} {passage}".lower() for name in _capitalised(question))
    if not _STATES.search(sentence):
        return False
    if _ASKS_DATE.search(question):  # a year, month or time ago, not a visit's own date unless a visit is asked about
        sentence = _without(question, sentence)  # "When did the 333 hub open?": not "The 333 hub continues …"
        inspected = _VISITED.search(question) or _JUDGED.search(question)  # "When had it previously been judged …?"
        sentence = sentence if inspected else _LAST_INSPECTED.sub(" ", sentence)
        dated = re.search(rf"\b(?:{YEAR}|{MONTH_PATTERN})\b|\bago\b", sentence, re.I) or _LASTS.search(sentence)
        return bool(dated) and (bool(_VISITED.search(question)) or not _VISIT_DATED.search(sentence))
    counted = _COUNTED.search(question)
    figures = _AGES.sub(" ", sentence)  # first: "16 to 17 years old" is no duration
    figures = _NOT_COUNTS.sub(" ", figures) if counted is None or not _TIMED.search(counted[1]) else figures
    figures = _without(question, _YEAR.sub(" ", figures))
    # "One care leaver reported:" counts nothing; "only one …" does, and "operates one children's home" the homes asked
    figures = figures if counted and _one_of(counted[1], figures) else _ONE.sub(" ", figures)
    if _COMPARED.search(question) and _COMPARES.search(sentence):
        return True  # "How many … are NEET compared with national averages?": "… is higher than national averages"
    if not _STATES.search(figures):
        return False  # "an increase in … arriving in Kent during 2015–16" counts nothing
    if _PERCENT.search(question) and not re.search(
        r"%|\bper ?cent\b|\bhalf\b|\bthirds?\b|\bquarters?\b|\bproportion\b", figures, re.I
    ):
        return False
    if not counted:
        return True
    if _counts_others(question, counted, sentence):  # "how many kids were in care …?": not "… 159 care leavers"
        return False
    unit = {token for token in tokenize(counted[1]) if not token.isdigit()}  # "grade 5": not any 5
    forms = unit | _counted_forms(question, counted)
    words = set(tokenize(sentence))
    named = words | set(tokenize(passage))
    share = bool(_PERCENT.search(question))
    if unit - _ANYONE and not (forms - _ANYONE) & (words if unit_said else named) and not share:
        return False  # "how many children's homes …?": not "two psychologists" in a passage of no homes; a share
    if unit - _ANYONE and not share and _counts_things(forms | set(tokenize(question)), figures):
        return False  # "how many new foster carers …?": not "brings together 12 local authorities"
    # ("what share of kids newly taken into care …") is of what the sentence says it is of
    # where the question says more of what is counted ("… take to finish an assessment"), the sentence says some
    after = question[counted.end() :]
    rest = {re.sub(r"^(\d+)s$", r"\1", token) for token in tokenize(after)} - FRAME_WORDS - CHAT_WORDS - forms  # "18s"
    # "home-schooled": "electively home educated"; not the words of any question ("child" of "child and family")
    said = rest | set(tokenize(" ".join(expansions(after)))) - FRAME_WORDS - CHAT_WORDS
    if asked := _programmes(after):  # "how many … through Islington's House Project?": not a figure of a passage
        text = " ".join(f"{sentence} {passage}".lower().split())  # that does not name it
        if any(name not in text for name in asked):
            return False
    share_of_anyone = share and not unit - _ANYONE  # "what percentage of young people …"
    return (not unit or share_of_anyone or bool(forms & named)) and (
        len(rest) < 2 or bool(rest & words) or bool(said & named - forms)
    )


def _states_itself(question: str, sentence: str, passage: str) -> bool:
    """Whether `sentence` states the figure `question` asks for, a count followed by what it counts.

    "To date, 78 young people have accessed 260 sessions" counts young people; "Ten children were living in such
    placements … for these carers" counts no foster carers.
    """
    if not _states(question, sentence, passage, unit_said=True):
        return False
    if not (counted := _COUNTED.search(question)):
        return True  # a date, a duration, a sum
    forms = set(tokenize(counted[1])) | _counted_forms(question, counted)
    return any(set(tokenize(m[1])) & forms for m in _FIGURE_NOUN.finditer(sentence))


def _counts_others(question: str, counted: re.Match[str], sentence: str) -> bool:
    """Whether each figure of `sentence` counts people of a term `question` does not name.

    "How many kids were in care?" (children looked after) is not answered by "there were 159 care leavers", nor
    "how many of those kids …?" by "Sixty care leavers …"; a figure followed by no term ("46 children went missing")
    may count anyone. `counted`: what `question` counts (`_COUNTED`).
    """
    asked = groups_named(question)
    counts = [groups_named(m[1]) for m in _FIGURE_NOUN.finditer(sentence)]
    # "how many of those kids …?", of no group: not "Sixty care leavers are also young parents" either
    anyone = not asked and set(tokenize(counted[1])) <= _ANYONE
    return bool((asked or anyone) and counts) and all(named and not named & asked for named in counts)


def _counts_things(forms: set[str], sentence: str) -> bool:
    """Whether each figure of `sentence` counts things named after it (in brackets, before it), none `forms` or anyone.

    `forms`: what is counted, in any form, and the question's other words. "… brings together 12 local authorities
    to strengthen foster carer recruitment" counts authorities, not foster carers; "46 children", "23 fostering
    households" may count what is asked, "seven monitoring visits" how many times Ofsted came to monitor; "82% of"
    names nothing itself. A word that frames any question is no form: "six care leavers" counts no young carers,
    though one of their forms, "caring responsibilities", says "care".
    """
    things = [_COUNT_NOUN.match(m[1]) for m in _FIGURE_NOUN.finditer(sentence) if not m.group().startswith("(")]
    things += [_COUNT_NOUN.fullmatch(m[1]) for m in _BRACKETED.finditer(sentence)]  # "care leavers (15)": leavers
    anyone = _ANYONE - _YOUNG if forms & _ADULTS else _ANYONE  # "25 young people … with their foster carers"
    asked = forms - (FRAME_WORDS - _ANYONE) | anyone
    return bool(things) and all(thing is not None and not set(tokenize(thing.group())) & asked for thing in things)


def _one_of(counted: str, figures: str) -> bool:
    """Whether `figures` says "one" of what is `counted` after other words: "… operates one children's home"."""
    unit = set(tokenize(counted)) - _ANYONE
    return any(
        set(tokenize(m[1])) & unit for m in re.finditer(r"(?<=\w )one\s+((?:[\w'’-]+\s+){0,2}[\w'’-]+)", figures, re.I)
    )


def _counted_forms(question: str, counted: re.Match[str]) -> set[str]:
    """The tokens of the other forms of what `question` counts, and of the words they stand for.

    What it counts is `counted`'s words and a clause after them that says what they are: "young adults who'd grown
    up in care" are care leavers ("grown" is said by "111 care leavers"); "LAC" is looked after.
    """
    what = counted[1] + _relative(question[counted.end() :])
    spans = other_forms(what)
    said = " ".join(what[start:end] for start, end, _ in spans)
    return set(tokenize(" ".join(form for _, _, forms in spans for form in forms))) | set(tokenize(said))


def _relative(after: str) -> str:
    """The first words of a clause that says what is counted, if `after` opens with one ("who'd grown up in care")."""
    clause = re.match(r"\s*(?:who|who['’]d|who['’]ve|that)\s+(?:[\w'’-]+\s+){0,3}[\w'’-]+", after, re.I)
    return clause.group() if clause else ""


@lru_cache(maxsize=256)
def _capitalised(question: str) -> frozenset[str]:
    """What `question` names in capitals, lower case ("swift"), not a council nor Ofsted; read once per question."""
    return frozenset(name.lower() for name in _ACRONYM.findall(without_councils(question))) - {"ofsted"}


@lru_cache(maxsize=256)
def _programmes(asked: str) -> tuple[str, ...]:
    """The programmes `asked` names, lower case: terms of several words with no form but themselves ("house project").

    Read once per question, not once per sentence `_states` weighs.
    """
    names = ((" ".join(asked[start:end].lower().split()), forms) for start, end, forms in other_forms(asked))
    return tuple(name for name, forms in names if len(name.split()) > 1 and names_itself(name, forms))


def _lasts(sentence: str) -> bool:
    """Whether `sentence` says how long something lasts or takes ("limited to a two-year period", "within 12 days").

    Or until what age: "… continue to receive … a service up to the age of 25 and beyond".
    """
    lasting = _PERIOD.sub(" ", _AGES.sub(" ", sentence))  # not "16- and 17-year-old homeless young people"
    return bool(_LASTS.search(lasting) or _UP_TO_AGE.search(sentence))


_UP_TO_AGE = re.compile(
    r"\b(?:up to|until|till)\s+(?:(?:they|he|she)\s+(?:are|is|turns?|reach(?:es)?)\s+|(?:the\s+)?age\s+(?:of\s+)?)?"
    r"(?:1[6-9]|2[0-5])\b(?!\s*%)",
    re.I,
)


def _without(question: str, sentence: str) -> str:
    """`sentence` less the figures `question` already says ("the 333 hub", "after its section 114 notice")."""
    for said in re.findall(r"\d+", question):
        sentence = re.sub(rf"(?<!\d){said}(?!\d)", " ", sentence)
    return sentence


def _role(question: str) -> str | None:
    """The role of the person `question` asks for ("director", "chair"), or ``None``."""
    if not (asked := _ASKS_PERSON.search(question)):
        return None
    role = "chair" if asked["chair"] else asked["which"] or asked["role"] or asked["told"] or asked["called"]
    return "chief executive" if role.lower() == "chief exec" else role


@lru_cache(maxsize=64)
def _role_forms(role: str) -> tuple[frozenset[str], ...]:
    """The tokens of a role and of each other form of it ("director": "DCS" too), worked out once a role."""
    return tuple(frozenset(tokenize(form)) for form in (role, *expansions(role)))


def _missing(
    question: str, topic: str, role: str | None, sentences: list[str], years: set[int], passages: list[str]
) -> str | None:
    """Why `sentences` do not answer what `question` asks for (a figure, a date, a person), or ``None``.

    `years` are those of the reports the sentences come from: a figure asked for a year ("how many … arrived
    during 2021?") must be of that year, said in a sentence ("in 2021", "2020–21") or by the report. `passages`
    are the sentences' passages, in the same order.
    """
    stated = (_states(topic, sentence, passage) for sentence, passage in zip(sentences, passages, strict=True))
    asks_figure = _asks_figure(question, topic)
    if asks_figure and not any(stated):
        return "the nearest passages give no figure or date for this"
    asked = {int(year) for year in _FIGURE_YEAR.findall(question)} - years  # not "since 2012": from when
    if asked and asks_figure and not _ASKS_DATE.search(question):
        said = " ".join(sentences)
        if not any(re.search(rf"\b{y}\b|\b{y - 1}\s*[–/-]\s*{y % 100:02d}\b", said) for y in asked):
            return f"the nearest passages give no figure for {' or '.join(map(str, sorted(asked)))}"
    if _ASKS_URL.search(question) and not any(_URL.search(sentence) for sentence in sentences):
        return "the nearest passages give no web address"  # "what's the web address for wakefield's care4us site?"
    if _ASKS_HOW_OFTEN.search(question) and not any(_says_how_often(sentence) for sentence in sentences):
        return "the nearest passages do not say how often"  # "how often does bedford's change makers group meet?"
    if role and not any(_names(role, sentence) for sentence in sentences):
        return f"the nearest passages name no {role.lower()}"
    if (
        not role
        and _ASKS_NAME.search(question)
        and not any(_gives_other_name(question, s, set(_words(question))) for s in sentences)
    ):
        return "the nearest passages give no name for this"  # "What was the health app … called?"
    asked_of = _which_council(question)
    if asked_of and not any(_names_council(sentence, asked_of) for sentence in sentences):
        return "the nearest passages name no council for this"  # "… managed by a neighbouring authority"
    for body in _bodies(question):  # "How good is adult social care in …?"
        if not _speak_of(question, body, sentences):
            return f"the nearest passages do not speak of {body.group()}"
    return None


def _says_how_often(sentence: str) -> bool:
    """Whether `sentence` says how often: "meets weekly", "every six months", "three or more changes" (not an age)."""
    return bool(_HOW_OFTEN.search(sentence) or _STATES.search(_AGES.sub(" ", _YEAR.sub(" ", sentence))))


def _asks_figure(question: str, topic: str) -> bool:
    """Whether `question` (`topic` without its council and year) asks for a figure, a date or a duration."""
    asked = _ASKS_STATED.search(question) or _ASKS_STATED.search(topic)  # "What is Tower Hamlets' …"
    return bool(asked) and not _CONCERN_ABOUT.search(question)


def _stating(
    question: str,
    topic: str,
    scored: list[tuple[float, int, str]],
    overlaps: dict[tuple[int, str], float],
    hits: list[Hit],
) -> list[tuple[float, int, str]]:
    """`scored`, only the sentences that state the figure or date `question` asks for, if one of them may answer.

    One may that scores within `STATING_WITHIN` of the best sentence and says as many of the question's words
    (`overlaps`, in any of their forms) as it does: "What proportion of care leavers aged 19 to 21 were NEET?" is
    answered by "50% of young people aged between 19 and 21 are not in education, employment or training", not by
    the closer "More than double the number of young people aged between 19 and 21 attend higher education"; not
    by "there have been four directors" for how many children were on plans.
    """
    if not scored or not _asks_figure(question, topic):
        return scored
    _, position, sentence = max(scored)
    least = overlaps[position, sentence]  # as many of the question's words as the best sentence says
    scored = _pointing_back(scored, overlaps, hits)
    states = lambda item: _states(topic, item[2], hits[item[1]].passage.text)  # noqa: E731
    # or a sentence of the best sentence's passage that itself names what it counts: "The 'Teens in crisis' pilot …
    # offers an online counselling service …", then "To date, 78 young people have accessed 260 sessions"
    beside = lambda item: item[1] == position and _states_itself(topic, item[2], hits[item[1]].passage.text)  # noqa: E731
    kept = _those_close(
        scored, STATING_WITHIN, lambda item: (overlaps[item[1], item[2]] >= least and states(item)) or beside(item)
    )
    if kept is scored:  # "when did norfolk switch over to its new family help way of working?": "The implementation
        # of the family help model in September 2024 …", further below a sentence on none of the question's words
        kept = _those_close(
            scored, STATING_FURTHER, lambda item: (overlaps[item[1], item[2]] > least and states(item)) or beside(item)
        )
    return kept


def _names_in(phrases: tuple[str, ...]) -> list[str]:
    """`phrases`, and the words of each of several: "mockingbird" of "mockingbird model" may be a name alone."""
    return [*phrases, *(word for phrase in phrases if " " in phrase for word in phrase.split())]


def _naming(topic: str, question: str) -> set[str]:
    """The tokens of the words naming what is asked: not "wrong" of "what was wrong with the out-of-hours team?"."""
    naming = set(tokenize(topic)) - FRAME_WORDS
    for start, end, forms in other_forms(topic):  # "timely" ("time"): said by "timeliness", "timescales"
        word, form = topic[start:end], forms[0]  # not "would-be" ("wouldbe"), "children in care" ("CLA")
        if re.fullmatch(r"[a-z]+", word) and form.islower() and form != word and set(tokenize(word)) <= FRAME_WORDS:
            naming |= set(tokenize(form)[:1]) - FRAME_WORDS
    return naming - _VERDICT or naming or set(tokenize(question))


def _pointing_back(
    scored: list[tuple[float, int, str]], overlaps: dict[tuple[int, str], float], hits: list[Hit]
) -> list[tuple[float, int, str]]:
    """`scored`, a sentence that points back ("… over 200 young people in this category") scored as the one before.

    Its `overlaps` with the question's words are those of the sentence before it too, which it needs to be read
    (`_in_context` brings it).
    """
    by_sentence = {(position, sentence): score for score, position, sentence in scored}
    lifted = []
    for score, position, sentence in scored:
        if _POINTS_BACK.search(sentence):
            sentences = split_sentences(hits[position].passage.text)
            at = sentences.index(sentence) if sentence in sentences else 0
            before = (position, sentences[at - 1]) if at > 0 else None
            if before in by_sentence and before in overlaps:
                score = max(score, by_sentence[before])
                overlaps[position, sentence] = max(overlaps[position, sentence], overlaps[before])
        lifted.append((score, position, sentence))
    return lifted


def _speaking_of_bodies(question: str, scored: list[tuple[float, int, str]]) -> list[tuple[float, int, str]]:
    """`scored`, only the sentences that speak of the other bodies `question` asks about, if any of them does.

    Those that do must score within `SPEAKING_WITHIN` of the best: "How do care leavers in prison do?" is answered
    by the sentence on care leavers "in custody", not by three on care leavers that `_missing` then rejects.
    """
    bodies = _bodies(question)
    if not bodies or not scored:
        return scored
    return _those_close(
        scored, SPEAKING_WITHIN, lambda item: all(_speak_of(question, body, [item[2]]) for body in bodies)
    )


def _giving_name(
    question: str, said: set[str] | None, scored: list[tuple[float, int, str]]
) -> list[tuple[float, int, str]]:
    """`scored`, only the sentences giving a name, where `question` asks what a thing is called and none would.

    None of the closest gives a name (other than words of the question, `said`); one that does may score within
    `STATING_WITHIN` of the best. "what's wiltshire's list of entitlements for young people who grew up in care
    called?": "… known as the ‘care leaver promise’", not three sentences on care leavers and "not found". Not
    "which charity …?": not any name.
    """
    if said is None or not scored or not _CALLED.search(question):
        return scored
    gives = lambda item: _gives_other_name(question, item[2], said)  # noqa: E731
    if any(gives(item) for item in sorted(scored, reverse=True)[:MAX_SENTENCES]):
        return scored
    return _those_close(scored, STATING_WITHIN, gives)


def _gives_other_name(question: str, sentence: str, said: set[str]) -> bool:
    """Whether `sentence` gives a name that can answer `question`, other than its words `said` (`_missing` asks it)."""
    return bool(_named_things(question, sentence) - said)


def _which_council(question: str) -> set[str]:
    """The one council `question` names where it asks which other council: not "which did better, kent or essex?".

    Not one the user guesses after: "which council runs rutland's out of hours cover? is it leicestershire?".
    """
    named = set(find_councils(_GUESS.sub("", question)))
    return named if len(named) == 1 and _WHICH_COUNCIL.search(question) else set()


def _names_council(sentence: str, asked_of: set[str]) -> bool:
    """Whether `sentence` names a council other than `asked_of` ("the predecessor local authority, Cumbria County")."""
    return bool(set(find_councils(sentence)) - asked_of or _COUNCIL_NAMED.search(sentence))


def _naming_councils(question: str, scored: list[tuple[float, int, str]]) -> list[tuple[float, int, str]]:
    """`scored`, only the sentences naming another council where `question` asks which council, if any does.

    One may score within `STATING_WITHIN` of the best, or be of the best sentence's passage: "which council ran kids'
    social care there before?" of Westmorland and Furness is answered by "… the predecessor local authority, Cumbria
    County Council …", not by "This was the first inspection of Westmorland and Furness …" beside it.
    """
    if not scored or not (asked_of := _which_council(question)):
        return scored
    _, best, _ = max(scored)
    kept = [item for item in scored if item[1] == best and _names_council(item[2], asked_of)]
    return kept or _those_close(scored, STATING_WITHIN, lambda item: _names_council(item[2], asked_of))


def _those_close(
    scored: list[tuple[float, int, str]], within: float, keeps: Callable[[tuple[float, int, str]], bool]
) -> list[tuple[float, int, str]]:
    """The sentences of `scored` that `keeps`, scoring within `within` of the best; all of `scored` if none does."""
    best = max(score for score, _, _ in scored)
    kept = [item for item in scored if item[0] >= best - within and keeps(item)]
    return kept or scored


def _bodies(question: str) -> list[re.Match[str]]:
    """The other bodies `question` asks about (`OTHER_BODY`), not one listed among partners.

    "the hub where police, health and social workers sit together" asks of the hub, not of the police.
    """
    lists = [m.span() for m in _LIST.finditer(question)]
    return [body for body in OTHER_BODY.finditer(question) if not any(a <= body.start() < b for a, b in lists)]


_ITEM = r"[\w'’-]+(?:\s+[\w'’-]+)?"  # an item of a list: "health", "social workers"
_LIST = re.compile(rf"\b{_ITEM}(?:\s*,\s*{_ITEM})+\s*,?\s+and\s+{_ITEM}\b", re.I)  # "police, health and schools"


def _speak_of(question: str, body: re.Match[str], sentences: list[str]) -> bool:
    """Whether any of `sentences` names the other body `question` asks about ("adult social care") in some form.

    The forms are those of the terms around it: "in prison" is also "custody", "care homes" "residential care";
    other council business ("council tax", "pay rise") has none. The words asked stand together in the sentence: not
    "care planning … homes" for "a care home".
    """
    spans = [] if body["business"] else other_forms(question)  # "pay rise" is no "recruitment and retention"
    near = [group for start, end, group in spans if start < body.end() and body.start() < end]
    said, forms = _plain(tokenize(body.group())), [set(tokenize(form)) for group in near for form in group]
    return any(
        _runs(said, _plain(tokens := tokenize(sentence))) or any(form <= set(tokens) for form in forms)
        for sentence in sentences
    )


def _plain(tokens: list[str]) -> list[str]:
    """`tokens` less the abbreviations' own tokens that `tokenize` adds after them ("GPs": "gps", not "gp!")."""
    return [token for token in tokens if not token.endswith("!")]


def _runs(words: list[str], tokens: list[str]) -> bool:
    """Whether `words` stand together, in order, among `tokens`: "care home", not "care planning … homes"."""
    return any(tokens[start : start + len(words)] == words for start in range(len(tokens) - len(words) + 1))


# A yes/no question about two councils together: "Did Hackney ever share a director with Islington?"
_TOGETHER = re.compile(r"^\W*(?:did|does|do|has|have|had|is|was|were|are)\b.*\b(?:with|between)\b", re.I)


def _apart(question: str, hits: list[Hit], chosen: list[tuple[int, str]]) -> str | None:
    """Why `chosen` does not answer a question about two councils together, or ``None``.

    A chosen sentence must name a second council asked about besides its report's own ("… shares its director
    with Islington" in Hackney's report).
    """
    named = find_councils(question) if _TOGETHER.search(question) else []
    if len(named) < 2:
        return None
    for position, sentence in chosen:
        if len(set(named) & {*find_councils(sentence), *hits[position].document.authorities}) > 1:
            return None
    return f"the nearest passages do not speak of {' and '.join(named)} together"


def _without_remarks_after(question: str) -> str:
    """`question` less the clauses after its last asking one that ask nothing: "… ofsted really? a friend worked there".

    What the user says before the question stays: it may say what the question asks of ("Lots of children turn up
    in Kent alone … What did Ofsted make of how the council looks after them?").
    """
    parts, asking = clauses(question)
    if not asking:
        return question
    return question[: asking[-1].end()] if any(part.start() >= asking[-1].end() for part in parts) else question


def _unspoken(topic: str, sentences: list[str]) -> list[str]:
    """The question's key words, when `sentences` hold none of them in any form (else nothing)."""
    keys = key_words(topic, joined=True)
    words = set(tokenize(" ".join(sentences)))
    if not keys or any(set(tokens) & words for _, _, _, tokens in keys):
        return []
    return [word for word, _, _, _ in keys]


def _proper_names(sentence: str) -> set[str]:
    """The names in `sentence`: its capitalised words after each sentence's first, and short quoted terms.

    Not months, Ofsted's abbreviations, nor the words that open or frame its sentences ("The", "Council").
    """
    quoted = re.findall(r"[‘“\"']([^’”\"']{2,40})[’”\"'](?![\w-])", sentence)  # not "‘place’-based"
    return (
        {
            word
            for each in split_sentences(sentence)  # a quote of two sentences: not the second's first word
            for word in _words(each)[1:]
            if word[:1].isupper()
            and word not in _NOT_THING_NAMES
            and not re.fullmatch(MONTH_WORDS, word, re.I)
            and not abbreviations(re.sub(r"(?<=[A-Z])s$", "", word))  # Ofsted's terms: "PAs", "IROs"
        }
        | {term for term in quoted if len(term.split()) <= 5}
    )


def _named_things(question: str, sentence: str) -> set[str]:
    """The names in `sentence` that can answer `question`, not a council's ("Hammersmith & Fulham").

    A product's, for "What software …?", is capitalised: not ‘audits’ or ‘learning spaces’, though a scheme's may
    be in lower case ('always here'); and it stands in a sentence that speaks of a product, not a team's acronym
    ("the children’s assessment and safeguarding teams (CAST)") beside social workers' records.
    """
    names = _proper_names(without_councils(sentence))  # "the London Borough of Hammersmith & Fulham": a place
    if not _ASKS_PRODUCT.search(question):
        return names
    return {name for name in names if not name[:1].islower()} if _PRODUCT.search(sentence) else set()


def _gives_name(sentence: str, said: set[str]) -> bool:
    """Whether `sentence` gives something a name besides the words `said`: "known as Voice4Us", "named ‘Elevation’".

    Not merely a capitalised term of Ofsted's ("the Public Law Outline", "the Corporate Parenting Board").
    """
    return bool(_NAMING.search(sentence) and _proper_names(sentence) - said)


def _words(text: str) -> list[str]:
    """The words of `text`, a possessive's "'s" dropped ("Knowsley's" is "Knowsley")."""
    return [re.sub(r"['’]s$", "", word) for word in re.findall(r"[\w'’-]+", text)]


def _names(role: str, sentence: str) -> bool:
    """Whether `sentence`, or one sentence of a longer quote, names a person and the `role` ("director": "DCS" too)."""
    for each in split_sentences(sentence):
        words = set(tokenize(each))
        if not any(form <= words for form in _role_forms(role)):
            continue
        names = (re.findall(r"[\w'’]+", name.group().replace("’", "'")) for name in _PERSON_NAME.finditer(each))
        # not a place ("Doncaster Children’s Services Trust"), nor a date ("In August 2023, a new director …")
        for name in names:
            person = {w.strip("'") for w in name if not find_councils(w) and not re.fullmatch(MONTH_WORDS, w)}
            if person - _NOT_NAMES:
                return True
    return False


@dataclass(frozen=True)
class Citation:
    """A passage the answer cites, with the sentence quoted from it (``None`` for related passages)."""

    ref: int
    hit: Hit
    quote: str | None

    def as_dict(self) -> dict[str, Any]:
        """The JSON form used by ``rag ask --json``."""
        return {"ref": self.ref, **self.hit.as_dict(), "quote": self.quote}


@dataclass(frozen=True)
class Answer:
    """An answer: its text with markers, whether the reports support it, and its citations."""

    question: str
    text: str
    supported: bool
    citations: list[Citation]
    reason: str | None = None
    table: tuple[tuple[str, ...], ...] = ()  # inspection facts as rows, the first the header; else empty

    def as_dict(self, index_info: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON form used by ``rag ask --json``."""
        out: dict[str, Any] = {
            "question": self.question,
            "answer": self.text,
            "supported": self.supported,
            "reason": self.reason,
            "citations": [c.as_dict() for c in self.citations],
        }
        if self.table:
            out["table"] = [dict(zip(self.table[0], row, strict=True)) for row in self.table[1:]]
        if index_info is not None:
            out["index"] = index_info
        return out


def answer_question(
    retriever: Retriever, question: str, k: int = 5, mode: str = "hybrid", filters: Filters | None = None
) -> Answer:
    """Answer `question` from the index behind `retriever`.

    Args:
        retriever: Searches the index.
        question: The user's question.
        k: Passages to read for the answer (and to show as related when there is none).
        mode: Retrieval mode.
        filters: Restrict to some documents.

    Returns:
        An `Answer`; ``supported`` is false when the reports do not answer the question.

    """
    uncovered = _uncovered_councils(retriever, question)
    filters = narrow(question, filters or Filters(), retriever.table)
    filters = _latest_now(question, filters, retriever)
    hits = retriever.search(question, k=k, mode=mode, filters=filters)
    if uncovered:
        names = " or ".join(uncovered)
        return _not_found(question, hits, f"no indexed document concerns {names}")
    unknown = unknown_names(retriever, question)
    if unknown:
        return _not_found(
            question, hits, f"no indexed document mentions {' or '.join(unknown)}{_guess(retriever, unknown)}"
        )
    if unreported := _no_report_of_year(retriever.index, question, filters):
        # "What was Knowsley's grade in 2014?", "… care leavers in Kent in 2019?": a later report that says so
        # ("… in April 2014 … inadequate"), else "not found", not another year's findings
        years, other_years = unreported  # "before the 2017 inspection": a report of 2017 that looks back on 2016
        told = [hit for hit in hits if any(int(y) in years for y in re.findall(rf"\b{YEAR}\b", hit.passage.text))]
        found = _from_passages(retriever, question, filters, told) if told else None
        # where a later report speaks of the year, why it does not answer: "… in 2021 - what's their name?" is
        # "the nearest passages name no director", not "no inspection report of 2021"
        return found or _not_found(question, hits, other_years)
    facts = inspection_facts(retriever.index, question, filters)
    if facts and len(facts) == 1 and _HOW_DOING.search(question):  # "How are care leavers doing in Sandwell?"
        graded = replace(filters, doc_ids=(facts[0].document.doc_id,))  # that report's findings, not its table
        found_in = [hit for hit in retriever.search(question, k, mode, graded) if hit.row != facts[0].row]
        found = _from_passages(retriever, question, graded, found_in)
        return _headed(retriever.index, found, facts[0]) or _fact_answer(retriever.index, question, facts)
    if facts:
        return _fact_answer(retriever.index, question, facts)
    answer = _from_passages(retriever, question, filters, hits)
    topic = without_filtered_words(question, filters) or question
    # "What did Ofsted find at Reading's …?"; "any good bits?" that no sentence answers: the headline
    strengths_unanswered = not answer.supported and _of_no_topic(ASKS_STRENGTH.sub(" ", topic))
    if len(filters.authorities) == 1 and (_of_no_topic(topic) or strengths_unanswered):
        return _headline(retriever.index, question, filters) or answer
    return answer


def _latest_now(question: str, filters: Filters, retriever: Retriever) -> Filters:
    """`filters`, narrowed to the council's latest inspection report if `question` asks how things stand now.

    Of no topic and no year: its strengths ("What's Croydon's children's services actually good at?" asks what the
    latest report praises, not the 2017 report's "widespread and serious failures" that a search for "good" may rank
    first), or what it must improve ("thurrock got outstanding — was there anything they weren't great at
    though?" is the 2024 report's "ongoing challenges", not the 2019 report's list; "north lincs … was there
    anything at all they were told to improve?" the 2026 list, not the 2022 report's lines on its few variations).
    """
    topic = without_filtered_words(question, filters) or question
    strengths = ASKS_STRENGTH.search(topic) and _of_no_topic(ASKS_STRENGTH.sub(" ", topic))
    if not (strengths or (wanted_answer(topic) == "improve" and not key_words(topic))):
        return filters
    if len(filters.authorities) != 1 or not favours_latest(question, filters):
        return filters
    latest = retriever.table.latest_reports(filters)
    return replace(filters, doc_ids=(str(retriever.table.ids[latest[0]]),)) if latest.size else filters


def _of_no_topic(words: str) -> bool:
    """Whether `words` (the question less its council and year) ask what the inspection found.

    Of no topic and for no fact: "What did Ofsted make of its children's services?", not "How many children were
    in care?", nor "What does it do best?" (its strengths, not its grade).
    """
    rest = _SERVICES.sub(" ", words)
    return (
        not key_words(rest)
        and not any(
            names_a_thing(rest[start:end], forms) or "&" in rest[start:end]  # "the b&b thing": no key word of it
            for start, end, forms in other_forms(rest)
        )
        and not ASKS_STRENGTH.search(rest)
        and wanted_answer(rest) is None
        and not set(tokenize(rest)) & _TOPIC_NOUNS
        and not _NAMED.search(rest)
    )


def _from_passages(retriever: Retriever, question: str, filters: Filters, hits: list[Hit]) -> Answer:
    """The answer from the passages `hits`: the report's list, or its sentences that answer, or "not found"."""
    if not hits:
        excluded = excluding_everything(filters, retriever.index.documents.values())
        return _not_found(question, hits, excluded or "no passage matches the question")
    topic = without_filtered_words(question, filters) or question
    bm25 = retriever.index.bm25
    asked = asking_clauses(topic)  # not "my cousin is a social worker up there"
    text_of = lambda row: retriever.index.passages[row].text  # noqa: E731
    gap = unmentioned(bm25, asked, retriever.allowed(filters), text_of) if bm25 is not None else Gap((), 0.0)

    wanted = wanted_answer(topic)
    if wanted == "improve":
        if gap.share >= MENTION_GAP:  # "what did Ofsted recommend about youth justice?" where no report says it
            return _not_found(question, hits, _not_mentioned(filters, gap))
        listed = _listed_answer(retriever, question, topic, hits, favours_latest(question, filters))
        if listed is not None:
            return listed
    candidates, cosines = _candidates(retriever.index, question, hits)
    if not candidates:
        return _not_found(question, hits, "no sentence in the nearest passages")
    q_tokens = _naming(topic, question)
    q_forms = q_tokens | set(tokenize(" ".join(expansions(question))))
    terms = _terms_of(topic)  # "front door": not said by "No Wrong Door"
    role = _role(question)  # a sentence naming one ranks higher
    lasts = bool(_DURATION.search(question))  # "How long …?": a sentence with a duration ranks higher
    sought = _sought(question)  # what a sentence that answers says: a reason, a fault, an action
    # "What is it called?": a sentence with a name the question does not say ranks higher
    named = set(_words(question)) if not role and _ASKS_NAME.search(question) else None
    scored, closest, overlaps = [], -1.0, {}
    for (position, sentence), cosine in zip(candidates, cosines, strict=True):
        overlap, loose = _overlap(q_tokens, q_forms, terms, sentence)
        overlaps[position, sentence] = overlap
        prior = RANK_WEIGHT / (position + 1)  # the retriever's order counts too
        support = float(cosine) + LEXICAL_WEIGHT * overlap + prior
        closest = max(closest, float(cosine) + LEXICAL_WEIGHT * loose + prior)  # as the thresholds were set
        holds = (
            # "What proportion of care leavers aged 19 to 21 …?": "50% …", not "… aged between 19 and 21 …"
            bool(wanted == "number" and _states(topic, sentence, hits[position].passage.text))
            or bool(wanted and wanted != "number" and sentence_holds(wanted, sentence))
            or bool(role and _names(role, sentence))
            or bool(lasts and _lasts(sentence))
            or any(said.search(sentence) for said in sought)
            or bool(_PRAISE.search(sentence) and ASKS_STRENGTH.search(topic))  # "What's Croydon good at?"
            or bool(named is not None and _gives_name(sentence, named))
        )
        states = ANSWER_WEIGHT if holds else 0.0  # ranks; does not support
        scored.append((support + states, position, sentence))
    if unsaid := _why_unmentioned(retriever, filters, asked, gap, closest):
        return _not_found(question, hits, unsaid)
    if closest < MIN_SIMILARITY:
        return _not_found(question, hits, "no sentence in the nearest passages is close to the question")
    scored = _speaking_of_bodies(question, scored)  # "care leavers in prison": the sentences on custody
    scored = _naming_councils(question, scored)  # "which council ran it before?": the one naming Cumbria
    scored = _giving_name(question, named, scored)  # "what's … called?": a sentence that gives one
    # "What proportion … were NEET?": the sentence with a share, if one is close enough
    scored = _stating(question, topic, scored, overlaps, hits)
    if wanted == "improve":  # no list to improve in the passages: "was there anything they weren't great at?" of
        scored = _those_close(scored, 1.0, lambda item: bool(_FAULT.search(item[2])))  # an outstanding report
    chosen = _choose(scored)
    if wanted != "improve":  # "any problems with protecting disabled children?": a list's heading, and a finding
        chosen = _with_finding(chosen, scored, hits)
    chosen = _with_sought(sought, chosen, scored)  # "are they doing anything about it?": what leaders do; "why …?"
    chosen = _in_context(hits, chosen)  # "The proportion … entitled to free school meals:" with its figures
    years = {year for position, _ in chosen for year in hits[position].document.years()}
    sentences = [sentence for _, sentence in chosen]
    passages = [hits[position].passage.text for position, _ in chosen]
    missing = _missing(question, topic, role, sentences, years, passages) or _apart(question, hits, chosen)
    if missing:
        return _not_found(question, hits, missing)
    unspoken = _unspoken(_without_remarks_after(topic), sentences)  # not "a friend worked there then"
    if unspoken and closest < MENTION_SIMILARITY:  # 'bin collections' answered with 'registration'
        return _not_found(question, hits, f"the nearest passages do not speak of {' or '.join(unspoken)}")
    finding = wanted is None and not (role or lasts or named is not None)  # not a name, a role or a duration
    return _cited_answer(question, hits, _elaborated(hits, chosen, scored) if finding else chosen)


def _why_unmentioned(retriever: Retriever, filters: Filters, asked: str, gap: Gap, closest: float) -> str | None:
    """Why the reports in `filters` do not speak of what `asked` asks, in plain words; ``None`` where they may.

    `gap`: the key words and terms of `asked` that no passage in scope says; `closest`: the best sentence's support.
    """
    not_mentioned = _not_mentioned(filters, gap)
    if (gap.share >= MENTION_GAP and closest < MENTION_SIMILARITY) or _names_unmentioned(asked, gap.phrases):
        return not_mentioned  # "Does Ealing run the Pause programme?"
    if gap.share == 1.0 and gap.said > 1:  # no key word in any report in scope: a close sentence is of another thing
        return not_mentioned  # "Are children in care getting dental check-ups?"
    if gap.terms:  # "What support is there for young carers?" where no report says it
        return not_mentioned
    bm25, allowed = retriever.index.bm25, retriever.allowed(filters)
    if bm25 is None:
        return None
    if rare := rarest_unmentioned(bm25, asked, allowed, RARE_TERM):
        return f"{_scope(filters)} do not mention {rare}"  # "… trafficked …?"
    text_of = lambda row: retriever.index.passages[row].text  # noqa: E731
    if any(
        written_as_name(bm25, name, text_of)
        or (_as_thing(asked, name) and acronym_unsaid(bm25, name, allowed, text_of))
        for name in _names_in(gap.phrases)
    ):  # "does warrington use the mockingbird model?", "… the haf holiday club thing?"
        return not_mentioned
    return None


def _terms_of(topic: str) -> list[tuple[frozenset[str], list[frozenset[str]]]]:
    """The terms of several words in `topic` ("front door"): the tokens of each, and of each of its forms."""
    terms = []
    for start, end, forms in other_forms(topic):
        words = frozenset(tokenize(topic[start:end]))
        if len(words) > 1 and all(word.isalpha() for word in words):  # not "over 21": "become 21" says it
            terms.append((words, [words, *(frozenset(tokenize(form)) for form in forms)]))
    return terms


def _overlap(
    q_tokens: set[str], q_forms: set[str], terms: list[tuple[frozenset[str], list[frozenset[str]]]], sentence: str
) -> tuple[float, float]:
    """The share of the question's words (`q_tokens`, in any of their forms `q_forms`) that `sentence` says.

    As it ranks the sentence, a term of several words counts only where said whole, in any form (`terms`: not
    "door" of "front door" in "the No Wrong Door approach"); and loosely, each word alone, as the thresholds on the
    closest sentence were set.
    """
    if not q_tokens:
        return 0.0, 0.0
    said = set(tokenize(sentence))
    shared = q_forms & said
    return min(1.0, len(shared - _in_part(terms, said)) / len(q_tokens)), min(1.0, len(shared) / len(q_tokens))


def _in_part(terms: list[tuple[frozenset[str], list[frozenset[str]]]], said: set[str]) -> set[str]:
    """The words of `terms` that a sentence whose tokens are `said` says without saying the term in any form.

    "door" of "front door" in "the No Wrong Door approach": no word of the question it says; "care" of "care
    leavers" in "Children in care say …" is a word of "children looked after", said in another form.
    """
    whole: set[str] = set()
    part: set[str] = set()
    for words, forms in terms:
        found = [form for form in forms if form and form <= said]
        whole |= words.union(*found) if found else set()
        part |= set() if found else words
    return part - whole


_THINGS = r"(?:tools?|clubs?|pilots?|platforms?|software|systems?|services?|teams?|sessions?|hubs?)\b"


def _as_thing(asked: str, word: str) -> bool:
    """Whether `asked` names a thing by `word`: typed in lower case ("the haf holiday club"), or before what it is.

    "AI tools", not "the UK" of "kids who arrived in the UK on their own", where it only says where.
    """
    return word.islower() or bool(re.search(rf"(?<![\w-]){re.escape(word)}\s+(?:{_PROGRAMME}|{_THINGS})", asked, re.I))


def _sought(question: str) -> list[re.Pattern[str]]:
    """What a sentence that answers `question` says, as patterns: an action, or a reason and a fault.

    "Are they doing anything about the delays?": what leaders do, not the delays again; "Why …?": a reason; "Were
    inspectors worried …?": a fault.
    """
    if _ASKS_ACTION.search(question):
        return [_ACTION]
    return [said for asks, said in ((_ASKS_WHY, _BECAUSE), (_ASKS_FAULT, _FAULT)) if asks.search(question)]


def _elaborated(
    hits: list[Hit], chosen: list[tuple[int, str]], scored: list[tuple[float, int, str]]
) -> list[tuple[int, str]]:
    """`chosen`, the best sentence (of `scored`) running on to the next of its paragraph: what was found, then why.

    A paragraph opens with the finding and goes on with its evidence: "The responses by the out-of-hours service to
    children in emergency situations are inconsistent." is followed by "There is insufficient staff capacity to
    answer calls out of hours …", which answers "if i phone croydon … in the middle of the night does anyone pick
    up?". Not in a list ("• The record of achievements …" is another item), nor where the next sentence is already
    chosen.
    """
    _, position, sentence = max(scored, key=lambda item: item[0])  # the first of the best, as `_choose` takes it
    passage = hits[position].passage
    if holds_answer("improve", passage):
        return chosen
    text = passage.text
    for n, (at, span) in enumerate(chosen):
        if at != position or sentence not in span or (start := text.find(span)) < 0:
            continue
        end = start + len(span)
        following = next(iter(split_sentences(text[end:])), "")
        if not following or _LISTED.match(following) or any(following in other for _, other in chosen):
            return chosen
        return [*chosen[:n], (position, text[start : text.find(following, end) + len(following)]), *chosen[n + 1 :]]
    return chosen


_LISTED = re.compile(r"[•−–-]|\W*[a-z]")  # an item of a list, or the rest of one


def _not_mentioned(filters: Filters, gap: Gap) -> str:
    """The reason that `gap` gives: what no report in scope mentions, its phrases (less those within its terms).

    Then its terms: "Knowsley’s reports do not mention lifelong links", not "… lifelong or lifelong links".
    """
    unsaid = [p for p in gap.phrases if not any(p.lower() in term.lower() for term in gap.terms)] + [*gap.terms]
    return f"{_scope(filters)} do not mention {' or '.join(unsaid)}"


_PROGRAMME = r"(?:programme|project|scheme|model|initiative|app)s?\b"  # what a name stands before
# Countries and their peoples, names however typed: "how is waltham forest supporting ukrainian refugee kids?"
_NATIONS = frozenset(
    "ukraine ukrainian ukrainians afghanistan afghan afghans syria syrian syrians albania albanian albanians eritrea "
    "eritrean eritreans sudan sudanese vietnam vietnamese iran iranian iranians iraq iraqi iraqis kurdish kurds "
    "somalia somali somalis nigeria nigerian nigerians poland polish romania romanian romanians ethiopia ethiopian "
    "pakistan pakistani bangladesh bangladeshi libya libyan yemen yemeni palestinian palestinians gaza".split()
)


def _names_unmentioned(asked: str, phrases: tuple[str, ...]) -> bool:
    """Whether an unmentioned phrase is a name: capitalised within its sentence, or an acronym ("Pause", "FDAC").

    Or one a programme's name stands before, in any case ("the pause programme"), or a country or its people.

    A programme, a product or a body that no report in scope names is not there to be found, however common the
    question's other words and however close a sentence about them ("Is Sutton using the Mockingbird model to
    support its foster carers?" is close to a sentence on support for foster carers); a capitalised word that
    opens a sentence, or one of a council's title, is no name.
    """
    for phrase in phrases:
        if re.search(rf"\b{re.escape(phrase)}\s+{_PROGRAMME}", asked, re.I):  # "the pause programme": lower case
            return True
        if not _NATIONS.isdisjoint(phrase.lower().split()):  # "ukrainian refugee kids": a people, lower case
            return True
        words = phrase.split()
        if not all(_NAME_WORD.fullmatch(word) and word not in _TITLE_WORDS for word in words):
            continue
        if not re.search(rf"(?:^|[.?!:–—]\s*)\W*{re.escape(phrase)}", asked):  # not the first word of a sentence
            return True
    return False


def _choose(scored: list[tuple[float, int, str]]) -> list[tuple[int, str]]:
    """The best sentences, at most `MAX_SENTENCES`, within `KEEP_WITHIN` of the best, none like another."""
    scored = sorted(scored, key=lambda item: -item[0])
    best = scored[0][0]
    chosen: list[tuple[int, str]] = []
    for score, position, sentence in scored:
        if len(chosen) == MAX_SENTENCES or score < best - KEEP_WITHIN:
            break
        if not any(_similar(sentence, other) for _, other in chosen):
            chosen.append((position, sentence))
    return chosen


def _with_finding(
    chosen: list[tuple[int, str]], scored: list[tuple[float, int, str]], hits: list[Hit]
) -> list[tuple[int, str]]:
    """`chosen`, and the report's finding on its topic if `chosen` holds only items of a list to improve.

    An item of "What needs to improve?" ("Support for young carers.") names a topic; what inspectors found about
    it is in a paragraph of the same report ("The service is underdeveloped, and … young carers’ experiences."):
    the sentence that shares most of the item's words (two or more), of those within `FINDING_WITHIN` of the
    best sentence; if none there does, the closest of the nearest passages' that does ("Consistency of response to
    16- and 17-year-olds who present as homeless." brings "The service’s response to children who are homeless …
    does not take sufficient account of children’s needs.").
    """
    listed = {position for position, hit in enumerate(hits) if holds_answer("improve", hit.passage)}
    if not chosen or not all(position in listed for position, _ in chosen):
        return chosen
    position, item = chosen[0]
    report = hits[position].passage.doc_id
    words = set(tokenize(item)) - FRAME_WORDS
    best = max(score for score, _, _ in scored)
    findings = [
        (len(words & set(tokenize(sentence))), score, at, sentence)
        for score, at, sentence in scored
        if at not in listed and hits[at].passage.doc_id == report
    ]
    close = [finding for finding in findings if finding[1] >= best - FINDING_WITHIN]
    shared, _, at, sentence = max(close, default=(0, 0.0, 0, ""))
    if shared < 2:  # none close shares two words: the closest that does
        shared, _, at, sentence = max(
            ((n, score, at, s) for n, score, at, s in findings if n >= 2), key=lambda f: f[1], default=(0, 0.0, 0, "")
        )
    return [*chosen, (at, sentence)] if shared >= 2 else chosen


def _with_sought(
    sought: list[re.Pattern[str]], chosen: list[tuple[int, str]], scored: list[tuple[float, int, str]]
) -> list[tuple[int, str]]:
    """`chosen`, and a reason or what leaders do about it, where the question asks that and `chosen` does not say it.

    `sought`: what a sentence that answers says (`_sought`); a reason where the question asks why (a sentence that
    gives one, scoring within `STATING_FURTHER` of the best), an action where it asks what is being done.

    "Is anything being done about short breaks?": what was found ("access to short breaks … is insufficient to meet
    demand"), then the closest sentence of the same passages on what leaders do ("Leaders have recognised this
    shortfall and are undertaking a comprehensive review of the short-breaks offer").
    """
    if _BECAUSE in sought and scored and not any(_BECAUSE.search(sentence) for _, sentence in chosen):
        # "why were care leavers who work missing out on the drop-in?": the finding, then the close sentence that
        # gives its reason ("… miss out on this high-quality service because of its limited opening times")
        giving = _those_close(scored, STATING_FURTHER, lambda item: bool(_BECAUSE.search(item[2])))
        chosen = [*chosen, max(giving)[1:]] if giving is not scored else chosen
    if _ACTION not in sought or any(_ACTION.search(sentence) for _, sentence in chosen):
        return chosen
    passages = {position for position, _ in chosen}
    acting = [(score, at, sentence) for score, at, sentence in scored if at in passages and _ACTION.search(sentence)]
    if not acting:
        return chosen
    _, at, sentence = max(acting)
    return [*chosen, (at, sentence)]


def _cited_answer(question: str, hits: list[Hit], chosen: list[tuple[int, str]]) -> Answer:
    """The chosen sentences, each followed by the marker of its passage; one citation per passage."""
    refs: dict[int, int] = {}
    citations: list[Citation] = []
    parts = []
    for position, sentence in chosen:
        if position not in refs:
            refs[position] = len(refs) + 1
            quotes = [s for p, s in chosen if p == position]
            citations.append(Citation(refs[position], hits[position], " … ".join(quotes)))
        parts.append(f"{sentence} [{refs[position]}]")
    return Answer(question, " ".join(parts), True, citations)


def _headline(index: Index, question: str, filters: Filters) -> Answer | None:
    """For a question of no topic, the latest report's overall grade and the opening of its findings.

    "What did Ofsted make of Bedford's children's services in 2025?": the latest inspection report in scope's
    overall grade and the opening sentences of its overall effectiveness or executive summary, each cited; ``None``
    when no report in scope has both.
    """
    reports = [
        doc
        for doc in index.documents.values()
        if doc.kind == "inspection report" and doc.inspection and filters.allows(doc)
    ]
    if not reports:
        return None
    doc = max(reports, key=lambda doc: doc.when)
    overall = overall_grade(index, doc)
    grades = [overall] if overall else area_grades(index, doc)  # from 2026 no overall grade: each area's
    rows = index.rows_of(doc.doc_id)
    row = next((row for row in rows if _HEADLINE.fullmatch(index.passages[row].section)), None)
    if row is None and not overall:  # a 2026 report opens its findings under no heading, after its table
        row = next((row for row in rows[1:4] if not index.passages[row].section and _opens(index.passages[row])), None)
    if not grades or row is None:
        return None
    text = index.passages[row].text
    opening = split_sentences(text)[:HEADLINE_SENTENCES]
    quote = text[text.find(opening[0]) : text.find(opening[-1]) + len(opening[-1])]
    summary = Answer(question, f"{quote} [1]", True, [Citation(1, Hit(index.passages[row], 0.0, doc, 0.0, row), quote)])
    return _headed(index, summary, *grades)


def _opens(passage: Passage) -> bool:
    """Whether `passage` is prose that opens a report's findings, not its judgement table or cover."""
    return "Grade" not in passage.text and len(split_sentences(passage.text)) >= 2


def _headed(index: Index, answer: Answer, *facts: Fact) -> Answer | None:
    """`answer`, headed by `facts`, grades of the one inspection report it quotes, cited.

    "How are care leavers doing in Sandwell?": the care leavers grade, then what the report says. ``None`` if the
    answer quotes another report.
    """
    documents = {citation.hit.document.doc_id for citation in answer.citations}
    if not answer.supported or documents != {fact.document.doc_id for fact in facts}:
        return None
    head = replace(_fact_answer(index, answer.question, list(facts)), table=())  # the grades as lines, then text
    shift = len(head.citations)
    body = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m[1]) + shift}]", answer.text)
    citations = head.citations + [replace(citation, ref=citation.ref + shift) for citation in answer.citations]
    return replace(answer, text=f"{head.text}\n{body}", citations=citations)


_SERVICES = re.compile(  # "children's services", "kids social care"
    r"\b(?:children['’]?s?|kids['’]?)\s+(?:social\s+care|(?:social\s+work\s+)?services?)\b|\bsocial care\b", re.I
)
_TOPIC_NOUNS = frozenset(tokenize("children child care council councils young people families family"))
_NAMED = re.compile(r"\b(?:called|named|name|who|how many|how much)\b", re.I)
_HEADLINE = re.compile(r"overall effectiveness|executive summary", re.I)  # where a report opens its findings
HEADLINE_SENTENCES = 3
# "How are care leavers doing?" asks how they fare, the grade first; "How were care leavers rated?", the grade only
_HOW_DOING = re.compile(r"\b(?:doing|getting on|faring|ok|okay)\b", re.I)
_FRAGMENT = re.compile(r"[^\w“‘\"']*[a-z]")  # starts in lower case: the end of a list's lead-in, not a sentence
_CONTINUES = re.compile(r"^(?:This|These|They|It|He|She|Such|Both|“)\b|^“")  # goes on from the sentence before
# says what it counts by the sentence before: "At the time of this inspection, there were over 200 young people in
# this category."
_POINTS_BACK = re.compile(r"\b(?:in|of) (?:this|these|that|those) (?:category|categories|group|groups|cohort)\b", re.I)
_QUALIFIES = re.compile(r"^(?:However|But|Nevertheless|Despite this)\b")  # takes back some of the sentence before


def _in_context(hits: list[Hit], chosen: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The chosen sentences in passage order, each with the words it needs from its neighbours, verbatim.

    "Justin, Chair of the MADE Group, said:" brings the quote that follows, and the quote brings who said it;
    "This received a rating of 'good'" brings the sentence "this" refers to; a list item in lower case ("− in
    primary schools is 41%") brings its lead-in; a sentence brings the "However, …" that qualifies it ("Most
    pre-proceedings letters … are clear …" brings "However, some lack sufficient clarity and are too long."), and a
    "However, …" brings what it takes back ("However, it also reflects the local authority's determination …" brings
    "Adoption performance … does not meet expected timescales. This is in part a legacy …"). Sentences that meet are
    joined.
    """
    spans: list[tuple[int, int, int]] = []  # (hit position, start, end) in the passage's text
    for position, sentence in chosen:
        text = hits[position].passage.text
        sentences = split_sentences(text)
        starts, at = [], 0
        for other in sentences:
            at = text.find(other, at)
            starts.append(at)
            at += len(other)
        i = next(n for n, other in enumerate(sentences) if other == sentence)
        first = last = i
        if first > 0 and (
            sentences[first - 1].endswith(":")
            or _CONTINUES.search(sentences[first])
            or _POINTS_BACK.search(sentences[first])
            or _QUALIFIES.search(sentences[first])  # "However, …" alone says not what it takes back
        ):
            first -= 1
            if first > 0 and _QUALIFIES.search(sentences[i]) and _CONTINUES.search(sentences[first]):  # its "This …"
                first -= 1
        while first > 0 and first > i - 3 and _FRAGMENT.match(sentences[first]):  # "− in primary schools is 41%"
            first -= 1
        if last + 1 < len(sentences) and (
            sentences[last].endswith(":")
            or _CONTINUES.search(sentences[last + 1])
            or _QUALIFIES.search(sentences[last + 1])
        ):
            last += 1
        spans.append((position, starts[first], starts[last] + len(sentences[last])))
    spans.sort()
    merged: list[tuple[int, int, int]] = []
    for position, start, end in spans:
        if merged and merged[-1][0] == position and start <= merged[-1][2] + 2:
            merged[-1] = (position, merged[-1][1], max(end, merged[-1][2]))
        else:
            merged.append((position, start, end))
    return [(position, hits[position].passage.text[start:end]) for position, start, end in merged]


def _candidates(index: Index, question: str, hits: list[Hit]) -> tuple[list[tuple[int, str]], np.ndarray]:
    """The sentences of the hits, as (hit position, sentence), and the cosine of each with the question.

    A passage that opens mid-list ("− in primary schools is 41%") lacks the lead-in; that opening is left out, so
    that no answer starts with a fragment. A judgement table's lines ("Outstanding The experiences and progress of
    children in care") answer a question about grades or about one judgement area ("How did care leavers compare
    with 2025?"), not "What made Hillingdon's children's services outstanding?". How the inspection was done is no
    answer unless asked ("They read case files, watched how professional staff work …"), nor is a report's title.
    """
    tables = _reads_tables(question)
    candidates = [
        (position, sentence) for position, hit in enumerate(hits) for sentence in split_sentences(hit.passage.text)
    ]
    cosines = _sentence_cosines(index, question, hits, [s for _, s in candidates])  # every one: the index has them
    opening = [n == 0 or candidates[n - 1][0] != candidates[n][0] for n in range(len(candidates))]
    method = set() if asks_method(question) else {n for n, hit in enumerate(hits) if tells_method(hit.passage)}
    kept = [
        n
        for n, (position, sentence) in enumerate(candidates)
        if not (opening[n] and _FRAGMENT.match(sentence))
        and (tables or not sentence_holds("grade", sentence))
        and position not in method
        and not _TITLE.match(sentence)
    ]
    return [candidates[n] for n in kept], cosines[kept]


# A report's title ("Inspection of services for children in need of help and protection, …"): no finding
_TITLE = re.compile(r"(?:re-)?inspection of [^.!?]*$", re.I)
_GRADED = re.compile(r"\b(?:grade[sd]?|graded|grading|rated|rating|judged|judge?ments?)\b", re.I)


def _reads_tables(question: str) -> bool:
    """Whether a judgement table's lines may answer `question`: one about grades or about one judgement area.

    About an area and nothing else ("How did care leavers compare with 2025?"), not about something within it
    ("What help do kids in care get if they have an eating disorder?").
    """
    if answer_type(question) == "grade":
        return True
    area = judgement_area(question)
    if area == "overall":
        return False
    if _GRADED.search(question):  # "was any area graded lower? how did children in care do?"
        return True
    return not key_words(without_councils(re.sub(rf"(?:{AREA_WORDS[area]})[\w'’-]*", " ", question, flags=re.I)))


# "What did Ofsted say about …": how a question asks, as the conversation writes follow-ups out
_SAY_ABOUT = re.compile(
    r"^\W*(?:(?:and|so)\W+)?what (?:did|does|do|has|have) (?:ofsted|the (?:report|inspection|inspectors?)"
    r"|that (?:report|inspection)|inspectors|they)\s+(?:say|said|find|found|think|write|report)\s+(?:about|of|on)\s+",
    re.I,
)


def _sentence_cosines(index: Index, question: str, hits: list[Hit], sentences: list[str]) -> np.ndarray:
    """Cosine of the question with each sentence of the hits.

    The question less "What did Ofsted say about", as follow-ups are written out (a council's news quotes Ofsted:
    "We told Ofsted about our … plans"), and read in the reports' words too ("night cover": "out of hours"): the
    closer of the two counts.

    Read from the index's sentence vectors where it has them (the build split the passages the same way), else
    encoded now.
    """
    embedder = index.embedder
    about = _SAY_ABOUT.sub("", question) or question
    asked = list(dict.fromkeys([about, in_report_words(about)]))  # "night cover" is also "out of hours"
    stored = [v for hit in hits if (v := index.sentence_vectors_of(hit.row)) is not None]
    if len(stored) == len(hits) and sum(len(v) for v in stored) == len(sentences):
        return (np.concatenate(stored) @ embedder.encode(asked).T).max(axis=1)
    vectors = embedder.encode([*asked, *sentences])
    return (vectors[len(asked) :] @ vectors[: len(asked)].T).max(axis=1)


_OFFICIAL = {"Requires improvement": "Requires improvement to be good"}  # a grade as the reports print it


def _fact_answer(index: Index, question: str, facts: list[Fact]) -> Answer:
    """Inspection facts from the reports' metadata: one line each, cited to the passage that shows it."""
    citations: list[Citation] = []
    lines = []
    one = len({fact.document.doc_id for fact in facts}) == 1  # every area's grade at one inspection
    rows = [("Judgement", "Grade") if one else ("Council", "Inspection", "Dates", facts[0].label)]
    for fact in facts:
        doc, inspection = fact.document, fact.document.inspection
        if not citations or citations[-1].hit.row != fact.row or citations[-1].quote != fact.quote:
            hit = Hit(index.passages[fact.row], 0.0, doc, 0.0, fact.row)
            citations.append(Citation(len(citations) + 1, hit, fact.quote))
        council = inspection.local_authority if inspection and inspection.local_authority else doc.label
        kind = inspection.inspection_type or inspection.framework if inspection else None
        dates = inspection.inspection_dates if inspection else None
        value = _OFFICIAL.get(fact.value, fact.value)  # "Requires improvement to be good", as Ofsted words it
        context = ", ".join(part for part in (council, kind, dates) if part and part != fact.value)
        if one and len(facts) > 1:  # "Knowsley, SIF re-inspection, 13 to 24 March 2017:" above its grades
            rows.append((fact.label, value))
            lines.append(f"{fact.label}: {value} [{citations[-1].ref}]")
            asked, negated = grade_asked(question)  # "Which bits were judged good?" where none was
            none = asked and all((each.value.lower() != asked) != negated for each in facts)
            judged = f"Every area was judged {asked}" if negated else f"No area was judged {asked}"
            heading = f"{judged} ({context}); its grades:" if none else f"{context}:"
        else:
            rows.append((council, kind or doc.kind, dates or doc.date or "", value))
            lines.append(f"{fact.label}: {value} ({context}) [{citations[-1].ref}]")
            heading = ""
    text = lines[0] if len(lines) == 1 else "\n".join([heading] * bool(heading) + [f"• {line}" for line in lines])
    return Answer(question, text, True, citations, table=tuple(rows) if len(facts) > 1 else ())


def _listed_answer(
    retriever: Retriever, question: str, topic: str, hits: list[Hit], latest: bool = False
) -> Answer | None:
    """For "what does X need to improve?": the report's whole list, each item cited; None if no hit holds one.

    The best hit that stands in a "What needs to improve?", "Recommendations" or "Areas for improvement" section
    chooses the report and the section (for a question of no topic, "What were the weak spots?", the first
    inspection report's among the hits that has such a list, the newest first if the search favours the `latest`
    reports); every passage of that section is read in document order, each bullet or numbered recommendation an
    item, verbatim.
    """
    index = retriever.index
    top = next((hit for hit in hits[:3] if holds_answer("improve", hit.passage)), None)
    reports = [hit.document for hit in hits if hit.document.kind == "inspection report"]  # not a news story
    if latest:  # "what's not working so well in tower hamlets?": how things stand, the newest report first
        reports.sort(key=lambda document: document.date or "", reverse=True)
    if top is None and reports and not key_words(topic):  # "What were the weak spots?": the first report's list
        for report in reports:
            row = next((r for r in index.rows_of(report.doc_id) if holds_answer("improve", index.passages[r])), None)
            if row is not None:
                top = Hit(index.passages[row], 0.0, report, 0.0, row)
                break
    if top is None:
        return None
    rows = [row for row in index.rows_of(top.passage.doc_id) if index.passages[row].section == top.passage.section]
    items = [(row, item) for row in rows for item in _list_items(index.passages[row].text)]
    keys = key_words(topic)  # not "holding them back", "anything they weren't happy with"
    topic_words = {word for key in keys for word in tokenize(key[0]) if len(word) > 1} - FRAME_WORDS  # not Sutton's s
    asked = topic  # not the words that ask: "kids" of "where are they still letting kids down?"
    for start, end in sorted(lay_asking(topic), reverse=True):
        asked = f"{asked[:start]} {asked[end:]}"
    forms = set(tokenize(" ".join(expansions(asked))))  # where the topic has words of its own, not "children"
    forms = topic_words | (forms - FRAME_WORDS if topic_words else forms)  # of "unaccompanied children"
    # the items that share most of the question's own topic words (else of their other forms)
    matches = [(len(topic_words & set(tokenize(item))), len(forms & set(tokenize(item)))) for _, item in items]
    best = max(matches, default=(0, 0))
    on_topic = [pair for pair, match in zip(items, matches, strict=True) if best > (0, 0) and match >= best]
    citations: list[Citation] = []
    lines = []
    if topic_words and not on_topic:  # "… about unaccompanied children" where no item is: the list, said so
        asked = _topic_phrase(topic, keys)
        lines.append(f"No item of the report’s “{top.passage.section}” list mentions {asked}; the list in full:")
    for row, item in on_topic or items:  # "… about care leavers": the items on that; else the whole list
        if not citations or citations[-1].hit.row != row:
            hit = top if row == top.row else Hit(index.passages[row], 0.0, top.document, 0.0, row)
            citations.append(Citation(len(citations) + 1, hit, item))
        else:
            last = citations[-1]
            citations[-1] = Citation(last.ref, last.hit, f"{last.quote} … {item}")
        lines.append(f"• {item} [{citations[-1].ref}]")
    return Answer(question, "\n".join(lines), True, citations) if lines else None


_DOMAIN = frozenset(tokenize("care children child children's young people social"))  # of "care leavers"


def _topic_phrase(topic: str, keys: list[tuple[str, int, int, list[str]]]) -> str:
    """The words of `topic` from its first key word to its last, with the domain words next to them."""
    if not keys:
        return topic.strip(" ?.!")
    start, end = keys[0][1], keys[-1][2]
    while (before := re.search(r"([\w'’-]+)\s+$", topic[:start])) and _is_domain(before[1]):
        start = before.start(1)
    while (after := re.match(r"\s+([\w'’-]+)", topic[end:])) and _is_domain(after[1]):
        end += after.end(1)
    return topic[start:end]


def _is_domain(word: str) -> bool:
    return bool(tokens := set(tokenize(word))) and tokens <= _DOMAIN


def _list_items(text: str) -> list[str]:
    """A list passage's items, verbatim: its bullet lines, or the recommendation a numbered paragraph makes."""
    lines = [re.sub(r"^\s*(?:\d{1,3}\.|[-•*◼▪])\s+", "", line).strip() for line in text.split("\n")]
    return [line for line in lines if len(line.split()) >= 2]


def _scope(filters: Filters) -> str:
    """The reports a question searched, in words: "Norfolk's reports", "Kent's 2022 reports", "the reports"."""
    years = ", ".join(str(y) for y in filters.years)
    if filters.since or filters.until:
        years = f"{filters.since[:4] if filters.since else '…'}–{filters.until[:4] if filters.until else '…'}"
    if len(filters.authorities) == 1:
        name = filters.authorities[0]
        return f"{name}{'’' if name.endswith('s') else '’s'} {years + ' ' if years else ''}reports"
    names = " and ".join(filters.authorities)
    return f"the {years + ' ' if years else ''}reports{' on ' + names if names else ''}"


def _no_report_of_year(index: Index, question: str, filters: Filters) -> tuple[range, str] | None:
    """The year or years `question` asks of one council that none of its inspection reports is of, and why.

    "What was Leeds' overall grade in 2016?" where Leeds' reports are of 2018, 2022 and 2025 is not answered with
    the 2025 grade: "Leeds has no inspection report of 2016 here (its reports: 2018, 2022, 2025)"; nor "what about
    care leavers before 2024?" with Cumberland's 2024 report. The years are a range (one year, or "before 2024":
    from 1980). ``None`` when the years asked were searched, or the question names no year or not one council.
    """
    if filters.years or filters.since or filters.until or len(filters.authorities) != 1:
        return None
    asked = year_filters(question, Filters())
    if len(asked.years) == 1:
        years, said = range(asked.years[0], asked.years[0] + 1), f"of {asked.years[0]}"
    elif asked.until:
        years, said = range(1980, int(asked.until[:4]) + 1), f"before {int(asked.until[:4]) + 1}"
    elif asked.since:
        years, said = range(int(asked.since[:4]), 2050), f"from {asked.since[:4]} on"
    else:
        return None
    reports = [doc for doc in index.documents.values() if doc.inspection and doc.is_about(filters.authorities)]
    held = sorted({doc.when[:4] for doc in reports if doc.when})
    if not held:
        return None
    reason = f"{filters.authorities[0]} has no inspection report {said} here (its reports: {', '.join(held)})"
    return years, reason


def _not_found(question: str, hits: list[Hit], reason: str) -> Answer:
    related = [Citation(n, hit, None) for n, hit in enumerate(hits, 1)]
    return Answer(question, NOT_FOUND, False, related, reason)


def _uncovered_councils(retriever: Retriever, question: str) -> list[str]:
    """Councils the question names that no indexed document concerns, if none of them is covered.

    A year in the question narrows the search when the index holds that council's report of that year; it
    does not make the answer "not found" otherwise ("rated inadequate in 2014" names an event, not a report).
    A council that only the filters rule out is not "uncovered": the answer names the filters instead.
    """
    named = find_councils(question)
    if not named:
        return []
    covered = retriever.table.councils
    missing = [name for name in named if name_key(name) not in covered]
    return missing if len(missing) == len(named) else []


_NAME = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?=(?:['’]s)?(?![\w-]))")  # Gotham, Knowsley's


def unknown_names(retriever: Retriever, question: str) -> list[str]:
    """Capitalised words in `question` that appear nowhere in the index, in question order.

    A sentence's first word is left out (it is capitalised anyway), and so are stop words, Ofsted terms the
    keyword vocabulary knows, and acronyms (a report may spell out what a user abbreviates: "SIF", "CP").
    "What did Ofsted say about care leavers in Gotham City?" gives ``["Gotham"]`` on the 401 reports: whatever
    the search returns, it is not about Gotham.

    Args:
        retriever: Searches the index whose words are checked.
        question: The user's question.

    Returns:
        The words as written in the question; empty when the index has no keyword index.

    """
    bm25 = retriever.index.bm25
    if bm25 is None:
        return []
    unknown = []
    councils = [(start, end) for _, start, end in council_mentions(question)]  # "Bucks", "S Glos": short forms
    for match in _NAME.finditer(question):
        word = match.group()
        if any(start <= match.start() < end for start, end in councils):
            continue
        before = question[: match.start()].rstrip(" \t\n\"'“‘(")
        if not before or before[-1] in ".?!:;" or re.fullmatch(MONTH_WORDS, word, re.I):
            continue  # a sentence's first word is capitalised anyway; "the Nov 2024 ILACS"
        tokens = tokenize(word)
        if tokens and not expansions(word) and not any(t in bm25.vocab_dict for t in tokens):
            unknown.append(word)
    return list(dict.fromkeys(unknown))


def _guess(retriever: Retriever, unknown: list[str]) -> str:
    """The "did you mean Knowsley?" for a misspelt council's name, else nothing."""
    guesses = [g for word in unknown for g in difflib.get_close_matches(word, retriever.index.councils, 1, 0.75)]
    return f"; did you mean {' or '.join(dict.fromkeys(guesses))}?" if guesses else ""


def _similar(a: str, b: str) -> bool:
    ta, tb = set(tokenize(a)), set(tokenize(b))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) > 0.6
