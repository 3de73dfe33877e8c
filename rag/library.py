"""What the app needs beyond asking: safe uploads into the corpus, a passage in its context, feedback.

No Streamlit here: the app calls these, and the tests call them directly.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rag.chunking import Passage
from rag.documents import SUPPORTED_SUFFIXES, DocumentError, corpus_files, read_document, slugify
from rag.store import Index

MAX_UPLOAD_BYTES = 25 * 2**20
UPLOAD_FOLDER = "uploads"


@dataclass(frozen=True)
class SavedUpload:
    """Where an upload went, or why it was not saved."""

    name: str
    path: Path | None
    message: str
    saved: bool


def save_upload(name: str, data: bytes, corpus: Path) -> SavedUpload:
    """Check an uploaded file by content and name, and save it into ``corpus/uploads`` under a safe name.

    The file is read as a document first (from a temporary copy), so a file that cannot be indexed is refused
    with the reason and the corpus is left unchanged. A file whose bytes are already in the corpus is not saved
    again; a different file with the same name gets a new name rather than replacing the old one.
    """
    base = Path(name.replace("\\", "/")).name  # no folders, no "..": only the last part of the name
    suffix = Path(base).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return SavedUpload(name, None, f"{name}: unsupported file type (use {', '.join(SUPPORTED_SUFFIXES)})", False)
    if len(data) > MAX_UPLOAD_BYTES:
        return SavedUpload(name, None, f"{name}: larger than {MAX_UPLOAD_BYTES // 2**20} MiB", False)
    stem = slugify(Path(base).stem)[:80] or "document"
    digest = hashlib.sha256(data).hexdigest()
    for existing in corpus_files(corpus) if corpus.is_dir() else []:
        if existing.stat().st_size == len(data) and hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
            rel = existing.relative_to(corpus)
            return SavedUpload(name, existing, f"{name} is already in the corpus as {rel}", False)
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / f"{stem}{suffix}"
        probe.write_bytes(data)
        try:
            read_document(probe, Path(tmp), stem)
        except DocumentError as exc:
            return SavedUpload(name, None, f"{name}: {exc.reason}", False)
    folder = corpus / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stem}{suffix}"
    number = 2
    while target.exists():
        target = folder / f"{stem}-{number}{suffix}"
        number += 1
    partial = target.with_name(f".{target.name}.part")
    partial.write_bytes(data)
    shutil.move(partial, target)
    return SavedUpload(name, target, f"saved {name} as {target.relative_to(corpus)}", True)


@dataclass(frozen=True)
class Context:
    """A passage with the passages around it in its document."""

    before: list[Passage]
    passage: Passage
    after: list[Passage]


def passage_context(index: Index, passage: Passage, around: int = 1) -> Context:
    """The `around` passages before and after `passage` in the same document."""
    same = [p for p in index.passages if p.doc_id == passage.doc_id]
    position = next(i for i, p in enumerate(same) if p.citation == passage.citation)
    return Context(same[max(0, position - around) : position], passage, same[position + 1 : position + 1 + around])


def highlight(text: str, quote: str | None) -> str:
    """`text` escaped for HTML, with each part of `quote` (joined by " … ") wrapped in ``<mark>``."""
    escaped = html.escape(text)
    for part in (quote or "").split(" … "):
        part = part.strip()
        if part:
            escaped = escaped.replace(html.escape(part), f"<mark>{html.escape(part)}</mark>", 1)
    return escaped.replace("$", "&#36;").replace("\n", "<br>")  # "$" would start Streamlit's LaTeX


def feedback_path(index_dir: Path) -> Path:
    """The feedback file: beside the index's build files, kept across rebuilds."""
    return Path(index_dir) / "feedback.jsonl"


def record_feedback(path: Path, question: str, answer: dict, verdict: str, note: str = "") -> dict:
    """Append one verdict (``up``, ``down`` or ``wrong passage``) on an answer to the feedback file."""
    record = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "question": question,
        "verdict": verdict,
        "note": note,
        "answer": answer.get("answer"),
        "supported": answer.get("supported"),
        "citations": [c.get("citation") for c in answer.get("citations", [])],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return record


def read_feedback(path: Path) -> list[dict]:
    """All feedback records, oldest first."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def feedback_as_questions(records: list[dict]) -> str:
    """Verdicts of "wrong passage" as evaluation questions (JSONL), to be completed with the right evidence."""
    lines = []
    for n, record in enumerate(r for r in records if r["verdict"] == "wrong passage"):
        evidence = [record["note"]] if record.get("note") else []
        lines.append(
            json.dumps(
                {
                    "id": f"feedback-{n + 1:03d}",
                    "question": record["question"],
                    "relevant": [],
                    "evidence": evidence,
                    "answer_contains": [],
                    "unanswerable": False,
                    "tags": ["feedback"],
                },
                ensure_ascii=False,
            )
        )
    return "\n".join(lines) + ("\n" if lines else "")
