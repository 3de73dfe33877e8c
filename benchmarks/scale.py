"""Millions of passages (#17): an index of generated passages, built and then searched as users search.

Run from the project folder, after ``rag eval --national`` has made national/index:

    python benchmarks/scale.py --passages 1000000 [--folder /tmp/scale] [--kind auto]

Passages are made of the national index's real sentences, 3 to 5 drawn at random from one real report (so
passages have topics, and BM25 meets the reports' words at their real frequencies). Each sentence's vector is its
real vector plus noise (cosine ≈ 0.98 to it), a passage's vector the normalised mean of its sentences'.
Documents of 80 passages carry a real council and a date from 2015 to 2026. The index is written in the format
``rag build`` writes, by the same functions (passages and their offsets, keyword indexes, FAISS index chosen by
size, manifest with checksums), but not by ``build_index`` itself: the vectors are generated rather than
embedded (embedding is costed from the national build's measured rate), and ``build_index`` holds every passage
and vector in memory, which 5 million do not fit.

A fresh process then loads the index and searches it (hybrid, k=10) with the national question set's questions,
as asked (most name a council: a filter) and with the council's name taken out (the whole index), and reports
load time, p50/p95, memory (peak resident, and how much of it is file pages the kernel can drop), and the
dense search's recall@10 against exact search over every vector. Results are merged into
benchmarks/scale.json under the passage count. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag.build import (  # noqa: E402  (the project's own writers; _Build and _manifest make the manifest)
    BUILD_FILES,
    BuildReport,
    _Build,
    _manifest,
    passage_sentences,
    write_passages,
)
from rag.chunking import ChunkerSettings, Passage, context_text  # noqa: E402
from rag.documents import Document, DocumentText  # noqa: E402
from rag.engine import BuiltDocument  # noqa: E402
from rag.keywords import tokenize, write_bm25  # noqa: E402
from rag.store import (  # noqa: E402
    LARGE_KINDS,
    Index,
    choose_faiss_kind,
    commit_manifest,
    faiss_description,
    file_checks,
    make_faiss_index,
    make_sentence_codes,
)

PER_DOCUMENT = 80
NOISE = 0.01  # per dimension: |noise| ≈ 0.2, so a generated sentence's vector has cosine ≈ 0.98 to its source
CHUNK = 100_000  # passages generated at a time
QUESTIONS = ROOT / "eval" / "national-questions.jsonl"


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def generate(source: Path, folder: Path, passages: int, kind: str) -> dict:
    """Write an index of `passages` generated passages into `folder`; return what each stage cost."""
    costs: dict[str, float] = {}
    started = time.perf_counter()
    real = Index.load(source)
    sentences, _ = passage_sentences([p.text for p in real.passages])
    real_vectors = np.asarray(real.sentence_vectors, dtype=np.float32)
    councils = sorted({c for doc in real.documents.values() for c in doc.authorities})
    embed_rate = _embed_rate(real)
    log(f"{len(sentences):,} real sentences, {len(councils)} councils")

    rng = np.random.default_rng(0)
    counts = rng.integers(3, 6, size=passages)  # sentences per passage
    starts = np.concatenate([[0], np.cumsum(counts)])
    # each passage's sentences come from one real report, so passages have topics as real ones do
    _, real_rows = passage_sentences([p.text for p in real.passages])
    of_report = real.doc_of_row[np.asarray(real_rows)]  # the report of each real sentence (in report order)
    first = np.searchsorted(of_report, np.arange(len(real.documents)))
    size = np.diff(np.append(first, len(of_report)))
    reports = np.flatnonzero(size >= 5)
    report = np.repeat(rng.choice(reports, size=passages), counts)
    picks = first[report] + (rng.random(len(report)) * size[report]).astype(np.int64)  # which real sentence
    documents = -(-passages // PER_DOCUMENT)
    doc_council = rng.integers(0, len(councils), size=documents)
    doc_year = rng.integers(2015, 2027, size=documents)

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    build_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-000000"
    files = {name: f"{name.replace('_', '-')}-{build_id}{suffix}" for name, suffix in BUILD_FILES.items()}

    docs: list[Document] = []
    for d in range(documents):
        council = councils[doc_council[d]]
        slug = re.sub(r"[^a-z0-9]+", "-", council.lower()).strip("-")
        n = min(PER_DOCUMENT, passages - d * PER_DOCUMENT)
        docs.append(
            Document(
                doc_id=f"{slug}-g{d}",
                path=f"generated/{slug}-g{d}.txt",
                title=f"{council}: generated inspection report {d}",
                kind="inspection report",
                date=f"{doc_year[d]}-06-01",
                content_hash=f"{d:064x}",
                publisher="Ofsted",
                authorities=(council,),
                label=f"{slug}-g{d}",
                passages=n,
            )
        )

    def text(row: int) -> str:
        return " ".join(sentences[i] for i in picks[starts[row] : starts[row + 1]])

    def passage_rows():
        offset, doc = 0, -1
        for row in range(passages):
            if row % PER_DOCUMENT == 0:
                offset, doc = 0, row // PER_DOCUMENT
            words = text(row)
            number = row % PER_DOCUMENT + 1
            yield Passage(
                docs[doc].doc_id,
                f"{docs[doc].label} ¶{number}",
                number,
                "Generated",
                number // 10 + 1,
                offset,
                offset + len(words),
                words,
            )
            offset += len(words) + 2

    t = time.perf_counter()
    write_passages(passage_rows(), folder / files["passages"], folder / files["offsets"])
    with open(folder / files["documents"], "w", encoding="utf-8") as handle:
        for d, doc in enumerate(docs):
            rows = range(d * PER_DOCUMENT, d * PER_DOCUMENT + doc.passages)
            body = "\n\n".join(text(row) for row in rows)
            handle.write(json.dumps({"doc_id": doc.doc_id, "text": body, "page_starts": [0]}) + "\n")
    costs["passages and documents written"] = time.perf_counter() - t
    log("passages written")

    t = time.perf_counter()
    dimension = real_vectors.shape[1]
    vectors = np.lib.format.open_memmap(folder / files["vectors"], "w+", np.float32, (passages, dimension))
    sentence_vectors = np.lib.format.open_memmap(
        folder / files["sentence_vectors"], "w+", np.float32, (len(picks), dimension)
    )
    for first in range(0, passages, CHUNK):
        last = min(first + CHUNK, passages)
        a, b = starts[first], starts[last]
        noisy = real_vectors[picks[a:b]] + rng.normal(0, NOISE, size=(b - a, dimension)).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        sentence_vectors[a:b] = noisy
        mean = np.add.reduceat(noisy, starts[first:last] - a, axis=0)
        vectors[first:last] = mean / np.linalg.norm(mean, axis=1, keepdims=True)
    vectors.flush()
    sentence_vectors.flush()
    np.save(folder / files["sentences"], np.repeat(np.arange(passages, dtype=np.int32), counts), allow_pickle=False)
    costs["vectors generated (in place of embedding)"] = time.perf_counter() - t
    log("vectors generated")

    t = time.perf_counter()
    titles = [doc.title for doc in docs]
    write_bm25(
        (tokenize(context_text(p, titles[i // PER_DOCUMENT])) for i, p in enumerate(passage_rows())),
        folder / files["bm25"],
    )
    costs["passage keyword index"] = time.perf_counter() - t
    log("passage keyword index written")
    t = time.perf_counter()
    write_bm25((tokenize(sentences[i]) for i in picks), folder / files["sentence_bm25"])
    costs["sentence keyword index"] = time.perf_counter() - t
    log("sentence keyword index written")

    t = time.perf_counter()
    chosen = choose_faiss_kind(kind, passages)
    vectors = np.load(folder / files["vectors"], mmap_mode="r")
    import faiss

    faiss.write_index(make_faiss_index(vectors, chosen), str(folder / files["faiss"]))
    costs[f"FAISS index ({chosen})"] = time.perf_counter() - t
    log(f"FAISS {chosen} written")
    if chosen in LARGE_KINDS:
        t = time.perf_counter()
        codes = make_sentence_codes(np.load(folder / files["sentence_vectors"], mmap_mode="r"))
        faiss.write_index(codes, str(folder / files["sentence_codes"]))
        costs["sentence codes"] = time.perf_counter() - t
        log("sentence codes written")
    else:
        del files["sentence_codes"]

    t = time.perf_counter()
    report = BuildReport(str(folder), documents=len(docs), passages=passages, added=[d.doc_id for d in docs])
    build = _Build(folder / "corpus", folder, ChunkerSettings(), log, report)
    build.documents = [BuiltDocument(doc, DocumentText("", (0,)), []) for doc in docs]
    model = {"name": real.manifest["model"]["name"], "path": None, "dimension": dimension, "backend": "generated"}
    manifest = _manifest(build, build_id, files, model, len(picks), faiss_description(chosen, kind, *vectors.shape))
    manifest["previous_build_id"] = None
    manifest["checks"] = file_checks(folder, files)
    commit_manifest(folder, manifest)
    costs["checksums and manifest"] = time.perf_counter() - t
    costs["total"] = time.perf_counter() - started
    sizes = {key: _size(folder / name) for key, name in files.items()}
    return {
        "passages": passages,
        "sentences": len(picks),
        "documents": len(docs),
        "faiss": manifest["faiss"],
        "build_seconds": {key: round(value, 1) for key, value in costs.items()},
        "embedding_seconds_estimated": round((passages + len(picks)) / embed_rate, 0),
        "embedding_rate_per_second": round(embed_rate, 1),
        "index_bytes": sizes,
        "index_gib": round(sum(sizes.values()) / 2**30, 2),
    }


def _embed_rate(real: Index) -> float:
    """Passages and sentences embedded a second by the national build on this machine (benchmarks/ray_build.json)."""
    measured = json.loads((ROOT / "benchmarks" / "ray_build.json").read_text())
    texts = real.manifest["counts"]["passages"] + real.manifest["counts"]["sentences"]
    return texts / measured["local"]["seconds"]  # the whole build's time: reading, chunking and writing included


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def serve(folder: Path, sample: int) -> dict:
    """In this (fresh) process: load the index, search it, and measure time, memory and recall."""
    from rag.councils import council_mentions
    from rag.retrieval import DEPTH, Retriever

    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    t = time.perf_counter()
    index = Index.load(folder)
    retriever = Retriever(index)
    retriever.search("warm up: care leavers", k=10)  # the model's session and the first page faults
    loaded = time.perf_counter() - t
    memory_loaded = _memory()

    def strip(question: str) -> str:
        for _, start, end in sorted(council_mentions(question), key=lambda m: -m[1]):
            question = question[:start] + question[end:]
        return " ".join(question.split())

    timings: dict[str, list[float]] = {"as asked": [], "no council": []}
    for question in questions:
        for name, asked in (("as asked", question), ("no council", strip(question))):
            t = time.perf_counter()
            retriever.search(asked, k=10)
            timings[name].append((time.perf_counter() - t) * 1000)
    memory_served = _memory()

    # recall@10 of dense search (the FAISS index, then exact rescoring) against exact search over every vector
    vectors = index.vectors
    queries = np.stack([retriever.query_vector(strip(q)) for q in questions[:sample]]).astype(np.float32)
    approx = [[i for i, _ in retriever._dense(q, DEPTH, None)[:10]] for q in queries]  # as searches take them
    best = np.full((len(queries), 10), -np.inf, dtype=np.float32)
    best_rows = np.zeros((len(queries), 10), dtype=np.int64)
    for first in range(0, len(vectors), 500_000):
        scores = np.asarray(vectors[first : first + 500_000]) @ queries.T  # (chunk, queries)
        top = np.argpartition(-scores, 9, axis=0)[:10].T  # (queries, 10)
        both = np.concatenate([best, np.take_along_axis(scores.T, top, axis=1)], axis=1)
        rows = np.concatenate([best_rows, top + first], axis=1)
        keep = np.argsort(-both, axis=1)[:, :10]
        best, best_rows = np.take_along_axis(both, keep, axis=1), np.take_along_axis(rows, keep, axis=1)
    recall = float(np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, best_rows.tolist(), strict=True)]))
    probes = index.manifest["faiss"]["ivfpq"]["probes"] if index.large else None
    if probes:  # the same with every list searched: what the codes alone lose
        index.manifest["faiss"]["ivfpq"]["probes"] = index.faiss_index.nlist
        every = [[i for i, _ in retriever._dense(q, DEPTH, None)[:10]] for q in queries]
        index.manifest["faiss"]["ivfpq"]["probes"] = probes
        all_lists = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(every, best_rows.tolist(), strict=True)])
    return {
        "load_seconds": round(loaded, 2),
        "memory_after_load": memory_loaded,
        "memory_after_searches": memory_served,
        "hybrid_ms": {
            name: {"p50": round(float(np.percentile(ms, 50)), 1), "p95": round(float(np.percentile(ms, 95)), 1)}
            for name, ms in timings.items()
        },
        "questions": len(questions),
        "recall_at_10_vs_exact": round(recall, 3),
        "recall_at_10_every_list_searched": round(float(all_lists), 3) if probes else None,
        "recall_sample": len(queries),
    }


def _memory() -> dict[str, float]:
    """Peak resident memory of this process, and the resident memory now: anonymous and file pages (GiB).

    File pages are the memory-mapped index's pages that searches touched: the kernel drops them under pressure.
    """
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)

    def gib(key: str) -> float:
        return round(int(status[key].split()[0]) / 2**20, 2)

    return {"peak_rss_gib": gib("VmHWM"), "anonymous_gib": gib("RssAnon"), "file_pages_gib": gib("RssFile")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--source", type=Path, default=ROOT / "national" / "index")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/scale"))
    parser.add_argument("--kind", default="auto", help="FAISS index kind: auto, flat, hnsw or ivfpq")
    parser.add_argument("--sample", type=int, default=200, help="queries for recall against exact search")
    parser.add_argument("--serve-only", action="store_true", help="search an index this script built before")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # the fresh process's part
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(args.serve, args.sample)))
        return
    out = ROOT / "benchmarks" / "scale.json"
    results = json.loads(out.read_text()) if out.exists() else {}
    key = f"{args.passages:,} passages ({args.kind})"
    entry = results.get(key, {}) if args.serve_only else {}
    if not args.serve_only:
        entry = generate(args.source, args.folder, args.passages, args.kind)
        log(f"built: {json.dumps(entry['build_seconds'])}")
    os.sync()
    done = subprocess.run(
        [sys.executable, __file__, "--serve", str(args.folder), "--sample", str(args.sample)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    entry |= {"serving": json.loads(done.stdout.strip().splitlines()[-1])}
    entry |= {"date": datetime.now(UTC).date().isoformat(), "cores": os.cpu_count()}
    results[key] = entry
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(entry, indent=2))


if __name__ == "__main__":
    main()
