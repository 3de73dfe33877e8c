"""The index under rebuilds: readers never find files gone, the user's own files are never touched."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
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
    index, stop = Path(sys.argv[1]), Path(sys.argv[2])
    loads = failures = 0
    seen = set()
    while not stop.exists() or loads < 50:
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
    """A reader in another process loads and searches the index over and over while it is rebuilt 5 times."""
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(index_dir), str(stop)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert reader.stdout.readline().strip() == b"ready"  # it reads before the first swap, and on through them
    news = corpus_copy / "local-news-2015-child-protection-improving.txt"
    for n in range(5):  # each one a new build: a changed paragraph is embedded and the manifest swapped
        before = Index.load(index_dir).manifest["files"]  # what a reader that just read the manifest opens
        news.write_text(news.read_text() + f"\n\nA closing paragraph, version {n}, was added by the editor.\n")
        assert build_index(corpus_copy, index_dir).changed == ["local-news-2015"]
        assert all((index_dir / name).exists() for name in before.values())  # still there after the swap
    stop.touch()
    out, err = reader.communicate(timeout=600)
    loads, failures, builds = map(int, out.split())
    assert failures == 0, err.decode()[-2000:]
    assert loads >= 50 and builds >= 2  # it read across the swaps, not one build throughout


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
        return files["faiss"] + " cannot be read"
    if how == "passages cut mid-line":
        path = index_dir / files["passages"]
        path.write_bytes(path.read_bytes()[:5000])
        return files["passages"] + " cannot be read (line"
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
    ],
)
def test_damage_gives_one_line_naming_it_and_rag_build_repairs_it(index_dir, corpus_copy, how):
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
    build_index(corpus_copy, index_dir)  # what the line says to run
    retriever = Retriever(Index.load(index_dir))
    assert "knowsley-2017 ¶43" in [h.passage.citation for h in retriever.search("care leavers health histories")]


def test_a_model_that_is_not_here_is_one_line_not_a_model_hub_call(index_dir):
    manifest_path = index_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["model"]["name"] = "sentence-transformers/all-mpnet-base-v2"  # not in this machine's cache
    manifest_path.write_text(json.dumps(manifest))
    result = subprocess.run(
        [sys.executable, "-m", "rag", "ask", "What did Ofsted say about adoption?", "--index", str(index_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HF_HOME": str(index_dir.parent / "hf")},  # an empty cache
    )
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "'sentence-transformers/all-mpnet-base-v2': it is not a folder here" in result.stderr
    assert "not fetched from a model hub" in result.stderr


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
