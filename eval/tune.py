"""Tune hybrid fusion on a dev half of the questions and report it on the other half.

    python eval/tune.py [--index index] [FILE ...]

Questions with an even number in their id are the dev half, odd ones the test half. Prints the grid on dev,
the chosen weights, and dev/test figures for BM25, dense and the tuned hybrid.
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
    """Grid over the weights of the hybrid signals on the dev half; figures for both halves."""
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
    steps = [round(x / 10, 1) for x in range(11)]
    for dense in steps:
        for bm25 in steps:
            sentence = round(1 - dense - bm25, 1)
            if sentence < 0:
                continue
            for answer_type in (0.0, 0.1, 0.2, 0.3):
                weights = {"dense": dense, "bm25": bm25, "sentence": sentence, "answer_type": answer_type}
                combined, metrics = score(Retriever(index, weights), dev)
                grid.append((combined, weights, metrics))
                print(f"dev  {_weights(weights)}  " + _fmt(metrics))
    _, weights, _ = max(grid, key=lambda row: row[0])
    print(f"\nchosen: {_weights(weights)}\n")
    tuned = Retriever(index, weights)
    for name, qs in (("dev", dev), ("test", test)):
        for label, retriever, mode in (("bm25", tuned, "bm25"), ("dense", tuned, "dense"), ("hybrid", tuned, "hybrid")):
            print(f"{name:<5}{label:<7}" + _fmt(score(retriever, qs, mode)[1]))


def _weights(weights: dict[str, float]) -> str:
    return "  ".join(f"{name} {value:.1f}" for name, value in weights.items())


def _fmt(metrics: dict) -> str:
    return "  ".join(f"{LABELS[m]} {v:.3f}" for m, v in metrics.items())


if __name__ == "__main__":
    main()
