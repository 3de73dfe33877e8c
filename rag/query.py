"""Reading the question: the filters a search runs under, and what the question itself says.

A question that names a council or a year ("private fostering in Bradford in 2018") searches only those
documents (`narrow`); "when…?" and "how many…?" ask for a date or a figure (`answer_type`). Nothing here
ranks passages: `rag.retrieval` does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from rag.chunking import Passage
from rag.councils import council_mentions, find_councils
from rag.documents import Document, council_keys
from rag.ofsted import AREAS, GRADE_WORDS
from rag.text import MONTH_PATTERN, name_key


@dataclass(frozen=True)
class Filters:
    """Which documents a search may return; empty fields allow everything.

    Dates compare as text, so ``since="2017"`` and ``until="2018-06"`` work with any precision of date.
    """

    doc_ids: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    years: tuple[int, ...] = ()  # the year of publication or of the inspection
    frameworks: tuple[str, ...] = ()  # SIF, ILACS, focused visit, monitoring visit
    grades: tuple[str, ...] = ()  # overall effectiveness

    def allows(self, doc: Document) -> bool:
        """Whether `doc` passes."""
        inspection = doc.inspection
        framework = (inspection.framework if inspection else None) or ""
        if self.frameworks and framework.lower() not in {f.lower() for f in self.frameworks}:
            return False
        if self.grades and (inspection.overall if inspection else None) not in {g.lower() for g in self.grades}:
            return False
        if self.years and not doc.years() & set(self.years):
            return False
        if self.doc_ids and doc.doc_id not in self.doc_ids:
            return False
        if self.kinds and doc.kind not in self.kinds:
            return False
        if self.authorities and not doc.is_about(self.authorities):
            return False
        if self.since and (not doc.date or doc.date < self.since):
            return False
        return not (self.until and (not doc.date or doc.date[: len(self.until)] > self.until))

    def mask(self, table: DocumentTable) -> np.ndarray:
        """Which of the table's documents pass, one flag each: `allows` for every document at once."""
        ok = np.ones(len(table.ids), dtype=bool)
        if self.frameworks:
            ok &= np.isin(table.frameworks, [f.lower() for f in self.frameworks])
        if self.grades:
            ok &= np.isin(table.grades, [g.lower() for g in self.grades])
        if self.years:
            ok &= table.any_of(table.by_year, self.years)
        if self.doc_ids:
            ok &= np.isin(table.ids, list(self.doc_ids))
        if self.kinds:
            ok &= np.isin(table.kinds, list(self.kinds))
        if self.authorities:
            ok &= table.any_of(table.by_council, council_keys(self.authorities))
        if self.since:
            ok &= (table.dates != "") & (table.dates >= self.since)
        if self.until:
            ok &= (table.dates != "") & (table.dates.astype(f"<U{len(self.until)}") <= self.until)
        return ok

    def __bool__(self) -> bool:
        return any(
            (
                self.doc_ids,
                self.kinds,
                self.authorities,
                self.since,
                self.until,
                self.years,
                self.frameworks,
                self.grades,
            )
        )


@dataclass(frozen=True)
class DocumentTable:
    """The documents' metadata that filters read, as columns: a filter over 60,000 documents without a loop.

    Build it once per index (`of`); `Filters.mask` reads it.
    """

    ids: np.ndarray  # each document's id, in index order
    kinds: np.ndarray
    dates: np.ndarray  # "" when unknown
    frameworks: np.ndarray  # lower case, "" when none
    grades: np.ndarray  # overall effectiveness, "" when none
    by_council: dict[str, np.ndarray]  # council key → the documents about it
    by_year: dict[int, np.ndarray]  # year of publication or inspection → its documents

    @classmethod
    def of(cls, documents: Iterable[Document]) -> DocumentTable:
        """The table of `documents`."""
        docs = list(documents)
        councils: dict[str, list[int]] = {}
        years: dict[int, list[int]] = {}
        for i, doc in enumerate(docs):
            for key in council_keys(doc.authorities):
                councils.setdefault(key, []).append(i)
            for year in doc.years():
                years.setdefault(year, []).append(i)

        def column(values: Iterable[str]) -> np.ndarray:
            return np.array(list(values) or [""], dtype=str)[: len(docs)]

        return cls(
            ids=column(doc.doc_id for doc in docs),
            kinds=column(doc.kind for doc in docs),
            dates=column(doc.date or "" for doc in docs),
            frameworks=column(((doc.inspection.framework if doc.inspection else None) or "").lower() for doc in docs),
            grades=column((doc.inspection.overall if doc.inspection else None) or "" for doc in docs),
            by_council={key: np.asarray(rows) for key, rows in councils.items()},
            by_year={year: np.asarray(rows) for year, rows in years.items()},
        )

    @property
    def councils(self) -> set[str]:
        """The keys of the councils the documents are about."""
        return set(self.by_council)

    def latest_reports(self, filters: Filters) -> np.ndarray:
        """The positions of each of `filters`' councils' latest inspection report, where it has two or more."""
        reports = replace(filters, kinds=("inspection report",))
        latest = []
        for council in filters.authorities:
            rows = np.flatnonzero(replace(reports, authorities=(council,)).mask(self))
            if len(rows) > 1:
                latest.append(int(rows[np.argmax(self.dates[rows])]))
        return np.asarray(latest, dtype=np.int64)

    def any_of(self, index: dict[Any, np.ndarray], keys: Iterable[Any]) -> np.ndarray:
        """Flags of the documents that `index` lists under any of `keys`."""
        flags = np.zeros(len(self.ids), dtype=bool)
        for key in keys:
            flags[index.get(key, np.zeros(0, dtype=np.int64))] = True
        return flags


_FILTER_NAMES = {
    "kinds": "kind",
    "authorities": "council",
    "years": "year",
    "since": "dated from",
    "until": "dated up to",
    "frameworks": "framework",
    "grades": "overall grade",
    "doc_ids": "document",
}


def excluding_everything(filters: Filters, documents: Collection[Document]) -> str | None:
    """Why no document passes `filters`, in words, or ``None`` when some do.

    Example:
        "no document has kind inspection report and council Coventry together (Coventry: 1 news)": Coventry's only
        document is a news article.

    """
    if not documents or any(filters.allows(doc) for doc in documents):
        return None
    named = [(field, value) for field, value in vars(filters).items() if value]
    words = [f"{_FILTER_NAMES[f]} {', '.join(map(str, v)) if isinstance(v, tuple) else v}" for f, v in named]
    if len(named) == 1:
        return f"no document has {words[0]}"
    reason = f"no document has {' and '.join(words)} together"
    if filters.authorities:
        about = [doc for doc in documents if doc.is_about(filters.authorities)]
        kinds = Counter(doc.kind for doc in about)
        if kinds:
            held = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
            reason += f" ({' and '.join(filters.authorities)}: {held})"
    return reason


def narrow(query: str, filters: Filters, documents: DocumentTable | Collection[Document]) -> Filters:
    """`filters`, narrowed to the councils and years that `query` names, where `documents` cover them.

    "What did Ofsted say about private fostering in Bradford in 2018?" searches only documents about
    Bradford dated (or inspected) in 2018. Explicit filters win; a council or year the documents do not
    cover is left to the answer to report. "Has Haringey improved since its last inspection?" names no year: the
    council's latest report is the one that compares; "at its latest inspection" asks that report too.
    """
    table = documents if isinstance(documents, DocumentTable) else DocumentTable.of(documents)
    named = find_councils(query)
    if len(named) > 1:  # "does westmorland and furness run … like north yorkshire does?": the one asked about
        named = [name for name in named if name not in _compared_councils(query)] or named
    if named and not filters.authorities:
        present = tuple(name for name in named if name_key(name) in table.by_council)
        if present:
            filters = replace(filters, authorities=present)
    if not (filters.years or filters.since or filters.until):
        narrowed = year_filters(query, filters)
        if narrowed.since and not narrowed.mask(table).any():
            # "what changed after its 2022 inspection" where 2022 is the last report: that report answers
            narrowed = replace(narrowed, since=str(int(narrowed.since[:4]) - 1))
        if narrowed != filters and narrowed.mask(table).any():
            filters = narrowed
        elif filters.authorities and asks_latest(query):
            # "since the last inspection" (the latest report says), "at its latest inspection"
            latest = max(table.dates[replace(filters, kinds=("inspection report",)).mask(table)].tolist(), default="")
            if latest[:4].isdigit():
                filters = replace(filters, years=(int(latest[:4]),))
    return filters


# A council named as the one compared with: "… like north yorkshire does?", "… as Leeds has", "… like leeds's"; or
# as what names a way of working: "… the family safeguarding model, the hertfordshire one?", "the leeds model"
_LIKE_BEFORE = re.compile(r"\b(?:like|unlike|as)\s+(?:in\s+)?$", re.I)
_LIKE_AFTER = re.compile(r"\s+(?:does|do|did|has|have|had)\b|['’]s?(?!\w)", re.I)
_MODEL_OF = re.compile(r"\s+(?:model|approach|way of working|programme|scheme)\b", re.I)  # "the leeds model"
_OWN_MODEL = re.compile(  # "… north yorkshire's no wrong door model": a way of working named by its council
    r"['’]s?\s+(?:[\w-]+\s+){0,4}?(?:model|approach|way of working|programme|scheme)\b", re.I
)
_MODEL_FROM = re.compile(r"\b(?:model|approach|programme|scheme)\s+(?:from|of|used (?:in|by)|in)\s+$", re.I)
_ONE_OF = re.compile(r"\s+(?:one|version)\b", re.I)  # ", the hertfordshire one": set off, as what names the thing
_THE_BEFORE = re.compile(r"(?P<set_off>[,(–—]\s*|\s-\s+)?\bthe\s+$", re.I)


def _compared_councils(query: str) -> set[str]:
    """The councils `query` names only as what it compares with: "… a no wrong door hub like north yorkshire does?"."""
    mentions = council_mentions(query)
    return {
        name
        for at, (name, start, end) in enumerate(mentions)
        if (_LIKE_BEFORE.search(query[max(0, start - 12) : start]) and _LIKE_AFTER.match(query, end))
        or _names_a_way(query, start, end)
        # "has waltham forest taken up north yorkshire's no wrong door model?", "… the model from north yorkshire?":
        # after the council asked about
        or (
            any(other != name for other, _, _ in mentions[:at])
            and bool(_OWN_MODEL.match(query, end) or _MODEL_FROM.search(query[max(0, start - 30) : start]))
        )
    }


def _names_a_way(query: str, start: int, end: int) -> bool:
    """Whether the council at `start`:`end` names a way of working: "the leeds model", ", the hertfordshire one"."""
    the = _THE_BEFORE.search(query[max(0, start - 8) : start])
    return bool(the and (_MODEL_OF.match(query, end) or (the.group("set_off") and _ONE_OF.match(query, end))))


def favours_latest(query: str, filters: Filters) -> bool:
    """Whether a search for `query` within `filters` favours each council's latest report.

    A question that names a council but no year, date or report ("are Bedford's kids ending up in unregistered
    homes?") most often asks how things stand now; one that says it asks of the past ("a few years ago", "back
    then", "used to") does not.
    """
    dated = filters.years or filters.since or filters.until or filters.doc_ids
    return bool(filters.authorities) and not dated and not _IN_THE_PAST.search(query)


def asks_latest(query: str) -> bool:
    """Whether `query`, naming no year, asks about a council's latest report.

    "at its latest inspection", "Is Slough still inadequate?", and "since the last inspection" (the latest report
    says what changed since).
    """
    return bool(_PREVIOUS.search(query) or _LATEST.search(query))


def without_filtered_words(query: str, filters: Filters) -> str:
    """`query` without the council names and years that `filters` already searches by.

    Those words chose the documents; counted again as query words they pull up the paragraphs that merely
    name the council ("44. Although PAs report that they like working for Peterborough…").

    Example:
        >>> without_filtered_words("Caseloads in Kent in 2022?", Filters(authorities=("Kent",), years=(2022,)))
        'Caseloads in in ?'

    """
    chosen = council_keys(filters.authorities)
    compared = _compared_councils(query) if chosen else set()  # "… like north yorkshire does?": no key word
    spans = [(s, e) for name, s, e in council_mentions(query) if name_key(name) in chosen or name in compared]
    # The year that chose the documents goes. Other years are part of what is asked: "changed since 2018" searches
    # reports from 2019, which say "since the last inspection in 2018"; several years ("the 2017 re-inspection and
    # the 2019 visit") tell the documents apart.
    years = {str(y) for y in filters.years} if len(filters.years) == 1 else set()
    years |= {date[:4] for date in (filters.since, filters.until) if date}
    spans += [m.span() for m in re.finditer(rf"\b{YEAR}\b", query) if m.group() in years]
    for start, end in sorted(spans, reverse=True):
        query = query[:start] + query[end:]
    return " ".join(query.split())


YEAR = r"(?:19[89]\d|20[0-4]\d)"  # a year a question may name (1980–2049)
# "wasn't", typed "wasnt" too: not a word of a topic
NEGATIVE = re.compile(r"(?:is|are|was|were|do|does|did|has|have|had|wo|ca|could|would|should)n['’]?t", re.I)
# Words between "latest" and "inspection": "its latest Ofsted children's services inspection"
REPORT_WORDS = r"(?:(?:ofsted|full|standard|ilacs|children['’]s (?:services|social care)|social (?:care|work))\s+)*"
_LATEST = re.compile(
    rf"\b(?:latest|most recent|newest)\s+{REPORT_WORDS}(?:inspection|report|visit|judgement|one|"
    r"grade|rating)s?\b|\b(?:now|nowadays|today|currently|presently|these days|at the moment|at present)\b"
    r"|(?<!\bcan )(?<!\bcould )(?<!\bwill )(?<!\bwould )(?<!\bmay )(?<!\bmight )\bstill\b"  # not "what help they
    # can still get" (go on getting)
    r"|\b(?:latest|most recent|newest) ofsted\b|\((?:latest|most recent)\)"  # "… latest ofsted", "(latest)"
    # "when did herefordshire's current DCS start?": the one the latest report speaks of
    r"|\bcurrent\s+(?:dcs|director|corporate director|head of (?:children['’]?s )?services|chief executive"
    r"|lead member|leadership(?: team)?|senior (?:leaders|leadership team|management team))\b"
    # "in the latest North Yorkshire inspection": a council's name between
    r"|\b(?:latest|most recent|newest)\s+(?:(?-i:[A-Z])[\w'’,&-]*\s+(?:(?:and|of|upon|on)\s+)?){1,5}"
    rf"{REPORT_WORDS}(?:inspection|report)s?\b",
    re.I,
)
_IN_THE_PAST = re.compile(
    r"\b(?:ago|used to|back (?:then|in|when)|in the past|previous(?:ly)?|earlier|originally|formerly|historically"
    r"|at the time|last time|first)\b",
    re.I,
)
_PREVIOUS = re.compile(
    rf"\b(?:since|at|from|in|during|after|by) (?:the|its|their) (?:last|previous|prior|earlier) {REPORT_WORDS}"
    r"(?:inspection|visit|report)\b",
    re.I,
)
_SINCE = re.compile(  # not "what grade did they get from ofsted in 2018?": that year
    rf"\b(?:since|(?<!\blooked )(?<!\blooked-)(?<!\blook )after)\b[^.?!]{{0,60}}?\b({YEAR})\b"  # not "looked after"
    rf"|\bfrom\s+(?:(?:the|its|their)\s+)?(?:(?:{MONTH_PATTERN})\s+)?({YEAR})\b"
    rf"|\b({YEAR}) (?:and|or) (?:later|after)\b|\b({YEAR}) onwards\b",
    re.I,
)
# "who got swapped out at the top after the 2023 ofsted?": what the reports after it say
_AFTER_REPORT = re.compile(rf"\bafter\s+(?:the|its|their)\s+{YEAR}\s+(?:ofsted|inspection|report|visit|one)s?\b", re.I)
COMPARED_YEAR = re.compile(  # "any better than the 2019 report?": the year compared with (not "judged as they were")
    rf"\b(?:than|(?<!judged )(?<!rated )(?<!graded )(?<!described )as|compared (?:with|to)|(?:an )?improvement on)\s+"
    rf"(?:(?:it|they|that|those|these|services) (?:was|were|had been|did)\s+)?"
    rf"(?:(?:in|at|during|back in)\s+)?(?:(?:the|its|their)\s+)?({YEAR})\b",
    re.I,
)
# "worse than at the inspection before (2018)": a follow-up's report compared with, its year written in
_COMPARED_REPORT = re.compile(rf"\b(?:than|compared (?:with|to))\b[^.?!]{{0,40}}?\(({YEAR})\)", re.I)
# "before 2018", "before the 2018 inspection"; not "before it in 2018" (that inspection's year, said apart)
# not "the one before that (2022)": a follow-up's report, its year written in (`rag.conversation`), nor the year
# said beside it: "the inspection before - 2021 or whenever"
_BEFORE = re.compile(
    rf"\b(?:before|prior to)\b(?!\s*[-–—,:]\s*{YEAR}\b)(?:(?!\bin\b)[^.?!]){{0,40}}?(?<!\()\b({YEAR})\b(?!\))", re.I
)
_UNTIL = re.compile(  # not "is it up to 25 in 2024?": an age
    rf"\b(?:until|up to)\b(?!\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?\d{{1,3}}\b)[^.?!]{{0,40}}?\b({YEAR})\b"
    rf"|\b({YEAR}) (?:and|or) (?:earlier|before)\b",
    re.I,
)


_REPORT_YEAR = re.compile(
    rf"\b({YEAR})\s+(?:Ofsted\s+)?(?:report|inspection|re-inspection|visit|ILACS|SIF)\b"
    rf"|\b(?:report|inspection|re-inspection|visit)\s+(?:in|of|from|published in)\s+({YEAR})\b"
    # "southampton 2019 ofsted — …", "the 2019 ofsted said …"
    rf"|\b({YEAR})\s+ofsted\b(?=\s*[-–—:,(]|\s+(?:said|say|says|found|finds|find|thought|rated|gave|judged)\b)",
    re.I,
)
_BEFORE_REPORT_YEAR = re.compile(
    r"\b(?:since|after|from|before|prior to|until|up to|last|previous|than|compared (?:with|to))\b[^.?!]{0,50}$", re.I
)
# "in the year before the 2022 inspection": a period a report looks back on, not reports before it
_PERIOD_BEFORE = re.compile(r"\b(?:year|months|weeks|period|run-up)\s+(?:before|prior to|leading up to)\b", re.I)
_CHANGE = re.compile(
    r"\b(?:chang|improv|progress|deteriorat|declin|better|worse|moved on|happened|achiev|sustain|maintain"
    r"|address|dealt|tackl|develop)\w*|\bturn(?:ed|ing|s)? (?:\w+ )?a?round\b",
    re.I,
)
# "made progress between its 2019 inspection and the 2023 one": the later report, which compares
_BETWEEN = re.compile(
    rf"\bbetween\b(?:(?!\band\b)[^.?!]){{0,40}}?\b({YEAR})\b(?:(?!\band\b)[^.?!]){{0,40}}?\band\b[^.?!]{{0,40}}?\b({YEAR})\b",
    re.I,
)
# "was inadequate in 2022 – has it turned things around by the latest inspection?": the year is the state before
_WAS_IN = re.compile(rf"\b(?:was|were|been)\b[^.?!]{{0,40}}?\b(?:in|back in)\s+({YEAR})\b", re.I)
_LATEST_AFTER = re.compile(r"\b(?:latest|most recent|newest)\b|\b(?:now|these days|today)\b", re.I)


def year_filters(query: str, filters: Filters) -> Filters:
    """`filters` with the years `query` names.

    "the 2018 report" or "in its 2017 inspection" → that year's reports, whatever else the question says;
    otherwise "in 2018" → that year, "since 2018" → from it (from 2019 when the question asks what changed: a
    report of 2018 cannot say what changed after it), "as good as in 2018" → from 2019, "before 2018" → to 2017.

    Example:
        >>> year_filters("What changed in Wakefield since it was judged inadequate in 2018?", Filters()).since
        '2019'
        >>> year_filters("In its 2018 report, what had Darlington achieved since 2015?", Filters()).years
        (2018,)

    """
    query = _PERIOD_BEFORE.sub("of", query)
    head, mark, remark = query.partition("?")
    if remark.strip() and "?" not in remark and re.search(rf"\b{YEAR}\b", head):
        query = head + mark  # "… at the latest (2025) inspection? the 2017 one said 598": the year asked, not remarked
    if _CHANGE.search(query) and (match := _BETWEEN.search(query)):
        return replace(filters, years=(max(int(match.group(1)), int(match.group(2))),))
    if (
        _CHANGE.search(query)
        and (match := _WAS_IN.search(query))
        and _LATEST_AFTER.search(query, match.end())
        and len(set(re.findall(rf"\b{YEAR}\b", query))) == 1
    ):
        return replace(filters, since=str(int(match.group(1)) + 1))
    named = [
        int(next(g for g in m.groups() if g))
        for m in _REPORT_YEAR.finditer(query)
        if not _BEFORE_REPORT_YEAR.search(query[: m.start()])
    ]
    if named:
        return replace(filters, years=tuple(dict.fromkeys(named)))
    if match := _SINCE.search(query):
        year = int(next(g for g in match.groups() if g))
        return replace(filters, since=str(year + 1 if _CHANGE.search(query) or _AFTER_REPORT.search(query) else year))
    # "as strong as in 2018", "worse than at the one before (2018)": a later report
    compared = COMPARED_YEAR.search(query) or _COMPARED_REPORT.search(query)
    if compared and len(set(re.findall(rf"\b{YEAR}\b", query))) == 1:
        return replace(filters, since=str(int(compared.group(1)) + 1))
    if match := _BEFORE.search(query):
        return replace(filters, until=str(int(match.group(1)) - 1))
    if match := _UNTIL.search(query):
        return replace(filters, until=next(g for g in match.groups() if g))
    years = tuple(int(y) for y in re.findall(rf"\b({YEAR})\b", query))
    return replace(filters, years=years) if years else filters


# A question about an inspection's grade ("How was Kent rated in 2022?", "What was its overall judgement?"):
# `rag.facts` answers it from the judgement table, which retrieval favours. Not one about change ("How have its
# services changed since it was judged inadequate?").
# The words a question uses for each judgement area (the first that matches wins; none: overall effectiveness).
AREA_WORDS = {
    "care_leavers": r"care[- ]leav|leaving care|care[- ]experienced",
    "help_and_protection": r"help and protection|need(?:s|ing)? help|child protection",
    "in_care": r"children in care|looked[- ]after|\bin care\b|\bLAC\b|\bCLA\b",
    "leaders": r"\bleader|leadership|management|governance",
    "adoption": r"\badopt",
}
_AREA = "|".join(AREA_WORDS.values())
_GRADE_ASKED = re.compile(
    r"\boverall (?:effectiveness|judge?ment|grade|rating|verdict)\b|^\W*what (?:was|is|were)\b.{0,40}\bverdicts?\b"
    r"|^\W*how (?:was|were|is|are|has|have|did)\b.{0,60}\b(?:rated|judged|graded|rate|judge|grade|do|doing|fare"
    r"|come out|get on|got on|getting on)\b"
    r"(?!\s+(?:to|as|that(?! (?:year|time)\b))\b)"  # "judged that …", not "graded that year"
    # "How is Derbyshire doing with homeless 16-year-olds?" asks of a topic; "… do on care leavers?" a grade
    rf"(?!\s+(?:with|on|about)\s+(?!(?:[\w'’-]+\s+){{0,2}}(?:{_AREA})))"
    r"(?!\s+in\s+(?:their|the|his|her)\s+(?:gcses?|exams?|a[- ]levels?|sats|tests?|results)\b)"  # "… in their gcses"
    r"|^\W*what (?:grades?|ratings?|judge?ments?) (?:did|was|were|has|have|for|of|on)\b"
    r"|^\W*what(?:['’]?s| was| is| were| are) (?:the|its|their|\S+['’]s?) (?:grades?|ratings?|judge?ments?)"
    r" (?:for|on|of|in)\b"
    r"|^\W*what(?:['’]?s\b| (?:was|is|were|are)\b).{0,60}\b(?:grades?|ratings?|judge?ments?)\b"
    r"\W*(?:in \d{4}|for .{0,40})?\W*$"
    r"|^\W*which (?:councils?|local authorities|authorities|areas)\b.{0,40}\b(?:rated|judged|graded)\b"
    # "were they rated higher the time before?"
    r"|^\W*(?:was|were|is|are)\s+(?:they|it|\S+)\s+(?:rated|judged|graded)\s+(?:any\s+)?(?:higher|lower|better|worse)\b"
    rf"|\b(?:{_AREA})\w*\s+(?:grade|rating|judge?ment)\b"  # "care leavers grade for comparison"
    # "What did Sunderland get at its 2025 inspection?"
    r"|^\W*what (?:did|does|has|have) (?:\S+\s+){1,5}?(?:get|receive|score|achieve|been given)\b"
    r"(?=\s+(?:at|in|for|overall|that year|then|back then|last time|this time)\b|\W*$)",
    re.I,
)
CHANGE_ASKED = re.compile(r"\bchang\w*|\bsince\b", re.I)
_AREA_NAME = "|".join([r"overall effectiveness", *AREAS.values()])

# "What needs to improve?" in everyday words: "anything that needs sorting?", "What did they still want fixed?",
# "What's holding them back?". Their words name no topic.
LAY_IMPROVE = re.compile(
    r"\b(?:need(?:s|ed|ing)?|want(?:s|ed)?)\s+(?:more\s+|some\s+)?(?:sorting|work|fixing|attention|sorted|fixed)\b"
    r"(?!\s+(?:experience|placements?)\b)|\bholding (?:\w+ )?back\b|\bheld (?:\w+ )?back(?=\W*$)"
    r"|\b(?:need(?:s|ed)?|told|asked) to do better\b|\bwant(?:s|ed)?\s+(?:\w+\s+)?(?:improving|changing)\b"
    r"|\bto[- ]do list\b|\b(?:(?:need(?:s|ed)?|ha(?:ve|s|d)) to get better(?: at)?|need(?:s|ed)? improving)\b"
    r"(?=(?:\s+(?:now|still|these days|today))?\W*$"  # "what do they need to get better at now?"
    r"|\s+(?:in|with|for|on) (?:its |their |the )?children['’]?s (?:social care|services)\W*$)"
    r"|\bto work on\b(?=\W*$|\s+(?:in|at|by|after|since|during|from|then|now)\b)"
    r"|\b(?:need(?:s|ed)?|tell|told|asked|want(?:s|ed)?)\s+(?:\w+\s+)?to work on\b"
    # "What are the main things they want us to fix?", "anything flagged for improvement", "what's left to improve?"
    r"|\b(?:want|wants|wanted|told|asked)\s+(?:\w+\s+){0,2}to (?:fix|sort(?: out)?|change|put right)\b"
    r"|\bflagged (?:up )?(?:for|as needing) improvement\b|\bleft to (?:improve|fix|sort(?: out)?|do)\b"
    r"|\bflagged (?:up )?as (?:an? )?(?:issue|problem|weakness|area (?:for|of) improvement)\b"  # "were care leavers …"
    r"|\bwhat(?:['’]?s| was| is| were)\s+on\s+(?:the|their|that|its)\s+(?:to[- ]do\s+)?list\b"  # "what was on the list"
    r"|\blist of (?:things|areas|stuff) (?:to|they need to|that need(?:s|ed)? to) (?:fix|improve|sort|work on)\b"
    # "So what do they need to do?", "What do they need to sort out?"
    r"|\b(?:need(?:s|ed)?|ha(?:ve|s|d)) to (?:do|sort(?: out)?|fix|put right|get right|change)\b"
    r"(?=\W*$|\s+(?:next|now|first|then|in|at|by|after)\b)",
    re.I,
)
# What was found wanting, in everyday words: "What were the weak spots?", "anything they weren't happy with?",
# "What's still not right?", "Anything lacking?", "Anything still not sorted?", "any problems still left?", "Any
# catches?". Their words name no topic either; with one, they ask for findings.
LAY_FAULT = re.compile(
    r"\bweak (?:spots?|points?|links?)\b|\bf(?:all|alls|alling|ell) short\b"
    # "where is waltham forest still letting kids down?"
    r"|\bwhere\s+(?:is|are|was|were)\s+(?:\w+\s+){1,4}?(?:still\s+)?(?:let|letting)\s+(?:\w+\s+){0,2}down\b"
    r"|(?:^|(?<=[.?!:–—]))\W*(?:and\s+)?(?:what|which|any)\s+(?:were\s+|are\s+)?"
    r"(?:the\s+)?(?:main\s+)?(?:weaknesses|shortcomings|failings)\b"
    r"|\b(?:they|inspectors?|ofsted)\s+(?:(?:were|was|are)\s+not|weren['’]t|wasn['’]t|aren['’]t)\s+(?:happy|satisfied)\b"
    r"|\bwhat(?:['’]?s| is| was| are| were)\s+(?:still\s+)?(?:not right|wrong|not working|patchy|inconsistent|lacking"
    r"|weak|poor)\b"
    # "what's the worst thing still wrong with …?", "the biggest problem ofsted found"
    r"|\b(?:the|their|its)\s+(?:worst|biggest)\s+(?:things?|problems?|issues?|failings?|weakness(?:es)?)\b"
    r"|\banything\s+(?:else\s+)?(?:that(?:['’]?s| is)\s+)?(?:still\s+)?(?:lacking|missing|not (?:right|working))\b"
    r"|\banything\s+(?:else\s+)?that\s+(?:still\s+)?isn['’]?t\s+(?:right|working)\b"  # "anything that isn't working?"
    r"|\bany\s+(?:catch(?:es)?|downsides?|drawbacks?|snags?)\b"
    r"|\b(?:still\s+)?(?:not|isn['’]?t|aren['’]?t|wasn['’]?t|weren['’]?t) (?:yet\s+)?"
    r"(?:sorted|fixed|resolved|great|good enough"
    r"|up to (?:scratch|standard|par))\b"
    # "what are they still not getting right?", "what aren't they doing well?"
    r"|\bwhat\s+(?:(?:are|is|were|was)\s+(?:\w+\s+){1,2}?(?:still\s+)?not\s+|(?:aren|isn|weren|wasn)['’]?t\s+(?:\w+\s+){1,2}?)"
    r"(?:still\s+)?(?:getting|doing)\s+(?:right|well|properly)\b"
    r"|\b(?:problems?|issues?|weaknesses|concerns?)\s+(?:still\s+)?(?:left|remaining|outstanding)\b"
    # "anything I should be worried about?", "anything they weren't great at", "what was so bad in 2019?"
    r"|\banything\s+(?:\w+\s+){0,3}(?:worried|worry|concerned)\s+about(?=\W*$|\s+(?:in|at|there|then|now)\b)"
    r"|\banything\s+(?:that\s+)?(?:they|it|the council)\s+(?:were|was|are|is)(?:n['’]?t| not)\s+"
    r"(?:so\s+|very\s+|that\s+)?(?:great|good|strong)\s+at\b|\bwhat\s+(?:was|is|were)\s+so\s+(?:bad|poor|wrong)\b"
    # "… but what are they still struggling with?", "what do they struggle with"
    r"|\bwhat\s+(?:are|is|were|was|do|does|did)\s+(?:\w+\s+){0,2}?(?:still\s+)?(?:struggl\w*|bad|poor|weak|not good)\s+"
    r"(?:with|at|on)(?=\W*$|\s+(?:now|still|then|there|these days|today)\W*$|\s+(?:in|at)\b)",  # "… with in knowsley?"
    re.I,
)


# A sentence, or a clause set off by a dash: "Councillor here.", "Our referrals vanish – did Ofsted say …?"
CLAUSE = re.compile(r"(?:(?!\s-\s)(?:\b(?:e\.g|i\.e)\.|[^.?!:–—]))+(?:[.?!:]+|[–—]|\s-\s|$)")  # not "e.g. adoption"
# A clause that asks: it opens with an asking word, or ends with a question mark
ASKING = re.compile(
    r"^\s*(?:what|how|who|whom|whose|when|where|which|why|whats|hows|whos|wheres|any|anything|anyone|anybody"
    r"|is|are|was|were|did|do|does|can|could"
    r"|(?:has|have|had)(?!\s+(?:a|an|some|loads|lots|my|our|been|to|no|nothing|enough)\b)"  # not "had a couple of …"
    r"|(?:did|do|does|is|are|was|were|has|have|had)n['’]?t|remind"
    r"|should|would|will|tell|show|give|list|describe|summari[sz]e|compare|find)\b",
    re.I,
)


# What the user tells of themselves before a comma and a question of its own: "my neighbour hosts language school
# students, does the council check on private fostering there?"
_TOLD_COMMA = re.compile(
    r"\W*(?:my|our|i|i['’]m|i['’]ve|we|we['’]re|we['’]ve)\s[^,?.!]*,\s+"
    r"(?=(?:does|do|did|is|are|was|were|has|have|how|what|who|which|where|when|can|could|will|would)\s)",
    re.I,
)
_REST = re.compile(r".+", re.S)
# not "…, does he get his council tax paid?", "… is the money side of it clear?": a question of what was told
_BACK_TO_TOLD = re.compile(r"\b(?:it|its|they|them|their|us|we|our|he|him|his|she|her|me|my|you)\b", re.I)
_ELABORATES = re.compile(r"\s*(?:like|such as|e\.?g\.?|as in|i mean)\s+\w", re.I)


def clauses(question: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The sentences and dash-separated clauses of `question`, and those of them that ask.

    What the user tells before a comma and a question of its own is a clause apart ("my neighbour hosts language
    school students, does the council check …?"); a question said more plainly after one asks too ("… like perks").
    """
    found: list[re.Match[str]] = []
    for m in CLAUSE.finditer(question):
        if not m.group().strip():
            continue
        told = _TOLD_COMMA.match(question, m.start(), m.end())
        rest = _REST.match(question, told.end(), m.end()) if told else None
        found += [told, rest] if told and rest and not _BACK_TO_TOLD.search(rest.group()) else [m]
    asking: list[re.Match[str]] = []
    for m in found:  # "… what do care leavers get now? like perks": the question said more plainly asks too
        if m.group().rstrip().endswith("?") or ASKING.match(m.group()) or (asking and _ELABORATES.match(m.group())):
            asking.append(m)
    return found, asking


# People spoken of in the sentence before: "… unaccompanied asylum seeking children. what did ofsted say about how
# those kids are looked after"
KIDS = r"kids|children|young people|youngsters|teenagers|families"  # the people a topic is of, in a word
THOSE = re.compile(rf"\b(?:those|these|such)\s+(?:{KIDS}|parents|carers|ones)\b", re.I)
LIKE_ME = re.compile(  # the user's own kind: "help for people like me"
    r"\b(?:people|someone|anyone|carers|families|parents|kids|children|folk|others|those)\s+like\s+(?:me|us)\b"
    # "kids like him", "teenagers like that": the kids told of
    r"|(?<=\bkids )like (?:her|him|that|them)\b|(?<=\bchildren )like (?:her|him|that|them)\b"
    r"|(?<=\bteenagers )like (?:her|him|that|them)\b|(?<=\byoung people )like (?:her|him|that|them)\b"
    # "one of my pupils is living with a family friend … how do they handle kids in that kind of set-up?"
    r"|\b(?:in|with)\s+(?:that|this)\s+(?:(?:kind|sort|type)\s+of\s+)?(?:set-?up|situation|arrangement)\b"
    # "i support women leaving abusive partners … how social workers handle the kids living with that?"
    r"|\b(?:living|live|lives|dealing|deal|deals|coping|cope|copes|growing up)\s+with\s+(?:that|this|it)\b",
    re.I,
)
_SAYS = re.compile(  # a question of no topic of its own: "what does the report say?"
    r"^\W*(?:(?:and|so|ok|okay)\W+)?what (?:does|did|do|has|have) (?:the (?:report|inspection|inspectors?)|ofsted"
    r"|they|it|inspectors) (?:say|said|find|found|think)(?: about (?:it|that|this|them))?\W*$",
    re.I,
)


# "… was that in there?", "… did the latest inspection mention that?", "… is that normal there?": of what was told
_OF_THAT = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:was|is|were|are)\s+(?:that|this|it)\s+(?:in there|in (?:the|that|their|its)"
    r" (?:report|inspection)|mentioned|covered|normal|common|usual|right|ok|okay|allowed|true"
    r"|a (?:known |common |big |real |recognised )?(?:thing|issue|problem))"  # "… is that a known thing?"
    r"(?:\s+(?:there|round here|for them|anywhere))?\W*$"
    r"|^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:did|does|do|has|have)\s+(?:the\s+(?:(?:latest|last|new|newest|recent)\s+)?"
    r"(?:report|inspection|inspectors?)|ofsted|they|it|inspectors)\s+(?:mention|say anything about|pick up on"
    r"|pick up|flag|cover|comment on|look at|look into)\s+(?:that|this|it)\W*$"
    # "… - what's that about?"
    r"|^\W*(?:(?:and|so|but|ok|okay)\W+)?what(?:['’]?s| is| was)\s+(?:that|this|it)\s+(?:all\s+)?about\W*$"
    # "stockport signs of safety — is that what their social workers use?"
    r"|^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:was|is|were|are)\s+(?:that|this)\s+(?:what|how)\b[^?]*\?\W*$"
    # "warrington no wrong door hubs for teenagers - do they have them?"
    r"|^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:do|does|did|have|has)\s+(?:they|it|the council|them)\s+"
    r"(?:(?:actually|still|even)\s+)?(?:have|use|run|do|offer|got|provide)\s+(?:them|it|that|this|one|those|these)"
    r"(?:\s+(?:there|at all|yet|now|anymore|any more))?\W*$",
    re.I,
)


# "doing a piece on unregistered children's homes - is lancashire still putting kids in them?": of what was told
_IN_THEM = re.compile(  # "… thurrock staying close - do kids leaving children's homes get it?": of what was told
    r"\b(?:in|into|about|with|on|at|get|gets|got|getting|use|uses|using|used|offer|offers|offering|run|runs|running)"
    r"\s+(?:them|it|those|these)\W*$",
    re.I,
)


def asks_in_told(asking: str) -> bool:
    """Whether `asking`, one clause, ends on the things a clause before it told: "… still putting kids in them?"."""
    return len([m for m in CLAUSE.finditer(asking) if m.group().strip()]) == 1 and bool(_IN_THEM.search(asking))


def asks_of_told(asking: str) -> bool:
    """Whether the clauses `asking` ask of what a clause before them told: its people or its whole topic.

    "… how are those kids getting on?", "… help for people like me?", "… what does the report say?", "… is that
    normal there? what did ofsted find?".
    """
    if THOSE.search(asking) or LIKE_ME.search(asking):
        return True
    parts = [m.group() for m in CLAUSE.finditer(asking) if m.group().strip()]
    return bool(parts) and all(_SAYS.match(part) or _OF_THAT.match(part) for part in parts)


def asking_clauses(question: str) -> str:
    """The clauses of `question` that ask, when others only set the scene ("My cousin works there."); else all.

    All of it when the asking clauses ask of what the others told: "my daughter helps look after her dad — do they do
    much for kids like her?" asks of young carers, "doing a piece on unregistered children's homes - is lancashire
    still putting kids in them?" of those homes.
    """
    found, asking = clauses(question)
    asks = " ".join(m.group().strip() for m in asking)
    told = asks_of_told(asks) or asks_in_told(asks)
    return asks if asking and len(asking) < len(found) and not told else question


def lay_asking(text: str) -> list[tuple[int, int]]:
    """Where `text` asks in everyday words what needs to improve or was found wanting: how it asks, not what about.

    The spans of `LAY_IMPROVE` ("anything needing work?") and `LAY_FAULT` ("What were the weak spots?").
    """
    return [(m.start(), m.end()) for lay in (LAY_IMPROVE, LAY_FAULT) for m in lay.finditer(text)]


# "When …?" asks a date, not "When Liverpool got its 2023 inspection, did the managers realise …?" nor "when ofsted
# re-inspected bucks in 2017 how well were …?" (a clause, then the question)
_AUXILIARY = r"(?:did|does|do|is|are|was|were|has|have|had|can|could|would|should|will)"
ASKS_WHEN = (  # "when exactly did …?" too
    rf"^\W*when\b(?:\s+(?:exactly|precisely|roughly|approximately)\b)?"
    rf"(?![^?]*?,\s*(?:{_AUXILIARY}|what|how|who|which|why|where)\b)"
    rf"(?!\s+(?!{_AUXILIARY}\b)[^?,]*?(?<!\band)(?<!\bor)\s(?:how|what|which|why|where|who)\b)"
    # "when kids get taken into care do they get a health check quickly?": a condition, then a yes/no question
    rf"(?!\s+(?!{_AUXILIARY}\b)[^?,]*?\s{_AUXILIARY}\s+(?:they|it|he|she|we|you|there|the|their|social|kids|children)\b)"
)
# What kind of answer a question asks for, and how a passage that holds one looks.
NOT_KNOWING = r"(?<!know )(?<!knew )(?<!aware of )"  # "did they know how many …?" asks whether they knew
_ASKS = {
    "inspector": re.compile(r"\bwho (?:led|headed|ran|inspected)\b|\blead inspector\b", re.I),
    "improve": re.compile(
        r"\b(?:needs?|needed|told|asked|has|have|had) to (?:improve|fix)\b"
        r"|\bareas? (?:for|of|to) (?:improve|improvement|development)\b"
        r"|\bimprovements? (?:needed|required)\b|\bwhat (?:did|does|do) .{0,60}\brecommend"
        r"|\b(?:ofsted|inspectors?|the (?:report|inspection)|did they)\b.{0,20}"
        r"\b(?:tell|told|urged?|want|wanted|ask|asked|advised?)\b.{0,40}\b(?:to|should)\b"
        r"|\b(?:say|said)\b.{0,60}\bshould (?:do|stop|start|review|improve|change|ensure|consider)\b"
        r"|\b(?:urgent|priority) action\b|\bcall(?:ed)? for\b"
        rf"|{LAY_IMPROVE.pattern}",
        re.I,
    ),
    "date": re.compile(rf"{ASKS_WHEN}|\bwhen (?:did|was|were|is|will|does|do)\b|\bwhat (?:date|year)\b", re.I),
    "number": re.compile(
        rf"{NOT_KNOWING}\bhow (?:many|much)\b|\bwhat (?:share|proportion|percentage|number|rate)\b"
        r"|\bwhat\s*(?:%|per\s?cent\b)"
        r"|\bany (?:figures?|numbers|stats|statistics)\W*$",  # "… do they feel safe? any figures?": one ranks higher
        re.I,
    ),
}
_HOLDS = {
    "date": re.compile(rf"\b(?:\d{{1,2}} )?(?:{MONTH_PATTERN}) (?:19|20)\d\d\b"),
    "number": re.compile(
        r"(?<![\w.])(?!(?:19|20)\d\d\b)\d+(?:,\d{3})*(?:\.\d+)?%?(?![\w.]\w)"
        r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\b"
        r"|\b(?:half|a third|two thirds|a quarter|three quarters)\b",  # "approximately half of young people …"
        re.I,
    ),
}
_HOLDS_IN_SECTION = {
    "improve": re.compile(
        r"what needs to improve|recommendations|areas? for (?:improvement|development)|priority action", re.I
    ),
}
_HOLDS_IN_TEXT = {
    "inspector": re.compile(r"\bLead inspector\b"),
    # a judgement table's line: "Good The impact of leaders …" (ILACS), "2.2 … care leavers\tRequires improvement" (SIF)
    "grade": re.compile(
        rf"(?im)^[ \t]*{GRADE_WORDS}[ \t]+[^\n]*(?:{_AREA_NAME})"
        rf"|^[^\n]*(?:{_AREA_NAME})[^\n]*?\t[ \t]*{GRADE_WORDS}[ \t]*$"
    ),
}
PLACED_ANSWERS = frozenset(_HOLDS_IN_SECTION) | frozenset(_HOLDS_IN_TEXT)  # found by where they stand
LINE_ANSWERS = frozenset(_HOLDS_IN_TEXT)  # the passage is the answer: "Lead inspector: …", the judgement table
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,3}\.\s")


def answer_type(question: str) -> str | None:
    """What a question asks for, or None.

    ``"date"`` ("When did inspectors visit?"), ``"number"`` ("How many …?"), ``"inspector"`` ("Who led the
    inspection?"), ``"improve"`` ("What does Kent need to improve?", "What did Ofsted recommend …?"), ``"grade"``
    ("How was Kent rated in 2022?").
    """
    asked = next((kind for kind, pattern in _ASKS.items() if pattern.search(question)), None)
    return asked or ("grade" if asks_grade(question) else None)


def asks_grade(question: str) -> bool:
    """Whether `question` asks for an inspection's grade ("How was Norfolk rated for care leavers in 2023?")."""
    return bool(_GRADE_ASKED.search(question)) and not CHANGE_ASKED.search(question)


def sentence_holds(kind: str, sentence: str) -> bool:
    """Whether `sentence` states an answer of `kind` (a date, a figure, the lead inspector's name)."""
    pattern = _HOLDS.get(kind) or _HOLDS_IN_TEXT.get(kind)
    return bool(pattern and pattern.search(sentence))


# How the inspection was done ("Inspectors have looked closely at the experiences of children …", "They read case
# files …", "The inspection team consisted of …"): no finding about any service, so neither found nor quoted unless
# that is asked
_METHOD_SECTION = re.compile(r"^Information about this inspection$", re.I)
_ASKS_METHOD = re.compile(
    r"\binspection team\b|\bhow many inspectors\b|\bHMIs?\b|\bcarried out under\b|\bunder (?:what|which) (?:law|act)"
    r"|\b(?:how|what) did (?:the )?inspectors (?:do|look at|read|check)\b"
    r"|\bhow (?:was|were) (?:the )?inspections? (?:done|carried out|run)\b|\bmethod",
    re.I,
)


def tells_method(passage: Passage) -> bool:
    """Whether `passage` tells how the inspection was done (its section "Information about this inspection")."""
    return bool(_METHOD_SECTION.search(passage.section.split(" › ")[-1]))


def asks_method(question: str) -> bool:
    """Whether `question` asks how the inspection was done ("Who was on the inspection team?")."""
    return bool(_ASKS_METHOD.search(question))


def holds_answer(kind: str, passage: Passage) -> bool:
    """Whether `passage` holds an answer of `kind`.

    A date or a figure (its paragraph number aside), the lead inspector's name, or a list of what to improve (by
    its section: "What needs to improve?", "Recommendations").
    """
    if kind in _HOLDS_IN_SECTION:
        return bool(_HOLDS_IN_SECTION[kind].search(passage.section.split(" › ")[-1]))
    if kind in _HOLDS_IN_TEXT:
        return bool(_HOLDS_IN_TEXT[kind].search(passage.text))
    return bool(_HOLDS[kind].search(_PARAGRAPH_NUMBER.sub("", passage.text, count=1)))
