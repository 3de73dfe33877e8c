"""Shared fixtures: the bundled corpus, one real index built from it, and the real reports when present."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = Path(__import__("os").environ.get("RAG_SHARED", ROOT.parent / "shared"))
REPORTS = SHARED / "reports"
BAD_INPUTS = SHARED / "bad-inputs"
KNOWSLEY_PDF = REPORTS / "80479_knowsley" / "children's services inspection - 13 june 2017.pdf"


def requires(path: Path):
    """Skip a test, saying why, when a file or folder of ../shared is absent."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent (../shared is not beside the project)")


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """A real index of the bundled corpus, built once for the session."""
    from rag.store import build_index

    directory = tmp_path_factory.mktemp("seed-index")
    build_index(CORPUS, directory)
    return directory


@pytest.fixture(scope="session")
def retriever(seed_index):
    from rag.retrieval import Retriever
    from rag.store import Index

    return Retriever(Index.load(seed_index))


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
