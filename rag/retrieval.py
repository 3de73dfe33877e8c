"""Retrieval: dense (FAISS), keyword (BM25) and hybrid search over an `Index`, with filters.

Hybrid search takes the best candidates of four signals: the cosine of query and passage embeddings, the
cosine of the query and the passage's closest sentence, the BM25 score of the passage (with its document title
and section), and the BM25 score of the passage's best sentence. The two sentence signals find the one sentence
that answers a question inside a long paragraph or list (whose tail the model, reading 256 word pieces, never
sees), in the report's words or in others. `fuse`, a
pure function, scales each signal to 0–1 over the candidates and adds them with fixed weights (a convex
combination, which beat reciprocal rank fusion here; README "Evaluation"). Queries are expanded with Ofsted's
vocabulary (``LAC`` finds "children looked after"). A question that names a council but no year favours the
council's latest inspection report a little (`query.favours_latest`): most ask how things stand now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rag.chunking import Passage
from rag.coverage import key_words
from rag.documents import Document, council_keys
from rag.keywords import abbreviations, bm25_scores_of, expansions, tokenize
from rag.query import (
    LAY_FAULT,
    LAY_IMPROVE,
    LINE_ANSWERS,
    PLACED_ANSWERS,
    DocumentTable,
    Filters,
    answer_type,
    asks_method,
    favours_latest,
    holds_answer,
    narrow,
    tells_method,
    without_filtered_words,
)
from rag.store import Index
from rag.text import normalise

MODES = ("hybrid", "dense", "bm25")
_LETTERS = re.compile(r"[^a-z0-9]")  # what is left of a passage to compare copies: "- " and "• " items alike
DEPTH = 100  # candidates taken from each signal before fusion
PLACED_SCAN = 2_000  # a filter leaving at most this many passages: each one holding a placed answer is a candidate
EXACT_BELOW = 50_000  # a filter that leaves at most this many passages: searched exactly (IVF-PQ: every list)
RESCORED = 3  # IVF-PQ: candidates taken for each one wanted, ranked again by the exact vectors
COMMON_SHARE = 0.25  # large indexes: words in more of the passages than this score the candidates alone
# Weights of the hybrid signals, tuned on the dev half of the national set (eval/national-questions.jsonl), among
# those that keep the bundled corpus's gate (eval/thresholds.json).
WEIGHTS = {
    "dense": 0.3,
    "sentence_dense": 0.5,
    "bm25": 0.4,
    "sentence": 0.4,
    "answer_type": 0.1,
    "answer_place": 1.0,
    "answer_line": 1.5,
    "summary": 0.15,
    "overall": 0.4,  # more for the summary sections when the question asks how a council did overall
    "latest": 0.3,  # a council's latest inspection report, when a question names no year (`query.favours_latest`)
}
# The sections where a report sums up its findings (ILACS "Overall effectiveness", SIF "Summary" and "Executive
# summary"): favoured a little, as they answer the questions users ask of a whole report ("How did Hillingdon do?",
# "Why was it judged inadequate?") and follow-ups ("What went wrong?") in Ofsted's words; favoured more (the
# "overall" weight) when a question names no part of the council's work
_SUMMARY = re.compile(r"^(?:Overall effectiveness|Executive summary|Summary)$", re.I)
_THE_SERVICE = re.compile(r"\bchildren['’]?s?\s+(?:social\s+care|services?)\b|\bsocial care\b|\bservices?\b", re.I)
_PART = re.compile(r"\b(?:care|child|children|children['’]s|councils?)\b", re.I)
# Words that say how a council did overall, not which part of its work is asked about (besides the words of
# conversation, `rag.coverage.CHAT_WORDS`: "good", "bad", "went", "verdict", no key words already)
_HOW_IT_WENT = frozenset(tokenize("requires failing failed dip decline declined deteriorated whole trouble struggling"))


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
            ``answer_type``, ``answer_place``, ``answer_line``, ``summary``, ``overall``, ``latest``), each defaulting
            to `WEIGHTS`, which were tuned on the development questions and reported on the held-out ones.

    """

    def __init__(self, index: Index, weights: dict[str, float] | None = None) -> None:
        self.index = index
        self.weights = WEIGHTS | (weights or {})
        self.table = DocumentTable.of(index.documents.values())  # in index order, as `index.doc_of_row` counts
        self._shared = [doc.doc_id for doc in index.documents.values() if len(doc.authorities) > 1]

    def search(self, query: str, k: int = 5, mode: str = "hybrid", filters: Filters | None = None) -> list[Hit]:
        """The `k` best passages for `query`.

        Raises:
            ValueError: Unknown `mode`.

        """
        if mode not in MODES:
            raise ValueError(f"unknown mode '{mode}' (choose from {', '.join(MODES)})")
        filters = narrow(query, filters or Filters(), self.table)
        allowed = self.allowed(filters)
        if allowed is not None and not allowed.any() or not self.index.passages:
            return []
        words = without_filtered_words(query, filters) or query  # the council and year chose the documents
        qvec = self.query_vector(words)
        depth = max(k, DEPTH)
        if mode == "dense":
            ranked = self._dense(qvec, depth, allowed)
        elif mode == "bm25":
            ranked = _top(self._bm25_scores(self._split_tokens(words)[0], allowed), depth)
        else:
            latest = self.table.latest_reports(filters) if favours_latest(query, filters) else None
            ranked = self._hybrid(words, qvec, depth, allowed, latest)
        hits: list[Hit] = []
        seen: set[tuple[str, str | None]] = set()
        for i, score in ranked:
            passage = self.index.passages[i]
            document = self.index.document(passage.doc_id)
            if (copy := (_LETTERS.sub("", normalise(passage.text)), document.date)) in seen:
                continue  # a report indexed twice (the bundled Knowsley report and its PDF): its paragraph once
            seen.add(copy)
            hits.append(Hit(passage, float(score), document, float(self.index.vectors[i] @ qvec), i))
            if len(hits) == k:
                break
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
        flags = filters.mask(self.table)[self.index.doc_of_row]  # worked out per document, not per passage
        wanted = council_keys(filters.authorities)
        for doc_id in self._shared if wanted else []:  # a round-up's passages say which councils they are about
            rows = self.index.rows_of(doc_id)
            if flags[rows.start] if rows else False:
                for row in rows:
                    councils = self.index.passages[row].councils
                    flags[row] = not councils or bool(wanted & council_keys(councils))
        return flags

    def _dense(self, qvec: np.ndarray, depth: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        """The `depth` passages closest to `qvec`: exact where a filter leaves few, else from the FAISS index."""
        import faiss

        kind = self.index.kind
        rows = np.flatnonzero(allowed) if allowed is not None else None
        few = rows is not None and len(rows) <= EXACT_BELOW
        if rows is not None and few and kind != "ivfpq":  # IVF-PQ's vectors are on disk: its codes, every list
            return _top_rows(rows, self.index.vectors[rows] @ qvec, depth)
        params: Any = {}
        if allowed is not None:
            bits = np.packbits(allowed, bitorder="little")  # alive while FAISS reads it, through the search
            params = {"sel": faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))}
        # faiss's bundled type stubs lack these SWIG classes and their arguments
        if kind == "hnsw":
            params = faiss.SearchParametersHNSW(efSearch=max(depth, 128), **params)  # type: ignore[attr-defined]
        elif kind == "ivfpq":
            probes = self.index.faiss_index.nlist if few else self.index.manifest["faiss"]["ivfpq"]["probes"]
            params = faiss.SearchParametersIVF(nprobe=probes, **params)  # type: ignore[call-arg]
        else:
            params = faiss.SearchParameters(**params) if params else None
        # the codes approximate the vectors: IVF-PQ gives three times the candidates, ranked again by the exact ones
        candidates = min(depth * (RESCORED if kind == "ivfpq" else 1), self.index.faiss_index.ntotal)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)  # one query: threads cost more than they save (5.4 ms → 2.3 ms, 33,000 vectors)
        try:
            scores, ids = self.index.faiss_index.search(qvec.reshape(1, -1), candidates, params=params)
        finally:
            faiss.omp_set_num_threads(threads)
        if kind == "ivfpq":
            found = np.sort(ids[0][ids[0] >= 0])  # in file order: the fewest pages read
            return _top_rows(found, self.index.vectors[found] @ qvec, depth)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _hybrid(
        self, query: str, qvec: np.ndarray, depth: int, allowed: np.ndarray | None, latest: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        tokens, common = self._split_tokens(query)
        keyword = self._bm25_scores(tokens, allowed)
        dense = dict(self._dense(qvec, depth, allowed))
        candidates = set(dense) | {i for i, _ in _top_of(keyword, depth, allowed)}
        wanted = answer_type(query)
        if wanted in PLACED_ANSWERS and allowed is not None and (scope := np.flatnonzero(allowed)).size <= PLACED_SCAN:
            # a short "Lead inspector: …" line or list may be in neither top: what holds the answer is a candidate
            candidates |= {int(row) for row in scope if holds_answer(wanted, self.index.passages[int(row)])}
        if self.index.large:  # millions of sentences: the passage signals find candidates, sentences rescore them
            rows = np.fromiter(sorted(candidates), dtype=np.int64, count=len(candidates))
            if common:  # the words in most passages, left out of finding candidates, count in their scores
                keyword = keyword.copy()
                keyword[rows] += bm25_scores_of(self.index.bm25, common, rows)
            sentence, closest = self._candidate_sentences(query, qvec, rows)
        else:
            sentence_all = self._sentence_scores(query, allowed)
            closest_all = self._sentence_similarities(qvec, allowed)
            candidates |= {i for i, _ in _top(closest_all + 1, depth)} | {i for i, _ in _top(sentence_all, depth)}
            rows = np.fromiter(sorted(candidates), dtype=np.int64, count=len(candidates))
            sentence, closest = sentence_all[rows], closest_all[rows]
        signals = {"dense": self._closeness(rows, qvec, dense), "bm25": keyword[rows], "sentence": sentence}
        if self.index.sentence_vectors is not None:
            signals["sentence_dense"] = closest
        if wanted:
            holds = (holds_answer(wanted, self.index.passages[i]) for i in rows)
            signal = "answer_type"
            if wanted in PLACED_ANSWERS:
                signal = "answer_line" if wanted in LINE_ANSWERS else "answer_place"
            signals[signal] = np.fromiter(holds, float, len(rows))
        if self.weights["summary"]:  # an inspection report's own summary of its findings (not a news story's)
            signals["summary"] = np.fromiter((self._in_summary(i) for i in rows), float, len(rows))
            if self.weights["overall"] and _asks_overall(query, wanted):
                signals["overall"] = signals["summary"]
        if latest is not None and len(latest) and self.weights["latest"]:  # each council's latest report
            signals["latest"] = np.isin(self.index.doc_of_row[rows], latest).astype(float)
        fused = fuse(signals, self.weights)
        order = np.argsort(-fused, kind="stable")
        asked = asks_method(query)  # how the inspection was done is no finding: not found unless asked
        passages = self.index.passages
        return [(int(rows[j]), float(fused[j])) for j in order if asked or not tells_method(passages[rows[j]])]

    def _in_summary(self, row: int) -> bool:
        report = self.table.kinds[self.index.doc_of_row[row]] == "inspection report"
        return report and bool(_SUMMARY.match(self.index.passages[row].section.split(" › ")[0]))

    def _query_tokens(self, query: str, bm25) -> list[str]:
        tokens = tokenize(" ".join([query, *expansions(query)]))
        return [t for t in tokens if t in bm25.vocab_dict]

    def _closeness(self, rows: np.ndarray, qvec: np.ndarray, known: dict[int, float]) -> np.ndarray:
        """The cosine of `qvec` and each passage of `rows`; IVF-PQ's, `known` from its search, not read again."""
        if self.index.kind != "ivfpq":
            return self.index.vectors[rows] @ qvec
        close = np.array([known.get(int(row), np.nan) for row in rows], dtype=np.float32)
        unknown = np.isnan(close)
        if unknown.any():
            close[unknown] = self.index.vectors[rows[unknown]] @ qvec
        return close

    def _split_tokens(self, query: str) -> tuple[list[str], list[str]]:
        """The query's keyword tokens, and apart from them, in a large index, those in most passages.

        The second are the words in more than `COMMON_SHARE` of the passages ("inspection", "children"): summing
        their postings is most of a query's time at millions of passages (12 million postings a question at 5
        million), so they find no candidates and `_hybrid` adds their scores for the candidates alone.
        """
        bm25 = self.index.bm25
        tokens = self._query_tokens(query, bm25)
        if not self.index.large:
            return tokens, []
        starts, most = bm25.scores["indptr"], COMMON_SHARE * bm25.scores["num_docs"]
        common = [t for t in tokens if starts[bm25.vocab_dict[t] + 1] - starts[bm25.vocab_dict[t]] > most]
        return [t for t in tokens if t not in common], common

    def _bm25_scores(self, tokens: list[str], allowed: np.ndarray | None) -> np.ndarray:
        """BM25 score of every passage for `tokens` (0 where filtered out)."""
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

    def _candidate_sentences(self, query: str, qvec: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For the passages `rows` (ascending) alone: their best sentence's BM25 score, and closest sentence's cosine.

        Reads only those passages' sentences: their postings in the memory-mapped keyword index, and their codes
        in memory (or, without codes, their vectors).
        """
        owners = self.index.sentence_rows
        bounds = np.searchsorted(owners, np.concatenate([rows, rows + 1]).astype(owners.dtype))  # no copy of owners
        starts, ends = bounds[: len(rows)], bounds[len(rows) :]
        sentences = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)] or [np.zeros(0, int)])
        where = np.searchsorted(rows, owners[sentences])  # each sentence's candidate
        bm25 = self.index.sentence_bm25
        tokens = self._query_tokens(query, bm25) if bm25 is not None else []
        keyword = bm25_scores_of(bm25, tokens, sentences) if tokens and len(sentences) else np.zeros(len(sentences))
        best = _best_per_passage(keyword, where, len(rows), 0.0)
        if self.index.sentence_vectors is None:
            return best, np.full(len(rows), -1.0)
        closeness = self.index.sentence_closeness(sentences, qvec)
        return best, _best_per_passage(closeness, where, len(rows), -1.0)

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


def _top_rows(rows: np.ndarray, scores: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """The `depth` best of `rows` by `scores` (one each), best first, ties by row."""
    best = _top(scores + 2.0, depth)  # cosines lie in [−1, 1]: all positive
    return [(int(rows[j]), score - 2.0) for j, score in best]


def _top_of(scores: np.ndarray, depth: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
    """`_top` among the `allowed` rows alone: a partial sort of one council's passages, not of millions."""
    if allowed is None:
        return _top(scores, depth)
    rows = np.flatnonzero(allowed)
    return [(int(rows[j]), score) for j, score in _top(scores[rows], depth)]


def _top(scores: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """The `depth` best (row, score) pairs with a positive score, best first."""
    if len(scores) > depth:  # partial sort: a full one of 125,000 sentence scores costs ~13 ms a query
        part = np.argpartition(-scores, depth - 1)[:depth]
        top = part[np.lexsort((part, -scores[part]))]  # best first, ties by row
    else:
        top = np.argsort(-scores, kind="stable")
    return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


def wanted_answer(words: str) -> str | None:
    """The kind of answer `words` (a question less its council and year) ask for.

    Its `answer_type`, or the report's whole "What needs to improve?" list for what was found wanting, asked in
    everyday words of no part of the council's work ("What were the weak spots?", "Anything lacking?", "What's
    still not right?"). Searched, such a question favours the report's summary, not its list (`_asks_overall`).
    """
    wanted = answer_type(words)
    if wanted is None and LAY_FAULT.search(words) and _asks_overall(words, None):
        return "improve"
    return wanted


def _asks_overall(words: str, wanted: str | None) -> bool:
    """Whether `words` (a question less its council and year) ask how a council did overall.

    They name no part of its work ("How did Reading's children's services do?", "Why's that?", "What were the weak
    spots?", "How did it get that bad?") and ask for no date, figure or name, nor for a list but in everyday words
    ("What's holding them back?"). "Care", "children" and "council" out of "children's services" and "social
    care" name a part ("children in care council"). `wanted` is the words' `answer_type`, worked out already.
    """
    if wanted not in (None, "grade") and not LAY_IMPROVE.search(words):  # "What's holding them back?"
        return False
    rest = _THE_SERVICE.sub(" ", words)
    return not _PART.search(rest) and all(set(tokens) <= _HOW_IT_WENT for _, _, _, tokens in key_words(rest))
