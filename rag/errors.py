"""The errors the library raises: one base class, so a caller (the CLI, the app) can catch them all.

Each message is one line for the user: it names the file, folder or field at fault and, where there is one,
the command that puts it right.
"""

from __future__ import annotations

from pathlib import Path


class RagError(Exception):
    """Base class of every error this library raises on purpose."""


class ConfigError(RagError):
    """A setting (an ``RAG_*`` environment variable) with a value that cannot be used."""


class DocumentError(RagError):
    """A file of the corpus that cannot be read; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class ModelError(RagError):
    """An embedding model that cannot be loaded."""


class StoreError(RagError):
    """An index that is missing, incompatible or cannot be built; the message says what to run."""


class EvaluationError(RagError):
    """A question file that cannot be read; the message names the file and line."""
