"""The index on disk: passages, vectors, a FAISS index and two BM25 indexes, described by ``manifest.json``.

`Index.load` reads and checks an index; `rag.build` writes one. The manifest is the commit point: it names the
files of the build it describes, and a build writes all of them before swapping the manifest in with
``os.replace``. Documents come back as typed `Document` objects, passages as `Passage` objects.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, overload

import numpy as np

from rag.chunking import Passage
from rag.config import FAISS_KINDS
from rag.documents import Document, DocumentText, covered_councils
from rag.embedding import Embedder, canonical_model_name, get_embedder
from rag.errors import StoreError

# 2: a keyword index of sentences beside the one of passages; 3: and their vectors; 4: where each passage's line
# starts in the passages file, so that passages are read when used and vectors and keyword indexes memory-mapped
SCHEMA_VERSION = 4
REUSABLE_SCHEMAS = (2, 3, 4)  # a build reuses the passages and vectors of an index made by these
MANIFEST = "manifest.json"
# Above this many passages "auto" picks IVF-PQ over exact search: exact search stays under ~10 ms a query up to
# here on 2 cores (benchmarks/results.md). Beyond it IVF-PQ keeps 48 bytes a passage in memory, the exact vectors on
# disk to rank its candidates again; at 1M generated passages it found 0.983 of the exact top 10 and built in 40 s,
# where HNSW (M 32, efSearch 128), which holds every vector and its graph in memory (1.8 GB), found 0.897 and built
# in 302 s (benchmarks/scale.py). HNSW remains a choice (``--faiss hnsw``).
FLAT_LIMIT = 200_000
LARGE_KINDS = ("hnsw", "ivfpq")  # the kinds for large corpora: a search scores its candidates' sentences alone
HNSW_M = 32
HNSW_EF_SEARCH = 128
IVF_SEARCHED = 8  # one list in this many is searched a query: recall@10 against exact ≥ 0.95 (benchmarks/scale.py)


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
    passages: Sequence[Passage] = field(repr=False)  # a `PassageTable`: each passage read from disk when used
    vectors: np.ndarray = field(repr=False)
    faiss_index: Any = field(repr=False)
    bm25: Any = field(repr=False)
    sentence_bm25: Any = field(default=None, repr=False)
    sentence_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32), repr=False)
    sentence_vectors: np.ndarray | None = field(default=None, repr=False)  # None in an index of schema 2
    sentence_pq: Any = field(default=None, repr=False)  # large kinds: the sentences' product-quantised codes
    _texts: dict[str, DocumentText] | None = field(default=None, init=False, repr=False)
    _codes: np.ndarray | None = field(default=None, init=False, repr=False)
    doc_of_row: np.ndarray = field(init=False, repr=False)
    _rows: dict[str, range] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        counts = np.fromiter((doc.passages for doc in self.documents.values()), np.int64, len(self.documents))
        if counts.sum() != len(self.passages):
            raise StoreError(
                f"The index in {self.directory} is damaged (its documents' passages and its passages differ). "
                f"Rebuild it: rag build --index {self.directory}"
            )
        # passages are stored document by document, in the manifest's order of documents
        self.doc_of_row = np.repeat(np.arange(len(counts), dtype=np.int32), counts)  # each passage's document
        starts = np.concatenate([[0], np.cumsum(counts)])
        self._rows = {doc_id: range(starts[i], starts[i + 1]) for i, doc_id in enumerate(self.documents)}

    @property
    def kind(self) -> str:
        """The vector index's kind: ``flat``, ``hnsw`` or ``ivfpq``."""
        return str(self.manifest["faiss"].get("kind", "flat"))

    @property
    def large(self) -> bool:
        """Whether the index is of a kind for large corpora (HNSW, IVF-PQ): sentences scored for candidates alone.

        Scoring every sentence reads every sentence vector: 6 GB a query for the 4 million of 1 million passages.
        """
        return self.kind in LARGE_KINDS

    @property
    def build_id(self) -> str:
        """Id of the build this index came from; changes with every build."""
        return str(self.manifest["build_id"])

    @property
    def embedder(self) -> Embedder:
        """The model the index was built with, for encoding queries."""
        return get_embedder(self.manifest["model"]["name"])

    @cached_property
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
            damaged = damaged_files(directory, manifest, checksums=False)  # present, of the sizes built
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StoreError(f"The index in {directory} is damaged: its manifest lacks {exc}. {repair}") from exc
        if damaged:
            raise StoreError(f"The index in {directory} is damaged: {next(iter(damaged.values()))}. {repair}")

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

        offsets = part("offsets", lambda path: np.load(path, allow_pickle=False))
        passages = part("passages", lambda path: PassageTable(path, offsets))
        vectors = part("vectors", _mapped)
        faiss_index = part("faiss", lambda path: faiss.read_index(str(path)))
        bm25 = part("bm25", lambda path: bm25s.BM25.load(str(path), load_vocab=True, mmap=True)) if passages else None
        sentence_rows = part("sentences", lambda path: np.load(path, allow_pickle=False))
        sentence_bm25 = (
            part("sentence_bm25", lambda path: bm25s.BM25.load(str(path), load_vocab=True, mmap=True))
            if len(sentence_rows)
            else None
        )
        sentence_vectors = part("sentence_vectors", _mapped)
        codes = "sentence_codes" in files  # large kinds only
        sentence_pq = part("sentence_codes", lambda path: faiss.read_index(str(path))) if codes else None
        if (
            len(passages) != vectors.shape[0]
            or faiss_index.ntotal != len(passages)
            or (len(sentence_rows) and sentence_rows.max() >= len(passages))
            or (sentence_vectors is not None and sentence_vectors.shape[0] != len(sentence_rows))
            or (sentence_pq is not None and sentence_pq.ntotal != len(sentence_rows))
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
            sentence_pq,
        )

    def sentence_closeness(self, sentences: np.ndarray, qvec: np.ndarray) -> np.ndarray:
        """The cosine of `qvec` and each of the `sentences` (rows of `sentence_vectors`).

        A large index holds its sentences' product-quantised codes in memory and answers from them (close to the
        exact cosines: tested), so a search reads none of the sentence vectors on disk, 30 GB for 5M passages.
        """
        if self.sentence_pq is None:
            return np.asarray(self.sentence_vectors[sentences] @ qvec)  # type: ignore[index]
        if self._codes is None:
            self._codes = faiss_codes(self.sentence_pq)
        return self.sentence_pq.pq.decode(self._codes[sentences]) @ qvec

    def document(self, doc_id: str) -> Document:
        """One document's metadata (title, kind, date, authorities, inspection, …)."""
        return self.documents[doc_id]

    def document_text(self, doc_id: str) -> DocumentText:
        """A document's stored text and page starts (the whole file of texts is read on first use)."""
        if self._texts is None:
            self._texts = _read_texts(self.directory / self.manifest["files"]["documents"])
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

    def rows_of(self, doc_id: str) -> range:
        """The rows of a document's passages, in document order."""
        return self._rows.get(doc_id, range(0))


class PassageTable(Sequence[Passage]):
    """The passages of an index, read from its passages file when used: row ``i`` is line ``i``.

    The file is memory-mapped and ``offsets[i]`` is where line ``i`` starts (``offsets[-1]``, the file's size), so
    a search reads the few passages it shows rather than holding millions in memory. Recently read passages are
    kept.

    Raises:
        ValueError: The offsets do not fit the file (from the constructor), or a line is not a passage (naming it).

    """

    def __init__(self, path: Path, offsets: np.ndarray) -> None:
        self.path, self.offsets = path, offsets
        size = path.stat().st_size
        if offsets.ndim != 1 or not len(offsets) or offsets[0] != 0 or offsets[-1] != size:
            raise ValueError(f"its line offsets do not fit its {size:,} bytes")
        with open(path, "rb") as handle:
            self._map: Any = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self._read = lru_cache(maxsize=65_536)(self._parse)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, row: int) -> Passage: ...

    @overload
    def __getitem__(self, row: slice) -> list[Passage]: ...

    def __getitem__(self, row: int | slice) -> Passage | list[Passage]:
        if isinstance(row, slice):
            return [self._read(i) for i in range(*row.indices(len(self)))]
        row = int(row)
        if not -len(self) <= row < len(self):
            raise IndexError(f"passage row {row} out of range")
        return self._read(row % len(self))

    def __iter__(self) -> Iterator[Passage]:
        return (self._read(row) for row in range(len(self)))

    def _parse(self, row: int) -> Passage:
        line = self._map[self.offsets[row] : self.offsets[row + 1]]
        try:
            return passage_from_dict(json.loads(line))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{self.path.name} line {row + 1}: {exc}") from exc


def _mapped(path: Path) -> np.ndarray:
    """A saved array, memory-mapped read-only: its pages are read when used."""
    return np.load(path, mmap_mode="r", allow_pickle=False)


@dataclass(frozen=True)
class Reusable:
    """What a build can reuse of the index on disk: its passages and what else verifies against the manifest.

    ``texts`` is ``None`` where the documents file does not verify, ``vectors`` and ``sentence_vectors`` where
    theirs do not (or, for sentence vectors, in an index made before them); ``damaged`` names every file that
    does not verify, with what is wrong with it.
    """

    manifest: dict[str, Any] = field(repr=False)
    documents: dict[str, Document] = field(repr=False)
    passages: list[Passage] = field(repr=False)
    texts: dict[str, DocumentText] | None = field(repr=False)
    vectors: np.ndarray | None = field(repr=False)
    sentence_vectors: np.ndarray | None = field(repr=False)
    damaged: dict[str, str]


def read_reusable(directory: Path, schemas: tuple[int, ...] = REUSABLE_SCHEMAS) -> Reusable:
    """The parts of the index in `directory` that verify (sizes and checksums recorded at build time).

    Raises:
        StoreError: Nothing can be reused: no index, a manifest that cannot be read or trusted, or passages that
            do not verify; the message says why.

    """
    manifest = read_manifest(directory)
    try:
        check_manifest(manifest, directory, schemas=schemas)
        documents = {doc_id: Document.from_dict(entry) for doc_id, entry in manifest["documents"].items()}
        damaged = damaged_files(directory, manifest)
        files, sentences = manifest["files"], int(manifest["counts"]["sentences"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoreError(f"The index in {directory} is damaged: its manifest lacks {exc}") from exc
    if "passages" in damaged:
        raise StoreError(f"The index in {directory} is damaged: {damaged['passages']}")
    try:
        passages = _read_passages(directory / files["passages"])
    except (OSError, ValueError) as exc:
        raise StoreError(f"The index in {directory} is damaged: {files['passages']} cannot be read ({exc})") from exc

    def rows(key: str, count: int) -> np.ndarray | None:
        """The array of `key` if it verifies and has `count` rows."""
        if key not in files or key in damaged:
            return None
        try:
            array = np.load(directory / files[key], allow_pickle=False)
        except (OSError, ValueError) as exc:
            damaged[key] = f"{files[key]} cannot be read ({str(exc).splitlines()[0][:120]})"
            return None
        if array.ndim != 2 or array.shape[0] != count:
            damaged[key] = f"{files[key]} has {array.shape[0]} rows, not {count}"
            return None
        return array

    vectors, sentence_vectors = rows("vectors", len(passages)), rows("sentence_vectors", sentences)
    texts = None
    if "documents" not in damaged:
        try:
            texts = _read_texts(directory / files["documents"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            damaged["documents"] = f"{files['documents']} cannot be read ({str(exc).splitlines()[0][:120]})"
    return Reusable(manifest, documents, passages, texts, vectors, sentence_vectors, damaged)


def _read_texts(path: Path) -> dict[str, DocumentText]:
    """The documents file: each document's text and page starts, by id."""
    texts = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            texts[row["doc_id"]] = DocumentText(row["text"], tuple(row["page_starts"]))
    return texts


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
    """Raise `StoreError` if the manifest lacks a part, was edited, or its schema or model is not as expected."""
    missing = [key for key in ("build_id", "model", "files", "documents", "counts") if key not in manifest]
    if missing:
        raise StoreError(
            f"The index in {directory} is damaged: its manifest lacks '{missing[0]}'. "
            f"Rebuild it: rag build --index {directory}"
        )
    schema = manifest.get("schema_version")
    if schema not in schemas:
        raise StoreError(
            f"The index in {directory} has schema version {schema}; this version of rag reads {SCHEMA_VERSION}. "
            f"Rebuild it: rag build --index {directory}"
        )
    recorded = manifest.get("checksum")
    if recorded is not None and recorded != manifest_checksum(manifest):
        raise StoreError(
            f"{directory / MANIFEST} was changed after its build (its checksum differs), so what it says about the "
            f"files cannot be trusted. Rebuild it: rag build --index {directory}"
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
    manifest["checksum"] = manifest_checksum(manifest)
    tmp = directory / f".{MANIFEST}.{manifest['build_id']}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, directory / MANIFEST)
    sync_folder(directory)  # the rename itself on disk: after a power cut, this build


def manifest_checksum(manifest: dict[str, Any]) -> str:
    """SHA-256 of the manifest's content, its own ``checksum`` left out: an edit by hand shows."""
    body = {key: value for key, value in manifest.items() if key != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


# ------------------------------------------------------------------------------------------ file checks


def file_checks(directory: Path, files: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of each file of a build, by manifest key, for the manifest (a folder: all its files)."""
    return {
        key: {"bytes": disk_size(directory / name), "sha256": _sha256(directory / name)} for key, name in files.items()
    }


def damaged_files(directory: Path, manifest: dict[str, Any], checksums: bool = True) -> dict[str, str]:
    """What is wrong with the files the manifest names, by key: missing, cut or grown, changed.

    An index built before checks were recorded is verified for presence only.

    Args:
        directory: The index folder.
        manifest: Its manifest (already checked).
        checksums: Compare contents too, not only sizes (reads every byte: about a second for 400 MB).

    """
    files, checks = manifest["files"], manifest.get("checks") or {}
    problems = {}
    for key, name in files.items():
        if not isinstance(name, str):
            problems[key] = f"its manifest names no {key} file"
            continue
        path, expected = directory / name, checks.get(key)
        if not path.exists():
            problems[key] = f"{name} is missing"
        elif expected and disk_size(path) != expected["bytes"]:
            problems[key] = f"{name} has {disk_size(path):,} bytes, not the {expected['bytes']:,} it was built with"
        elif expected and checksums and _sha256(path) != expected["sha256"]:
            problems[key] = f"{name} was changed after the build (its checksum differs)"
    return problems


def verify_index(directory: Path, checksums: bool = False) -> tuple[dict[str, Any], list[str]]:
    """The manifest of the index in `directory`, and what is wrong with its files (nothing: all as built).

    Args:
        directory: The index folder.
        checksums: Verify contents, not only presence and sizes, and that the index loads.

    Raises:
        StoreError: No index there, or a manifest that cannot be read or trusted.

    """
    manifest = read_manifest(directory)
    try:
        check_manifest(manifest, directory)
        problems = list(damaged_files(directory, manifest, checksums=checksums).values())
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoreError(
            f"The index in {directory} is damaged: its manifest lacks {exc}. Rebuild it: rag build --index {directory}"
        ) from exc
    if checksums and not problems:
        try:
            Index.load(directory)
        except StoreError as exc:  # "The index in … is damaged: <what>. Rebuild it: …"
            problems.append(str(exc).split(" is damaged: ")[-1].split(" Rebuild it:")[0])
    return manifest, problems


def _files_of(path: Path) -> list[Path]:
    return sorted(item for item in path.rglob("*") if item.is_file()) if path.is_dir() else [path]


def disk_size(path: Path) -> int:
    """Bytes of a file, or of all the files in a folder."""
    return sum(item.stat().st_size for item in _files_of(path))


def _sha256(path: Path) -> str:
    """A file's SHA-256; a folder's is that of its files' names and SHA-256s, in name order."""
    if not path.is_dir():
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    digest = hashlib.sha256()
    for item in _files_of(path):
        digest.update(f"{item.relative_to(path).as_posix()}\0{_sha256(item)}\n".encode())
    return digest.hexdigest()


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
    """``flat``, ``hnsw`` or ``ivfpq``: what the user asked for, or by size for ``auto``."""
    if requested not in FAISS_KINDS:
        raise StoreError(f"unknown FAISS index kind '{requested}' (choose from {', '.join(FAISS_KINDS)})")
    if requested == "auto":
        return "ivfpq" if passages > FLAT_LIMIT else "flat"
    return requested


def ivf_lists(passages: int) -> int:
    """The IVF-PQ index's number of lists: about 4·√passages, a power of two up to 65,536, 39 passages a list."""
    return int(min(2 ** np.clip(np.round(np.log2(4 * np.sqrt(max(passages, 1)))), 6, 16), max(1, passages // 39)))


def ivf_probes(passages: int) -> int:
    """Lists an IVF-PQ search reads: one in `IVF_SEARCHED`."""
    return max(1, -(-ivf_lists(passages) // IVF_SEARCHED))


def pq_codes(dimension: int, per: int = 8) -> int:
    """Bytes of a product-quantised code: one per `per` dimensions (48 for MiniLM's 384), dividing `dimension`."""
    return max(m for m in range(1, dimension // per + 1) if dimension % m == 0) if dimension >= per else dimension


def faiss_description(kind: str, requested: str, passages: int = 0, dimension: int = 384) -> dict[str, Any]:
    """What the manifest records about the vector index."""
    types = {"flat": "IndexFlatIP", "hnsw": "IndexHNSWFlat", "ivfpq": "IndexIVFPQ"}
    return {
        "kind": kind,
        "type": types[kind],
        "hnsw": {"M": HNSW_M, "efSearch": HNSW_EF_SEARCH} if kind == "hnsw" else None,
        "ivfpq": (
            {"lists": ivf_lists(passages), "bytes": pq_codes(dimension), "probes": ivf_probes(passages)}
            if kind == "ivfpq"
            else None
        ),
        "chosen_by": "auto" if requested == "auto" else "user",
        "metric": "inner product on L2-normalised vectors (cosine)",
    }


def vector_index(description: dict[str, Any]) -> str:
    """The manifest's vector index in words: ``IVF-PQ, 8192 lists (1024 searched), 48-byte codes; chosen by size``."""
    kind, ivf = description.get("kind", "flat"), description.get("ivfpq") or {}
    words = {
        "flat": "exact (flat)",
        "hnsw": "HNSW graph",
        "ivfpq": f"IVF-PQ, {ivf.get('lists')} lists ({ivf.get('probes')} searched), {ivf.get('bytes')}-byte codes, "
        "ranked again by the exact vectors",
    }[kind]
    return f"{words}; chosen {'by size' if description.get('chosen_by') == 'auto' else 'by the user'}"


def make_sentence_codes(vectors: np.ndarray, batch: int = 262_144) -> Any:
    """A FAISS product quantiser of `vectors` (96 bytes each for MiniLM), trained on a seeded sample.

    A large index keeps its sentences' codes in memory instead of reading their vectors from disk. One byte per
    four dimensions: with 48-byte codes the national set lost 2 development and 3 test questions at Success@5,
    with 96 none (README, Evaluation).
    """
    import faiss

    count, dimension = vectors.shape
    bits = 8 if count >= 256 else max(1, int(np.log2(max(count, 2))))
    index = faiss.IndexPQ(dimension, pq_codes(dimension, per=4), bits, faiss.METRIC_INNER_PRODUCT)
    sample = np.sort(np.random.default_rng(0).choice(count, min(count, 100_000), replace=False))
    index.train(np.ascontiguousarray(vectors[sample], dtype=np.float32))
    for start in range(0, count, batch):
        index.add(np.ascontiguousarray(vectors[start : start + batch], dtype=np.float32))
    return index


def faiss_codes(index: Any) -> np.ndarray:
    """The codes a FAISS `IndexPQ` holds, one row a vector: a view of its memory (valid while `index` lives)."""
    import faiss

    size = index.ntotal * index.code_size
    return faiss.rev_swig_ptr(index.codes.data(), size).reshape(index.ntotal, index.code_size)


def make_faiss_index(vectors: np.ndarray, kind: str, batch: int = 262_144) -> Any:
    """An inner-product FAISS index over `vectors`: exact (``flat``), HNSW graph (``hnsw``) or IVF-PQ (``ivfpq``).

    IVF-PQ is trained on a seeded sample of 40 vectors a list, at least 10,000 (so a build is repeatable), filled in
    batches, so `vectors` may be a memory-mapped array larger than memory.
    """
    import faiss

    count, dimension = vectors.shape
    index: Any
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = HNSW_EF_SEARCH
    elif kind == "ivfpq":
        lists = ivf_lists(count)
        quantizer = faiss.IndexFlatIP(dimension)
        bits = 8 if count >= 256 else max(1, int(np.log2(max(count, 2))))  # PQ trains 2**bits centroids
        index = faiss.IndexIVFPQ(quantizer, dimension, lists, pq_codes(dimension), bits, faiss.METRIC_INNER_PRODUCT)
        index.cp.seed = 0
        sample = np.sort(np.random.default_rng(0).choice(count, min(count, max(40 * lists, 10_000)), replace=False))
        index.train(np.ascontiguousarray(vectors[sample], dtype=np.float32))
        index.nprobe = ivf_probes(count)
    else:
        index = faiss.IndexFlatIP(dimension)
    for start in range(0, count, batch):
        index.add(np.ascontiguousarray(vectors[start : start + batch], dtype=np.float32))
    return index
