"""Retrieval: dense (FAISS), keyword (BM25) and hybrid search over an `Index`, with filters.

Hybrid search fuses the two rankings with weighted reciprocal rank fusion (`fuse`), a pure function: a
passage ranked high by either side stays high, so the fusion does not lose what BM25 finds. Queries are
expanded with Ofsted's vocabulary (``LAC`` finds "children looked after").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from rag.chunking import Passage
from rag.councils import find_councils
from rag.keywords import abbreviations, expansions, tokenize
from rag.store import Index

MODES = ("hybrid", "dense", "bm25")
DEPTH = 100  # candidates taken from each side before fusion


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

    def allows(self, meta: dict) -> bool:
        """Whether a document with metadata `meta` passes."""
        inspection = meta.get("inspection") or {}
        if self.frameworks and (inspection.get("framework") or "").lower() not in {f.lower() for f in self.frameworks}:
            return False
        if self.grades and (inspection.get("grades") or {}).get("overall") not in {g.lower() for g in self.grades}:
            return False
        if self.years:
            dates = [meta.get("date"), inspection.get("start"), inspection.get("end")]
            if not {int(d[:4]) for d in dates if d and d[:4].isdigit()} & set(self.years):
                return False
        if self.doc_ids and meta["doc_id"] not in self.doc_ids:
            return False
        if self.kinds and meta["kind"] not in self.kinds:
            return False
        if self.authorities:
            wanted = {a.lower() for a in self.authorities}
            if not wanted & {a.lower() for a in meta.get("authorities") or ()}:
                return False
        date = meta.get("date")
        if self.since and (not date or date < self.since):
            return False
        return not (self.until and (not date or date[: len(self.until)] > self.until))

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
class Hit:
    """A retrieved passage with its document's metadata and its score in the mode used."""

    passage: Passage
    score: float
    document: dict = field(repr=False)
    similarity: float = 0.0  # cosine of query and passage, whatever the mode
    row: int = -1  # the passage's position in the index

    def as_dict(self) -> dict:
        """The JSON form used by ``rag search --json``."""
        p = self.passage
        return {
            "citation": p.citation,
            "doc_id": p.doc_id,
            "title": self.document["title"],
            "kind": self.document["kind"],
            "date": self.document["date"],
            "authorities": self.document.get("authorities", []),
            "inspection": self.document.get("inspection"),
            "paragraph": p.paragraph,
            "section": p.section,
            "page": p.page,
            "text": p.text,
            "score": round(float(self.score), 4),
        }


def fuse(rankings: list[list[int]], weights: list[float], k: int = 60) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion: ``score(d) = Σ w_i / (k + rank_i(d))``, ranks from 1.

    Args:
        rankings: Each a list of ids, best first.
        weights: One weight per ranking.
        k: Damping constant; larger flattens the difference between ranks.

    Returns:
        (id, score) pairs, best first; ties keep the order of first appearance.

    """
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])


class Retriever:
    """Searches one loaded `Index`.

    The fusion defaults were tuned on the dev half of eval/questions.jsonl (eval/tune.py) and reported on the
    other half.

    Args:
        index: The loaded index.
        bm25_weight: Weight of the BM25 ranking in hybrid fusion.
        dense_weight: Weight of the dense ranking in hybrid fusion.
        rrf_k: Damping constant of the fusion.

    """

    def __init__(self, index: Index, bm25_weight: float = 3.0, dense_weight: float = 1.0, rrf_k: int = 60) -> None:
        self.index = index
        self.bm25_weight = bm25_weight
        self.dense_weight = dense_weight
        self.rrf_k = rrf_k

    def search(self, query: str, k: int = 5, mode: str = "hybrid", filters: Filters | None = None) -> list[Hit]:
        """The `k` best passages for `query`.

        Raises:
            ValueError: Unknown `mode`.

        """
        if mode not in MODES:
            raise ValueError(f"unknown mode '{mode}' (choose from {', '.join(MODES)})")
        filters = self.council_filters(query, filters or Filters())
        allowed = self._allowed(filters)
        if allowed is not None and not allowed.any() or not self.index.passages:
            return []
        qvec = self.query_vector(query)
        depth = max(k, DEPTH)
        if mode == "dense":
            ranked = self._dense(qvec, depth, allowed)
        elif mode == "bm25":
            ranked = self._bm25(query, depth, allowed)
        else:
            dense = [i for i, _ in self._dense(qvec, depth, allowed)]
            keyword = [i for i, _ in self._bm25(query, depth, allowed)]
            ranked = fuse([keyword, dense], [self.bm25_weight, self.dense_weight], self.rrf_k)
        hits = []
        for i, score in ranked[:k]:
            passage = self.index.passages[i]
            similarity = float(self.index.vectors[i] @ qvec)
            hits.append(Hit(passage, float(score), self.index.document(passage.doc_id), similarity, i))
        return hits

    def council_filters(self, query: str, filters: Filters) -> Filters:
        """`filters`, narrowed to the councils and years that `query` names, where the index has documents.

        "What did Ofsted say about private fostering in Bradford in 2018?" searches only documents about
        Bradford dated (or inspected) in 2018. Explicit filters win; a council or year the index does not
        cover is left to the answer to report.
        """
        named = {name.lower(): name for name in find_councils(query)}
        if named and not filters.authorities:
            covered = {a.lower() for meta in self.index.documents.values() for a in meta.get("authorities") or ()}
            present = tuple(name for key, name in named.items() if key in covered)
            if present:
                filters = replace(filters, authorities=present)
        years = tuple(int(y) for y in re.findall(r"\b(19[89]\d|20[0-4]\d)\b", query))
        if years and not (filters.years or filters.since or filters.until):
            narrowed = replace(filters, years=years)
            if any(narrowed.allows(meta) for meta in self.index.documents.values()):
                filters = narrowed
        return filters

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, Ofsted abbreviations spelt out."""
        extra = abbreviations(query)
        text = f"{query} ({'; '.join(extra)})" if extra else query
        return self.index.embedder.encode([text])[0]

    def _allowed(self, filters: Filters) -> np.ndarray | None:
        if not filters:
            return None
        ok = {doc_id for doc_id, meta in self.index.documents.items() if filters.allows(meta)}
        return np.fromiter((p.doc_id in ok for p in self.index.passages), dtype=bool, count=len(self.index.passages))

    def _dense(self, qvec: np.ndarray, depth: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        import faiss

        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.flatnonzero(allowed).astype("int64"))
            hnsw = hasattr(self.index.faiss_index, "hnsw")
            params = (
                faiss.SearchParametersHNSW(sel=selector, efSearch=max(depth, 128))
                if hnsw
                else faiss.SearchParameters(sel=selector)
            )
        depth = min(depth, self.index.faiss_index.ntotal)
        scores, ids = self.index.faiss_index.search(qvec.reshape(1, -1), depth, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _bm25(self, query: str, depth: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        tokens = tokenize(" ".join([query, *expansions(query)]))
        tokens = [t for t in tokens if t in self.index.bm25.vocab_dict]
        if not tokens:
            return []
        scores = self.index.bm25.get_scores(tokens)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        top = np.argsort(-scores, kind="stable")[:depth]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
