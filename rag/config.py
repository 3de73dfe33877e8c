"""Configuration: every ``RAG_*`` environment variable is read here and nowhere else.

| variable | meaning | default |
|---|---|---|
| ``RAG_CORPUS`` | folder of documents | ``corpus`` |
| ``RAG_INDEX`` | index folder | ``index`` |
| ``RAG_MODEL`` | sentence-transformers model name or path | the bundled all-MiniLM-L6-v2 |
| ``RAG_BACKEND`` | ``onnx`` (ONNX Runtime, exported once) or ``torch`` | ``onnx`` |
| ``RAG_CACHE`` | where the ONNX export of a model is kept | ``~/.cache/ofsted-rag`` |
| ``RAG_FAISS`` | vector index kind for builds: ``auto``, ``flat``, ``hnsw`` or ``ivfpq`` | ``auto`` |
| ``RAG_FEEDBACK`` | the app's feedback file | ``feedback.jsonl`` in the index folder |
| ``RAG_CONVERSATIONS`` | the app's saved conversations (SQLite) | ``conversations.sqlite`` in the index folder |

Values are read when `settings` is called, so a test or a long-running app sees a change to the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rag.errors import ConfigError

BACKENDS = ("onnx", "torch")
FAISS_KINDS = ("auto", "flat", "hnsw", "ivfpq")
PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"  # the bundled evaluation set, wherever rag runs


@dataclass(frozen=True)
class Settings:
    """The settings in force: each field from its ``RAG_*`` variable, else its default."""

    corpus: Path = Path("corpus")
    index: Path = Path("index")
    model: str | None = None
    backend: str = "onnx"
    cache: Path = Path.home() / ".cache" / "ofsted-rag"
    faiss: str = "auto"
    feedback: Path | None = None
    conversations: Path | None = None

    def feedback_file(self, index_dir: Path | None = None) -> Path:
        """The feedback file: ``RAG_FEEDBACK``, else ``feedback.jsonl`` in `index_dir` (default: the index)."""
        return self.feedback or Path(index_dir or self.index) / "feedback.jsonl"

    def conversations_file(self, index_dir: Path | None = None) -> Path:
        """The saved conversations: ``RAG_CONVERSATIONS``, else ``conversations.sqlite`` in `index_dir`."""
        return self.conversations or Path(index_dir or self.index) / "conversations.sqlite"


def settings() -> Settings:
    """The settings from the environment now.

    Raises:
        ConfigError: ``RAG_BACKEND`` or ``RAG_FAISS`` holds a value that is not one of its choices.

    """
    env = os.environ
    backend = env.get("RAG_BACKEND") or "onnx"
    if backend not in BACKENDS:
        raise ConfigError(f"RAG_BACKEND={backend!r}: choose one of {', '.join(BACKENDS)}")
    faiss = env.get("RAG_FAISS") or "auto"
    if faiss not in FAISS_KINDS:
        raise ConfigError(f"RAG_FAISS={faiss!r}: choose one of {', '.join(FAISS_KINDS)}")
    defaults = Settings()
    return Settings(
        corpus=Path(env.get("RAG_CORPUS") or defaults.corpus),
        index=Path(env.get("RAG_INDEX") or defaults.index),
        model=env.get("RAG_MODEL") or None,
        backend=backend,
        cache=Path(env.get("RAG_CACHE") or defaults.cache),
        faiss=faiss,
        feedback=Path(env["RAG_FEEDBACK"]) if env.get("RAG_FEEDBACK") else None,
        conversations=Path(env["RAG_CONVERSATIONS"]) if env.get("RAG_CONVERSATIONS") else None,
    )
