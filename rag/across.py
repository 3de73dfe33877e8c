"""Across councils: which councils' reports say something, their matching paragraphs grouped by council."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rag.documents import council_keys
from rag.query import Filters, excluding_everything
from rag.retrieval import Hit, Retriever
from rag.text import name_key

ACROSS_MIN_SIMILARITY = 0.45  # a passage counts for its council only if this close to the question


@dataclass(frozen=True)
class CouncilMatches:
    """One council's passages that match an across-councils question, best first."""

    council: str
    hits: list[Hit]

    @property
    def best(self) -> float:
        """Similarity of the council's closest passage."""
        return max(hit.similarity for hit in self.hits)

    def as_dict(self) -> dict[str, Any]:
        """JSON form used by ``rag across --json``."""
        documents = {}
        for hit in self.hits:
            doc = hit.document
            documents[doc.doc_id] = {
                "doc_id": doc.doc_id,
                "label": doc.cited_as,
                "title": doc.title,
                "date": doc.date,
                "inspection": doc.inspection.as_dict() if doc.inspection else None,
            }
        return {
            "council": self.council,
            "count": len(self.hits),
            "best": round(self.best, 4),
            "documents": list(documents.values()),
            "passages": [h.as_dict() for h in self.hits],
        }


def across_councils(
    retriever: Retriever,
    query: str,
    filters: Filters | None = None,
    depth: int = 300,
    min_similarity: float = ACROSS_MIN_SIMILARITY,
) -> list[CouncilMatches]:
    """The passages over the whole corpus that match `query`, grouped by council, most relevant council first.

    Only inspection reports count unless `filters` names other kinds, so that a news article about five
    councils does not stand in for their reports.

    Args:
        retriever: Searches the index.
        query: What to look for ("care leavers' health histories").
        filters: Restrict to some councils, years, frameworks, grades, documents.
        depth: Passages to consider.
        min_similarity: Cosine of query and passage below which a passage does not count.

    """
    filters = _reports_only(filters)
    wanted = council_keys(filters.authorities)
    groups: dict[str, list[Hit]] = {}
    for hit in retriever.search(query, k=depth, mode="hybrid", filters=filters):
        if hit.similarity < min_similarity:
            continue
        for council in hit.document.authorities or ("(no council)",):
            if wanted and name_key(council) not in wanted:
                continue
            groups.setdefault(council, []).append(hit)
    matches = [CouncilMatches(council, sorted(hits, key=lambda h: -h.similarity)) for council, hits in groups.items()]
    return sorted(matches, key=lambda m: (-m.best, -len(m.hits), m.council))


def why_none(retriever: Retriever, query: str, filters: Filters | None, min_similarity: float) -> str:
    """Why `across_councils` found nothing, and what to loosen: the filters, or how close a paragraph must be."""
    filters = _reports_only(filters)
    excluded = excluding_everything(filters, retriever.index.documents.values())
    if excluded:
        return f"{excluded[0].upper()}{excluded[1:]}: remove a filter."
    hits = retriever.search(query, k=300, mode="hybrid", filters=filters)
    if not hits:
        return "No paragraph matches the words searched: say it in other words."
    best = max(hits, key=lambda h: h.similarity)
    return (
        f"No paragraph is as close as {min_similarity:.2f} to what you are looking for; the closest, "
        f"{best.passage.citation}, is {best.similarity:.2f}. Lower how close a paragraph must be to "
        f"{best.similarity:.2f} or below to see it, or say it in other words."
    )


def _reports_only(filters: Filters | None) -> Filters:
    """`filters`, limited to inspection reports unless they name kinds themselves."""
    filters = filters or Filters()
    return filters if filters.kinds else replace(filters, kinds=("inspection report",))
