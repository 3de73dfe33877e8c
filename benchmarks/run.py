"""Benchmarks: build speed against bare encoding, incremental builds, query latency, memory, vector index choice.

Run from the project folder:  python benchmarks/run.py  (or  make bench). Writes benchmarks/results.json and
benchmarks/results.md. Needs ../shared/reports for the 406-document figures; without it only the seed corpus
is measured. Every figure comes from this run on this machine; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag.answers import answer_question  # noqa: E402
from rag.retrieval import MODES, Retriever  # noqa: E402
from rag.store import Index  # noqa: E402

TOPICS = [
    "care leavers' health histories",
    "private fostering arrangements",
    "return home interviews for missing children",
    "personal education plans",
    "the quality of child protection plans",
    "management oversight and supervision",
    "caseloads of social workers",
    "the front door and MASH",
    "pre-proceedings under the PLO",
    "special guardianship support",
    "unaccompanied asylum-seeking children",
    "criminal exploitation and county lines",
    "the virtual school",
    "independent reviewing officers' challenge",
    "staying put and staying close",
    "disabled children's assessments",
    "early help services",
    "domestic abuse responses",
    "adoption timeliness",
    "sufficiency of placements",
    "children living in unregistered homes",
    "pathway plans",
    "LADO arrangements",
    "homeless 16- and 17-year-olds",
    "the voice of the child",
    "audits and quality assurance",
    "corporate parenting",
    "workforce stability and agency staff",
    "EET for care leavers",
    "strategy meetings",
]
FORMS = [
    "What did Ofsted say about {t}?",
    "{t}",
    "How good is {t} in {c}?",
    "Were there concerns about {t}?",
    "What did inspectors find on {t} in {c} in {y}?",
]
COUNCILS = ["Knowsley", "Barnsley", "Bradford", "Kent", "Birmingham", "Leeds", "Norfolk", "Sefton", "Wigan", "York"]


def questions(n: int, seed: int = 7) -> list[str]:
    """`n` varied questions: topics × forms × councils × years."""
    rng = random.Random(seed)
    return [
        rng.choice(FORMS).format(t=rng.choice(TOPICS), c=rng.choice(COUNCILS), y=rng.randint(2016, 2025))
        for _ in range(n)
    ]


def run_rag(*args: str) -> tuple[float, int, str]:
    """Run `python -m rag ARGS` in a child process: (seconds, peak RSS in MiB of the child, stdout)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "rag", *args], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"rag {' '.join(args)} failed: {result.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far
    return seconds, peak, result.stdout


def app_cold_start(index: Path) -> float:
    """Seconds from a new process to the app's first answer (Streamlit's AppTest, model and index loaded cold)."""
    code = (
        "import time; t=time.perf_counter(); from streamlit.testing.v1 import AppTest; "
        "at=AppTest.from_file('app.py', default_timeout=300); at.run(); "
        'at.chat_input[0].set_value("What did Ofsted say about care leavers\' health histories?").run(); '
        "assert any('health histories' in m.value for m in at.markdown); print(time.perf_counter()-t)"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "RAG_INDEX": str(index)},
    )
    if result.returncode:
        raise SystemExit(f"app cold start failed: {result.stderr[-2000:]}")
    return round(time.perf_counter() - started, 1)


def embedding_seconds(build_output: str) -> float:
    """Seconds a build spent loading the model and embedding, from its summary ("embedded 83 passages (6.1 s)")."""
    return float(re.search(r"embedded \d+ passages \(([\d.]+) s\)", build_output).group(1))


def published(report: Path) -> datetime:
    """The publication date in a report's file name (``children's services inspection - 18 july 2025.pdf``)."""
    return datetime.strptime(report.stem.rsplit(" - ", 1)[1], "%d %B %Y")


def folder_mib(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def latency(retriever: Retriever, qs: list[str], mode: str) -> dict:
    retriever.search(qs[0], k=10, mode=mode)  # warm
    times = []
    for q in qs:
        started = time.perf_counter()
        retriever.search(q, k=10, mode=mode)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
        "queries": len(times),
    }


def answer_latency(retriever: Retriever, qs: list[str]) -> dict:
    """Milliseconds to answer a question, and what the answer adds to its retrieval (hybrid, k 5)."""
    answer_question(retriever, qs[0])  # warm
    total, extra = [], []
    for q in qs:
        started = time.perf_counter()
        retriever.search(q, k=5)
        searched = time.perf_counter()
        answer_question(retriever, q)
        done = time.perf_counter()
        total.append((done - searched) * 1000)
        extra.append((done - searched - (searched - started)) * 1000)
    total.sort()
    extra.sort()
    return {
        "answer_p50_ms": round(statistics.median(total), 1),
        "answer_p95_ms": round(total[int(0.95 * len(total)) - 1], 1),
        "beyond_retrieval_p50_ms": round(statistics.median(extra), 1),
        "beyond_retrieval_p95_ms": round(extra[int(0.95 * len(extra)) - 1], 1),
        "questions": len(total),
    }


def bare_encode_seconds(index: Index, batch_size: int) -> tuple[float, str]:
    """The same texts through the bare model: same model, backend and batch size, none of the build's work."""
    texts = [p.text for p in index.passages]  # what the build embeds
    embedder = index.embedder  # ONNX Runtime unless RAG_BACKEND=torch
    embedder.batch_size = batch_size
    embedder.encode(texts[:64])  # warm
    started = time.perf_counter()
    embedder.encode(texts)
    return time.perf_counter() - started, embedder.backend


def vector_index_choice(vectors: np.ndarray, rng: np.random.Generator) -> dict:
    """Exact search time by size, and HNSW's recall@10 against exact search on real embeddings."""
    import faiss

    from rag.store import HNSW_EF_SEARCH, make_faiss_index

    faiss.omp_set_num_threads(1)  # one query at a time, as the app serves them
    out: dict = {"flat_ms_by_size": {}}
    queries = vectors[rng.choice(len(vectors), 200, replace=False)] + rng.normal(0, 0.02, (200, vectors.shape[1]))
    queries = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype("float32")
    for size in (len(vectors), 100_000, 200_000, 400_000):
        data = _perturbed(vectors, size, rng)
        flat = make_faiss_index(data, "flat")
        started = time.perf_counter()
        for q in queries:
            flat.search(q.reshape(1, -1), 10)
        out["flat_ms_by_size"][size] = round((time.perf_counter() - started) / len(queries) * 1000, 2)
        if size in (len(vectors), 200_000):
            started = time.perf_counter()
            hnsw = make_faiss_index(data, "hnsw")
            build = time.perf_counter() - started
            hnsw.hnsw.efSearch = HNSW_EF_SEARCH
            _, exact = flat.search(queries, 10)
            started = time.perf_counter()
            approx = np.vstack([hnsw.search(q.reshape(1, -1), 10)[1] for q in queries])
            per_query = (time.perf_counter() - started) / len(queries) * 1000
            recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact, strict=True)])
            out[f"hnsw_{size}"] = {
                "recall_at_10_vs_exact": round(float(recall), 4),
                "ms": round(per_query, 2),
                "build_s": round(build, 1),
            }
        del data, flat
    return out


def _perturbed(vectors: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """`size` unit vectors: the real ones, then real ones plus noise (synthetic, for scale)."""
    if size <= len(vectors):
        return np.ascontiguousarray(vectors[:size])
    base = vectors[rng.integers(0, len(vectors), size - len(vectors))]
    noisy = base + rng.normal(0, 0.05, base.shape).astype("float32")
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    return np.ascontiguousarray(np.vstack([vectors, noisy]), dtype="float32")


def million(vectors: np.ndarray, rng: np.random.Generator) -> dict:
    """1M synthetic passages (perturbed real vectors) in an IVF index: build time, query p50, memory, recall."""
    import faiss

    faiss.omp_set_num_threads(2)
    data = _perturbed(vectors, 1_000_000, rng)
    started = time.perf_counter()
    quantizer = faiss.IndexFlatIP(data.shape[1])
    ivf = faiss.IndexIVFFlat(quantizer, data.shape[1], 4096, faiss.METRIC_INNER_PRODUCT)
    ivf.train(data[rng.choice(len(data), 200_000, replace=False)])
    ivf.add(data)
    build = time.perf_counter() - started
    ivf.nprobe = 32
    faiss.omp_set_num_threads(1)
    queries = data[rng.choice(len(data), 200, replace=False)]
    times = []
    for q in queries:
        t = time.perf_counter()
        ivf.search(q.reshape(1, -1), 10)
        times.append((time.perf_counter() - t) * 1000)
    flat = faiss.IndexFlatIP(data.shape[1])
    flat.add(data)
    _, exact = flat.search(queries[:50], 10)
    _, approx = ivf.search(queries[:50], 10)
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact, strict=True)])
    return {
        "passages": len(data),
        "index": "IVF4096,Flat nprobe=32",
        "build_s": round(build, 1),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(sorted(times)[189], 2),
        "recall_at_10_vs_exact": round(float(recall), 4),
        "vectors_mib": round(data.nbytes / 2**20),
        "bm25": "left out: no text for synthetic passages",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=Path, default=ROOT.parent / "shared" / "reports")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--skip-million", action="store_true")
    parser.add_argument("--keep", type=Path, help="Keep the 406-document index here (for experiments).")
    parser.add_argument("--answers", type=Path, help="Only time queries and answers on this built index.")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    qs = questions(args.queries)
    if args.answers:  # a quick check on an index already built (the national one: rag eval --national)
        retriever = Retriever(Index.load(args.answers))
        timed = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "index": str(args.answers)}
        timed |= {"hybrid": latency(retriever, qs, "hybrid"), "answers": answer_latency(retriever, qs)}
        (args.out / "answers.json").write_text(json.dumps(timed, indent=2), encoding="utf-8")
        print(json.dumps(timed))
        return
    work = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    results: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
    }

    seed_index = work / "seed-index"
    seconds, _, _ = run_rag("build", "--corpus", str(ROOT / "corpus"), "--index", str(seed_index))
    retriever = Retriever(Index.load(seed_index))
    results["seeds"] = {
        "build_s": round(seconds, 1),
        "passages": len(retriever.index.passages),
        "latency": {mode: latency(retriever, qs, mode) for mode in MODES},
        "index_mib": round(folder_mib(seed_index), 2),
        "app_cold_start_to_first_answer_s": app_cold_start(seed_index),
    }
    print(json.dumps(results["seeds"]), flush=True)

    if args.reports.is_dir():
        corpus = work / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        # Every report but one (Wakefield's newest, never a duplicate of a seed) goes into the full build;
        # adding that one afterwards is the incremental build: a new document, embedded for real.
        held_out = max(args.reports.glob("*_wakefield/*.pdf"), key=published)
        for source in args.reports.rglob("*"):
            if source.is_file() and source != held_out:
                link = corpus / "reports" / source.relative_to(args.reports)
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(source.resolve())
        big = work / "index"
        seconds, build_rss, output = run_rag("build", "--corpus", str(corpus), "--index", str(big))
        index = Index.load(big)
        passages = len(index.passages)
        encode, backend = bare_encode_seconds(index, batch_size=64)
        embedding = embedding_seconds(output)  # loading the model and encoding, inside the build
        full = {
            "documents": len(index.documents),
            "passages": passages,
            "build_s": round(seconds, 1),
            "passages_per_s": round(passages / seconds, 1),
            "bare_encode_s": round(encode, 1),
            "backend": backend,
            "overhead_vs_bare_encode": round(seconds / encode - 1, 4),
            "build_embedding_s": embedding,
            "build_other_s": round(seconds - embedding, 1),  # everything else, start to finish
            "build_peak_rss_mib": round(build_rss),
            "index_mib": round(folder_mib(big), 1),
        }
        print(json.dumps(full), flush=True)
        shutil.copy(held_out, corpus / "reports" / held_out.relative_to(args.reports))
        seconds, _, output = run_rag("build", "--corpus", str(corpus), "--index", str(big))
        full["incremental_embedding_s"] = embedding_seconds(output)
        full["incremental_one_report"] = held_out.relative_to(args.reports).as_posix()
        full["incremental_passages"] = len(Index.load(big).passages) - passages
        full["incremental_one_report_s"] = round(seconds, 1)
        full["incremental_share_of_full"] = round(seconds / full["build_s"], 4)
        results["full"] = full
        retriever = Retriever(Index.load(big))
        results["full"]["latency"] = {mode: latency(retriever, qs, mode) for mode in MODES}
        results["full"]["answers"] = answer_latency(retriever, qs)
        serve = subprocess.run(
            [
                sys.executable,
                "-c",
                (
                    "import resource,sys; sys.path.insert(0,'.'); from rag.store import Index; "
                    "from rag.retrieval import Retriever; from rag.answers import answer_question; "
                    f"r=Retriever(Index.load({str(big)!r})); [answer_question(r, q) for q in {qs[:20]!r}]; "
                    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
                ),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        results["full"]["serving_peak_rss_mib"] = round(int(serve.stdout.strip() or 0) / 1024)
        print(json.dumps(results["full"]), flush=True)
        results["vector_index"] = vector_index_choice(retriever.index.vectors, rng)
        print(json.dumps(results["vector_index"]), flush=True)
        if not args.skip_million:
            results["million"] = million(retriever.index.vectors, rng)
            print(json.dumps(results["million"]), flush=True)
    else:
        results["full"] = f"skipped: {args.reports} not found"

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (args.out / "results.md").write_text(markdown(results), encoding="utf-8")
    if args.keep and (work / "index").exists():
        shutil.rmtree(args.keep, ignore_errors=True)
        shutil.move(str(work / "index"), args.keep)
    shutil.rmtree(work, ignore_errors=True)
    print(markdown(results))


def markdown(r: dict) -> str:
    lines = [
        f"# Benchmarks\n\n{r['date']}, {r['machine']['cpus']} CPUs, Python {r['machine']['python']}, "
        f"{r['machine']['platform']}\n"
    ]
    lines += ["| corpus | passages | mode | p50 ms | p95 ms |", "|---|---:|---|---:|---:|"]
    for name in ("seeds", "full"):
        if isinstance(r.get(name), dict) and "latency" in r[name]:
            for mode, lat in r[name]["latency"].items():
                lines.append(f"| {name} | {r[name]['passages']} | {mode} | {lat['p50_ms']} | {lat['p95_ms']} |")
    if "app_cold_start_to_first_answer_s" in r.get("seeds", {}):
        lines.append(f"\nApp cold start to first answer (seeds): {r['seeds']['app_cold_start_to_first_answer_s']} s")
    if isinstance(r.get("full"), dict):
        f = r["full"]
        lines += [
            "",
            "| build (seeds + reports) | value |",
            "|---|---:|",
            f"| documents / passages | {f['documents']} / {f['passages']} |",
            f"| full build | {f['build_s']} s ({f['passages_per_s']} passages/s) |",
            f"| bare `SentenceTransformer.encode`, same texts and backend ({f.get('backend', 'torch')}) "
            f"| {f['bare_encode_s']} s |",
            f"| pipeline overhead over bare encoding | {100 * f['overhead_vs_bare_encode']:.1f}% |",
            f"| the build's own time: loading the model and embedding / everything else | {f['build_embedding_s']} s"
            f" / {f['build_other_s']} s |",
            f"| incremental build, one report added ({f['incremental_passages']} passages) | "
            f"{f['incremental_one_report_s']} s ({100 * f['incremental_share_of_full']:.1f}% of full; model and "
            f"embedding {f['incremental_embedding_s']} s) |",
            f"| index on disk | {f['index_mib']} MiB |",
            f"| peak RSS: build / serving | {f['build_peak_rss_mib']} / {f['serving_peak_rss_mib']} MiB |",
        ]
    if "vector_index" in r:
        v = r["vector_index"]
        lines += ["", "| exact search, passages | ms per query |", "|---:|---:|"]
        lines += [f"| {size} | {ms} |" for size, ms in v["flat_ms_by_size"].items()]
        for key, value in v.items():
            if key.startswith("hnsw_"):
                lines.append(
                    f"\nHNSW at {key[5:]} passages: recall@10 against exact {value['recall_at_10_vs_exact']},"
                    f" {value['ms']} ms a query, built in {value['build_s']} s."
                )
    if "million" in r:
        m = r["million"]
        lines.append(
            f"\n1M synthetic passages ({m['index']}): p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms, "
            f"recall@10 {m['recall_at_10_vs_exact']}, built in {m['build_s']} s, vectors {m['vectors_mib']}"
            f" MiB; BM25 {m['bm25']}."
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
