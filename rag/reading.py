"""One turn read alone: the councils, years and topic a question names itself.

`read_alone` reads a question without the turns before it into a `Reading`; `rag.conversation` then reads it with
them. Here too are the words a follow-up's reading shares: the years a question says ("in 2018", "March 2023"),
the user speaking of themselves ("I foster a lad who …"), and the year of a council's report that "the earlier
inspection" or "back when they were inadequate" means.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rag.councils import council_mentions, find_councils
from rag.coverage import CHAT_WORDS, FRAME_WORDS, NO_TOPIC, key_words
from rag.documents import Document
from rag.keywords import names_a_thing, other_forms, report_terms, tokenize
from rag.query import (
    COMPARED_YEAR,
    LIKE_ME,
    NEGATIVE,
    REPORT_WORDS,
    YEAR,
    asks_in_told,
    asks_latest,
    asks_of_told,
    clauses,
    lay_asking,
)
from rag.text import MONTH_WORDS

WHOLE_YEAR = re.compile(rf"\b{YEAR}\b")
MONTHS = frozenset(re.findall(r"[a-z]+", MONTH_WORDS.lower()))
WORD = re.compile(r"[A-Za-z0-9](?:[\w'’&-]*\w)?")  # "children's", "b&bs"; not "project'" in "'house project'"
COUNCIL_TAIL = re.compile(  # what follows a council's name and is part of it, or its possessive
    r"(?:\s+(?:borough|city|county|metropolitan borough|district))?(?:\s+council)?(?:['’]?s\b)?(?<=\S)", re.I
)
# A sentence or clause that only sets the scene ("Councillor here.", "Quick one for a piece I'm writing –", "I think
# Ofsted went in around July 2024."): its councils and years count, its words name no topic.
_USER = r"I|I['’]?(?:m|ve)|I['’]d|my|mine|we|we['’](?:re|ve)|our|ours|me"  # the user's own words for themselves
FIRST_PERSON = re.compile(  # "I …", "My sister …", "Doing a piece on …" (the user's own doing)
    rf"\s*(?:{_USER}|doing a piece|writing a (?:piece|story|report)|working on)\b", re.I
)
MINE = re.compile(rf"\b(?:{_USER})\b", re.I)  # anywhere: "starting my placement with Sutton."
_LEAD_IN = re.compile(
    r"^.*?\b(?:I(?:['’]d| would) like to know|I want to know|I(?:['’]m| am) (?:wondering|asking)|can you tell me"
    r"|could you tell me|(?:doing|writing|working on) an? (?:piece|story|report|article|feature) (?:on|about))\b",
    re.I,
)
# Domain words that can be part of a topic ("children's social care", "care leavers") though they frame others.
_TOPIC_FRAME = (  # "was calderdale's response any good back in 2018?": the response to the topic before
    FRAME_WORDS - frozenset(tokenize("care children child children's social services service area areas"))
) | frozenset(tokenize("response responses approach"))
_NOUN_LEAD = re.compile(  # a thing, said alone: "the plans social workers write", "kids living with a family friend"
    r"^\W*(?:(?:and|but|so|ok|okay)\s+)?(?:(?:the|their|its)\s+\w|(?:kids|children|young people|teenagers|babies"
    r"|families|parents|care leavers|foster carers)\b)",
    re.I,
)
_THEY = r"(?:are|were|is|was|do|does|did|have|has|had)\s+(?:they|it)\b"  # "are they", "does it"
# a question of the thing said just before it: "— are they any use?", "- have they got a target …?"
# "— any good?", "- how good are they?", "— what did they think of that set-up?": of it too
ASKS_OF_IT = re.compile(
    rf"^\W*(?:{_THEY}"
    r"|any\s+(?:good|use|better)(?:\s+(?:there|then|now|either))?\W*$"  # "— any good there?"
    r"|how\s+(?:good|bad|useful)\s+(?:are|were|is|was)\s+(?:they|it)\b"
    r"|what\s+did\s+(?:they|inspectors|ofsted)\s+(?:think|say|make)\s+(?:of|about)\s+(?:that|this|it|them)\b"
    # "— did anyone talk to them after?", "— where do they put them?": what is done to them
    r"|(?:(?:did|does|do|has|have|will|would|is|was)\s+(?:anyone|anybody|someone|somebody)"
    r"|(?:where|how|what)\s+(?:do|did|does)\s+(?:they|the council)\b)[^?]*?\bthem\b)",
    re.I,
)
# "— how are they treated when they first arrive?", "— does it actually work?": of what was said before
_OF_THE_SCENE = re.compile(
    rf"^\W*(?:(?:how|what|where|why|when|which)\s+(?:\w+\s+)?)?(?:{_THEY}|(?:can|will|would)\s+(?:they|it)\b)", re.I
)
_THINK_OF_IT = re.compile(  # "— what do the young people themselves think of it?": of what was said before
    r"\b(?:think|thought|feel|felt|make)\s+(?:of|about)\s+(?:it|them|that)\W*$", re.I
)
_QUOTED = re.compile(r"(?<!\w)['‘\"“](?P<words>\w[^'‘’\"“”]{0,40}?\w)['’\"”](?!\w)")  # "'always here'"
_JOINS = re.compile(r"\s*|\s+(?:of|and|for|to|in|on|with|from|at|the|a|an|'s)\s+", re.I)  # inside one topic
# "Barnsley's 2023 children's services inspection": which inspection, no topic, where the question names another
_INSPECTED = re.compile(
    r"\bchildren['’]?s\s+(?:social\s+care\s+)?services?(?=\s+(?:ofsted\s+)?(?:inspection|report|visit)s?\b)", re.I
)
_FIXED = re.compile(  # "Did that get fixed?", "Did they sort it out?": what the next inspection found
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)*(?:did|does|do|has|have|had|is|are|was|were)\b.*?"
    r"(?:\b(?:get|got|gets|been|was|were|is|are|being)\s+(?:fixed|sorted|resolved|put right|turned a?round)\b"
    r"|\b(?:get|got|gotten|gets)\s+(?:any\s+)?better\b"  # "has that got better?"
    r"|\b(?:improved|been better|any better)\s+since\W*$"  # "has it improved since?"
    r"|\b(?:fix|fixed|resolve|resolved)\s+(?:it|that|this|them|those|things)\b"
    r"|\b(?:sort|sorted)\s+(?:it|that|this|them|those|things)\s+out\b"
    r"|\b(?:put|turn|turned)\s+(?:it|that|this|them|those|things)\s+(?:right|a?round)\b"
    r"|\b(?:that|it|this|those|things)\s+(?:last|lasted|stick|stuck|keep up|kept up|carry on|carried on)\W*$)",
    re.I,
)
_SINCE_WHEN = re.compile(  # "Is that a new problem?", "was it always like that?": what the inspection before found
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:is|was|has)\s+(?:that|it|this)\s+(?:(?:a|an)\s+)?"
    r"(?:new|recent|long[- ]standing|always)\b"
    r"|^\W*(?:(?:and|so|but)\W+)?(?:has|have)\s+(?:that|it|this)\s+been\b.*\bfor (?:long|years|a while)\W*$",
    re.I,
)
_TWO = re.compile(r"\bbetween (?:the|those|these) (?:two|2)(?: (?P<kind>inspections|reports|visits))?\b", re.I)
_NOW = re.compile(
    r"\b(?:still|now|nowadays|today|currently|these days|at the moment|at present)\b|\bwhat(?:['’]s| is) left\b", re.I
)
_SPAN = re.compile(r"[^#?.!;:–—,()\s]+(?:\s+[^#?.!;:–—,()\s]+){0,9}")  # a topic's words and those between them
_HEDGE = re.compile(r"\s(?:actually|really|basically|literally|honestly|genuinely)(?=\s)", re.I)  # within a topic
_AUXILIARY = re.compile(  # a topic is no clause: "care is run by …", "the director been in the job"
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|get|gets|got|can|could|will|would|should|may|might)\b",
    re.I,
)
# verbs inside a thing said: "the letters parents get", "the trust that was running things"
_OF_A_THING = re.compile(r"\b(?:get|gets|got)\b|\b(?:that|who|which)\s+(?:is|are|was|were|has|have|had)\b", re.I)
THEN = re.compile(  # the time talked of: "back then", "around the same time", "that winter", "same year"
    r"\b(?:at that (?:point|time|stage)|at the time|back then|by then|that year|around (?:then|that time)"
    r"|(?:around |at |about )?the same time|(?:the )?same year|that (?:winter|summer|spring|autumn|month)"
    r"|(?:while|whilst|when) (?:ofsted|the inspectors|inspectors) (?:were|was) (?:still )?(?:there|around|on site|in)"
    # "did the bosses do anything about it while ofsted were still there?", "was that in that report?"
    r"|during the (?:inspection|visit)|(?:in|from) (?:that|the same) (?:report|inspection))\b",
    re.I,
)
_THEN_ALONE = re.compile(  # "how was that going then?": "then" for the time talked of, in a question of the past;
    # not "then what did they …", nor "what's still weak there then" ("then" for "so")
    r"^(?=.*\b(?:was|were|did|had|went)\b).*?\bthen\b(?!\s+(?:what|how|why|who|did|does|do|is|are|was|were)\b)",
    re.I,
)


def says_then(text: str) -> bool:
    """Whether `text` asks of the time talked of: "back then", "at that point", "how was that going then?"."""
    return bool(THEN.search(text) or _THEN_ALONE.search(text))


_FROM = re.compile(r"\b(than|from|since|compared (?:with|to)|on|with)\s+(?:the\s+|its\s+|their\s+)?$", re.I)
_COMPARING_WORD = re.compile(  # "a step down from", "any better than", "moved on from": a change
    r"\b(?:better|worse|improv|chang|step|progress|differ|moved?|compar|drop|declin|slip|fell|fall|rose|up|down"
    r"|jump|leap|turn|sort|fix|resolv|address|tackl|still|again|since)",
    re.I,
)
GRADES = r"outstanding|good|requir(?:es?|ing) improvement(?: to be good)?|inadequate"  # Ofsted's four, as said
# The report that gave a grade: "back when they were inadequate", "the outstanding one"
WHEN_GRADED = re.compile(
    r"\b(?:(?:back\s+)?when\s+(?:they|it|the council|the service|services|[a-z]+)\s+(?:was|were|got|had been|went)"
    r"\s+(?:(?:only|just|still)\s+)?(?:(?:rated|judged|graded|found|put in)\s+)?(?=\w+(?:\W|$))"
    r"|the (?=\w+(?: \w+){0,3} (?:one|inspection|report)\b))"
    rf"(?P<grade>{GRADES}|ri)\b"
    r"(?: (?:one|inspection|report)\b"
    r"|(?=\s*(?:[,.?!;:–—-]|$|(?:was|were|did|do|does|how|what|which|why|is|are|had|too|as well|again)\b)))",
    re.I,
)
# "they were inadequate a few years back", "weren't they inadequate at one point?": the report that gave it, said
# after the grade
_GRADED_ONCE = re.compile(
    r"\b(?:(?:(?:they|it|the council|the service|services)\s+(?:was|were|got|had been|used to be)"
    r"|(?:weren['’]?t|wasn['’]?t|didn['’]?t)\s+(?:they|it|the council|the service|services)"
    r"(?:\s+(?:get|use to be))?)\s+"
    rf"(?:(?:rated|judged|graded)\s+)?(?P<grade>{GRADES}|ri)"
    r"|(?:didn['’]?t\s+)?(?:they|it|the council)\s+(?P<failed>fail(?:ed)?))\s+"  # "didnt they fail …": inadequate
    r"(?:a (?:few|couple of) years (?:back|ago)|years ago|at one (?:point|stage)|once|before|previously|in the past)\b",
    re.I,
)
RELATIVE = re.compile(  # not "how many weeks are kids waiting for the first one?": the first of a thing
    r"(?<!\bwait for the )(?<!\bwaits for the )(?<!\bwaiting for the )(?<!\bwaited for the )"
    r"\b(?P<which>earlier|previous|prior|last|first|earliest|latest|most recent|recent|newest|new|next|later"
    rf"|newer|older|oldest)\s+{REPORT_WORDS}(?:inspection|report|visit|one)\b"
    r"|\b(?P<time>next|last|previous|this) time(?: a?round)?\b"  # "What did they get next time?"
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


# Who the user is, and where: "youth worker in medway -", "councillor in kent here -", "care leaver in lewisham -"
_PERSONA = re.compile(
    r"^\W*(?:(?:i['’]?m|i am|as)\s+)?(?:an?\s+)?(?!(?:the|their|his|her|its|our|support|help)\b)(?:[\w'’-]+\s+){0,2}?"
    r"(?:worker|visitor|carer|leaver|councillor|teacher|parent|mum|dad|nurse|officer|manager|journalist|reporter"
    r"|researcher|student|governor|headteacher|dsl|gp|volunteer|advocate|adopter|analyst|practitioner|midwife|doctor"
    r"|solicitor|lawyer|mp|trustee|guardian|paramedic|psychologist|therapist|coordinator|mentor)"
    r"\s+(?:(?:based|working)\s+)?(?:in|at|for|from|with)\s+(?P<where>[^,.;:?!–—]*?)(?:\s+here)?(?:\s+-)?\W*$",
    re.I,
)


def about_user(clause: str) -> bool:
    """Whether `clause` speaks of the user ("My sister fosters there.", "starting my placement with Sutton").

    Or says who they are: "youth worker in medway -".
    """
    return bool(FIRST_PERSON.match(clause) or MINE.search(clause) or _persona(clause))


def _persona(clause: str) -> bool:
    """Whether `clause` only says who the user is, in a council: "councillor in kent here -".

    Not "care leavers in kent -", of whom a question may ask.
    """
    return bool((who := _PERSONA.match(clause)) and council_mentions(who["where"]))


def years_said(
    text: str, years: tuple[str, ...], scope: Sequence[str], history: Sequence[Reading], documents: Collection[Document]
) -> tuple[tuple[str, ...], str, str]:
    """The years a follow-up means, `text` with them written in, and `text` less the words that said them.

    When it names none: "the earlier inspection", "the time before that", "between the two", "now"; when it names
    the year compared with ("any better than the 2019 report?"), both reports. The words that said them point back
    to no topic.
    """
    before, said = history[-1], text
    if scope and not years:
        if (relative := RELATIVE.search(text)) and not _GRADED_ONCE.search(text):  # "inadequate a few years back"
            current = (
                before.years if same_councils(scope, before.councils) else ()
            )  # "And Croydon's last one?": its latest
            which = (relative["which"] or relative["time"] or "previous").lower()
            which = "latest" if which == "this" else which  # "what was the figure this time round?"
            if relative["time"] and which == "last" and same_councils(scope, before.councils):
                which = "previous"  # "was that going on last time round?": before the report talked about
            compares = _FROM.search(text[: relative.start()])
            if compares and compares[1].lower() == "from" and not _COMPARING_WORD.search(text):
                compares = None  # "What were the two things from last time?": that report's, not a change
            if compares and current:
                # "Is that a step down from the inspection before?": the later report says what changed since
                said = f"{text[: relative.start()]}{text[relative.end() :]}"
            elif year := relative_year(which, scope[0], current, documents):
                years = (year,)
                said = f"{text[: relative.start()]}{text[relative.end() :]}"
                if graded := WHEN_GRADED.search(said):  # "… last time round, when they got rated good?": when
                    said = f"{said[: graded.start()]}{said[graded.end() :]}"
                said_as = relative.group() if relative.group().lower() != "before" else "at the previous inspection"
                text = f"{text[: relative.start()]}{said_as} ({year}){text[relative.end() :]}"  # not "before (2019)"
            elif (beyond := _BEYOND.get(which)) and (held := report_years(scope[0], documents)):
                # "was that going on last time round?" of Cumberland's only report: a report before it, which the
                # answer says there is none of ("before 2024")
                edge = (min(current) if beyond == "before" else max(current)) if current else str(held[-1])
                said = f"{text[: relative.start()]}{text[relative.end() :]}"
                lead = "" if _ARTICLE_BEFORE.search(text[: relative.start()]) else "at an "  # "is there an earlier …"
                text = f"{text[: relative.start()]}{lead}inspection {beyond} {edge}{text[relative.end() :]}"
        elif (graded := WHEN_GRADED.search(text) or _GRADED_ONCE.search(text)) and (
            year := _graded_year(graded, scope[0], documents)
        ):
            # "and back when they were inadequate, was staff turnover bad": the report that judged them so; "weren't
            # they inadequate at one point?" asks that grade of it
            years = (year,)
            once = graded.re is _GRADED_ONCE
            kept = graded.end("failed" if graded["failed"] else "grade") if once else graded.start()
            said = f"{text[:kept]}{text[graded.end() :]}"
            text = f"{text[: graded.end()]} ({year}){text[graded.end() :]}"
        elif two := _TWO.search(text):  # "between the two inspections": the two years talked about
            asked = [turn.years for turn in history if same_councils(turn.councils, scope)]
            if len(talked := sorted({year for turn_years in asked for year in turn_years})[-2:]) == 2:
                years = tuple(talked)
                kind = two["kind"] or "inspections"
                text = f"{text[: two.start()]}between the {talked[0]} and {talked[1]} {kind}{text[two.end() :]}"
        elif (
            _FIXED.search(text)
            and same_councils(scope, before.councils)
            and (later := relative_year("next", scope[0], before.years, documents))
        ):  # "Did that get fixed?" of the 2019 report: what the report after it says of that
            years, said = (later,), "Was it fixed?"
            text = f"What did Ofsted say about it by {later}?" if not read_alone(text).topic else f"{text} ({later})"
        elif (
            _SINCE_WHEN.search(text)
            and same_councils(scope, before.councils)
            and (earlier := relative_year("previous", scope[0], before.years, documents))
        ):  # "Is that a new problem?" of the 2025 report: what the report before it says of that
            years, said = (earlier,), "Was it a problem?"
            text = f"What did Ofsted say about it in {earlier}?"
        elif (
            _NOW.search(text) and not says_then(text) and (latest := relative_year("latest", scope[0], (), documents))
        ):  # "now?", but not "still … at that point"
            years, text = (latest,), before_mark(text, f" in {latest}")
    if (compared := COMPARED_YEAR.search(text)) and years == (compared[1],) and same_councils(scope, before.councils):
        years = tuple(sorted({*before.years, *years}))  # "Is that any better than the 2019 report?": both reports
    return years, text, said


_ARTICLE_BEFORE = re.compile(r"\b(?:an?|the|any)\s+$", re.I)
# A report before or after the one talked about, as `relative_year` names them
_BEYOND = {
    **dict.fromkeys(("earlier", "previous", "prior", "last", "older"), "before"),
    **dict.fromkeys(("next", "later", "newer"), "after"),
}


def _as_name(written: str) -> str:
    """A council's name as the user wrote it, capitalised if lower case is also a word: "reading" is "Reading".

    Written into a question searched ("… in Reading in 2024?"), a lower-case "reading" would be a word, not a place;
    "kent" stays as typed.
    """
    if not written.islower() or find_councils(written):
        return written
    return re.sub(r"[^\W\d_]+", lambda m: m.group() if m.group() in _SMALL_WORDS else m.group().capitalize(), written)


_SMALL_WORDS = frozenset("and of on upon with the in".split())  # "stoke-on-trent": "Stoke-on-Trent"


def read_alone(question: str, asked: str | None = None) -> Reading:
    """`question` read alone, as a first question or as the user rewrote a turn: its councils, years and topic.

    Args:
        question: The question searched.
        asked: The question as asked, when the user edited what was searched; else `question`.

    """
    mentions = council_mentions(question)
    councils = tuple(dict.fromkeys(_as_name(question[start:end]) for _, start, end in mentions))
    years = tuple(dict.fromkeys(WHOLE_YEAR.findall(question)))
    blanked = question
    for _, start, end in mentions:
        end += len(m.group()) if (m := COUNCIL_TAIL.match(question[end:])) else 0  # "Wakefield's", "Bedford Borough"
        blanked = blanked[:start] + "#" * (end - start) + blanked[end:]
    # "these days", "at that stage", "already in place"
    for start, end in [
        *_scene_setting(question),
        *(m.span() for m in (*_NOW.finditer(question), *THEN.finditer(question), *NO_TOPIC.finditer(question))),
    ]:
        blanked = blanked[:start] + "#" * (end - start) + blanked[end:]
    quoted = _quoted(blanked)  # "the 'always here' thing": a name, whole
    for start, end in quoted:  # its quotation marks no part of the topic
        blanked = f"{blanked[: start - 1]} {blanked[start:end]} {blanked[end + 1 :]}"
    # the reports' own terms, whole: "life story" (not "story" of "what's the story"), "lead member"
    # and everyday words of several for one of them, whole: "looks after their mum" (young carers), "made official"
    # (special guardianship orders), each word of which names little alone
    terms = _terms_in(blanked)
    words = _topic_words(blanked, quoted, terms)
    inspected = _INSPECTED.sub(lambda m: "#" * len(m.group()), blanked)
    if inspected != blanked and (fewer := _topic_words(inspected, quoted, terms)):
        blanked, words = inspected, fewer  # "… fostering in Barnsley's 2023 children's services inspection"
    runs: list[str] = []
    for previous, word in zip([None, *words], words, strict=False):
        if previous is not None and (
            _JOINS.fullmatch(blanked[previous.end() : word.start()])
            or any(start <= previous.start() and word.end() <= end for start, end in terms)  # "arrive on their own"
        ):
            runs[-1] = f"{runs[-1]}{blanked[previous.end() : word.start()]}{word.group()}"
        else:
            runs.append(word.group())
    topic = " ".join(runs)
    span = blanked[words[0].start() : words[-1].end()] if words else ""
    if _SPAN.fullmatch(span) and not _AUXILIARY.search(span):
        topic = " ".join(_HEDGE.sub(" ", span).split())  # "agencies turning up to the meetings", less "actually"
    parts, asking = clauses(question)
    asks, searched = " ".join(m.group() for m in asking), question if asked else asking_part(question)
    if asking and len(asking) < len(parts):
        before = " ".join(m.group() for m in parts if m not in asking)
        # "and the plans social workers write for families — are they any use?": they are the plans
        # (not "and the letters parents get before court"'s "get", nor "the trust that was running things": a thing,
        # no clause)
        clause = _AUXILIARY.search(_OF_A_THING.sub("", before))
        of_it = _NOUN_LEAD.match(before) and not clause and ASKS_OF_IT.match(asks)
        told = read_alone(before).topic if asks_of_told(asks) or asks_in_told(asks) or of_it else ""
        own = read_alone(asks).topic
        if told and not asked:  # "my daughter helps look after her dad — do they do much for kids like her?": the
            searched = question[0].upper() + question[1:]  # question asks of what it told, which is searched too
        if told and (like := LIKE_ME.search(asks)):  # "I'm special guardian … help for people like me?"
            # "help for special guardian"; not "i left care … support people like me once you've left care"
            if set(tokenize(told)) - set(tokenize(own)):
                own = read_alone(_told_in(asks, like, told)).topic
            told = ""
        of_scene = _OF_THE_SCENE.match(asks) or _THINK_OF_IT.search(asks)
        if own and not told and of_scene:  # "they" of what was said before the question, not of a remark after it
            own = _with_scene(own, [m.group() for m in parts if m.end() <= asking[0].start()])
        if own:
            # "DSL at a primary in West Berks. Did Ofsted say anything about early help?": what it asks; "they get a
            # lot of unaccompanied asylum seeking children. what … those kids": those children
            topic = told or own
        elif told:  # "a reader says her son is a young carer there. what does the report say?": of young carers
            topic, searched = told, question[0].upper() + question[1:]
    return Reading(asked or question, searched, councils, years, topic)


def _told_in(asks: str, like: re.Match[str], told: str) -> str:
    """`asks` with what the user told (`told`) for "people like me" (`like`): "help for special guardian".

    "kids like him", told "disabled", are "disabled kids", not "kids disabled".
    """
    head, tail = asks[: like.start()], asks[like.end() :]
    if like.group().lower().startswith("like") and (noun := re.search(r"(\w+)\s*$", head)):
        return f"{head[: noun.start()]}{told} {noun[1]}{tail}"
    return f"{head}{told}{tail}"


def _with_scene(own: str, before: list[str]) -> str:
    """The topic `own` of a clause that asks of what the clauses `before` it told ("they", "it"), with theirs first.

    "hartlepool … i heard care leavers were the weak spot — do they know what they're entitled to?" asks of the care
    leavers, what they are entitled to; not "youth worker in medway - how are they with …?" of youth workers.
    """
    scene = read_alone(" ".join(clause for clause in before if not _persona(clause))).topic
    return f"{scene} {own}" if scene and not set(tokenize(scene)) <= set(tokenize(own)) else own


def _quoted(text: str) -> list[tuple[int, int]]:
    """The spans of the words `text` quotes: a name ("the 'always here' thing"), not a grade ("only got 'good'")."""
    return [m.span("words") for m in _QUOTED.finditer(text) if not re.fullmatch(GRADES, m["words"], re.I)]


def _terms_in(blanked: str) -> list[tuple[int, int]]:
    """Where `blanked` says one of the reports' terms, or everyday words of several for one, each to read whole.

    Not "led the inspection", all of whose words are of every question; not "going so wrong" (how it asks), whose
    forms name no thing; "out of hours team" is a term of the reports and the team of it.
    """
    return [
        (start, end)
        for start, end, forms in other_forms(blanked)
        if (
            {blanked[start:end].lower(), blanked[start:end].lower().rsplit(" ", 1)[0]} & report_terms()
            and set(tokenize(blanked[start:end])) - _TOPIC_FRAME - CHAT_WORDS
        )
        or names_a_thing(blanked[start:end], forms)
    ] + [m.span() for m in _framed_terms().finditer(blanked)]


# Words of how a service or an inspection went, or of the inspection itself: no topic a turn is of
_HOW_IT_WENT = frozenset(
    tokenize(
        "requires overall effectiveness inspection monitoring focused insufficient limited sustained journey "
        "frequent responds response swift rapid decisions within transferred control technical"
    )
)


@lru_cache(maxsize=1)
def _framed_terms() -> re.Pattern[str]:
    """The reports' terms of two words, one a word of every question: "local offer", "action plan", "family time".

    Read whole, or "what's their local offer like?" asks of an "offer".
    """
    terms = [
        term
        for term in report_terms()
        if re.fullmatch(r"[a-z]+ [a-z]+", term)
        and (tokens := set(tokenize(term))) & _TOPIC_FRAME
        and tokens - _TOPIC_FRAME - CHAT_WORDS
        and not tokens & _HOW_IT_WENT  # not "requires improvement", "monitoring visit", "swift response"
    ]
    return re.compile(rf"\b(?:{'|'.join(sorted(terms, key=len, reverse=True))})\b", re.I)


def _topic_words(
    blanked: str, quoted: list[tuple[int, int]], terms: Sequence[tuple[int, int]] = ()
) -> list[re.Match[str]]:
    """The words of `blanked` (a question, its councils and words of time blanked) that may name its topic.

    Every word `quoted`, and every word with a token of one of the reports' own `terms`.
    """
    return [
        m
        for m in WORD.finditer(blanked)
        if any(start <= m.start() < end for start, end in quoted)
        or (any(start <= m.start() < end for start, end in terms) and bool(tokenize(m.group())))
        or (
            not WHOLE_YEAR.fullmatch(m.group())
            and (tokens := tokenize(m.group()))
            and not set(tokens) <= _TOPIC_FRAME | CHAT_WORDS
            and not re.search(r"n['’]t$|^(?:they|we|you|i)['’](?:re|ve|ll|d|m)$", m.group(), re.I)  # "Didn't …",
            # "what they're entitled to": no words of the topic
            and not NEGATIVE.fullmatch(m.group())  # "which bit still wasnt good"
            and m.group().lower() not in MONTHS  # "in the November 2024 inspection"
        )
    ]


# What the user heard of the service: "i heard the leaving care service was a mess", "someone said they just drop them
# at 21", "I gather Ofsted had a go at us … for putting care leavers in B&Bs", "apparently it was bad"
HEARD_OF = re.compile(
    r"^\W*(?:(?:i|we)(?:['’]?ve| have)?\s+(?:heard|gather|read|been told|was told|were told)|apparently"
    r"|heard|(?:i|we)\s+hear|word is|rumour (?:is|has it)"  # "heard a lot of them end up in unregistered places"
    r"|(?:someone|somebody)\s+(?:said|says|told (?:me|us)|mentioned)|(?:they|people)\s+say|people\s+(?:said|mentioned))"
    r"\b(?:\s+that\b)?",
    re.I,
)


def asking_part(question: str) -> str:
    """`question` less the clauses that set the scene, asking nothing and naming no council or year.

    What the user heard of the service stays: "cheshire east's care leavers got rated inadequate didn't they? i heard
    the over-21s were basically left to it" asks of the over-21s.
    """
    parts, asking = clauses(question)
    kept = [
        m.group().strip()
        for m in parts
        if m in asking
        or council_mentions(m.group())
        or WHOLE_YEAR.search(m.group())
        or asks_latest(m.group())  # "… privately fostered? latest ofsted": the report asked about
        or bool((heard := HEARD_OF.match(m.group())) and key_words(m.group()[heard.end() :]))
    ]
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
            if m not in asking and (not council_mentions(m.group()) or about_user(m.group()))
        ]
    return spans


def same_years(
    councils: Sequence[str], history: Sequence[Reading], documents: Collection[Document], then: bool = False
) -> tuple[str, ...]:
    """The years of the turn before, kept for `councils`.

    Always for the same councils; for councils asked about earlier in the conversation, the years they were asked
    about last ("Back to Hackney – how are care leavers doing?"); for others, each one's latest report ("And
    Derbyshire?" after Nottingham's 2022 report asks Derbyshire's 2024 one, not all its reports), or, `then`
    ("Was Lewisham any better around then?"), the turn before's years
    where each has a report of them, else its report nearest in time.
    """
    before = history[-1]
    if same_councils(councils, before.councils):
        return before.years
    earlier = next((turn for turn in reversed(history) if same_councils(turn.councils, councils)), None)
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
        if (years := report_years(c, documents))
    )
    return tuple(dict.fromkeys(str(y) for y in chosen))


def before_mark(text: str, words: str) -> str:
    """`text` with `words` added before its closing question mark or full stop.

    A preposition that ends the text and opens `words` is said once: "get more foster carers in" + " in Redcar"
    is "get more foster carers in Redcar".
    """
    body = text.rstrip(" ?.!")
    first = (words.split() or [""])[0]
    if first and body.lower().endswith(f" {first.lower()}"):
        words = words[len(words) - len(words.lstrip()) + len(first) :]
    return f"{body}{words}{text[len(body) :].strip() or '?'}"


def _reports(council: str, documents: Collection[Document]) -> list[Document]:
    """The council's inspection reports that say when they were inspected."""
    names = _names(council)  # "Redcar": Redcar and Cleveland
    return [d for d in documents if d.kind == "inspection report" and d.when and d.is_about(names)]


def report_years(council: str, documents: Collection[Document]) -> list[int]:
    """The years of the council's inspection reports, oldest first: the years they were inspected."""
    return sorted({int(d.when[:4]) for d in _reports(council, documents)})


def same_councils(councils: Sequence[str], others: Sequence[str]) -> bool:
    """Whether two lists of councils as written name the same councils ("kent" and "Kent")."""
    return [_names(c) for c in councils] == [_names(c) for c in others]


@lru_cache(maxsize=1024)
def _names(council: str) -> tuple[str, ...]:
    """The canonical names of the council `council` names as written ("Redcar": "Redcar and Cleveland")."""
    return tuple(find_councils(council) or find_councils(council.title())) or (council,)  # "sutton", typed so


def _graded_year(graded: re.Match[str], council: str, documents: Collection[Document]) -> str | None:
    """The year of the council's latest inspection report whose overall grade is the one `graded` names."""
    grade = "inadequate" if graded.re is _GRADED_ONCE and graded["failed"] else graded["grade"].lower()
    first = "requir" if grade == "ri" or grade.startswith("requir") else grade  # "Requires improvement to be good"
    years = [
        int(d.when[:4])
        for d in _reports(council, documents)
        if d.inspection and (d.inspection.overall or "").lower().startswith(first)
    ]
    return str(max(years)) if years else None


def relative_year(which: str, council: str, current: Sequence[str], documents: Collection[Document]) -> str | None:
    """The year of the council's report that "the earlier/latest/next inspection" means."""
    years = report_years(council, documents)
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
