"""What the app needs beyond asking: safe uploads, a passage in its document, safe display text, feedback.

No Streamlit here: the app calls these functions and the tests call them directly.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import string
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rag.chunking import Passage, chunk_document
from rag.documents import SUPPORTED_SUFFIXES, DocumentError, corpus_files, read_document, slugify
from rag.store import BuildReport, Index, StoreError, build_index

MAX_UPLOAD_BYTES = 25 * 2**20  # as server.maxUploadSize in .streamlit/config.toml
UPLOAD_FOLDER = "uploads"
_IGNORED_STEMS = {"readme", "catalog"}  # names the corpus reader skips (README.md, CATALOG.md, catalog.toml)


# ------------------------------------------------------------------------------------------- uploads


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
            document = read_document(probe, Path(tmp), probe.stem)
            if not chunk_document(document):
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
    except (StoreError, DocumentError, OSError) as exc:
        for result in batch.saved:
            result.path.unlink(missing_ok=True)
        batch.error = f"The index could not be rebuilt, so nothing was added: {exc}"
    return batch


# ------------------------------------------------------------------------------------------ documents


@dataclass(frozen=True)
class Context:
    """A passage between its neighbours in its document."""

    before: list[Passage]
    passage: Passage
    after: list[Passage]


def passage_context(index: Index, passage: Passage, around: int = 1) -> Context | None:
    """The `around` passages before and after `passage` in its document.

    Returns:
        ``None`` when the index no longer holds that passage (its document changed since it was retrieved).

    """
    same = [p for p in index.passages if p.doc_id == passage.doc_id]
    position = next((i for i, p in enumerate(same) if p.citation == passage.citation and p.text == passage.text), None)
    if position is None:
        return None
    return Context(same[max(0, position - around) : position], passage, same[position + 1 : position + 1 + around])


def document_file(index: Index, document: dict, corpus: Path | None = None) -> Path | None:
    """The file a document was read from, if it is still there.

    Its ``path`` is relative to the corpus folder recorded in the index's manifest; `corpus` (the app's
    ``RAG_CORPUS``) is tried next, for an index built elsewhere.
    """
    rel = Path(document.get("path") or "")
    if not rel.parts or rel.is_absolute() or ".." in rel.parts:
        return None
    folders = [Path(index.manifest.get("corpus") or "")] + ([Path(corpus)] if corpus else [])
    for folder in folders:
        if str(folder) and (folder / rel).is_file():
            return folder / rel
    return None


def pdf_page_image(path: Path, page: int, quotes: Sequence[str] = (), zoom: float = 1.5) -> bytes:
    """One page of a PDF as a PNG, with each of `quotes` highlighted where it is found on the page.

    Raises:
        DocumentError: The file cannot be opened as a PDF or has no such page.

    """
    import pymupdf

    try:
        pdf = pymupdf.open(path)
        sheet = pdf[page - 1]
    except Exception as exc:  # PyMuPDF raises its own errors and IndexError
        raise DocumentError(path, f"cannot show page {page} ({exc})") from exc
    for quote in quotes:
        quads = sheet.search_for(" ".join(quote.split()), quads=True)
        if quads:
            sheet.add_highlight_annot(quads)
    return sheet.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), annots=True).tobytes("png")


# ------------------------------------------------------------------------------------------- display

# Every ASCII punctuation character (HTML's & < > " ' included) becomes a numeric character reference, so
# that neither HTML nor Markdown nor Streamlit's ``$`` maths and ``:colour[…]`` directives can be formed.
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in string.punctuation})
_MARKDOWN = str.maketrans({c: f"\\{c}" for c in string.punctuation})


def escape_html(text: str) -> str:
    """`text` as inert HTML: every punctuation character as a character reference, line breaks as ``<br>``."""
    return text.translate(_INERT).replace("\n", "<br>")


def escape_markdown(text: str) -> str:
    """`text` as inert Markdown (for ``st.caption``, ``st.error`` and the like): punctuation backslash-escaped."""
    return " ".join(text.translate(_MARKDOWN).split())


def highlight(text: str, quote: str | None) -> str:
    """`text` as inert HTML, with each part of `quote` (parts joined by " … ") wrapped in ``<mark>``.

    Everything is escaped first; only the ``<mark>`` tags added here are markup.
    """
    escaped = escape_html(text)
    for part in (quote or "").split(" … "):
        part = escape_html(part.strip())
        if part:
            escaped = escaped.replace(part, f"<mark>{part}</mark>", 1)
    return escaped


# ------------------------------------------------------------------------------------------- feedback

VERDICTS = ("up", "down", "wrong passage")


def feedback_path(index_dir: Path) -> Path:
    """The feedback file: ``RAG_FEEDBACK``, else ``feedback.jsonl`` in the index folder.

    Builds delete only their own files (``passages-*``, ``vectors-*``, …), so feedback survives rebuilds.
    """
    return Path(os.environ.get("RAG_FEEDBACK") or Path(index_dir) / "feedback.jsonl")


def expected_passage(index: Index, text: str) -> dict:
    """What the user says the right passage is, as evaluation-set fields.

    Args:
        index: The index the citations refer to.
        text: A citation such as ``knowsley-2017 ¶43`` (several may be given), or words the right passage
            contains.

    Returns:
        ``{"relevant": [{"doc", "paragraph"}…], "evidence": […]}``; both empty if `text` says nothing usable.

    """
    text = " ".join(text.split())
    relevant: list[dict] = []
    evidence: list[str] = []
    by_citation = {p.citation.lower(): p for p in index.passages}
    for cited in re.findall(r"[\w-]+ ¶\s?\d+", text):
        passage = by_citation.get(cited.replace("¶ ", "¶").lower())
        if passage and passage.paragraph is not None:
            relevant.append({"doc": passage.doc_id, "paragraph": passage.paragraph})
    if not relevant and (passage := by_citation.get(text.lower())):  # an unnumbered passage: its opening words
        evidence.append(" ".join(passage.text.split()[:12]))
    elif not relevant and len(text.split()) >= 3:
        evidence.append(text)
    return {"relevant": relevant, "evidence": evidence}


def record_feedback(
    path: Path,
    answer: dict,
    verdict: str,
    note: str = "",
    expected: dict | None = None,
    context: dict | None = None,
) -> dict:
    """Append one verdict on an answer to the feedback file (JSON lines; the latest verdict on an answer wins).

    Args:
        path: The feedback file; created with its folder if missing.
        answer: The answer's ``Answer.as_dict()``.
        verdict: One of `VERDICTS`.
        note: The user's words.
        expected: For ``wrong passage``: the right passage as `expected_passage` gives it.
        context: How the answer was made: mode, number of passages, filters, index build.

    Returns:
        The record written.

    Raises:
        ValueError: Unknown `verdict`.

    """
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict '{verdict}' (one of {', '.join(VERDICTS)})")
    record = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "question": answer.get("question"),
        "verdict": verdict,
        "answer": answer.get("answer"),
        "supported": answer.get("supported"),
        "reason": answer.get("reason"),
        "citations": [
            {"citation": c.get("citation"), "doc_id": c.get("doc_id"), "quote": c.get("quote")}
            for c in answer.get("citations", [])
        ],
        "note": note,
        "expected": expected or {"relevant": [], "evidence": []},
        **(context or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return record


def read_feedback(path: Path) -> list[dict]:
    """All feedback records, oldest first; a line that is not JSON (a write cut short) is left out."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(json.JSONDecodeError):
            if isinstance(row := json.loads(line), dict):
                records.append(row)
    return records


def feedback_as_questions(records: list[dict]) -> tuple[str, int]:
    """The "wrong passage" verdicts as evaluation questions, in the JSONL format of ``eval/questions.jsonl``.

    Returns:
        The JSONL text, and how many verdicts were left out because they do not say which passage is right
        (an answerable evaluation question needs ``relevant`` or ``evidence``).

    """
    lines, left_out, seen = [], 0, set()
    for record in records:
        if record.get("verdict") != "wrong passage" or record.get("question") in seen:
            continue
        expected = record.get("expected") or {}
        if not (expected.get("relevant") or expected.get("evidence")):
            left_out += 1
            continue
        seen.add(record["question"])
        digest = hashlib.sha1(f"{record['question']}\0{record.get('time')}".encode()).hexdigest()[:8]
        row = {
            "id": f"feedback-{digest}",
            "question": record["question"],
            "relevant": expected.get("relevant") or [],
            "evidence": expected.get("evidence") or [],
            "answer_contains": [],
            "unanswerable": False,
            "tags": ["feedback"],
        }
        lines.append(json.dumps(row, ensure_ascii=False))
    return "".join(line + "\n" for line in lines), left_out
