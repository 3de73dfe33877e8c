"""Shared fixtures: the project's folders, one real index built from the bundled corpus, and the real reports.

Tests take paths from fixtures (`root`, `corpus`, `reports`, `bad_inputs`, `knowsley_pdf`), not from imports;
`made_up_index` builds a real index of a few made-up inspection reports. The
real reports live in ../shared (or where RAG_SHARED points); a test that needs a file or folder of it says which with
``@pytest.mark.shared("reports/reports.csv")`` and is skipped, saying why, when it is absent. ``-m "not shared"``
leaves those tests out.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[1]
_SHARED = Path(os.environ.get("RAG_SHARED", _ROOT.parent / "shared"))


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "shared(path): needs this file or folder of ../shared (or $RAG_SHARED); skipped, saying why, when absent",
    )


def pytest_collection_modifyitems(items):
    """Give a test marked ``shared(path)`` a skipif mark: true when that path is absent, and naming it.

    A skipif mark (as ``requires(path)`` was) rather than a skip in pytest_runtest_setup: pytest reports the skip at
    the test's own line, and skips before the test's fixtures are set up.
    """
    for item in items:
        for mark in item.iter_markers("shared"):
            if not mark.args:
                raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.shared needs the path it reads, under ../shared")
            for path in (_SHARED / relative for relative in mark.args):
                reason = f"{path} is absent (../shared is not beside the project)"
                item.add_marker(pytest.mark.skipif(not path.exists(), reason=reason))


@pytest.fixture(scope="session")
def root() -> Path:
    """The project's root folder."""
    return _ROOT


@pytest.fixture(scope="session")
def corpus(root) -> Path:
    """The bundled corpus (read it; write to `corpus_copy`)."""
    return root / "corpus"


@pytest.fixture(scope="session")
def reports() -> Path:
    """../shared/reports: the 401 real Ofsted reports. Tests using it are marked ``shared("reports/...")``."""
    return _SHARED / "reports"


@pytest.fixture(scope="session")
def bad_inputs() -> Path:
    """../shared/bad-inputs: files that must be refused. Tests using it are marked ``shared("bad-inputs")``."""
    return _SHARED / "bad-inputs"


@pytest.fixture(scope="session")
def knowsley_pdf(reports) -> Path:
    """The real PDF of the bundled Knowsley 2017 report (the corpus has its text)."""
    return reports / "80479_knowsley" / "children's services inspection - 13 june 2017.pdf"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, corpus) -> Path:
    """A real index of the bundled corpus, built once for the session."""
    from rag.build import build_index

    directory = tmp_path_factory.mktemp("seed-index")
    build_index(corpus, directory)
    return directory


@pytest.fixture(scope="session")
def retriever(seed_index):
    from rag.retrieval import Retriever
    from rag.store import Index

    return Retriever(Index.load(seed_index))


@pytest.fixture
def corpus_copy(tmp_path, corpus) -> Path:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(corpus, target)
    return target


@pytest.fixture
def app_env(tmp_path, monkeypatch, seed_index, corpus_copy, root):
    """A writable copy of the corpus and of its real index, as the app's RAG_CORPUS and RAG_INDEX."""
    from rag.build import build_index

    corpus, index = corpus_copy, tmp_path / "index"
    shutil.copytree(seed_index, index)
    build_index(corpus, index)  # nothing to embed: records the copied corpus as the index's corpus
    monkeypatch.setenv("RAG_CORPUS", str(corpus))
    monkeypatch.setenv("RAG_INDEX", str(index))
    monkeypatch.delenv("RAG_FEEDBACK", raising=False)
    monkeypatch.delenv("RAG_CONVERSATIONS", raising=False)
    monkeypatch.chdir(root)
    return corpus, index


@pytest.fixture
def made_up_index(tmp_path):
    """A builder of a real index of made-up inspection reports, returning a retriever over it.

    Called with ``(council, text, doc_id, date)`` tuples, one per report; a ``None`` id is taken from the file name
    (the council's, in lower case), a ``None`` date left out of the catalog.
    """

    def build(*reports: tuple[str, str, str | None, str | None]):
        from rag.build import build_index
        from rag.retrieval import Retriever
        from rag.store import Index

        corpus = tmp_path / "corpus"
        corpus.mkdir()
        catalog = []
        for council, text, doc_id, date in reports:
            name = f"{doc_id or council.lower()}.txt"
            (corpus / name).write_text(f"{council} inspection\n\n{text}\n", encoding="utf-8")
            fields = [f'file = "{name}"'] + [f'id = "{doc_id}"'] * bool(doc_id) + ['kind = "inspection report"']
            fields += [f'date = "{date}"'] * bool(date) + [f'authorities = ["{council}"]']
            catalog.append("[[document]]\n" + "\n".join(fields) + "\n")
        (corpus / "catalog.toml").write_text("\n".join(catalog), encoding="utf-8")
        build_index(corpus, tmp_path / "index")
        return Retriever(Index.load(tmp_path / "index"))

    return build
