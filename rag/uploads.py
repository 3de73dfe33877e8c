"""Uploads: files added from the app, checked by content, saved under safe names, indexed in one rebuild.

No Streamlit here: the app calls these functions and the tests call them directly.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rag.build import BuildReport, build_index
from rag.chunking import chunk_document
from rag.documents import corpus_files, read_document
from rag.errors import DocumentError, RagError
from rag.readers import SUPPORTED_SUFFIXES
from rag.text import slugify

MAX_UPLOAD_BYTES = 25 * 2**20  # as server.maxUploadSize in .streamlit/config.toml
UPLOAD_FOLDER = "uploads"
_IGNORED_STEMS = {"readme", "catalog"}  # names the corpus reader skips (README.md, CATALOG.md, catalog.toml)


@dataclass(frozen=True)
class SavedUpload:
    """What happened to one uploaded file.

    Attributes:
        name: The name the file was uploaded under.
        path: Where it is in the corpus now (or already was), else ``None``.
        message: One sentence for the user, naming the file.
        saved: Whether a new file was written into the corpus.
        title: The document's title as it will be indexed, for a saved file.
        kind: The document's kind (``inspection report``, ``news``, …), for a saved file.

    """

    name: str
    path: Path | None
    message: str
    saved: bool
    title: str | None = None
    kind: str | None = None


def safe_name(name: str) -> str:
    """A file name that is safe to create in the corpus: no folders, not hidden, lower-case ASCII words.

    Args:
        name: The name as uploaded; may hold folders, ``..``, spaces or non-ASCII letters.

    Returns:
        ``"Knowsley report (2017).PDF"`` → ``"knowsley-report-2017.pdf"``.

    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = slugify(stem)[:80].strip("-") or "document"
    if stem in _IGNORED_STEMS:
        stem += "-upload"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def save_upload(name: str, data: bytes, corpus: Path) -> SavedUpload:
    """Check an uploaded file by name and content, and save it into ``corpus/uploads`` under a safe name.

    The bytes are read as a document from a temporary copy first, so a file that cannot be indexed (an HTML
    page named ``.pdf``, binary data named ``.txt``, an empty or oversized file) is refused with the reason
    and the corpus is left unchanged. A file whose bytes are already in the corpus is not saved again; a
    different file with the same name is saved under a new name, never over the old one.

    Args:
        name: The name the file was uploaded under.
        data: Its bytes.
        corpus: The corpus folder.

    Returns:
        What happened, with a message that names the file.

    """
    target_name = safe_name(name)
    suffix = Path(target_name).suffix
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(s.lstrip(".") for s in SUPPORTED_SUFFIXES)
        return SavedUpload(name, None, f"{name}: unsupported file type (upload {kinds})", False)
    if len(data) > MAX_UPLOAD_BYTES:
        return SavedUpload(name, None, f"{name}: larger than the {MAX_UPLOAD_BYTES // 2**20} MiB limit", False)
    if existing := _same_bytes(data, corpus):
        rel = existing.relative_to(corpus).as_posix()
        return SavedUpload(name, existing, f"{name} is already in the corpus (as {rel}); nothing to add", False)
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / target_name
        probe.write_bytes(data)
        try:
            document, text = read_document(probe, Path(tmp), probe.stem)
            if not chunk_document(document, text):
                raise DocumentError(probe, "no passages could be cut from its text")
        except DocumentError as exc:
            return SavedUpload(name, None, f"{name}: {exc.reason}. Nothing was added.", False)
        except Exception as exc:  # a parser failing in a way the readers do not foresee: still only a refusal
            reason = f"cannot be read as a {suffix} file ({exc.__class__.__name__})"
            return SavedUpload(name, None, f"{name}: {reason}. Nothing was added.", False)
    folder = corpus / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    target = _create_exclusively(folder, target_name, data)
    rel = target.relative_to(corpus).as_posix()
    renamed = f" ({UPLOAD_FOLDER}/{target_name} is another file)" if target.name != target_name else ""
    return SavedUpload(name, target, f"Saved {name} as {rel}{renamed}", True, document.title, document.kind)


def _same_bytes(data: bytes, corpus: Path) -> Path | None:
    """A corpus file with exactly these bytes, if there is one."""
    if not corpus.is_dir():
        return None
    digest = hashlib.sha256(data).digest()
    for path in corpus_files(corpus):
        with contextlib.suppress(OSError):
            if path.stat().st_size == len(data) and hashlib.sha256(path.read_bytes()).digest() == digest:
                return path
    return None


def _create_exclusively(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` to `folder/name`, or `name-2`, `name-3`, … if taken; never replaces a file, even in a race.

    The bytes go to a hidden temporary file (the corpus reader skips hidden files) that is then linked under
    the final name, so a build running at the same time never reads half a file.
    """
    stem, suffix = Path(name).stem, Path(name).suffix
    handle, tmp_name = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        for number in range(1, 10_000):
            target = folder / (f"{stem}{suffix}" if number == 1 else f"{stem}-{number}{suffix}")
            try:
                os.link(tmp, target)
                return target
            except FileExistsError:
                continue
            except OSError:  # a file system without hard links: exclusive create instead
                try:
                    with open(target, "xb") as out:
                        out.write(data)
                    return target
                except FileExistsError:
                    continue
        raise OSError(f"no free name for {name} in {folder}")
    finally:
        tmp.unlink(missing_ok=True)


@dataclass
class UploadBatch:
    """Uploaded files, what happened to each, and the rebuild that made the saved ones askable.

    Attributes:
        results: One per uploaded file, in order.
        report: The rebuild's report, if anything was saved and the rebuild succeeded.
        error: Why the rebuild failed (the saved files were then removed again), else ``None``.

    """

    results: list[SavedUpload] = field(default_factory=list)
    report: BuildReport | None = None
    error: str | None = None

    @property
    def saved(self) -> list[SavedUpload]:
        """The files written into the corpus."""
        return [r for r in self.results if r.saved]


def add_uploads(
    files: list[tuple[str, bytes]], corpus: Path, index_dir: Path, log: Callable[[str], None] = lambda line: None
) -> UploadBatch:
    """Save the good files among `files` into the corpus and rebuild the index incrementally.

    Args:
        files: ``(name, bytes)`` pairs as uploaded.
        corpus: The corpus folder.
        index_dir: The index folder.
        log: Receives one line per stage of the rebuild.

    Returns:
        What happened. If the rebuild fails (another build holds the index, say) the files saved by this call
        are removed again, so corpus and index still agree, and `UploadBatch.error` says why.

    """
    batch = UploadBatch([save_upload(name, data, corpus) for name, data in files])
    if not batch.saved:
        return batch
    try:
        batch.report = build_index(corpus, index_dir, log=log)
    except (RagError, OSError) as exc:
        for result in batch.saved:
            if result.path is not None:
                result.path.unlink(missing_ok=True)
        batch.error = f"The index could not be rebuilt, so nothing was added: {exc}"
    return batch
