"""Where a build's heavy stages run: reading and chunking changed documents, and embedding new texts.

`rag.build` plans the work and writes the index; an engine does the work between. `LocalEngine` runs it in this
process; `rag.distributed.RayEngine` runs it on a Ray cluster. Both return the same results in the same order, so
the index a build writes does not depend on where it ran.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.chunking import ChunkerSettings, Passage, chunk_document
from rag.documents import Document, DocumentText, read_document
from rag.embedding import Embedder
from rag.errors import DocumentError


@dataclass(frozen=True)
class BuiltDocument:
    """One document as a build indexes it: its metadata, its text and its passages."""

    document: Document
    text: DocumentText
    passages: list[Passage]


@dataclass(frozen=True)
class ReadJob:
    """One file to read and chunk: where it is, its id and catalog entry, its bytes, the chunker's settings."""

    corpus: str
    rel: str
    doc_id: str
    entry: dict[str, Any] | None
    data: bytes
    settings: dict[str, Any]


@dataclass(frozen=True)
class ReadResult:
    """A document read and chunked, or why it could not be read."""

    built: BuiltDocument | None = None
    reason: str | None = None


class Engine(Protocol):
    """What runs a build's heavy stages."""

    def read(self, jobs: list[ReadJob]) -> list[ReadResult]:
        """Read and chunk each file: one result per job, in order."""
        ...

    def encode(self, embedder: Embedder, texts: list[str], progress: bool = False) -> np.ndarray:
        """`embedder`'s vectors of `texts`, one row each, in order."""
        ...


def chunked(document: Document, text: DocumentText, settings: ChunkerSettings) -> BuiltDocument:
    """A document's passages, and the document with their count."""
    passages = chunk_document(document, text, settings)
    return BuiltDocument(replace(document, passages=len(passages)), text, passages)


def read_and_chunk(job: ReadJob) -> ReadResult:
    """Read one file and chunk it; a file that cannot be read gives its reason instead."""
    corpus = Path(job.corpus)
    try:
        document, text = read_document(corpus / job.rel, corpus, job.doc_id, job.entry, data=job.data)
    except DocumentError as exc:
        return ReadResult(reason=exc.reason)
    return ReadResult(built=chunked(document, text, ChunkerSettings(**job.settings)))


class LocalEngine:
    """The build's own process: documents read one after another, texts embedded by ONNX Runtime on every core."""

    def read(self, jobs: list[ReadJob]) -> list[ReadResult]:
        """Read and chunk each file, in order."""
        return [read_and_chunk(job) for job in jobs]

    def encode(self, embedder: Embedder, texts: list[str], progress: bool = False) -> np.ndarray:
        """`embedder`'s vectors of `texts`."""
        return embedder.encode(texts, progress=progress)
