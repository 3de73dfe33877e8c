"""The index on disk: passages, vectors, a FAISS index and a BM25 index, described by ``manifest.json``.

A build writes its files beside the current ones under a new build id and then swaps ``manifest.json`` in with
``os.replace``: the manifest is the commit point, so a build that fails or is killed leaves the previous
index whole and usable. Files of older builds are removed after the swap. Builds are incremental: a document
whose file and catalog entry are unchanged is not read again, and a passage whose indexed text is unchanged
is not embedded again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import numpy as np

from rag.chunking import ChunkerSettings, Passage, chunk_document, context_text, split_sentences
from rag.documents import (
    SUPPORTED_SUFFIXES,
    DocumentError,
    content_hash,
    corpus_files,
    document_ids,
    load_catalog,
    read_document,
)
from rag.embedding import Embedder, canonical_model_name, get_embedder
from rag.keywords import tokenize

SCHEMA_VERSION = 2  # 2: a keyword index of sentences beside the one of passages
MANIFEST = "manifest.json"
FAISS_KINDS = ("auto", "flat", "hnsw")
# Above this many passages "auto" picks HNSW: exact search stays under ~10 ms a query up to here on 2 cores
# (measured: benchmarks/results.md), and HNSW's recall@10 against exact search is ≥ 0.95 beyond it.
HNSW_THRESHOLD = 200_000
EMBEDDED_TEXT = "the passage's words"  # what each vector embeds; a change of recipe re-embeds everything
# How the keyword indexes are made; a change rebuilds them (without re-embedding) even if no document changed.
KEYWORD_SETTINGS = {
    "library": "bm25s",
    "method": "lucene",
    "k1": 1.5,
    "b": 0.75,
    "tokens": "english stemmer, stop words dropped, acronyms marked",
    "text": "document title, section, the passage's words, and the councils it is about but does not name",
    "sentences": "each sentence of a passage, its words alone",
    "version": 2,
}
HNSW_M = 32
HNSW_EF_SEARCH = 128
PARALLEL_KEYWORDS = 5000  # keyword indexes in a second process: from this many passages, below this many new
BUILD_FILES = {  # one build's files: <name with "-" for "_">-<build id><suffix>
    "passages": ".jsonl",
    "documents": ".jsonl",
    "vectors": ".npy",
    "faiss": ".index",
    "bm25": "",
    "sentences": ".npy",
    "sentence_bm25": "",
}
_BUILD_FILE = re.compile(
    rf"^(?:{'|'.join(name.replace('_', '-') for name in BUILD_FILES)})-(?P<build>[\w-]+?)"
    rf"(?:{'|'.join(re.escape(suffix) for suffix in dict.fromkeys(BUILD_FILES.values()) if suffix)})?$"
)


class StoreError(Exception):
    """An index that is missing, incompatible or cannot be built; the message says what to run."""


@dataclass
class BuildReport:
    """What a build did, for the CLI and the app to print."""

    index_dir: str
    documents: int = 0
    passages: int = 0
    embedded: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # {"path", "reason"}
    seconds: float = 0.0
    embed_seconds: float = 0.0  # loading the model and embedding, part of `seconds`

    def summary(self) -> str:
        """One line: what changed and what it cost."""
        parts = [
            f"{self.documents} documents, {self.passages} passages",
            f"added {len(self.added)}, changed {len(self.changed)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}",
            f"embedded {self.embedded} passages ({self.embed_seconds:.1f} s)",
            f"skipped {len(self.skipped)} file{'s' if len(self.skipped) != 1 else ''}",
        ]
        return "; ".join(parts) + f" in {self.seconds:.1f} s"


class Index:
    """A loaded index: passages, their documents, vectors, the FAISS and BM25 indexes.

    Use `Index.load`; `passages[i]` is row `i` of `vectors` and id `i` in the FAISS and passage BM25 indexes.
    Sentence ``j`` of the sentence BM25 index belongs to passage ``sentence_rows[j]``.
    """

    def __init__(
        self,
        directory: Path,
        manifest: dict,
        documents: dict[str, dict],
        passages: list[Passage],
        vectors: np.ndarray,
        faiss_index,
        bm25,
        sentence_bm25=None,
        sentence_rows: np.ndarray | None = None,
    ) -> None:
        self.directory = directory
        self.manifest = manifest
        self.documents = documents
        self.passages = passages
        self.vectors = vectors
        self.faiss_index = faiss_index
        self.bm25 = bm25
        self.sentence_bm25 = sentence_bm25
        self.sentence_rows = sentence_rows if sentence_rows is not None else np.zeros(0, dtype=np.int32)
        self._texts: dict[str, dict] | None = None

    @property
    def build_id(self) -> str:
        """Id of the build this index came from; changes with every build."""
        return self.manifest["build_id"]

    @property
    def embedder(self) -> Embedder:
        """The model the index was built with, for encoding queries."""
        return get_embedder(self.manifest["model"]["name"])

    @classmethod
    def load(cls, directory: Path | str, model: str | None = None) -> Index:
        """Load the index in `directory`, checking its manifest.

        Args:
            directory: The index folder.
            model: The model the caller expects; ``None`` accepts the one the index was built with.

        Raises:
            StoreError: No index there, or one built by another schema or model; the message says what to run.

        """
        import bm25s
        import faiss

        directory = Path(directory)
        manifest = read_manifest(directory)
        check_manifest(manifest, directory, model)
        files = manifest["files"]
        documents = {}
        passages = []
        with open(directory / files["passages"], encoding="utf-8") as handle:
            passages = [_passage(json.loads(line)) for line in handle]
        for doc_id, entry in manifest["documents"].items():
            documents[doc_id] = entry
        vectors = np.load(directory / files["vectors"], allow_pickle=False)
        faiss_index = faiss.read_index(str(directory / files["faiss"]))
        bm25 = bm25s.BM25.load(str(directory / files["bm25"]), load_vocab=True) if passages else None
        sentence_rows = np.load(directory / files["sentences"], allow_pickle=False)
        sentence_bm25 = (
            bm25s.BM25.load(str(directory / files["sentence_bm25"]), load_vocab=True) if len(sentence_rows) else None
        )
        if (
            len(passages) != vectors.shape[0]
            or faiss_index.ntotal != len(passages)
            or (len(sentence_rows) and sentence_rows.max() >= len(passages))
        ):
            raise StoreError(
                f"The index in {directory} is damaged (passages and vectors differ). "
                f"Rebuild it: rag build --index {directory}"
            )
        return cls(directory, manifest, documents, passages, vectors, faiss_index, bm25, sentence_bm25, sentence_rows)

    def document(self, doc_id: str) -> dict:
        """Metadata of one document (title, kind, date, authorities, …)."""
        return self.documents[doc_id]

    def document_text(self, doc_id: str) -> dict:
        """A document's stored text and page starts: ``{"text": …, "page_starts": […]}``."""
        if self._texts is None:
            self._texts = {}
            with open(self.directory / self.manifest["files"]["documents"], encoding="utf-8") as handle:
                for line in handle:
                    row = json.loads(line)
                    self._texts[row["doc_id"]] = row
        return self._texts[doc_id]


# ------------------------------------------------------------------------------------------ manifest


def read_manifest(directory: Path) -> dict:
    """The manifest of the index in `directory`.

    Raises:
        StoreError: There is no index there, or its manifest is not valid JSON.

    """
    path = directory / MANIFEST
    if not path.exists():
        raise StoreError(f"No index in {directory}. Build it: rag build --index {directory}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise StoreError(f"{path} is not valid JSON ({exc}). Rebuild it: rag build --index {directory}") from exc


def check_manifest(manifest: dict, directory: Path, model: str | None = None) -> None:
    """Raise `StoreError` if the index's schema or model is not what this code and the caller expect."""
    schema = manifest.get("schema_version")
    if schema != SCHEMA_VERSION:
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


# ------------------------------------------------------------------------------------------ building


def build_index(
    corpus: Path | str,
    directory: Path | str,
    model: str | None = None,
    strict: bool = False,
    progress: bool = False,
    log: Callable[[str], None] = lambda message: None,
    settings: ChunkerSettings = ChunkerSettings(),
    faiss_kind: str = "auto",
) -> BuildReport:
    """Build or update the index in `directory` from the documents in `corpus`.

    Args:
        corpus: Folder of documents (sub-folders allowed), with an optional ``catalog.toml``.
        directory: Index folder; created if missing.
        model: Embedding model name or path; ``None`` keeps the current index's model, else the bundled default.
        strict: Fail, leaving the previous index in place, if any file cannot be read.
        progress: Show a progress bar while embedding.
        log: Receives one line per skipped file and per stage.
        settings: Chunker settings.
        faiss_kind: ``flat`` (exact), ``hnsw`` (approximate) or ``auto`` (flat up to `HNSW_THRESHOLD` passages).

    When the index has `PARALLEL_KEYWORDS` passages or more and fewer than that are new, the keyword indexes
    are built in a second (spawned) process while this one loads the model and embeds, so a script that calls
    this needs Python's usual ``if __name__ == "__main__":`` guard.

    Returns:
        What changed.

    Raises:
        StoreError: Another build holds the folder, or `strict` and some files could not be read.
        DocumentError: The corpus folder or its catalog cannot be read.

    """
    started = time.perf_counter()
    corpus, directory = Path(corpus), Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    report = BuildReport(index_dir=str(directory))
    with _build_lock(directory):
        old = _previous_index(directory)
        if model is None:
            model = old.manifest["model"]["name"] if old else None
        embedder = get_embedder(model)
        reusable = (
            old is not None
            and old.manifest["model"]["name"] == embedder.name
            and old.manifest["chunker"] == settings.as_dict()
            and old.manifest.get("embedded_text") == EMBEDDED_TEXT
        )
        catalog = load_catalog(corpus)
        files = corpus_files(corpus)
        ids = document_ids(files, corpus, catalog)
        old_docs = old.documents if reusable else {}
        old_passages = _passages_by_doc(old) if reusable else {}

        documents: list[tuple[dict, str, tuple[int, ...]]] = []  # (metadata, text, page_starts)
        reserved = set(ids.values())  # ids (catalog ids among them) are never another document's label
        present_paths = {p.relative_to(corpus).as_posix() for p in files}
        labels = {meta.get("label"): doc_id for doc_id, meta in old_docs.items() if meta["path"] in present_paths}
        passages: list[Passage] = []
        for path in files:
            rel = path.relative_to(corpus).as_posix()
            doc_id = ids[path]
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                report.skipped.append({"path": rel, "reason": f"unsupported file type '{path.suffix}'"})
                log(f"skipped {rel}: unsupported file type '{path.suffix}'")
                continue
            entry = catalog.get(rel)
            digest = content_hash(path.read_bytes(), entry)
            previous = old_docs.get(doc_id)
            if previous and previous["content_hash"] == digest and previous["path"] == rel:
                stored = old.document_text(doc_id)
                documents.append((previous, stored["text"], tuple(stored["page_starts"])))
                passages.extend(old_passages.get(doc_id, []))
                report.unchanged.append(doc_id)
                continue
            try:
                doc = read_document(path, corpus, doc_id, entry)
            except DocumentError as exc:
                reason = exc.reason
                if previous:  # keep what was indexed rather than lose it
                    stored = old.document_text(doc_id)
                    documents.append((previous, stored["text"], tuple(stored["page_starts"])))
                    passages.extend(old_passages.get(doc_id, []))
                    reason += "; kept the previously indexed version"
                report.skipped.append({"path": rel, "reason": reason})
                log(f"skipped {rel}: {reason}")
                continue
            if doc.label != doc_id and (doc.label in reserved or labels.get(doc.label, doc_id) != doc_id):
                doc = replace(doc, label=doc_id)  # "knowsley-2017" is taken: cite by the document's id
            labels[doc.label] = doc_id
            doc_passages = chunk_document(doc, settings)
            meta = doc.metadata() | {"passages": len(doc_passages)}
            documents.append((meta, doc.text, doc.page_starts))
            passages.extend(doc_passages)
            (report.changed if previous else report.added).append(doc_id)
        present = {meta["doc_id"] for meta, _, _ in documents}
        report.removed = sorted(set(old.documents if old else ()) - present)
        if strict and report.skipped:
            raise StoreError(
                f"{len(report.skipped)} file(s) could not be indexed (--strict): "
                + "; ".join(f"{s['path']}: {s['reason']}" for s in report.skipped)
                + f". The index in {directory} is unchanged."
            )

        report.documents, report.passages = len(documents), len(passages)
        if (
            reusable
            and not (report.added or report.changed or report.removed)
            and report.skipped == old.manifest["skipped"]
            and old.manifest["faiss"].get("kind", "flat") == choose_faiss_kind(faiss_kind, len(passages))
            and old.manifest.get("keywords") == KEYWORD_SETTINGS
        ):
            report.seconds = time.perf_counter() - started
            return report  # nothing changed: the current index stays as it is
        titles = {meta["doc_id"]: meta["title"] for meta, _, _ in documents}
        texts = [context_text(p, titles[p.doc_id]) for p in passages]  # for BM25: title and section help
        cache = _vector_cache(old) if reusable else {}
        keys = [_text_key(p.text) for p in passages]  # the dense side embeds the words alone (README: evaluation)
        todo = [i for i, key in enumerate(keys) if key not in cache]
        report.embedded = len(todo)
        model_info = {"name": embedder.name, "path": embedder.path}
        build_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        files = {name: f"{name.replace('_', '-')}-{build_id}{suffix}" for name, suffix in BUILD_FILES.items()}
        keyword_job = (directory, files, [p.text for p in passages], texts)
        embedding = bool(todo or not reusable)  # loading the model takes seconds: only when something needs it
        # A big index with few new passages: the keyword indexes take seconds, and loading the model leaves the
        # second core idle, so they are built in another process meanwhile. Embedding many passages keeps both
        # cores busy (ONNX Runtime), so then they are built here, after it.
        parallel = embedding and len(passages) >= PARALLEL_KEYWORDS > len(todo)
        pool = _process_pool() if parallel else None
        try:
            keywords = pool.submit(_write_keywords, *keyword_job) if pool else None
            embedding_started = time.perf_counter()
            if todo:
                log(f"embedding {len(todo)} passages with {embedder.name}")
            if embedding:
                fresh = embedder.encode([passages[i].text for i in todo], progress=progress)
                model_info |= {"dimension": embedder.dimension, "backend": embedder.backend}
            else:
                dimension = old.vectors.shape[1]
                model_info |= {"dimension": dimension, "backend": old.manifest["model"].get("backend", "torch")}
                fresh = np.zeros((0, dimension), dtype=np.float32)
            report.embed_seconds = time.perf_counter() - embedding_started
            sentence_count = _keyword_result(keywords, directory) if keywords else _write_keywords(*keyword_job)
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)
        vectors = np.zeros((len(passages), model_info["dimension"]), dtype=np.float32)
        fresh_rows = dict(zip(todo, range(len(todo)), strict=True))
        for i, key in enumerate(keys):
            vectors[i] = fresh[fresh_rows[i]] if i in fresh_rows else cache[key]

        manifest = _write_build(
            directory,
            build_id,
            files,
            documents,
            passages,
            vectors,
            sentence_count,
            model_info,
            settings,
            report,
            corpus,
            faiss_kind,
        )
        _remove_old_builds(directory, manifest["build_id"])
    report.seconds = time.perf_counter() - started
    return report


def _process_pool():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


def _keyword_result(keywords, directory: Path) -> int:
    """The keyword process's result (the sentence count), or a `StoreError` if the process died."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return keywords.result()
    except BrokenProcessPool as exc:
        raise StoreError(
            f"The process building the keyword indexes stopped ({exc}). The index in {directory} is unchanged."
        ) from exc


def _write_keywords(directory: Path, files: dict[str, str], words: list[str], texts: list[str]) -> int:
    """Write the BM25 index of the passages' `texts` and that of their `words`' sentences; return the sentences."""
    if texts:
        bm25 = _new_bm25()
        bm25.index([tokenize(text) or ["_empty_"] for text in texts], show_progress=False)
        bm25.save(str(directory / files["bm25"]), show_progress=False)
    else:
        (directory / files["bm25"]).mkdir()
    sentences, rows = [], []
    for row, passage_words in enumerate(words):
        for sentence in split_sentences(passage_words):
            sentences.append(tokenize(sentence) or ["_empty_"])
            rows.append(row)
    np.save(directory / files["sentences"], np.asarray(rows, dtype=np.int32), allow_pickle=False)
    if sentences:
        sentence_bm25 = _new_bm25()
        sentence_bm25.index(sentences, show_progress=False)
        sentence_bm25.save(str(directory / files["sentence_bm25"]), show_progress=False)
    else:
        (directory / files["sentence_bm25"]).mkdir()
    return len(rows)


def _write_build(
    directory: Path,
    build_id: str,
    files: dict[str, str],
    documents,
    passages: list[Passage],
    vectors: np.ndarray,
    sentence_count: int,
    model_info: dict,
    settings: ChunkerSettings,
    report: BuildReport,
    corpus: Path,
    faiss_kind: str = "auto",
) -> dict:
    """Write the rest of one build's files beside its keyword indexes, then swap the manifest in (the commit)."""
    import faiss

    with open(directory / files["passages"], "w", encoding="utf-8") as handle:
        for passage in passages:
            handle.write(json.dumps(vars(passage), ensure_ascii=False) + "\n")
    with open(directory / files["documents"], "w", encoding="utf-8") as handle:
        for meta, text, page_starts in documents:
            row = {"doc_id": meta["doc_id"], "text": text, "page_starts": list(page_starts)}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    np.save(directory / files["vectors"], vectors, allow_pickle=False)
    kind = choose_faiss_kind(faiss_kind, len(passages))
    faiss.write_index(make_faiss_index(vectors, kind), str(directory / files["faiss"]))
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "build_id": build_id,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus": str(corpus),
        "model": model_info,
        "chunker": settings.as_dict(),
        "embedded_text": EMBEDDED_TEXT,
        "faiss": {
            "kind": kind,
            "type": "IndexHNSWFlat" if kind == "hnsw" else "IndexFlatIP",
            "hnsw": {"M": HNSW_M, "efSearch": HNSW_EF_SEARCH} if kind == "hnsw" else None,
            "chosen_by": "auto" if faiss_kind == "auto" else "user",
            "metric": "inner product on L2-normalised vectors (cosine)",
        },
        "keywords": KEYWORD_SETTINGS,
        "counts": {
            "documents": len(documents),
            "passages": len(passages),
            "sentences": sentence_count,
            "skipped": len(report.skipped),
        },
        "documents": {meta["doc_id"]: meta for meta, _, _ in documents},
        "skipped": report.skipped,
        "files": files,
        "packages": package_versions(),
    }
    tmp = directory / f".{MANIFEST}.{build_id}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, directory / MANIFEST)
    return manifest


def choose_faiss_kind(requested: str, passages: int) -> str:
    """``flat`` or ``hnsw``: what the user asked for, or by size for ``auto``."""
    if requested not in FAISS_KINDS:
        raise StoreError(f"unknown FAISS index kind '{requested}' (choose from {', '.join(FAISS_KINDS)})")
    if requested == "auto":
        return "hnsw" if passages > HNSW_THRESHOLD else "flat"
    return requested


def make_faiss_index(vectors: np.ndarray, kind: str):
    """An inner-product FAISS index over `vectors`: exact (``flat``) or HNSW graph (``hnsw``)."""
    import faiss

    dimension = vectors.shape[1]
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dimension)
    index.add(vectors)
    return index


def _remove_old_builds(directory: Path, keep: str) -> None:
    """Delete the files of builds other than `keep`, and temporary manifests of killed builds."""
    for path in directory.iterdir():
        match = _BUILD_FILE.match(path.name)
        if match and match.group("build") != keep:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        elif path.name.startswith(f".{MANIFEST}.") and path.name.endswith(".tmp"):
            path.unlink()


@contextlib.contextmanager
def _build_lock(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on the index folder while building."""
    with open(directory / ".build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreError(f"Another build is running on {directory}; wait for it to finish.") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _previous_index(directory: Path) -> Index | None:
    """The current index, if there is a readable one of this schema; a build starts afresh otherwise."""
    try:
        return Index.load(directory)
    except (StoreError, OSError, ValueError, KeyError, RuntimeError):
        return None


def _passages_by_doc(index: Index) -> dict[str, list[Passage]]:
    grouped: dict[str, list[Passage]] = {}
    for passage in index.passages:
        grouped.setdefault(passage.doc_id, []).append(passage)
    return grouped


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _vector_cache(index: Index) -> dict[str, np.ndarray]:
    """Old vectors keyed by the hash of the text they embed."""
    return {_text_key(p.text): index.vectors[i] for i, p in enumerate(index.passages)}


def _new_bm25():
    import bm25s

    settings = KEYWORD_SETTINGS
    return bm25s.BM25(method=settings["method"], k1=settings["k1"], b=settings["b"])


def _passage(row: dict) -> Passage:
    """A `Passage` from its JSON line (lists back to tuples)."""
    return Passage(**row | {"councils": tuple(row.get("councils") or ())})
