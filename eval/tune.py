"""Tune hybrid fusion on a dev half of the questions and report it on the other half.

    python eval/tune.py [--index index] [FILE ...]

Questions with an even number in their id are the dev half, odd ones the test half. Prints the grid on dev,
the chosen setting, and dev/test figures for BM25, dense and the tuned hybrid.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rag.evaluation import LABELS, evaluate, load_questions  # noqa: E402
from rag.retrieval import Retriever  # noqa: E402
from rag.store import Index  # noqa: E402


def main() -> None:
    """Grid over BM25 weight and RRF k on the dev half; figures for both halves."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, default=[Path("eval/questions.jsonl")])
    parser.add_argument("--index", type=Path, default=Path("index"))
    args = parser.parse_args()
    questions = [q for q in load_questions(args.files) if not q.unanswerable]
    dev = [q for q in questions if int("".join(c for c in q.id if c.isdigit()) or 0) % 2 == 0]
    test = [q for q in questions if q not in dev]
    index = Index.load(args.index)

    def score(retriever, qs, mode="hybrid"):
        m = evaluate(retriever, qs, modes=(mode,), with_answers=False).modes[mode].metrics
        return m["RR@10"] + m["R@5"], m

    grid = []
    for bm25_weight in (1.0, 1.5, 2.0, 3.0):
        for rrf_k in (5, 20, 60):
            combined, metrics = score(Retriever(index, bm25_weight=bm25_weight, rrf_k=rrf_k), dev)
            grid.append((combined, bm25_weight, rrf_k, metrics))
            print(f"dev  bm25_weight={bm25_weight:<4} rrf_k={rrf_k:<3} " + _fmt(metrics))
    _, bm25_weight, rrf_k, _ = max(grid, key=lambda row: row[0])
    print(f"\nchosen: bm25_weight={bm25_weight}, dense_weight=1.0, rrf_k={rrf_k}\n")
    tuned = Retriever(index, bm25_weight=bm25_weight, rrf_k=rrf_k)
    for name, qs in (("dev", dev), ("test", test)):
        for label, retriever, mode in (("bm25", tuned, "bm25"), ("dense", tuned, "dense"), ("hybrid", tuned, "hybrid")):
            print(f"{name:<5}{label:<7}" + _fmt(score(retriever, qs, mode)[1]))


def _fmt(metrics: dict) -> str:
    return "  ".join(f"{LABELS[m]} {v:.3f}" for m, v in metrics.items())


if __name__ == "__main__":
    main()
