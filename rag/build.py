"""Building the index, in named stages: collect, read, chunk, embed, write, commit.

A build writes its files beside the current ones under a new build id and then swaps ``manifest.json`` in
(`rag.store.commit_manifest`): a build that fails or is killed leaves the previous index whole and usable.
Files of older builds are removed after the swap. Builds are incremental: a document whose file and catalog
entry are unchanged is not read again, and a passage whose indexed text is unchanged is not embedded again.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from rag.chunking import ChunkerSettings, Passage, context_text
from rag.documents import Document, content_hash, corpus_files, document_ids, load_catalog
from rag.embedding import Embedder, get_embedder
from rag.engine import BuiltDocument, Engine, LocalEngine, ReadJob, ReadResult, chunked
from rag.errors import StoreError
from rag.keywords import KEYWORD_SETTINGS, tokenize, write_bm25
from rag.readers import SUPPORTED_SUFFIXES
from rag.store import (
    LARGE_KINDS,
    MANIFEST,
    SCHEMA_VERSION,
    Reusable,
    choose_faiss_kind,
    commit_manifest,
    faiss_description,
    file_checks,
    make_faiss_index,
    make_sentence_codes,
    package_versions,
    read_reusable,
    sync_folder,
)
from rag.text import split_sentences

EMBEDDED_TEXT = "the passage's words"  # what each vector embeds; a change of recipe re-embeds everything
PARALLEL_KEYWORDS = 5000  # keyword indexes in a second process: from this many passages, below this many new
MAX_PASSAGES = 2000  # per document: 8 times the longest of the 401 real reports (250); a 45 MB text made 356,719
BUILD_FILES = {  # one build's files: <name with "-" for "_">-<build id><suffix>
    "passages": ".jsonl",
    "offsets": ".npy",
    "documents": ".jsonl",
    "vectors": ".npy",
    "faiss": ".index",
    "bm25": "",
    "sentences": ".npy",
    "sentence_bm25": "",
    "sentence_vectors": ".npy",
    "sentence_codes": ".index",  # large kinds (HNSW, IVF-PQ) only
}
_BUILD_ID = r"\d{8}T\d{6}-[0-9a-f]{6}"  # 20261124T061122-932906: the time of the build and 3 random bytes
_BUILD_FILE = re.compile(  # exactly the names a build writes: a user's "vectors-backup.npy" is not one
    rf"^(?:{'|'.join(name.replace('_', '-') for name in BUILD_FILES)})-(?P<build>{_BUILD_ID})"
    rf"(?:{'|'.join(re.escape(suffix) for suffix in dict.fromkeys(BUILD_FILES.values()) if suffix)})?$"
)


@dataclass
class BuildReport:
    """What a build did, for the CLI and the app to print."""

    index_dir: str
    documents: int = 0
    passages: int = 0
    embedded: int = 0
    embedded_sentences: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"path", "reason"}
    repaired: list[str] = field(default_factory=list)  # what was wrong with the index before, now rebuilt
    seconds: float = 0.0
    embed_seconds: float = 0.0  # loading the model and embedding, part of `seconds`

    def summary(self) -> str:
        """One line: what changed and what it cost."""
        parts = [
            f"{self.documents} documents, {self.passages} passages",
            f"added {len(self.added)}, changed {len(self.changed)}, removed {len(self.removed)}, "
            f"unchanged {len(self.unchanged)}",
            f"embedded {self.embedded} passages and {self.embedded_sentences} sentences ({self.embed_seconds:.1f} s)",
            f"skipped {len(self.skipped)} file{'s' if len(self.skipped) != 1 else ''}",
        ]
        if self.repaired:
            parts.append(f"repaired {len(self.repaired)} damaged part{'s' if len(self.repaired) != 1 else ''}")
        return "; ".join(parts) + f" in {self.seconds:.1f} s"


@dataclass
class _Build:
    """The state one build carries from stage to stage."""

    corpus: Path
    directory: Path
    settings: ChunkerSettings
    log: Callable[[str], None]
    report: BuildReport
    current: Reusable | None = None  # what verifies of the index on disk now
    previous: Reusable | None = None  # the same, when its documents' passages can be reused
    vectors_from: Reusable | None = None  # the same, when its vectors can be reused (same model and recipe)
    previous_passages: dict[str, list[Passage]] = field(default_factory=dict)  # its passages by document
    documents: list[BuiltDocument] = field(default_factory=list)

    @property
    def earlier(self) -> set[str]:
        """Ids of the current index's documents, reusable or not."""
        return set(self.current.documents) if self.current else set()

    @property
    def passages(self) -> list[Passage]:
        """Every passage of the build, document by document."""
        return [p for built in self.documents for p in built.passages]

    def skip(self, rel: str, reason: str) -> None:
        """Record a file that is not indexed, and why."""
        self.report.skipped.append({"path": rel, "reason": reason})
        self.log(f"skipped {rel}: {reason}")


def build_index(
    corpus: Path | str,
    directory: Path | str,
    *,
    model: str | None = None,
    strict: bool = False,
    rebuild: bool = False,
    progress: bool = False,
    log: Callable[[str], None] = lambda message: None,
    settings: ChunkerSettings = ChunkerSettings(),
    faiss_kind: str = "auto",
    engine: Engine | None = None,
) -> BuildReport:
    """Build or update the index in `directory` from the documents in `corpus`.

    Args:
        corpus: Folder of documents (sub-folders allowed), with an optional ``catalog.toml``.
        directory: Index folder; created if missing.
        model: Embedding model name or path; ``None`` keeps the current index's model, else the bundled default.
        strict: Fail, leaving the previous index in place, if any file cannot be read.
        rebuild: Reuse nothing of the current index: read, chunk and embed everything again.
        progress: Show a progress bar while embedding.
        log: Receives one line per skipped file and per stage.
        settings: Chunker settings.
        faiss_kind: ``flat`` (exact), ``hnsw`` or ``ivfpq`` (approximate), or ``auto`` (flat up to `FLAT_LIMIT`
            passages, IVF-PQ beyond).
        engine: What reads, chunks and embeds: this process by default, or a cluster (`rag.distributed`).

    When the index has `PARALLEL_KEYWORDS` passages or more and fewer than that are new, the keyword indexes
    are built in a second (spawned) process while this one loads the model and embeds; that process does not
    import the caller's script or app again.

    Returns:
        What changed.

    Raises:
        StoreError: Another build holds the folder, or `strict` and some files could not be read.
        DocumentError: The corpus folder or its catalog cannot be read.

    """
    started = time.perf_counter()
    engine = engine or LocalEngine()
    corpus, directory = Path(corpus), Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    build = _Build(corpus, directory, settings, log, BuildReport(index_dir=str(directory)))
    with _build_lock(directory):
        previous = _current_builds(directory)
        _remove_old_builds(directory, keep=previous)  # what killed builds left, and generations no reader uses
        embedder = _collect(build, model, rebuild)
        _read(build, engine)
        if strict and build.report.skipped:
            raise StoreError(
                f"{len(build.report.skipped)} file(s) could not be indexed (--strict): "
                + "; ".join(f"{s['path']}: {s['reason']}" for s in build.report.skipped)
                + f". The index in {directory} is unchanged."
            )
        if not _changed(build, faiss_kind):
            build.report.seconds = time.perf_counter() - started
            return build.report  # nothing changed: the current index stays as it is
        build_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        files = {name: f"{name.replace('_', '-')}-{build_id}{suffix}" for name, suffix in BUILD_FILES.items()}
        vectors, sentence_vectors, model_info, sentences = _embed(build, embedder, engine, files, progress)
        kind = choose_faiss_kind(faiss_kind, len(vectors))
        if kind not in LARGE_KINDS:
            del files["sentence_codes"]
        _write(build, files, vectors, sentence_vectors, kind)
        faiss_info = faiss_description(kind, faiss_kind, *vectors.shape)
        manifest = _manifest(build, build_id, files, model_info, sentences, faiss_info)
        manifest["previous_build_id"] = previous[0] if previous else None
        manifest["checks"] = file_checks(directory, files)  # what `rag info --check` and the next build verify
        _sync(directory, files.values())  # every file of the build on disk before the manifest names it
        commit_manifest(directory, manifest)
        # The build before stays: a reader that read its manifest a moment ago may still be opening its files.
        _remove_old_builds(directory, keep=(build_id, *previous[:1]))
    build.report.seconds = time.perf_counter() - started
    return build.report


# ------------------------------------------------------------------------------------------ collect


def _collect(build: _Build, model: str | None, rebuild: bool) -> Embedder:
    """The embedder, and what of the current index this build can reuse.

    Its vectors (`build.vectors_from`) when the model and what each vector embeds are unchanged; its documents'
    passages too (`build.previous`) when the chunker is also unchanged. A new chunker re-reads every document but
    embeds only the passages whose words changed. Of a damaged index, only what verifies is reused.
    """
    old = build.current = _current_index(build)
    if model is None:
        model = old.manifest["model"]["name"] if old else None
    embedder = get_embedder(model)
    if rebuild:
        return embedder  # nothing of the current index reused
    if (
        old is not None
        and old.manifest["model"]["name"] == embedder.name
        and old.manifest.get("embedded_text") == EMBEDDED_TEXT
    ):
        build.vectors_from = old
    if (
        build.vectors_from is not None
        and old is not None
        and old.texts is not None
        and old.manifest["chunker"] == build.settings.as_dict()
    ):
        build.previous = old
        for passage in old.passages:
            build.previous_passages.setdefault(passage.doc_id, []).append(passage)
    return embedder


def _current_index(build: _Build) -> Reusable | None:
    """What of the current index verifies, for reuse; a build starts afresh when nothing does.

    Each file that does not verify is logged and recorded in the report as repaired by this build.
    """
    if not (build.directory / MANIFEST).exists():
        return None  # the first build
    try:
        old = read_reusable(build.directory)
    except StoreError as exc:
        build.report.repaired.append(str(exc).split(". Rebuild it:")[0])
        build.log(f"repairing: {build.report.repaired[-1]}; building afresh from the corpus")
        return None
    for why in old.damaged.values():
        build.report.repaired.append(why)
        build.log(f"repairing: {why}; rebuilt, reusing the files that verify")
    return old


# ------------------------------------------------------------------------------------------ read and chunk


def _read(build: _Build, engine: Engine) -> None:
    """Read and chunk every file of the corpus that changed; keep what did not (or what turned unreadable).

    Files are planned in order here, the changed ones read and chunked by `engine` (in this process, or on a
    cluster), and the results put back in the order of the files.
    """
    catalog = load_catalog(build.corpus)
    files = corpus_files(build.corpus)
    ids = document_ids(files, build.corpus, catalog)
    old_docs = build.previous.documents if build.previous else {}
    earlier = build.earlier
    reserved = set(ids.values())  # ids (catalog ids among them) are never another document's label
    present = {p.relative_to(build.corpus).as_posix() for p in files}
    labels = {doc.cited_as: doc_id for doc_id, doc in old_docs.items() if doc.path in present}
    kept_name = _names_kept(files, build.corpus, catalog)
    plan: list[tuple[str, str, str, Document | None]] = []  # (what, rel, doc_id or reason, previous) in file order
    jobs: list[ReadJob] = []
    for path in files:
        rel = path.relative_to(build.corpus).as_posix()
        doc_id = ids[path]
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            plan.append(("skip", rel, f"unsupported file type '{path.suffix}'", None))
            continue
        entry = catalog.get(rel)
        previous = old_docs.get(doc_id)
        try:
            data = path.read_bytes()
        except OSError as exc:  # a dangling link, a loop of links, no permission: this file only
            plan.append(("unreadable", rel, _unreadable(path, exc), previous))
            continue
        original = kept_name.get(hashlib.sha256(data).hexdigest(), rel)
        if original != rel:  # the same file under two names: indexed once, so no paragraph comes back twice
            plan.append(("skip", rel, f"the same file as {original}, indexed once under that name", None))
        elif previous and previous.content_hash == content_hash(data, entry) and previous.path == rel:
            plan.append(("kept", rel, doc_id, previous))
        else:
            plan.append(("read", rel, doc_id, previous))
            jobs.append(ReadJob(str(build.corpus), rel, doc_id, entry, data, build.settings.as_dict()))
    results = iter(engine.read(jobs) if jobs else [])
    for what, rel, detail, previous in plan:
        if what == "skip":
            build.skip(rel, detail)
        elif what == "unreadable":
            _skip_unreadable(build, rel, detail, previous)
        elif what == "kept":
            assert previous is not None
            build.documents.append(_kept(build, previous))
            build.report.unchanged.append(detail)
        else:
            _add_read(build, rel, detail, previous, next(results), (reserved, labels))
    build.report.removed = sorted(earlier - {built.document.doc_id for built in build.documents})
    build.report.documents, build.report.passages = len(build.documents), len(build.passages)


def _add_read(
    build: _Build,
    rel: str,
    doc_id: str,
    previous: Document | None,
    result: ReadResult,
    names: tuple[set[str], dict[str, str]],
) -> None:
    """Add a document read and chunked by the engine, or skip it with why; its label made unique."""
    if result.reason is not None:
        _skip_unreadable(build, rel, result.reason, previous)
        return
    assert result.built is not None
    built = result.built
    document = built.document
    reserved, labels = names
    if document.label != doc_id and (document.label in reserved or labels.get(document.label, doc_id) != doc_id):
        # "knowsley-2017" is taken: cite by the document's id (its passages' citations are made again)
        built = chunked(replace(document, label=doc_id), built.text, build.settings)
    labels[built.document.label] = doc_id
    if len(built.passages) > MAX_PASSAGES:
        reason = f"{len(built.passages):,} passages, more than the {MAX_PASSAGES:,} one document may have"
        _skip_unreadable(build, rel, reason + " (is it many documents in one file? split it)", previous)
        return
    build.documents.append(built)
    (build.report.changed if doc_id in build.earlier else build.report.added).append(doc_id)


def _names_kept(files: list[Path], corpus: Path, catalog: dict[str, dict]) -> dict[str, str]:
    """For each content (hashed) found under several names, the one name it is indexed under.

    The name the catalog describes, else the first in order; a file that cannot be read is left to the main pass.
    """
    names: dict[str, list[str]] = {}
    for path in files:
        with contextlib.suppress(OSError):
            names.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), []).append(
                path.relative_to(corpus).as_posix()
            )
    return {
        digest: next((rel for rel in found if rel in catalog), found[0])
        for digest, found in names.items()
        if len(found) > 1
    }


def _skip_unreadable(build: _Build, rel: str, reason: str, previous: Document | None) -> None:
    """Skip a file that cannot be read, keeping its previously indexed version rather than losing it."""
    if previous:
        build.documents.append(_kept(build, previous))
        reason += "; kept the previously indexed version"
    build.skip(rel, reason)


def _unreadable(path: Path, exc: OSError) -> str:
    """Why `path` cannot be read, in words."""
    if exc.errno == errno.ELOOP:
        return "a link that leads back to itself (a loop of links)"
    if path.is_symlink() and not path.exists():
        return f"a link to a file that does not exist ({os.readlink(path)})"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot be read ({exc.strerror or exc})"


def _kept(build: _Build, document: Document) -> BuiltDocument:
    """A document of the current index as it was indexed, passages and all."""
    assert build.previous is not None and build.previous.texts is not None  # only these offer documents to keep
    text = build.previous.texts[document.doc_id]
    return BuiltDocument(document, text, build.previous_passages.get(document.doc_id, []))


def _changed(build: _Build, faiss_kind: str) -> bool:
    """Whether anything needs writing: documents, skipped files, damage, the vector index or keyword settings."""
    old, report = build.previous, build.report
    return not (
        old is not None
        and not report.repaired
        and "checks" in old.manifest  # an index made before checksums gets them (written again, nothing embedded)
        and not (report.added or report.changed or report.removed)
        and report.skipped == old.manifest["skipped"]
        and old.manifest["faiss"].get("kind", "flat") == (kind := choose_faiss_kind(faiss_kind, report.passages))
        and ("sentence_codes" in old.manifest["files"]) == (kind in LARGE_KINDS)
        and old.manifest.get("keywords") == KEYWORD_SETTINGS
        and old.manifest.get("schema_version") == SCHEMA_VERSION
    )


# ------------------------------------------------------------------------------------------ embed


def _embed(
    build: _Build, embedder: Embedder, engine: Engine, files: dict[str, str], progress: bool
) -> tuple[np.ndarray, np.ndarray, dict[str, Any], int]:
    """Vectors of every passage and sentence (reused by text where the current index has them); keyword indexes.

    Returns:
        The passage vectors, the sentence vectors, what the manifest records about the model, and the number of
        indexed sentences.

    """
    passages, previous = build.passages, build.vectors_from
    texts = [p.text for p in passages]  # the dense side embeds the words alone (README: evaluation)
    cache = _vector_cache(previous) if previous else {}
    keys, todo = _to_embed(texts, cache)
    sentences, _ = passage_sentences(texts)
    sentence_cache = _sentence_cache(previous) if previous else {}
    sentence_keys, sentence_todo = _to_embed(sentences, sentence_cache)
    build.report.embedded, build.report.embedded_sentences = len(todo), len(sentence_todo)
    titles = {built.document.doc_id: built.document.title for built in build.documents}
    # for BM25: title and section help
    keyword_job = (build.directory, files, texts, [context_text(p, titles[p.doc_id]) for p in passages])
    model_info: dict[str, Any] = {"name": embedder.name, "path": embedder.path}
    embedding = bool(todo or sentence_todo or previous is None)  # loading the model takes seconds
    # A big index with few new passages: the keyword indexes take seconds, and loading the model leaves the
    # second core idle, so they are built in another process meanwhile. Embedding many passages keeps both
    # cores busy (ONNX Runtime), so then they are built here, after it.
    pool = _process_pool() if embedding and len(passages) >= PARALLEL_KEYWORDS > len(todo) else None
    try:
        keywords = _submit_apart(pool, _write_keywords, *keyword_job) if pool else None
        started = time.perf_counter()
        if embedding:
            build.log(f"embedding {len(todo)} passages and {len(sentence_todo)} sentences with {embedder.name}")
            fresh = engine.encode(embedder, [*todo.values(), *sentence_todo.values()], progress=progress)
            cache |= dict(zip(todo, fresh[: len(todo)], strict=True))
            sentence_cache |= dict(zip(sentence_todo, fresh[len(todo) :], strict=True))
            model_info |= {"dimension": embedder.dimension, "backend": embedder.backend}
        else:
            assert previous is not None
            model_info |= {
                "dimension": previous.manifest["model"]["dimension"],
                "backend": previous.manifest["model"].get("backend", "torch"),
            }
        build.report.embed_seconds = time.perf_counter() - started
        indexed = _keyword_result(keywords, build.directory) if keywords else _write_keywords(*keyword_job)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    vectors = _stack([cache[key] for key in keys], model_info["dimension"])
    sentence_vectors = _stack([sentence_cache[key] for key in sentence_keys], model_info["dimension"])
    return vectors, sentence_vectors, model_info, indexed


def _to_embed(texts: list[str], cache: dict[str, np.ndarray]) -> tuple[list[str], dict[str, str]]:
    """Each text's key, and the distinct texts the cache lacks, by key (in the order first seen)."""
    keys = [_text_key(text) for text in texts]
    return keys, {key: text for key, text in zip(keys, texts, strict=True) if key not in cache}


def passage_sentences(texts: list[str]) -> tuple[list[str], list[int]]:
    """The sentences of every passage text, in order, and the row of the passage each belongs to."""
    sentences, rows = [], []
    for row, text in enumerate(texts):
        for sentence in split_sentences(text):
            sentences.append(sentence)
            rows.append(row)
    return sentences, rows


def _stack(vectors: list[np.ndarray], dimension: int) -> np.ndarray:
    return np.stack(vectors).astype(np.float32) if vectors else np.zeros((0, dimension), dtype=np.float32)


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _vector_cache(index: Reusable) -> dict[str, np.ndarray]:
    """Old vectors keyed by the hash of the text they embed (none where their file did not verify)."""
    if index.vectors is None:
        return {}
    vectors = index.vectors
    return {_text_key(p.text): vectors[i] for i, p in enumerate(index.passages)}


def _sentence_cache(index: Reusable) -> dict[str, np.ndarray]:
    """Old sentence vectors keyed by the hash of the sentence (none from an index made before them)."""
    if index.sentence_vectors is None:
        return {}
    vectors = index.sentence_vectors
    sentences, _ = passage_sentences([p.text for p in index.passages])
    return {_text_key(text): vectors[j] for j, text in enumerate(sentences)}


def _process_pool() -> Any:
    """One spawned worker process that dies with this one (a killed build leaves no keyword worker running)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_die_with, initargs=(os.getpid(),))


def _submit_apart(pool: Any, function: Callable[..., int], *args: Any) -> Future[int]:
    """`pool.submit`, the spawned worker not running this process's main script again.

    A spawned worker imports its parent's ``__main__`` again: in the app that is the Streamlit page (the worker
    would run the app, and fail to import ``ui``), in a script one without the ``if __name__ == "__main__"``
    guard. The worker needs only `rag.build`, so it starts with a bare ``__main__``.
    """
    import sys
    import types

    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        return pool.submit(function, *args)  # the worker is spawned here
    finally:
        sys.modules["__main__"] = main


def _die_with(parent: int) -> None:
    """In a worker: ask Linux for SIGKILL when `parent` dies, and go now if it already has."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):  # not Linux: the worker ends when its queue closes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request: nothing would signal
        os._exit(1)


def _keyword_result(keywords: Future[int], directory: Path) -> int:
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
    write_bm25((tokenize(text) for text in texts), directory / files["bm25"])
    texts_of_sentences, rows = passage_sentences(words)
    np.save(directory / files["sentences"], np.asarray(rows, dtype=np.int32), allow_pickle=False)
    write_bm25((tokenize(sentence) for sentence in texts_of_sentences), directory / files["sentence_bm25"])
    return len(rows)


# ------------------------------------------------------------------------------------------ write and commit


def _write(build: _Build, files: dict[str, str], vectors: np.ndarray, sentence_vectors: np.ndarray, kind: str) -> None:
    """Write the passages, the documents' texts, the vectors and the FAISS index beside the keyword indexes."""
    import faiss

    directory = build.directory
    write_passages(build.passages, directory / files["passages"], directory / files["offsets"])
    with open(directory / files["documents"], "w", encoding="utf-8") as handle:
        for built in build.documents:
            row = {
                "doc_id": built.document.doc_id,
                "text": built.text.text,
                "page_starts": list(built.text.page_starts),
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    np.save(directory / files["vectors"], vectors, allow_pickle=False)
    np.save(directory / files["sentence_vectors"], sentence_vectors, allow_pickle=False)
    if "sentence_codes" in files:
        faiss.write_index(make_sentence_codes(sentence_vectors), str(directory / files["sentence_codes"]))
    faiss.write_index(make_faiss_index(vectors, kind), str(directory / files["faiss"]))


def write_passages(passages: Iterable[Passage], path: Path, offsets: Path) -> int:
    """Write `passages`, one JSON line each, and where each line starts (the file's size last); return the count."""
    starts = [0]
    with open(path, "wb") as handle:
        for passage in passages:
            starts.append(starts[-1] + handle.write((json.dumps(vars(passage), ensure_ascii=False) + "\n").encode()))
    np.save(offsets, np.asarray(starts, dtype=np.int64), allow_pickle=False)
    return len(starts) - 1


def _manifest(
    build: _Build,
    build_id: str,
    files: dict[str, str],
    model_info: dict[str, Any],
    sentences: int,
    faiss_info: dict[str, Any],
) -> dict[str, Any]:
    """The manifest that describes this build."""
    report = build.report
    return {
        "schema_version": SCHEMA_VERSION,
        "build_id": build_id,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus": str(build.corpus),
        "model": model_info,
        "chunker": build.settings.as_dict(),
        "embedded_text": EMBEDDED_TEXT,
        "faiss": faiss_info,
        "keywords": KEYWORD_SETTINGS,
        "counts": {
            "documents": report.documents,
            "passages": report.passages,
            "sentences": sentences,
            "skipped": len(report.skipped),
        },
        "documents": {built.document.doc_id: built.document.as_dict() for built in build.documents},
        "skipped": report.skipped,
        "files": files,
        "packages": package_versions(),
    }


def _current_builds(directory: Path) -> tuple[str, ...]:
    """The build the manifest names and the one before it (empty when there is no readable manifest)."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    if not isinstance(manifest, dict) or not isinstance(manifest.get("build_id"), str):
        return ()
    return tuple(b for b in (manifest["build_id"], manifest.get("previous_build_id")) if isinstance(b, str))


def _remove_old_builds(directory: Path, keep: tuple[str, ...]) -> None:
    """Delete the files of builds other than `keep`, and temporary manifests of killed builds.

    Only names a build writes are touched (``vectors-20261124T061122-932906.npy``); anything else in the
    folder is the user's and stays.
    """
    for path in directory.iterdir():
        match = _BUILD_FILE.match(path.name)
        if match and match.group("build") not in keep:
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        elif path.name.startswith(f".{MANIFEST}.") and path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)


def _sync(directory: Path, names: Iterable[str]) -> None:
    """Flush the named files (and the files inside the named folders) and the folder itself to disk."""
    for name in names:
        path = directory / name
        for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
            if item.is_file():
                with open(item, "rb") as handle:
                    os.fsync(handle.fileno())
            elif item.is_dir():
                sync_folder(item)
    sync_folder(directory)


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
