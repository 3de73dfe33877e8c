"""Across councils: which councils' reports say something, their matching paragraphs grouped by council."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rag.documents import council_keys
from rag.query import Filters
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
    filters = filters or Filters()
    if not filters.kinds:
        filters = replace(filters, kinds=("inspection report",))
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
