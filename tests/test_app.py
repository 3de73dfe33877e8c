"""The Streamlit app through streamlit.testing (AppTest), and the upload logic it calls."""

from __future__ import annotations

import shutil

import pytest
from conftest import BAD_INPUTS, CORPUS, ROOT, requires

from rag.library import feedback_as_questions, highlight, read_feedback, record_feedback, save_upload
from rag.store import Index, build_index

HEALTH = "What did Ofsted say about care leavers' health histories?"


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """A writable corpus and its index, as the app's RAG_CORPUS and RAG_INDEX."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    build_index(corpus, index)
    monkeypatch.setenv("RAG_CORPUS", str(corpus))
    monkeypatch.setenv("RAG_INDEX", str(index))
    monkeypatch.chdir(ROOT)
    return corpus, index


def _app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    return at


def _html(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_first_load_shows_examples_and_the_index(app_env):
    at = _app()
    assert any("health histories" in b.label for b in at.button)
    assert any("5 documents" in c.value and "all-MiniLM-L6-v2" in c.value for c in at.caption)


def test_asking_shows_the_answer_and_cited_cards(app_env):
    at = _app()
    at.chat_input[0].set_value(HEALTH).run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert any("health histories" in t and "[1]" in t for t in texts)
    cards = _html(at)
    assert "knowsley-2017 ¶43" in cards and "knowsley-2017 ¶8" in cards
    assert "Ofsted report" in cards and "<mark>" in cards  # kind badge and the quoted sentence highlighted
    # a second question keeps the first in the conversation
    at.chat_input[0].set_value("Do personal advisers work at weekends?").run()
    assert sum(1 for t in at.text if "health histories" in t.value) >= 1
    assert "knowsley-2017 ¶41" in _html(at)


def test_no_answer_says_so_and_offers_related_passages(app_env):
    at = _app()
    at.chat_input[0].set_value("What is the capital of France?").run()
    assert any("I could not find this in the reports" in w.value for w in at.warning)
    assert "Related passages" in _html(at)


def test_sidebar_filters_restrict_the_cited_documents(app_env):
    at = _app()
    at.sidebar.multiselect[0].set_value(["news"]).run()  # kind
    at.chat_input[0].set_value("What did inspectors say about care leavers?").run()
    cards = _html(at)
    assert "News" in cards and "Ofsted report</span>" not in cards


def test_index_rebuilt_elsewhere_is_picked_up_without_restart(app_env):
    corpus, index = app_env
    at = _app()
    (corpus / "testshire.txt").write_text(
        "Testshire Council news\n\nInspectors praised Testshire's fostering "
        "service for its swift matching of teenagers with carers.\n"
    )
    build_index(corpus, index)  # as `rag build` in a terminal would
    at.run()
    assert any("6 documents" in c.value for c in at.caption)
    at.chat_input[0].set_value("What did inspectors praise about fostering teenagers in Testshire?").run()
    assert "testshire" in _html(at)


def test_document_text_is_shown_inertly(app_env):
    corpus, index = app_env
    (corpus / "hostile.html").write_text(
        "<html><body><main><h1>Hostile page</h1><p>Inspectors said &lt;script&gt;alert('x')&lt;/script&gt; about the "
        "trampoline club ![tracker](http://example.invalid/t.png) and [click here](http://example.invalid) "
        "for $5 and $6 prizes.</p></main></body></html>",
        encoding="utf-8",
    )
    build_index(corpus, index)
    at = _app()
    at.chat_input[0].set_value("What did inspectors say about the trampoline club?").run()
    cards = _html(at)
    assert "trampoline club" in cards
    assert "<script>" not in cards and "&lt;script&gt;" in cards
    assert "![tracker]" in cards and "<img" not in cards.lower()  # markdown shown as typed, not rendered
    assert "&#36;5" in cards


def test_good_upload_is_saved_and_becomes_askable(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index = tmp_path / "index"
    build_index(corpus, index)
    data = b"Testshire Council statement\n\nThe council opened a new family hub in Testshire in 2026.\n"
    saved = save_upload("../../etc/passwd/Testshire statement.txt", data, corpus)
    assert saved.saved and saved.path == corpus / "uploads" / "testshire-statement.txt"
    again = save_upload("copy.txt", data, corpus)
    assert not again.saved and "already in the corpus" in again.message
    other = save_upload("Testshire statement.txt", data.replace(b"2026", b"2027"), corpus)
    assert other.saved and other.path.name == "testshire-statement-2.txt"
    report = build_index(corpus, index)
    assert len(report.added) == 2
    assert any("family hub" in p.text for p in Index.load(index).passages)


@requires(BAD_INPUTS)
@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("report.pdf", None, "HTML page"),
        ("junk.txt", bytes(range(256)) * 10, "binary data"),
        ("empty.md", b"", "empty file"),
        ("tool.exe", b"MZ\x90\x00", "unsupported file type"),
    ],
)
def test_bad_upload_is_refused_by_name_and_changes_nothing(tmp_path, name, data, reason):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    before = sorted(p.name for p in corpus.rglob("*"))
    data = data if data is not None else (BAD_INPUTS / "html-error-page-saved-as.pdf").read_bytes()
    result = save_upload(name, data, corpus)
    assert not result.saved and name in result.message and reason in result.message
    assert sorted(p.name for p in corpus.rglob("*")) == before


def test_feedback_is_kept_and_exported_as_questions(tmp_path):
    path = tmp_path / "index" / "feedback.jsonl"
    record_feedback(path, "Who led it?", {"answer": "x", "supported": True, "citations": []}, "up")
    record_feedback(path, "Where are PEPs?", {"answer": "y", "supported": True, "citations": []}, "wrong passage")
    assert [r["verdict"] for r in read_feedback(path)] == ["up", "wrong passage"]
    exported = feedback_as_questions(read_feedback(path))
    assert '"question": "Where are PEPs?"' in exported and exported.count("\n") == 1


def test_highlight_escapes_everything_and_marks_the_quote():
    marked = highlight("A <b>bold</b> claim. The quoted part here.", "The quoted part here.")
    assert marked == "A &lt;b&gt;bold&lt;/b&gt; claim. <mark>The quoted part here.</mark>"
