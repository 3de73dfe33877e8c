"""The index on disk: passages, vectors, a FAISS index and two BM25 indexes, described by ``manifest.json``.

`Index.load` reads and checks an index; `rag.build` writes one. The manifest is the commit point: it names the
files of the build it describes, and a build writes all of them before swapping the manifest in with
``os.replace``. Documents come back as typed `Document` objects, passages as `Passage` objects.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from rag.chunking import Passage
from rag.config import FAISS_KINDS
from rag.documents import Document, DocumentText, covered_councils
from rag.embedding import Embedder, canonical_model_name, get_embedder
from rag.errors import StoreError

SCHEMA_VERSION = 3  # 2: a keyword index of sentences beside the one of passages; 3: and their vectors
REUSABLE_SCHEMAS = (2, 3)  # a build reuses the passages and vectors of an index made by these
MANIFEST = "manifest.json"
# Above this many passages "auto" picks HNSW: exact search stays under ~10 ms a query up to here on 2 cores
# (measured: benchmarks/results.md), and HNSW's recall@10 against exact search is ≥ 0.95 beyond it.
HNSW_THRESHOLD = 200_000
HNSW_M = 32
HNSW_EF_SEARCH = 128


@dataclass
class Index:
    """A loaded index: passages, their documents, vectors, the FAISS and BM25 indexes.

    Use `Index.load`; `passages[i]` is row `i` of `vectors` and id `i` in the FAISS and passage BM25 indexes.
    Sentence ``j`` of the sentence BM25 index, and row ``j`` of `sentence_vectors`, belong to passage
    ``sentence_rows[j]``.
    """

    directory: Path
    manifest: dict[str, Any] = field(repr=False)
    documents: dict[str, Document] = field(repr=False)
    passages: list[Passage] = field(repr=False)
    vectors: np.ndarray = field(repr=False)
    faiss_index: Any = field(repr=False)
    bm25: Any = field(repr=False)
    sentence_bm25: Any = field(default=None, repr=False)
    sentence_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32), repr=False)
    sentence_vectors: np.ndarray | None = field(default=None, repr=False)  # None in an index of schema 2
    _texts: dict[str, DocumentText] | None = field(default=None, init=False, repr=False)
    _rows: dict[str, list[int]] | None = field(default=None, init=False, repr=False)

    @property
    def build_id(self) -> str:
        """Id of the build this index came from; changes with every build."""
        return str(self.manifest["build_id"])

    @property
    def embedder(self) -> Embedder:
        """The model the index was built with, for encoding queries."""
        return get_embedder(self.manifest["model"]["name"])

    @property
    def councils(self) -> list[str]:
        """The councils the indexed documents are about, sorted."""
        return sorted(covered_councils(self.documents.values()))

    @classmethod
    def load(
        cls, directory: Path | str, model: str | None = None, schemas: tuple[int, ...] = (SCHEMA_VERSION,)
    ) -> Index:
        """Load the index in `directory`, checking its manifest.

        Args:
            directory: The index folder.
            model: The model the caller expects; ``None`` accepts the one the index was built with.
            schemas: The schema versions accepted (a build reuses older indexes' passages and vectors).

        Raises:
            StoreError: No index there, or one built by another schema or model, or damaged; the message says
                what to run.

        """
        import bm25s
        import faiss

        directory = Path(directory)
        manifest = read_manifest(directory)
        repair = f"Rebuild it: rag build --index {directory}"
        try:
            check_manifest(manifest, directory, model, schemas)
            files = dict(manifest["files"])
            documents = {doc_id: Document.from_dict(entry) for doc_id, entry in manifest["documents"].items()}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(f"The index in {directory} is damaged: its manifest lacks {exc}. {repair}") from exc

        def part(key: str, load: Callable[[Path], Any]) -> Any:
            """One file of the build, loaded; a missing or damaged one is named, with what repairs it."""
            if not isinstance(files.get(key), str):
                raise StoreError(f"The index in {directory} is damaged: its manifest names no {key} file. {repair}")
            path = directory / files[key]
            try:
                return load(path)
            except (OSError, ValueError, RuntimeError, EOFError) as exc:
                why = "is missing" if not path.exists() else f"cannot be read ({str(exc).splitlines()[0][:120]})"
                raise StoreError(f"The index in {directory} is damaged: {files[key]} {why}. {repair}") from exc

        passages = part("passages", _read_passages)
        vectors = part("vectors", lambda path: np.load(path, allow_pickle=False))
        faiss_index = part("faiss", lambda path: faiss.read_index(str(path)))
        bm25 = part("bm25", lambda path: bm25s.BM25.load(str(path), load_vocab=True)) if passages else None
        sentence_rows = part("sentences", lambda path: np.load(path, allow_pickle=False))
        sentence_bm25 = (
            part("sentence_bm25", lambda path: bm25s.BM25.load(str(path), load_vocab=True))
            if len(sentence_rows)
            else None
        )
        sentence_vectors = (
            part("sentence_vectors", lambda path: np.load(path, allow_pickle=False))
            if "sentence_vectors" in files
            else None
        )
        if (
            len(passages) != vectors.shape[0]
            or faiss_index.ntotal != len(passages)
            or (len(sentence_rows) and sentence_rows.max() >= len(passages))
            or (sentence_vectors is not None and sentence_vectors.shape[0] != len(sentence_rows))
        ):
            raise StoreError(
                f"The index in {directory} is damaged (passages and vectors differ). "
                f"Rebuild it: rag build --index {directory}"
            )
        return cls(
            directory,
            manifest,
            documents,
            passages,
            vectors,
            faiss_index,
            bm25,
            sentence_bm25,
            sentence_rows,
            sentence_vectors,
        )

    def document(self, doc_id: str) -> Document:
        """One document's metadata (title, kind, date, authorities, inspection, …)."""
        return self.documents[doc_id]

    def document_text(self, doc_id: str) -> DocumentText:
        """A document's stored text and page starts (the whole file of texts is read on first use)."""
        if self._texts is None:
            texts = {}
            with open(self.directory / self.manifest["files"]["documents"], encoding="utf-8") as handle:
                for line in handle:
                    row = json.loads(line)
                    texts[row["doc_id"]] = DocumentText(row["text"], tuple(row["page_starts"]))
            self._texts = texts
        return self._texts[doc_id]

    def passages_of(self, doc_id: str) -> list[Passage]:
        """A document's passages, in document order."""
        return [self.passages[row] for row in self.rows_of(doc_id)]

    def sentence_vectors_of(self, row: int) -> np.ndarray | None:
        """The vectors of a passage's sentences, in order (``None`` in an index without sentence vectors)."""
        if self.sentence_vectors is None or row < 0:
            return None
        start, end = np.searchsorted(self.sentence_rows, [row, row + 1])
        return self.sentence_vectors[start:end]

    def rows_of(self, doc_id: str) -> list[int]:
        """The rows of a document's passages, in document order (the map is made on first use)."""
        if self._rows is None:
            rows: dict[str, list[int]] = {}
            for row, passage in enumerate(self.passages):
                rows.setdefault(passage.doc_id, []).append(row)
            self._rows = rows
        return self._rows.get(doc_id, [])


def passage_from_dict(row: dict[str, Any]) -> Passage:
    """A `Passage` from its JSON line (lists back to tuples)."""
    return Passage(**row | {"councils": tuple(row.get("councils") or ())})


# ------------------------------------------------------------------------------------------ manifest


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of the index in `directory`.

    Raises:
        StoreError: There is no index there, or its manifest is not valid JSON.

    """
    path = directory / MANIFEST
    if not path.exists():
        raise StoreError(
            f"No index in {directory.resolve()}. Build it: rag build --index {directory} "
            "(or point to another with --index or RAG_INDEX)"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:  # not JSON, not text, not readable
        reason = str(exc).splitlines()[0][:120]
        raise StoreError(f"{path} is damaged ({reason}). Rebuild it: rag build --index {directory}") from exc
    if not isinstance(manifest, dict):
        raise StoreError(f"{path} is not an index manifest. Rebuild it: rag build --index {directory}")
    return manifest


def check_manifest(
    manifest: dict[str, Any], directory: Path, model: str | None = None, schemas: tuple[int, ...] = (SCHEMA_VERSION,)
) -> None:
    """Raise `StoreError` if the index's schema or model is not what this code and the caller expect."""
    schema = manifest.get("schema_version")
    if schema not in schemas:
        raise StoreError(
            f"The index in {directory} has schema version {schema}; this version of rag reads {SCHEMA_VERSION}. "
            f"Rebuild it: rag build --index {directory}"
        )
    built_with = manifest["model"]["name"]
    if model is not None and canonical_model_name(model) != built_with:
        raise StoreError(
            f"The index in {directory} was built with model '{built_with}', not '{canonical_model_name(model)}'. "
            f"Rebuild it with that model (rag build --index {directory} --model {model}) or drop --model/RAG_MODEL."
        )


def _read_passages(path: Path) -> list[Passage]:
    """The passages file, one JSON object a line; a line cut short names its number."""
    with open(path, encoding="utf-8") as handle:
        passages = []
        for number, line in enumerate(handle, 1):
            try:
                passages.append(passage_from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"line {number}: {exc}") from exc
        return passages


def commit_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    """Swap `manifest` in as the index's manifest: written and synced beside it, then renamed over it."""
    tmp = directory / f".{MANIFEST}.{manifest['build_id']}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, directory / MANIFEST)
    sync_folder(directory)  # the rename itself on disk: after a power cut, this build


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def package_versions() -> dict[str, str]:
    """Versions of the packages that shape the index."""
    versions = {"python": sys.version.split()[0]}
    for name in (
        "ofsted-rag",
        "sentence-transformers",
        "torch",
        "transformers",
        "faiss-cpu",
        "bm25s",
        "pymupdf",
        "langchain-text-splitters",
        "numpy",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return versions


# ------------------------------------------------------------------------------------------ vector index


def choose_faiss_kind(requested: str, passages: int) -> str:
    """``flat`` or ``hnsw``: what the user asked for, or by size for ``auto``."""
    if requested not in FAISS_KINDS:
        raise StoreError(f"unknown FAISS index kind '{requested}' (choose from {', '.join(FAISS_KINDS)})")
    if requested == "auto":
        return "hnsw" if passages > HNSW_THRESHOLD else "flat"
    return requested


def faiss_description(kind: str, requested: str) -> dict[str, Any]:
    """What the manifest records about the vector index."""
    return {
        "kind": kind,
        "type": "IndexHNSWFlat" if kind == "hnsw" else "IndexFlatIP",
        "hnsw": {"M": HNSW_M, "efSearch": HNSW_EF_SEARCH} if kind == "hnsw" else None,
        "chosen_by": "auto" if requested == "auto" else "user",
        "metric": "inner product on L2-normalised vectors (cosine)",
    }


def make_faiss_index(vectors: np.ndarray, kind: str) -> Any:
    """An inner-product FAISS index over `vectors`: exact (``flat``) or HNSW graph (``hnsw``)."""
    import faiss

    dimension = vectors.shape[1]
    index: Any
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dimension)
    index.add(vectors)
    return index
