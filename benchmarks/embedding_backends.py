"""Faster embedding? PyTorch against ONNX, ONNX int8 and two-process encoding, on this machine.

    python benchmarks/embedding_backends.py [--sample 2000]

The ONNX models are exported here from the bundled all-MiniLM-L6-v2 weights (no hub). Speed is measured on a
sample of real report paragraphs when ../shared/reports is present (else the seed passages); quality as dense
and hybrid Recall@5 / MRR@10 on eval/questions.jsonl with each backend's vectors. Writes
benchmarks/embedding_backends.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag.build import build_index  # noqa: E402
from rag.chunking import chunk_document  # noqa: E402
from rag.documents import read_document  # noqa: E402
from rag.embedding import resolve_model_path  # noqa: E402
from rag.evaluation import evaluate, load_questions  # noqa: E402
from rag.retrieval import Retriever  # noqa: E402
from rag.store import Index, make_faiss_index  # noqa: E402


def sample_texts(reports: Path, n: int) -> list[str]:
    texts: list[str] = []
    for pdf in sorted(reports.rglob("*.pdf"))[::20]:
        texts += [p.text for p in chunk_document(*read_document(pdf, pdf.parent, "x"))]
        if len(texts) >= n:
            break
    return texts[:n]


def main() -> None:
    """Time each backend on the sample and measure its retrieval quality on the seed corpus."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.backend import export_dynamic_quantized_onnx_model

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--reports", type=Path, default=ROOT.parent / "shared" / "reports")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="onnx-bench-"))
    seed_index = work / "index"
    build_index(ROOT / "corpus", seed_index)
    index = Index.load(seed_index)
    texts = sample_texts(args.reports, args.sample) if args.reports.is_dir() else [p.text for p in index.passages]
    path = resolve_model_path(None)

    onnx_dir = work / "onnx"
    onnx = SentenceTransformer(path, backend="onnx", device="cpu")
    onnx.save_pretrained(str(onnx_dir))
    export_dynamic_quantized_onnx_model(onnx, "avx2", str(onnx_dir))
    int8 = SentenceTransformer(
        str(onnx_dir), backend="onnx", device="cpu", model_kwargs={"file_name": "onnx/model_quint8_avx2.onnx"}
    )
    torch_model = SentenceTransformer(path, device="cpu")
    backends = {"pytorch": torch_model, "onnx": onnx, "onnx-int8": int8}

    questions = load_questions([ROOT / "eval" / "questions.jsonl"])
    results = {"sample_passages": len(texts)}
    for name, model in backends.items():
        model.encode(texts[:64], batch_size=64)
        started = time.perf_counter()
        model.encode(texts, batch_size=64, normalize_embeddings=True)
        seconds = time.perf_counter() - started
        vectors = model.encode([p.text for p in index.passages], batch_size=64, normalize_embeddings=True)
        index.vectors = np.ascontiguousarray(vectors, dtype="float32")
        index.faiss_index = make_faiss_index(index.vectors, "flat")
        retriever = Retriever(index)
        retriever.query_vector = lambda q, m=model: m.encode([q], normalize_embeddings=True)[0]
        report = evaluate(retriever, questions, modes=("dense", "hybrid"), with_answers=False)
        results[name] = {
            "seconds": round(seconds, 1),
            "passages_per_s": round(len(texts) / seconds, 1),
            **{
                f"{mode} {m}": round(report.modes[mode].metrics[m], 3)
                for mode in ("dense", "hybrid")
                for m in ("R@5", "RR@10")
            },
        }
        print(name, results[name], flush=True)
    pool = torch_model.start_multi_process_pool(["cpu", "cpu"])
    started = time.perf_counter()
    torch_model.encode(texts, pool=pool, batch_size=64, normalize_embeddings=True)
    seconds = time.perf_counter() - started
    torch_model.stop_multi_process_pool(pool)
    results["pytorch-2-processes"] = {"seconds": round(seconds, 1), "passages_per_s": round(len(texts) / seconds, 1)}
    print("pytorch-2-processes", results["pytorch-2-processes"], flush=True)
    (ROOT / "benchmarks" / "embedding_backends.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
