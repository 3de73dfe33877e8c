"""Retrieval: dense (FAISS), keyword (BM25) and hybrid search over an `Index`, with filters.

Hybrid search takes the best candidates of four signals: the cosine of query and passage embeddings, the
cosine of the query and the passage's closest sentence, the BM25 score of the passage (with its document title
and section), and the BM25 score of the passage's best sentence. The two sentence signals find the one sentence
that answers a question inside a long paragraph or list (whose tail the model, reading 256 word pieces, never
sees), in the report's words or in others. `fuse`, a
pure function, scales each signal to 0–1 over the candidates and adds them with fixed weights (a convex
combination, which beat reciprocal rank fusion here; README "Evaluation"). Queries are expanded with Ofsted's
vocabulary (``LAC`` finds "children looked after").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rag.chunking import Passage
from rag.documents import Document, council_keys
from rag.keywords import abbreviations, expansions, tokenize
from rag.query import PLACED_ANSWERS, Filters, answer_type, holds_answer, narrow, without_filtered_words
from rag.store import Index

MODES = ("hybrid", "dense", "bm25")
DEPTH = 100  # candidates taken from each signal before fusion
# Weights of the hybrid signals, tuned on the dev half of the national set (eval/national-questions.jsonl), among
# those that keep the bundled corpus's gate (eval/thresholds.json).
WEIGHTS = {
    "dense": 0.3,
    "sentence_dense": 0.5,
    "bm25": 0.4,
    "sentence": 0.4,
    "answer_type": 0.1,
    "answer_place": 1.0,
}


@dataclass(frozen=True)
class Hit:
    """A retrieved passage with its document's metadata and its score in the mode used."""

    passage: Passage
    score: float
    document: Document = field(repr=False)
    similarity: float = 0.0  # cosine of query and passage, whatever the mode
    row: int = -1  # the passage's position in the index

    def as_dict(self) -> dict[str, Any]:
        """The JSON form used by ``rag search --json``."""
        p, doc = self.passage, self.document
        return {
            "citation": p.citation,
            "doc_id": p.doc_id,
            "title": doc.title,
            "kind": doc.kind,
            "date": doc.date,
            "authorities": list(doc.authorities),
            "inspection": doc.inspection.as_dict() if doc.inspection else None,
            "paragraph": p.paragraph,
            "section": p.section,
            "page": p.page,
            "text": p.text,
            "score": round(float(self.score), 4),
        }


def fuse(scores: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """Convex combination of min-max scaled scores: ``Σ w_s · (x_s − min x_s) / (max x_s − min x_s)``.

    Args:
        scores: For each signal, its scores for the same candidates (one array each, same order).
        weights: A weight per signal in `scores`.

    Returns:
        The fused score of each candidate. A signal that is constant over the candidates adds nothing.

    """
    fused: np.ndarray | None = None
    for name, values in scores.items():
        values = np.asarray(values, dtype=np.float64)
        spread = values.max() - values.min() if len(values) else 0.0
        scaled = (values - values.min()) / spread if spread > 0 else np.zeros_like(values)
        fused = weights[name] * scaled if fused is None else fused + weights[name] * scaled
    return fused if fused is not None else np.zeros(0)


class Retriever:
    """Searches one loaded `Index`.

    Args:
        index: The loaded index.
        weights: Weights of the hybrid signals (``dense``, ``sentence_dense``, ``bm25``, ``sentence``,
            ``answer_type``, ``answer_place``), each defaulting to `WEIGHTS`, which were tuned on the dev half of
            the national question set and reported on its test half.

    """

    def __init__(self, index: Index, weights: dict[str, float] | None = None) -> None:
        self.index = index
        self.weights = WEIGHTS | (weights or {})

    def search(self, query: str, k: int = 5, mode: str = "hybrid", filters: Filters | None = None) -> list[Hit]:
        """The `k` best passages for `query`.

        Raises:
            ValueError: Unknown `mode`.

        """
        if mode not in MODES:
            raise ValueError(f"unknown mode '{mode}' (choose from {', '.join(MODES)})")
        filters = narrow(query, filters or Filters(), self.index.documents.values())
        allowed = self.allowed(filters)
        if allowed is not None and not allowed.any() or not self.index.passages:
            return []
        words = without_filtered_words(query, filters) or query  # the council and year chose the documents
        qvec = self.query_vector(words)
        depth = max(k, DEPTH)
        if mode == "dense":
            ranked = self._dense(qvec, depth, allowed)
        elif mode == "bm25":
            ranked = _top(self._bm25_scores(words, allowed), depth)
        else:
            ranked = self._hybrid(words, qvec, depth, allowed)
        hits = []
        for i, score in ranked[:k]:
            passage = self.index.passages[i]
            similarity = float(self.index.vectors[i] @ qvec)
            hits.append(Hit(passage, float(score), self.index.document(passage.doc_id), similarity, i))
        return hits

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, Ofsted abbreviations spelt out."""
        extra = abbreviations(query)
        text = f"{query} ({'; '.join(extra)})" if extra else query
        return self.index.embedder.encode([text])[0]

    def allowed(self, filters: Filters) -> np.ndarray | None:
        """Which passages `filters` lets through, one flag per passage; ``None`` when it lets all through."""
        if not filters:
            return None
        ok = {doc_id for doc_id, doc in self.index.documents.items() if filters.allows(doc)}
        wanted = council_keys(filters.authorities)
        return np.fromiter(
            (
                p.doc_id in ok and not (wanted and p.councils and not wanted & council_keys(p.councils))
                for p in self.index.passages
            ),
            dtype=bool,
            count=len(self.index.passages),
        )

    def _dense(self, qvec: np.ndarray, depth: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        import faiss

        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.flatnonzero(allowed).astype("int64"))
            hnsw = hasattr(self.index.faiss_index, "hnsw")
            # faiss's bundled type stubs lack these SWIG classes' attributes and arguments
            params = (
                faiss.SearchParametersHNSW(sel=selector, efSearch=max(depth, 128))  # type: ignore[attr-defined]
                if hnsw
                else faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
            )
        depth = min(depth, self.index.faiss_index.ntotal)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)  # one query: threads cost more than they save (5.4 ms → 2.3 ms, 33,000 vectors)
        try:
            scores, ids = self.index.faiss_index.search(qvec.reshape(1, -1), depth, params=params)
        finally:
            faiss.omp_set_num_threads(threads)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _hybrid(self, query: str, qvec: np.ndarray, depth: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        keyword = self._bm25_scores(query, allowed)
        sentence = self._sentence_scores(query, allowed)
        closest = self._sentence_similarities(qvec, allowed)
        candidates = {i for i, _ in self._dense(qvec, depth, allowed)} | {i for i, _ in _top(closest + 1, depth)}
        candidates |= {i for i, _ in _top(keyword, depth)} | {i for i, _ in _top(sentence, depth)}
        rows = np.fromiter(sorted(candidates), dtype=np.int64, count=len(candidates))
        signals = {"dense": self.index.vectors[rows] @ qvec, "bm25": keyword[rows], "sentence": sentence[rows]}
        if self.index.sentence_vectors is not None:
            signals["sentence_dense"] = closest[rows]
        wanted = answer_type(query)
        if wanted:
            holds = (holds_answer(wanted, self.index.passages[i]) for i in rows)
            signal = "answer_place" if wanted in PLACED_ANSWERS else "answer_type"
            signals[signal] = np.fromiter(holds, float, len(rows))
        fused = fuse(signals, self.weights)
        order = np.argsort(-fused, kind="stable")
        return [(int(rows[j]), float(fused[j])) for j in order]

    def _query_tokens(self, query: str, bm25) -> list[str]:
        tokens = tokenize(" ".join([query, *expansions(query)]))
        return [t for t in tokens if t in bm25.vocab_dict]

    def _bm25_scores(self, query: str, allowed: np.ndarray | None) -> np.ndarray:
        """BM25 score of every passage (0 where filtered out)."""
        tokens = self._query_tokens(query, self.index.bm25)
        if not tokens:
            return np.zeros(len(self.index.passages))
        scores = self.index.bm25.get_scores(tokens)
        return np.where(allowed, scores, 0.0) if allowed is not None else scores

    def _sentence_scores(self, query: str, allowed: np.ndarray | None) -> np.ndarray:
        """BM25 score of every passage's best sentence (0 where filtered out)."""
        bm25 = self.index.sentence_bm25
        tokens = self._query_tokens(query, bm25) if bm25 is not None else []
        if not tokens:
            return np.zeros(len(self.index.passages))
        best = _best_per_passage(bm25.get_scores(tokens), self.index.sentence_rows, len(self.index.passages), 0.0)
        return np.where(allowed, best, 0.0) if allowed is not None else best

    def _sentence_similarities(self, qvec: np.ndarray, allowed: np.ndarray | None) -> np.ndarray:
        """Cosine of the query and every passage's closest sentence (−1 where filtered out or none)."""
        vectors, rows = self.index.sentence_vectors, self.index.sentence_rows
        if vectors is None:
            return np.full(len(self.index.passages), -1.0)
        if allowed is not None:
            chosen = np.flatnonzero(allowed[rows])
            vectors, rows = vectors[chosen], rows[chosen]
        return _best_per_passage(vectors @ qvec, rows, len(self.index.passages), -1.0)


def _best_per_passage(values: np.ndarray, rows: np.ndarray, count: int, fill: float) -> np.ndarray:
    """The largest of `values` for each of `count` passages, `fill` where none; `rows` ascending, as built."""
    best = np.full(count, fill, dtype=np.float64)
    if len(rows):
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        best[rows[starts]] = np.maximum(np.maximum.reduceat(values, starts), fill)
    return best


def _top(scores: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """The `depth` best (row, score) pairs with a positive score, best first."""
    if len(scores) > depth:  # partial sort: a full one of 125,000 sentence scores costs ~13 ms a query
        part = np.argpartition(-scores, depth - 1)[:depth]
        top = part[np.lexsort((part, -scores[part]))]  # best first, ties by row
    else:
        top = np.argsort(-scores, kind="stable")
    return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
