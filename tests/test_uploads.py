"""Uploads, from rag.uploads: safe names, never overwriting, clear refusals, and indexing that adds or rolls back."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from rag.store import Index, read_manifest
from rag.uploads import MAX_UPLOAD_BYTES, add_uploads, safe_name, save_upload

HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
JUNK = bytes(range(256)) * 10


def _corpus_state(corpus: Path) -> list[tuple[str, bytes]]:
    return sorted((p.relative_to(corpus).as_posix(), p.read_bytes()) for p in corpus.rglob("*") if p.is_file())


def test_save_upload_names_files_safely_and_never_overwrites(corpus_copy, corpus):
    data = b"Testshire Council statement\n\nThe council opened a new family hub in Testshire in 2026.\n"
    saved = save_upload("../../etc/passwd/Testshire statement.txt", data, corpus_copy)
    assert saved.saved and saved.path == corpus_copy / "uploads" / "testshire-statement.txt"
    assert saved.title == "Testshire Council statement" and saved.kind == "other"
    again = save_upload("copy.txt", data, corpus_copy)
    assert (
        not again.saved
        and again.path == saved.path
        and "already in the corpus (as uploads/testshire-statement.txt)" in again.message
    )
    other = save_upload("Testshire statement.txt", data.replace(b"2026", b"2027"), corpus_copy)
    assert other.saved and other.path.name == "testshire-statement-2.txt" and "is another file" in other.message
    assert saved.path.read_bytes() == data  # the first is untouched
    same_as_seed = save_upload("k.txt", (corpus / "knowsley-2017-ofsted-reinspection.txt").read_bytes(), corpus_copy)
    assert not same_as_seed.saved and "knowsley-2017-ofsted-reinspection.txt" in same_as_seed.message
    assert not list((corpus_copy / "uploads").glob(".*"))  # no temporary files left behind
    assert [safe_name(n) for n in (".hidden.TXT", "..pdf", "C:\\x\\Report (2017).PDF", "README.md", "é.md")] == [
        "hidden.txt",
        "document.pdf",
        "report-2017.pdf",
        "readme-upload.md",
        "e.md",
    ]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("report.pdf", HTML_PAGE, "an HTML page saved under a .pdf name"),
        ("junk.txt", JUNK, "binary data"),
        ("empty.md", b"  \n", "empty file"),
        ("tool.exe", b"MZ\x90\x00", "unsupported file type"),
        ("big.txt", b"word " * (MAX_UPLOAD_BYTES // 5 + 1), "larger than the 25 MiB limit"),
        ("page.html", b"<html><body><script>x()</script></body></html>", "no readable text"),
    ],
)
def test_bad_upload_is_refused_by_name_and_changes_nothing(corpus_copy, name, data, reason):
    corpus = corpus_copy
    before = _corpus_state(corpus)
    result = save_upload(name, data, corpus)
    assert not result.saved and result.path is None
    assert result.message.startswith(f"{name}: ") and reason in result.message
    assert _corpus_state(corpus) == before


def test_uploads_are_indexed_incrementally_or_rolled_back(app_env):
    corpus, index = app_env
    files = [("a.txt", b"Testshire news\n\nTestshire opened a family hub.\n"), ("bad.pdf", HTML_PAGE)]
    lines: list[str] = []
    batch = add_uploads(files, corpus, index, log=lines.append)
    assert [r.saved for r in batch.results] == [True, False] and batch.error is None
    assert (
        batch.report.added == ["uploads-a"]
        and batch.report.embedded == 1
        and lines == ["embedding 1 passages and 1 sentences with all-MiniLM-L6-v2"]
    )
    assert any(p.doc_id == "uploads-a" for p in Index.load(index).passages)
    # another build holds the index: nothing is added, corpus and index still agree
    before, build = _corpus_state(corpus), read_manifest(index)["build_id"]
    with open(index / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        batch = add_uploads([("b.txt", b"Testshire news\n\nTestshire closed a family hub.\n")], corpus, index)
    assert batch.report is None and "Another build is running" in batch.error and "nothing was added" in batch.error
    assert _corpus_state(corpus) == before and read_manifest(index)["build_id"] == build
