"""Retrieval: dense (FAISS), keyword (BM25) and hybrid search over an `Index`, with filters.

Hybrid search takes the best candidates of three signals: the cosine of query and passage embeddings, the
BM25 score of the passage (with its document title and section), and the BM25 score of the passage's best
sentence, which finds the one sentence that answers a question inside a long paragraph or list. `fuse`, a
pure function, scales each signal to 0–1 over the candidates and adds them with fixed weights (a convex
combination, which beat reciprocal rank fusion here; README "Evaluation"). Queries are expanded with Ofsted's
vocabulary (``LAC`` finds "children looked after").
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
DEPTH = 100  # candidates taken from each signal before fusion
# Weights of the hybrid signals, tuned on the dev half of eval/questions.jsonl (eval/tune.py).
WEIGHTS = {"dense": 0.2, "bm25": 0.4, "sentence": 0.4, "answer_type": 0.1}

# What kind of answer a question asks for, and how a passage that holds one looks.
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_ASKS = {
    "date": re.compile(r"^\W*when\b|\bwhen (?:did|was|were|is|will|does|do)\b|\bwhat (?:date|year)\b", re.I),
    "number": re.compile(r"\bhow (?:many|much)\b|\bwhat (?:share|proportion|percentage|number|rate)\b", re.I),
}
_HOLDS = {
    "date": re.compile(rf"\b(?:\d{{1,2}} )?(?:{_MONTHS}) (?:19|20)\d\d\b"),
    "number": re.compile(
        r"(?<![\w.])(?!(?:19|20)\d\d\b)\d+(?:,\d{3})*(?:\.\d+)?%?(?![\w.]\w)"
        r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\b",
        re.I,
    ),
}


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
        weights: Weights of the hybrid signals ``dense``, ``bm25``, ``sentence`` and ``answer_type``, each
            defaulting to `WEIGHTS`, which were tuned on the dev half of eval/questions.jsonl (eval/tune.py)
            and reported on the other half.

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
        filters = self.council_filters(query, filters or Filters())
        allowed = self._allowed(filters)
        if allowed is not None and not allowed.any() or not self.index.passages:
            return []
        qvec = self.query_vector(query)
        depth = max(k, DEPTH)
        if mode == "dense":
            ranked = self._dense(qvec, depth, allowed)
        elif mode == "bm25":
            ranked = _top(self._bm25_scores(query, allowed), depth)
        else:
            ranked = self._hybrid(query, qvec, depth, allowed)
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
        if not (filters.years or filters.since or filters.until):
            narrowed = year_filters(query, filters)
            if narrowed != filters and any(narrowed.allows(meta) for meta in self.index.documents.values()):
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
        wanted = {a.lower() for a in filters.authorities}
        return np.fromiter(
            (
                p.doc_id in ok and not (wanted and p.councils and not wanted & {c.lower() for c in p.councils})
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
            params = (
                faiss.SearchParametersHNSW(sel=selector, efSearch=max(depth, 128))
                if hnsw
                else faiss.SearchParameters(sel=selector)
            )
        depth = min(depth, self.index.faiss_index.ntotal)
        scores, ids = self.index.faiss_index.search(qvec.reshape(1, -1), depth, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _hybrid(self, query: str, qvec: np.ndarray, depth: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        keyword = self._bm25_scores(query, allowed)
        sentence = self._sentence_scores(query, allowed)
        candidates = {i for i, _ in self._dense(qvec, depth, allowed)}
        candidates |= {i for i, _ in _top(keyword, depth)} | {i for i, _ in _top(sentence, depth)}
        rows = np.fromiter(sorted(candidates), dtype=np.int64, count=len(candidates))
        signals = {"dense": self.index.vectors[rows] @ qvec, "bm25": keyword[rows], "sentence": sentence[rows]}
        wanted = answer_type(query)
        if wanted:
            texts = (_PARAGRAPH_NUMBER.sub("", self.index.passages[i].text, count=1) for i in rows)
            signals["answer_type"] = np.fromiter((bool(_HOLDS[wanted].search(t)) for t in texts), float, len(rows))
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
        best = np.zeros(len(self.index.passages))
        bm25 = self.index.sentence_bm25
        tokens = self._query_tokens(query, bm25) if bm25 is not None else []
        if tokens:
            np.maximum.at(best, self.index.sentence_rows, bm25.get_scores(tokens))
        return np.where(allowed, best, 0.0) if allowed is not None else best


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


def answer_type(question: str) -> str | None:
    """``"date"`` for a question such as "When did inspectors visit?", ``"number"`` for "How many …?", else None."""
    return next((kind for kind, pattern in _ASKS.items() if pattern.search(question)), None)


_PARAGRAPH_NUMBER = re.compile(r"^\d{1,3}\.\s")


def _top(scores: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """The `depth` best (row, score) pairs with a positive score, best first."""
    top = np.argsort(-scores, kind="stable")[:depth]
    return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
