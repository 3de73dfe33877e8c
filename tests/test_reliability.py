"""The index under rebuilds: readers never find files gone, the user's own files are never touched."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from rag.build import build_index
from rag.retrieval import Retriever
from rag.store import Index

READER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from rag.retrieval import Retriever
    from rag.store import Index
    index, stop, done = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    loads = failures = 0
    seen = set()
    while not stop.exists():
        if loads >= 500 and len(seen) >= 5:
            done.touch()
        try:
            loaded = Index.load(index)
            retriever = Retriever(loaded)
            assert retriever.search("care leavers' health histories", k=3)  # reads vectors, FAISS and BM25
            seen.add(loaded.build_id)
            loads += 1
            if loads == 1:
                print("ready", flush=True)
        except Exception as exc:
            failures += 1
            print(f"FAILED {type(exc).__name__}: {exc}", file=sys.stderr)
    print(loads, failures, len(seen))
    """
)


@pytest.fixture
def index_dir(tmp_path, seed_index, corpus_copy) -> Path:
    """A writable copy of the seed index, recorded as built from `corpus_copy` (nothing embedded)."""
    directory = tmp_path / "index"
    shutil.copytree(seed_index, directory)
    build_index(corpus_copy, directory)
    return directory


def test_reads_during_rebuilds_never_fail(index_dir, corpus_copy, tmp_path):
    """A reader in another process loads and searches the index 500 times and more while it is rebuilt."""
    stop, done = tmp_path / "stop", tmp_path / "done"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(index_dir), str(stop), str(done)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout.readline().strip() == b"ready"  # it reads before the first swap, and on through them
    news = corpus_copy / "local-news-2015-child-protection-improving.txt"
    n = 0
    while n < 5 or not done.exists() and n < 60:  # each one a new build: a paragraph embedded, the manifest swapped
        before = Index.load(index_dir).manifest["files"]  # what a reader that just read the manifest opens
        news.write_text(news.read_text() + f"\n\nA closing paragraph, version {n}, was added by the editor.\n")
        assert build_index(corpus_copy, index_dir).changed == ["local-news-2015"]
        assert all((index_dir / name).exists() for name in before.values())  # still there after the swap
        n += 1
    deadline = time.monotonic() + 300  # on a busy machine the reader finishes its reads on the last build
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.touch()
    out, err = reader.communicate(timeout=600)
    loads, failures, builds = map(int, out.split())
    assert failures == 0, err.decode()[-2000:]
    assert loads >= 500 and builds >= 5  # it read across the swaps, not one build throughout


WORKER = textwrap.dedent(
    """
    import time
    from rag.build import _process_pool
    if __name__ == "__main__":
        pool = _process_pool()  # the keyword worker of a build
        pool.submit(time.sleep, 120)  # busy, as while it indexes 250,000 sentences
        time.sleep(1)
        print(*(process.pid for process in pool._processes.values()), flush=True)
        time.sleep(120)
    """
)


def test_the_keyword_worker_dies_with_a_killed_build(tmp_path):
    script = tmp_path / "build.py"
    script.write_text(WORKER)
    build = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    workers = [int(pid) for pid in build.stdout.readline().split()]
    assert workers and all(_alive(pid) for pid in workers)
    build.kill()  # kill -9: no cleanup runs in the build
    build.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie, dead and waiting for its new parent to reap it, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_rebuild_never_deletes_the_users_own_files(index_dir, corpus_copy):
    mine = {
        "vectors-backup.npy": b"my backup",
        "documents-notes.jsonl": b'{"note": "mine"}\n',
        "passages-2024.jsonl": b"{}\n",
        "notes.txt": b"keep me",
    }
    for name, data in mine.items():
        (index_dir / name).write_bytes(data)
    (index_dir / "bm25-old").mkdir()
    (index_dir / "bm25-old" / "params.index.json").write_text("{}")
    news = corpus_copy / "local-news-2015-child-protection-improving.txt"
    for n in range(3):
        news.write_text(news.read_text() + f"\n\nAnother paragraph {n} from the editor.\n")
        build_index(corpus_copy, index_dir)
    assert {name: (index_dir / name).read_bytes() for name in mine} == mine
    assert (index_dir / "bm25-old" / "params.index.json").read_text() == "{}"


def test_leftovers_of_a_killed_build_are_cleared_by_the_next_build_even_one_with_nothing_to_do(index_dir, corpus_copy):
    index = Index.load(index_dir)
    orphan = f"vectors-{index.build_id[:16]}ffffff.npy"  # what a build killed before its commit leaves
    np.save(index_dir / orphan, np.zeros((2, 2), dtype=np.float32))
    (index_dir / f"bm25-{index.build_id[:16]}ffffff").mkdir()
    assert not build_index(corpus_copy, index_dir).changed  # nothing to do, and yet
    assert not (index_dir / orphan).exists() and not (index_dir / f"bm25-{index.build_id[:16]}ffffff").exists()
    assert Index.load(index_dir).build_id == index.build_id


def test_broken_links_are_skipped_by_name_and_the_rest_indexed(tmp_path, corpus_copy):
    (corpus_copy / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (corpus_copy / "loop.txt").symlink_to(corpus_copy / "loop.txt")
    report = build_index(corpus_copy, tmp_path / "index")
    reasons = {s["path"]: s["reason"] for s in report.skipped}
    assert reasons["gone.txt"] == f"a link to a file that does not exist ({tmp_path / 'nowhere.txt'})"
    assert reasons["loop.txt"] == "a link that leads back to itself (a loop of links)"
    assert report.documents == 5  # the bundled documents, all indexed


def test_utf16_text_with_a_byte_order_mark_is_read(tmp_path, corpus_copy):
    text = "Testshire children's services\n\n1. Inspectors found that care leavers in Testshire have their health "
    text += "histories."
    (corpus_copy / "notepad.txt").write_bytes(text.encode("utf-16"))  # Notepad's "Unicode", with its BOM
    report = build_index(corpus_copy, tmp_path / "index")
    assert "notepad" in report.added and not report.skipped
    index = Index.load(tmp_path / "index")
    assert any("Testshire have their health histories" in p.text for p in index.passages if p.doc_id == "notepad")


def _damage(index_dir: Path, how: str) -> str:
    """Damage the index one way; return a word the one-line error must contain."""
    manifest_path = index_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    files = manifest["files"]
    if how == "faiss deleted":
        (index_dir / files["faiss"]).unlink()
        return files["faiss"] + " is missing"
    if how == "faiss truncated":
        path = index_dir / files["faiss"]
        path.write_bytes(path.read_bytes()[:100])
        return files["faiss"] + " has 100 bytes, not the"
    if how == "passages cut mid-line":
        path = index_dir / files["passages"]
        path.write_bytes(path.read_bytes()[:5000])
        return files["passages"] + " has 5,000 bytes, not the"
    if how == "manifest without files":
        del manifest["files"]
        manifest_path.write_text(json.dumps(manifest))
        return "its manifest lacks 'files'"
    if how == "manifest a list":
        manifest_path.write_text("[1, 2, 3]")
        return "is not an index manifest"
    if how == "manifest random bytes":
        manifest_path.write_bytes(bytes(range(256)) * 4)
        return "manifest.json is damaged"
    if how == "documents deleted":  # needed only when a page shows a document's text: found at load all the same
        (index_dir / files["documents"]).unlink()
        return files["documents"] + " is missing"
    if how == "manifest model renamed":  # the vectors no longer match the model it names
        manifest["model"]["name"] = "sentence-transformers/all-mpnet-base-v2"
        manifest_path.write_text(json.dumps(manifest))
        return "manifest.json was changed after its build"
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "faiss deleted",
        "faiss truncated",
        "passages cut mid-line",
        "manifest without files",
        "manifest a list",
        "manifest random bytes",
        "manifest model renamed",
        "documents deleted",
    ],
)
def test_damage_gives_one_line_naming_it_and_rag_build_repairs_it(index_dir, corpus_copy, how):
    passages = len(Index.load(index_dir).passages)
    words = _damage(index_dir, how)
    result = subprocess.run(
        [sys.executable, "-m", "rag", "ask", "What did Ofsted say about adoption?", "--index", str(index_dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr
    assert f"rag build --index {index_dir}" in result.stderr
    report = build_index(corpus_copy, index_dir)  # what the line says to run
    assert report.repaired
    # what verifies is reused: only a damaged FAISS file leaves the passages and their vectors to build on
    assert report.embedded == (0 if how.startswith(("faiss", "documents")) else passages)
    retriever = Retriever(Index.load(index_dir))
    assert "knowsley-2017 ¶43" in [h.passage.citation for h in retriever.search("care leavers health histories")]


def _rag(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag", *args], capture_output=True, text=True, timeout=300, **kwargs)


def test_info_check_finds_a_changed_byte_and_build_re_embeds_only_what_it_spoils(index_dir, corpus_copy):
    assert "sizes and checksums as built; it loads" in _rag("info", "--check", "--index", str(index_dir)).stdout
    index = Index.load(index_dir)
    vectors = index_dir / index.manifest["files"]["vectors"]
    data = bytearray(vectors.read_bytes())
    data[-7] ^= 0x40  # one bit of one vector, the size unchanged: only its checksum tells
    vectors.write_bytes(bytes(data))
    assert _rag("info", "--index", str(index_dir)).returncode == 0  # sizes alone cannot see it
    result = _rag("info", "--check", "--index", str(index_dir))
    assert result.returncode == 1
    assert f"damaged: {vectors.name} was changed after the build (its checksum differs)" in result.stderr
    assert f"Repair it: rag build --index {index_dir}" in result.stderr
    report = build_index(corpus_copy, index_dir)
    assert report.repaired and report.embedded == len(index.passages) and report.embedded_sentences == 0
    assert _rag("info", "--check", "--index", str(index_dir)).returncode == 0


def test_a_deleted_documents_file_is_reported_and_rebuilt_from_the_corpus_without_embedding(index_dir, corpus_copy):
    index = Index.load(index_dir)
    text = index.document_text("knowsley-2017").text
    (index_dir / index.manifest["files"]["documents"]).unlink()
    result = _rag("info", "--index", str(index_dir))
    assert result.returncode == 1 and f"damaged: {index.manifest['files']['documents']} is missing" in result.stderr
    report = build_index(corpus_copy, index_dir)
    assert report.repaired and report.embedded == report.embedded_sentences == 0  # re-read, re-chunked: same words
    repaired = Index.load(index_dir)
    assert [p.citation for p in repaired.passages] == [p.citation for p in index.passages]
    assert repaired.document_text("knowsley-2017").text == text


def test_rebuild_starts_over(index_dir, corpus_copy):
    report = build_index(corpus_copy, index_dir, rebuild=True)
    assert report.embedded == len(Index.load(index_dir).passages) and not report.unchanged


def test_a_model_that_is_not_here_is_one_line_not_a_model_hub_call(index_dir):
    result = subprocess.run(
        [
            sys.executable,
            *("-m", "rag", "build", "--index", str(index_dir)),
            *("--model", "sentence-transformers/all-mpnet-base-v2"),  # not in this machine's cache
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HF_HOME": str(index_dir.parent / "hf")},  # an empty cache
    )
    error = result.stderr.strip().splitlines()[-1]  # after the build's "embedding …" line, one line, no traceback
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert error.startswith("Error: ") and "'sentence-transformers/all-mpnet-base-v2': it is not a folder here" in error
    assert "not fetched from a model hub" in error


def test_the_same_file_under_two_names_is_indexed_once(tmp_path, corpus_copy):
    report = corpus_copy / "knowsley-2017-ofsted-reinspection.txt"
    (corpus_copy / "copy of the report.txt").write_bytes(report.read_bytes())
    built = build_index(corpus_copy, tmp_path / "index")
    reasons = {s["path"]: s["reason"] for s in built.skipped}
    assert reasons == {
        "copy of the report.txt": "the same file as knowsley-2017-ofsted-reinspection.txt, indexed once under that name"
    }
    hits = Retriever(Index.load(tmp_path / "index")).search("care leavers health histories", k=10)
    texts = [h.passage.text for h in hits]
    assert len(texts) == len(set(texts))  # no paragraph twice


def test_a_document_of_more_passages_than_any_report_is_refused_with_its_count(tmp_path, corpus_copy, monkeypatch):
    import rag.build

    monkeypatch.setattr(rag.build, "MAX_PASSAGES", 100)  # the cap, scaled down: a 2,000-paragraph file is slow
    paragraphs = "\n\n".join(f"{n}. Paragraph {n} says something about Testshire's services." for n in range(1, 161))
    (corpus_copy / "huge.txt").write_text("Testshire\n\n" + paragraphs, encoding="utf-8")
    built = build_index(corpus_copy, tmp_path / "index")
    reason = {s["path"]: s["reason"] for s in built.skipped}["huge.txt"]
    assert reason.startswith("160 passages, more than the 100 one document may have") and "split it" in reason
    assert built.documents == 5


@pytest.mark.shared("reports")
def test_a_pdf_cut_short_is_refused_with_how_much_of_it_was_read(tmp_path, corpus_copy, knowsley_pdf):
    data = knowsley_pdf.read_bytes()
    (corpus_copy / "cut.pdf").write_bytes(data[: len(data) // 2])  # a download that stopped half way
    built = build_index(corpus_copy, tmp_path / "index")
    reason = {s["path"]: s["reason"] for s in built.skipped}["cut.pdf"]
    assert re.fullmatch(
        r"the PDF ends early \(cut short\?\): \d+ of its 19 pages read, text may be missing; "
        r"download it again",
        reason,
    ), reason
    assert built.documents == 5  # nothing else lost


KILLED_AT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import rag.build, rag.engine, rag.store

    corpus, index, phase = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9: nothing of the build's own clean-up runs

    def then_die(function):
        def run(*args, **kwargs):
            function(*args, **kwargs)
            die()
        return run

    calls = []

    def second_call_dies(function):
        def run(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                die()
            return function(*args, **kwargs)
        return run

    if phase == "reading":  # the first changed file, while being read
        rag.engine.read_document = die
    elif phase == "keywords":  # the keyword indexes written, nothing else
        rag.build._write_keywords = then_die(rag.build._write_keywords)
    elif phase == "writing":  # every file written, none synced
        rag.build._write = then_die(rag.build._write)
    elif phase == "syncing":
        rag.build._sync = die
    elif phase == "swapping":  # the new manifest written and synced beside the old, not yet renamed over it
        rag.store.os.replace = die
    elif phase == "committed":  # swapped in; the builds before it not yet cleared
        rag.build._remove_old_builds = second_call_dies(rag.build._remove_old_builds)
    rag.build.build_index(corpus, index)
    """
)


@pytest.mark.parametrize("phase", ["reading", "keywords", "writing", "syncing", "swapping", "committed"])
def test_a_build_killed_in_any_phase_leaves_a_whole_index_and_the_next_build_tidies_up(
    index_dir, corpus_copy, tmp_path, phase
):
    before = Index.load(index_dir)
    (corpus_copy / "testshire.txt").write_text(
        "Testshire children's services\n\n1. Inspectors found that the Testshire fostering panel meets weekly.\n"
    )
    script = tmp_path / "build.py"
    script.write_text(KILLED_AT)
    killed = subprocess.run([sys.executable, str(script), str(corpus_copy), str(index_dir), phase], timeout=300)
    assert killed.returncode == -signal.SIGKILL
    after = Index.load(index_dir)  # whole: every file it names there, of its size, and it loads
    assert after.build_id != before.build_id if phase == "committed" else after.build_id == before.build_id
    assert ("testshire" in after.documents) == (phase == "committed")
    assert Retriever(after).search("care leavers health histories", k=3)
    build_index(corpus_copy, index_dir)
    index = Index.load(index_dir)
    assert "testshire" in index.documents
    builds = {index.build_id, index.manifest["previous_build_id"]}
    leftovers = [
        name
        for name in os.listdir(index_dir)
        if name not in ("manifest.json", ".build.lock") and not any(build in name for build in builds)
    ]
    assert not leftovers  # what the killed build left is gone; only this build and the one before remain
