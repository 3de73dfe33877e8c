"""Reading the question: the filters a search runs under, and what the question itself says.

A question that names a council or a year ("private fostering in Bradford in 2018") searches only those
documents (`narrow`); "when…?" and "how many…?" ask for a date or a figure (`answer_type`). Nothing here
ranks passages: `rag.retrieval` does.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from rag.councils import find_councils
from rag.documents import Document, council_keys, covered_councils
from rag.text import MONTH_PATTERN


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


def narrow(query: str, filters: Filters, documents: Collection[Document]) -> Filters:
    """`filters`, narrowed to the councils and years that `query` names, where `documents` cover them.

    "What did Ofsted say about private fostering in Bradford in 2018?" searches only documents about
    Bradford dated (or inspected) in 2018. Explicit filters win; a council or year the documents do not
    cover is left to the answer to report.
    """
    named = find_councils(query)
    if named and not filters.authorities:
        covered = council_keys(covered_councils(documents))
        present = tuple(name for name in named if council_keys([name]) <= covered)
        if present:
            filters = replace(filters, authorities=present)
    if not (filters.years or filters.since or filters.until):
        narrowed = year_filters(query, filters)
        if narrowed != filters and any(narrowed.allows(doc) for doc in documents):
            filters = narrowed
    return filters


_YEAR = r"(?:19[89]\d|20[0-4]\d)"
_SINCE = re.compile(
    rf"\b(?:since|after|from)\b[^.?!]{{0,40}}?\b({_YEAR})\b"
    rf"|\b({_YEAR}) (?:and|or) (?:later|after)\b|\b({_YEAR}) onwards\b",
    re.I,
)
_BEFORE = re.compile(rf"\b(?:before|prior to)\b[^.?!]{{0,40}}?\b({_YEAR})\b", re.I)
_UNTIL = re.compile(
    rf"\b(?:until|up to)\b[^.?!]{{0,40}}?\b({_YEAR})\b|\b({_YEAR}) (?:and|or) (?:earlier|before)\b", re.I
)


def year_filters(query: str, filters: Filters) -> Filters:
    """`filters` with the years `query` names: "in 2018" → that year, "since 2018" → from it, "before 2018" → to 2017.

    Example:
        >>> year_filters("What changed in Wakefield since it was judged inadequate in 2018?", Filters()).since
        '2018'

    """
    if match := _SINCE.search(query):
        return replace(filters, since=next(g for g in match.groups() if g))
    if match := _BEFORE.search(query):
        return replace(filters, until=str(int(match.group(1)) - 1))
    if match := _UNTIL.search(query):
        return replace(filters, until=next(g for g in match.groups() if g))
    years = tuple(int(y) for y in re.findall(rf"\b({_YEAR})\b", query))
    return replace(filters, years=years) if years else filters


# What kind of answer a question asks for, and how a passage that holds one looks.
_ASKS = {
    "date": re.compile(r"^\W*when\b|\bwhen (?:did|was|were|is|will|does|do)\b|\bwhat (?:date|year)\b", re.I),
    "number": re.compile(r"\bhow (?:many|much)\b|\bwhat (?:share|proportion|percentage|number|rate)\b", re.I),
}
_HOLDS = {
    "date": re.compile(rf"\b(?:\d{{1,2}} )?(?:{MONTH_PATTERN}) (?:19|20)\d\d\b"),
    "number": re.compile(
        r"(?<![\w.])(?!(?:19|20)\d\d\b)\d+(?:,\d{3})*(?:\.\d+)?%?(?![\w.]\w)"
        r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\b",
        re.I,
    ),
}
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,3}\.\s")


def answer_type(question: str) -> str | None:
    """``"date"`` for a question such as "When did inspectors visit?", ``"number"`` for "How many …?", else None."""
    return next((kind for kind, pattern in _ASKS.items() if pattern.search(question)), None)


def holds_answer(kind: str, text: str) -> bool:
    """Whether a passage's `text` holds an answer of `kind` (a date, a figure), its paragraph number aside."""
    return bool(_HOLDS[kind].search(_PARAGRAPH_NUMBER.sub("", text, count=1)))
