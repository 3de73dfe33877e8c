"""``rag build --ray``: the index a Ray cluster builds is the one a local build makes, even when a worker dies."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from rag.build import build_index
from rag.retrieval import Retriever
from rag.store import Index

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install '.[ray]')")

REPORTS = 20


@pytest.fixture(scope="module")
def twenty(tmp_path_factory, corpus, reports, root) -> tuple[Path, list[str]]:
    """The bundled corpus and the 20 reports the national set's first questions come from, with those questions."""
    rows = [json.loads(line) for line in (root / "eval" / "national-questions.jsonl").read_text().splitlines()]
    sources = list(dict.fromkeys(r["source"] for r in rows if r["source"]))[:REPORTS]
    target = tmp_path_factory.mktemp("ray") / "corpus"
    shutil.copytree(corpus, target)
    for source in sources:
        (target / "reports" / Path(source).parent).mkdir(parents=True, exist_ok=True)
        (target / "reports" / source).symlink_to(reports / source)
    questions = [r["question"] for r in rows if r["source"] in sources and not r["unanswerable"]]
    return target, questions[:20]


def _embedding_workers() -> list[int]:
    """Processes of Ray actors embedding for a build (their titles name the class)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if b"MapBatches(Embed)" in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _kill_a_worker_once_embedding(done: threading.Event, killed: list[int]) -> None:
    while not done.is_set():
        working = [pid for pid in _embedding_workers() if b".submit" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        if working:
            time.sleep(1)  # mid-batch
            os.kill(working[0], signal.SIGKILL)
            killed.append(working[0])
            return
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.shared("reports")
def test_a_ray_build_is_the_local_build_even_when_a_worker_is_killed(twenty, tmp_path):
    from rag.distributed import RayEngine

    corpus, questions = twenty
    local = build_index(corpus, tmp_path / "local")
    engine = RayEngine()  # a local cluster on this machine's cores
    done, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_a_worker_once_embedding, args=(done, killed))
    killer.start()
    try:
        distributed = build_index(corpus, tmp_path / "ray", engine=engine)
    finally:
        done.set()
        killer.join()
        engine.close()
    assert killed, "no embedding worker was seen working"  # one was killed mid-build, and the build went on
    assert (distributed.documents, distributed.passages, distributed.embedded) == (
        local.documents,
        local.passages,
        local.embedded,
    )
    a, b = Index.load(tmp_path / "local"), Index.load(tmp_path / "ray")
    assert len(a.documents) == len(b.documents) == 5 + REPORTS
    assert [(p.citation, p.text, p.section, p.page) for p in a.passages] == [
        (p.citation, p.text, p.section, p.page) for p in b.passages
    ]
    assert {k: d.as_dict() for k, d in a.documents.items()} == {k: d.as_dict() for k, d in b.documents.items()}
    assert np.min(np.sum(a.vectors * b.vectors, axis=1)) > 0.9999  # the same model on other threads
    assert b.sentence_vectors is not None and len(b.sentence_vectors) == len(a.sentence_vectors)
    assert len(questions) == 20
    local_search, ray_search = Retriever(a), Retriever(b)
    for question in questions:
        assert [h.passage.citation for h in local_search.search(question, k=10)] == [
            h.passage.citation for h in ray_search.search(question, k=10)
        ], question
    # and it is incremental like a local build: nothing changed, nothing embedded, no new build
    engine = RayEngine()
    try:
        again = build_index(corpus, tmp_path / "ray", engine=engine)
    finally:
        engine.close()
    assert again.embedded == 0 and Index.load(tmp_path / "ray").build_id == b.build_id
