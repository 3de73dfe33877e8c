"""Inspection facts: grades, dates and lead inspectors read from the reports' own metadata, not from prose.

"What was Kent's overall judgement in 2022?" is answered from the judgement table that `rag.ofsted` read when
the report was indexed, not from whichever sentence is closest ("services for children in Kent remain
outstanding" may be about another year). Each fact is cited to the passage of its report that shows it (the
judgement table, the "Inspection dates" line, the "Lead inspector:" line), quoting the line verbatim where one
line shows it. A question names the fact it wants:

- ``grade``: "What was Kent's overall judgement?", "How was Norfolk rated for care leavers in 2023?";
- ``dates``: "When was Norfolk last inspected?", "When did inspectors visit Knowsley?";
- ``lead``: "Who led Kent's 2022 inspection?";
- ``history``: "How have Norfolk's grades changed?" (one row per inspection, in date order);
- across councils, "Which councils were judged inadequate for care leavers in 2023?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.councils import find_councils, without_councils
from rag.coverage import key_words
from rag.documents import Document
from rag.ofsted import AREAS, GRADE_WORDS, grade_in
from rag.query import AREA_WORDS, ASKS_WHEN, CHANGE_ASKED, NEGATIVE, REPORT_WORDS, Filters, answer_type, asks_grade
from rag.store import Index

AREA_NAMES = {
    "overall": "Overall effectiveness",
    "leaders": "Impact of leaders",
    "help_and_protection": "Children who need help and protection",
    "in_care": "Children in care (and care leavers, until 2023)",
    "care_leavers": "Care leavers",
    "adoption": "Adoption",
}
_SIF_NAMES = {  # as the single inspection framework (2013–2018) named them
    "leaders": "Leadership, management and governance",
    "in_care": "Children looked after and achieving permanence",
    "adoption": "Adoption performance",
    "care_leavers": "Experiences and progress of care leavers",
}
_HISTORY = re.compile(
    r"\b(?:grades?|ratings?|judge?ments?)\b.{0,40}\b(?:changed?|over time|history|trend)\b"
    r"|\binspection history\b|\bhow (?:has|have) .{0,60}\b(?:grades?|ratings?|judge?ments?)\b",
    re.I,
)
_DATES = re.compile(  # not "When Liverpool got its 2023 inspection, did the managers realise …?" (`ASKS_WHEN`)
    rf"{ASKS_WHEN}.{{0,60}}\b(?:inspected|inspection|inspect|visit|visited"
    r"|inspectors? (?:come|came|in|arrived?|visited))\b",
    re.I,
)
_LEAD = re.compile(  # not "the director who led the improvements"
    r"^\W*who (?:led|headed|was the lead|inspected)\b"
    r"|\bwho (?:led|headed) (?:the |its |their |this |that )?(?:\S+ ){0,2}(?:inspection|visit|it)\b"
    r"|\blead inspector\b|\bwhich HMI\b",
    re.I,
)
_LABELS = {"overall": r"overall effectiveness", **AREAS}  # how a report labels each judgement area
# Every area's grade: "What grades did Knowsley get in 2017?", "Which bits were judged good?", "How was each area
# rated?"
_EVERY_AREA = re.compile(
    r"\b(?:grades|ratings|judge?ments)\b|\beach (?:area|part|bit)\b|\bevery (?:area|part|bit)\b|\bacross the board\b"
    r"|(?:^|[.?!:–—-]\s)\W*which (?:bits?|areas?|parts?|aspects?|services|judge?ments?)\b.{0,60}\b(?:rated|judged"
    rf"|graded|given|mark(?:ed)? down|downgraded|(?:was|were|got) {GRADE_WORDS})\b",
    re.I,
)
# "Are care leavers OK there?": how an area of the work fares, its grade first; not "is rutland's virtual school any
# good for looked after kids?", which asks of the school
_AREA_OK = re.compile(
    r"^\W*(?:and\s+|so\s+)?(?:are|is|were|was)\b(?P<who>.{0,60}?)\b(?:ok|okay|alright|all right"
    r"|doing (?:ok|okay|well|alright)|any good)\b",
    re.I,
)
_AREA_PEOPLE = re.compile(  # what else says only the area: "are kids in care ok", "is the leaving care team any good"
    r"\b(?:kids|children|young people|the|their|its|things|there|now|still|really|teams?|side|work|provision)\b", re.I
)
_NOT_GRADE = re.compile(  # "Which bit wasn't rated good?", "Which areas were not yet good?"
    rf"(?:\bnot|n['’]t|\b{NEGATIVE.pattern}|\bnever|\bbelow|\bshort of|\bless than)\s+"
    rf"(?:(?:yet|rated|judged|graded|given|get|got|as|even)\s+)*{GRADE_WORDS}\b",
    re.I,
)
# "Is Slough still inadequate?", "Was Kent's children's services outstanding in 2022?": a grade, yes or no
_IS_GRADED = re.compile(
    r"^\W*(?:(?:is|are|was|were)\s+(?P<who>.{2,80}?)\s+(?:still\s+|now\s+|currently\s+)?(?:rated\s+|judged\s+)?"
    r"|did\s+(?P<whose>.{2,80}?)\s+(?:really\s+|actually\s+|ever\s+)?(?:get|receive|achieve|keep)\s+(?:an?\s+)?)"
    r"(?:outstanding|good|requir(?:es?|ing)\s+improvement(?:\s+to\s+be\s+good)?|inadequate)"
    r"(?P<where>(?:\s+(?:in|at)\s+[^?.!]{2,40}?)*)\W*$",
    re.I,
)
_YEARS = re.compile(
    rf"\b(?:19|20)\d\d\b|\b(?:its|their|the)\s+(?:latest|last|most recent|newest)\s+{REPORT_WORDS}inspection\b", re.I
)
_CLAUSE = re.compile(r"[,;:?!–—]|\s-\s")  # where a question's clause ends: "… any good for care leavers, i heard …"
_SERVICES = re.compile(  # what is left of "Kent's children's services" without "Kent"
    r"\b(?:children['’]?s?\s+)?(?:social\s+care|services?|council)\b|['’]s?\b|\b(?:the|in|at)\b", re.I
)
_WHY = re.compile(r"\bwhy\b|\bhow come\b|\bwhat (?:reasons?|led to|made)\b", re.I)
# "sunderland's 2021 inspection - what did they get overall?": a heading naming only the report, then the question
_HEADING = re.compile(r"^(?P<head>(?:[^?.!:;–—-]|\b-\b){1,60}?)(?:\s+[-–—]|\s*:)\s+")  # "stoke-on-trent 2021 -"
_HEAD_WORDS = re.compile(
    r"\b(?:(?:the|its|their)\s+)?(?:(?:latest|last|newest|most recent|ofsted|kids['’]?|children['’]?s)\s+)*"
    r"(?:inspections?|reports?|ofsted|visits?|services|social care)\b",
    re.I,
)
_ACROSS = re.compile(r"\b(?:which|what|how many) (?:councils?|local authorities|authorities|areas|places)\b", re.I)
_VISIT = re.compile(r"\b(focused|monitoring) visits?\b", re.I)
# An inspection of another kind, whose dates and findings a report may tell in its text, not its judgement table
_OTHER_INSPECTION = re.compile(r"\bjoint targeted area inspections?\b|\bJTAIs?\b|\b(?:area )?SEND inspections?\b", re.I)


@dataclass(frozen=True)
class Fact:
    """One fact about one inspection, and where its report shows it.

    Attributes:
        document: The inspection report.
        label: What the fact is: "Overall effectiveness", "Care leavers", "Inspection dates", "Lead inspector".
        value: The fact: "Outstanding", "7 to 18 November 2022", "Margaret Burke".
        row: The index row of the passage that shows it (else the section headed with it, the judgement
            table, or the report's first passage).
        quote: The line of that passage that shows it, verbatim, or ``None``.

    """

    document: Document
    label: str
    value: str
    row: int
    quote: str | None


# Another inspectorate's or body's rating ("What rating did Tameside Hospital get from the CQC?") is not Ofsted's;
# an answer about one must name it (`rag.answers`).
OTHER_BODY = re.compile(
    r"\b(?:(?P<body>CQC|Care Quality Commission|HMICFRS|hospitals?|NHS|police|GPs?|prisons?"
    r"|(?:primary|secondary|grammar|independent|private) schools?|academ(?:y|ies)|colleges?|universit(?:y|ies)"
    r"|care homes?"
    r"|fire (?:and rescue )?service|adult social care|political part(?:y|ies)|MPs?|Members? of Parliament"
    r"|older people|elderly|dementia|domiciliary care|carers? coming (?:in|round|to the house))"  # "my nan needs …"
    # other council business, in words the reports also use: spoken of in these words, not in other forms
    r"|(?P<business>council tax|business rates|bin collections?|recycling|potholes?|libraries"
    r"|leisure centres?(?!\s+(?:pass(?:es)?|memberships?|cards?|discounts?|access))"  # not "free leisure centre passes"
    r"|planning permission|(?:new )?housing developments?|house ?building"
    r"|parking|planning applications?|housing waiting lists?|housing benefits?|exam results|GCSE results"
    r"|A[- ]level results"
    r"|school league tables?|(?:local |council |general |mayoral )?elections?|section 114|pay (?:rises?|deals?|awards?)"
    r"|strikes?|industrial action|floods?|flooding|flood defences?|street ?light(?:s|ing)|air quality|fly-?tipping"
    r"|noise complaints?|road ?works"
    r"|improvement notices?|commissioners?|judicial reviews?|legal challenges?|deficits?|overspends?"
    r"|dedicated schools grant))\b",
    re.I,
)


def asked_fact(question: str) -> tuple[str, str] | None:
    """The kind of inspection fact `question` asks for and the judgement area it names, or ``None``.

    Example:
        >>> asked_fact("What was Kent's overall judgement in 2022?")
        ('grade', 'overall')
        >>> asked_fact("Which councils were judged inadequate for care leavers in 2023?")
        ('across', 'care_leavers')

    """
    area = judgement_area(question)
    question = _without_heading(question)
    if _WHY.search(question) or OTHER_BODY.search(question) or _OTHER_INSPECTION.search(question):
        return None
    if answer_type(question) == "improve":  # "got outstanding in every area - anything still to get better?"
        return None
    if _HISTORY.search(question):
        return "history", area
    councils = bool(_ACROSS.search(question)) and not find_councils(question)  # "Which areas …?" of Kent: its work
    if area == "overall" and _EVERY_AREA.search(question) and not councils and not CHANGE_ASKED.search(question):
        return "grades", area
    if asks_grade(question) or _graded_council(question) or (area != "overall" and _area_ok(question)):
        across = _ACROSS.search(question) and grade_in(question)
        return ("across" if across else "grade"), area
    if _DATES.search(question):
        return "dates", area
    if _LEAD.search(question):
        return "lead", area
    return None


def _without_heading(question: str) -> str:
    """`question` without a heading that names only its council, year, report or area: "sunderland 2021 - …"."""
    if not (heading := _HEADING.match(question)):
        return question
    head = _HEAD_WORDS.sub(" ", _YEARS.sub(" ", without_councils(heading["head"])))
    head = re.sub(rf"(?:{'|'.join(AREA_WORDS.values())})\w*", " ", head, flags=re.I)  # "care leavers", whole
    return question[heading.end() :] if not re.search(r"\w", _SERVICES.sub(" ", head)) else question


def _area_ok(question: str) -> bool:
    """Whether `question`, which names a judgement area, asks how that area fares, not a thing within it.

    "Are care leavers OK there?", "is lancashire any good with young people leaving care?": the area's grade; "is
    rutland's virtual school any good for looked after kids?": what the report says of the school, and "are
    oxfordshire any good at getting care leavers into work or training?" what it says of that work.
    """
    if not (asked := _AREA_OK.match(question)):
        return False
    areas = "|".join(AREA_WORDS.values())
    # who is asked of, and what after "any good" (to its clause's end), less councils, areas' words and people
    who, after = (
        _AREA_PEOPLE.sub(" ", re.sub(rf"\w*(?:{areas})\w*", " ", without_councils(text), flags=re.I))
        for text in (asked["who"], _CLAUSE.split(question[asked.end() :])[0])
    )
    return not re.search(r"\w", _SERVICES.sub(" ", who)) and not key_words(after)


def _graded_council(question: str) -> bool:
    """Whether `question` asks if a council (or one area of its work) has a grade: "Is Slough still inadequate?"."""
    if not (asked := _IS_GRADED.match(question)):
        return False
    who = without_councils(
        f"{asked['who'] or asked['whose']} {_YEARS.sub(' ', asked['where'])}"
    )  # "… in Knowsley in 2017?"
    who = re.sub(rf"(?:{'|'.join(AREA_WORDS.values())})\w*", " ", who, flags=re.I)  # "care leavers", whole
    return not re.search(r"\w", _SERVICES.sub(" ", who))


def grade_asked(question: str) -> tuple[str | None, bool]:
    """The grade `question` names, as in `GRADES`, and whether it asks for the areas not given it.

    Example:
        >>> grade_asked("Which bit wasn't rated good at the last inspection?")
        ('good', True)

    """
    return grade_in(question), bool(_NOT_GRADE.search(question))


def judgement_area(question: str) -> str:
    """The judgement area `question` names ("care_leavers", "in_care", …), or ``"overall"``."""
    return next((name for name, words in AREA_WORDS.items() if re.search(words, question, re.I)), "overall")


def inspection_facts(index: Index, question: str, filters: Filters) -> list[Fact]:
    """The facts `question` asks for, from the inspections `filters` allows, in date order.

    Args:
        index: The loaded index.
        question: The user's question.
        filters: The narrowed filters (the council and year the question names, and the user's own).

    Returns:
        One fact per inspection asked about (the latest, or each for ``history`` and ``across``); empty when
        the question asks for no inspection fact or no report in scope records it.

    """
    asked = asked_fact(question)
    if asked is None:
        return []
    kind, area = asked
    if kind != "across" and not filters.authorities:
        return []  # "who led the inspection?" with no council named: the passages answer
    inspections = sorted(
        (doc for doc in index.documents.values() if doc.inspection and filters.allows(doc)),
        key=lambda doc: doc.when,
    )
    visit = _VISIT.search(question)
    if visit:  # "when was the focused visit?" asks about visits only
        inspections = [d for d in inspections if d.inspection and d.inspection.framework == f"{visit[1].lower()} visit"]
    facts = [fact for doc in inspections if (fact := _fact(index, doc, kind, area))] if kind != "grades" else []
    if kind == "across":
        grade = grade_in(question)
        return [fact for fact in facts if fact.value.lower() == grade]
    if kind == "history":
        return facts
    if kind == "grades" and inspections:  # the latest inspection's grade in each area ("… judged good": those)
        latest = inspections[-1]
        graded = latest.inspection.grades if latest.inspection else {}
        if set(graded) <= {"overall"}:  # a table that gave only the overall grade: the passages answer
            return []
        every = area_grades(index, latest)
        grade, negated = grade_asked(question)
        named = [fact for fact in every if (fact.value.lower() == grade) != negated] if grade else []
        return named or every
    reports = [doc for doc in inspections if doc.inspection and doc.inspection.grades]
    if kind == "grade" and area == "overall" and reports:
        newest = reports[-1]
        if "overall" not in newest.inspection.grades:  # type: ignore[union-attr]
            return area_grades(index, newest)  # from 2026 no overall grade: each area's, not an older report's
        wanted = grade_in(question) if _graded_council(question) else None
        if wanted and facts and facts[-1].document.doc_id == newest.doc_id and facts[-1].value.lower() != wanted:
            # "Was Newcastle outstanding in 2025?": good overall, and which areas were outstanding
            areas = [fact for fact in area_grades(index, newest) if fact.label != facts[-1].label]
            return [facts[-1], *(fact for fact in areas if fact.value.lower() == wanted)]
    return facts[-1:]


def overall_grade(index: Index, doc: Document) -> Fact | None:
    """The inspection's overall effectiveness grade, cited to the line that shows it; ``None`` when it has none."""
    return _fact(index, doc, "grade", "overall")


def area_grades(index: Index, doc: Document) -> list[Fact]:
    """The inspection's grade in each judgement area it graded, in the table's order, each cited."""
    graded = doc.inspection.grades if doc.inspection else {}
    return [fact for area in AREA_NAMES if area in graded and (fact := _fact(index, doc, "grade", area))]


def _fact(index: Index, doc: Document, kind: str, area: str) -> Fact | None:
    inspection = doc.inspection
    if inspection is None:
        return None
    if kind == "dates":
        label, value, shown = "Inspection dates", inspection.inspection_dates, _dates_line(inspection.inspection_dates)
    elif kind == "lead":
        value = inspection.lead_inspector
        label = "Lead inspectors" if value and " and " in value else "Lead inspector"
        shown = rf"{label}:[^\n]*"
    else:
        if area == "care_leavers" and area not in inspection.grades and "in_care" in inspection.grades:
            area = "in_care"  # ILACS judged "children in care and care leavers" together until 2023
        grade = inspection.grades.get(area)
        names = _SIF_NAMES if inspection.framework == "SIF" else {}
        label, value = names.get(area, AREA_NAMES[area]), grade.capitalize() if grade else None
        if area == "in_care" and "care_leavers" in inspection.grades and not names:
            label = "Children in care"  # care leavers judged apart (from 2023)
        shown = _grade_line(area, grade) if grade else ""
    if not value:
        return None
    rows = index.rows_of(doc.doc_id)
    for row in rows:
        found = re.search(shown, index.passages[row].text, re.I) if shown else None
        if found:
            return Fact(doc, label, value, row, found.group().strip())
    # no one line shows it: the passage under a heading that does ("Children's services in Norfolk requires
    # improvement to be good"), else the judgement table (a SIF table's line without the grade printed below it),
    # else the report's first passage
    heading = _LABELS[area] + (r"|children.s services in" if area == "overall" else "")
    showing = [row for row in rows if _shows(index.passages[row].section, value, heading)] if kind != "dates" else []
    table = [row for row in rows if "Judgement\tGrade" in index.passages[row].text]
    if kind == "grade" and area != "overall":
        table = [
            row for row in rows[:12] if re.search(rf"^\W*[\d.]*\s*(?:{heading})", index.passages[row].text, re.I | re.M)
        ]
    cited = next(iter(showing or table or rows), None)
    return Fact(doc, label, value, cited, None) if cited is not None else None


def _shows(section: str, value: str, heading: str) -> bool:
    spelt = re.escape(value).replace("Requires", "Requires?")  # "services in Knowsley require improvement"
    return bool(re.search(spelt, section, re.I) and re.search(heading, section, re.I))


def _dates_line(dates: str | None) -> str:
    return rf"[^\n]*{re.escape(dates)}[^\n]*" if dates else ""


def _grade_line(area: str, grade: str) -> str:
    r"""A judgement-table line showing `grade` for `area`: "Good The impact of leaders …", "Care leavers\tGood"."""
    label = _LABELS[area]
    spelt = re.escape(grade).replace("requires", "requires?") + r"(?: to be good)?"
    return rf"(?m)^[ \t]*{spelt}[ \t]+[^\n]*(?:{label})[^\n]*$|^[^\n]*(?:{label})[^\n]*?[\t:][ \t]*{spelt}[ \t]*$"
