"""Documents: the typed model of a document and its text, the corpus walk, the catalog and document ids.

`read_document` reads one file (through `rag.readers`) into a `Document` (its metadata, guessed from the
text where the catalog says nothing, inspection metadata from `rag.ofsted`) and a `DocumentText`.
A file that cannot be read raises `rag.errors.DocumentError` naming it and why.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.councils import find_councils
from rag.errors import DocumentError
from rag.ofsted import PUBLISHED, Inspection, inspection_metadata, is_ofsted_report
from rag.readers import read_file
from rag.text import name_key, parse_date, slugify

CATALOG_NAME = "catalog.toml"
FOLDER_NOTES = {"README.MD", "README.TXT", "CATALOG.MD", "SOURCES.MD"}  # describe a folder; not documents
KINDS = ("inspection report", "news", "council statement", "other")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """One document of the corpus: its metadata, everything but the text.

    Attributes:
        doc_id: Stable id (``knowsley-2017``).
        path: Path relative to the corpus folder, with forward slashes.
        title: Title from the catalog or the first line of the text.
        kind: One of `KINDS`.
        date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or ``None`` when unknown.
        content_hash: SHA-256 of the file's bytes and its catalog entry.
        publisher: Who published it (``Ofsted`` for inspection reports).
        authorities: The councils it is about, canonical names.
        source: Where it came from (a web address), from the catalog.
        inspection_dates: The inspection's dates as the report gives them.
        label: Citation prefix: the id, or ``barnsley-2023`` for an uncatalogued Ofsted report.
        inspection: Framework, type, dates, lead inspector and grades, for inspection reports.
        pages: Pages of a PDF, else ``None``.
        passages: Passages the chunker cut from it (0 until it is chunked).

    """

    doc_id: str
    path: str
    title: str
    kind: str
    date: str | None
    content_hash: str
    publisher: str | None = None
    authorities: tuple[str, ...] = ()
    source: str | None = None
    inspection_dates: str | None = None
    label: str = ""
    inspection: Inspection | None = None
    pages: int | None = None
    passages: int = 0

    @property
    def cited_as(self) -> str:
        """The prefix of this document's citations: its label, else its id."""
        return self.label or self.doc_id

    def is_about(self, councils: Iterable[str]) -> bool:
        """Whether any of `councils` is among the councils this document is about (spelling aside)."""
        return bool(council_keys(councils) & council_keys(self.authorities))

    @property
    def when(self) -> str:
        """The date it is known by: its inspection's start, else its publication date; empty when it has neither.

        A report inspected in December 2021 and published in 2022 is the 2021 inspection to its users.
        """
        return (self.inspection.start if self.inspection else None) or self.date or ""

    def years(self) -> set[int]:
        """The years of its publication and of its inspection."""
        dates = [self.date] + ([self.inspection.start, self.inspection.end] if self.inspection else [])
        return {int(d[:4]) for d in dates if d and d[:4].isdigit()}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, as the index's manifest stores it."""
        return {
            "doc_id": self.doc_id,
            "path": self.path,
            "title": self.title,
            "kind": self.kind,
            "date": self.date,
            "publisher": self.publisher,
            "authorities": list(self.authorities),
            "source": self.source,
            "inspection_dates": self.inspection_dates,
            "label": self.cited_as,
            "inspection": self.inspection.as_dict() if self.inspection else None,
            "content_hash": self.content_hash,
            "pages": self.pages,
            "passages": self.passages,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """The document from its `as_dict` form.

        Raises:
            KeyError: A field every document has is missing.

        """
        inspection = data.get("inspection")
        return cls(
            doc_id=data["doc_id"],
            path=data["path"],
            title=data["title"],
            kind=data["kind"],
            date=data.get("date"),
            content_hash=data["content_hash"],
            publisher=data.get("publisher"),
            authorities=tuple(data.get("authorities") or ()),
            source=data.get("source"),
            inspection_dates=data.get("inspection_dates"),
            label=data.get("label") or data["doc_id"],
            inspection=Inspection.from_dict(inspection) if inspection else None,
            pages=data.get("pages"),
            passages=int(data.get("passages") or 0),
        )


@dataclass(frozen=True)
class DocumentText:
    """A document's text: paragraphs separated by blank lines, and where each PDF page starts.

    Attributes:
        text: The text as the reader gave it.
        page_starts: Offsets in `text` where each PDF page starts (empty for other formats).

    """

    text: str
    page_starts: tuple[int, ...] = field(default=(), repr=False)

    def page_at(self, offset: int) -> int | None:
        """The 1-based PDF page that holds character `offset`, or ``None`` for non-PDF documents."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


def council_keys(councils: Iterable[str]) -> set[str]:
    """Council names as they compare: case, hyphens and "&" aside (`rag.text.name_key`)."""
    return {name_key(council) for council in councils}


def covered_councils(documents: Iterable[Document]) -> set[str]:
    """The councils that `documents` are about, by their canonical names."""
    return {council for doc in documents for council in doc.authorities}


# --------------------------------------------------------------------------------------------- corpus


def corpus_files(corpus: Path) -> list[Path]:
    """The document files under `corpus` (following linked folders), sorted.

    Hidden files, the catalog and a folder's notes about itself (README, CATALOG.md, SOURCES.md) are left out.
    """
    if not corpus.is_dir():
        raise DocumentError(corpus, "corpus folder not found")
    files = []
    seen: set[str] = set()
    for folder, dirs, names in os.walk(corpus, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:  # a link back up the tree
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or name == CATALOG_NAME or name.upper() in FOLDER_NOTES:
                continue
            files.append(Path(folder) / name)
    return sorted(files, key=lambda path: path.relative_to(corpus).as_posix())


def load_catalog(corpus: Path) -> dict[str, dict]:
    """Catalog entries of `corpus/catalog.toml`, keyed by file path relative to the corpus.

    Raises:
        DocumentError: The catalog is not valid TOML, or an entry lacks ``file`` or has an unknown kind.

    """
    path = corpus / CATALOG_NAME
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DocumentError(path, f"not a valid catalog: {exc}") from exc
    entries = {}
    for number, entry in enumerate(data.get("document", []), 1):
        if "file" not in entry:
            raise DocumentError(path, f"document entry {number} has no 'file' field")
        if entry.get("kind", "other") not in KINDS:
            raise DocumentError(path, f"document entry {number} ({entry['file']}): kind must be one of {KINDS}")
        entries[entry["file"]] = entry
    return entries


def document_ids(files: list[Path], corpus: Path, catalog: dict[str, dict]) -> dict[Path, str]:
    """A stable, unique id for each file: the catalog's, else a slug of its path relative to the corpus."""
    ids: dict[Path, str] = {}
    taken: set[str] = set()
    for path in files:
        rel = path.relative_to(corpus).as_posix()
        entry = catalog.get(rel, {})
        doc_id = entry.get("id") or slugify(str(Path(rel).with_suffix("")))
        if doc_id in taken:
            doc_id = slugify(rel)
        taken.add(doc_id)
        ids[path] = doc_id
    return ids


def content_hash(data: bytes, entry: dict | None) -> str:
    """SHA-256 of a file's bytes and its catalog entry: a change to either re-indexes the document."""
    catalog_bytes = json.dumps(entry or {}, sort_keys=True, default=str).encode()
    return hashlib.sha256(data + b"\0" + catalog_bytes).hexdigest()


def read_document(
    path: Path, corpus: Path, doc_id: str, entry: dict | None = None, data: bytes | None = None
) -> tuple[Document, DocumentText]:
    """Read one file into a `Document` and its `DocumentText`, metadata from its catalog `entry` or the text.

    Args:
        path: The file.
        corpus: The corpus folder it is in.
        doc_id: Its id.
        entry: Its catalog entry, if any.
        data: Its bytes, when already read (on a cluster, sent to the worker with the job); else read from `path`.

    Raises:
        DocumentError: The file is empty, too large, not of its format, has no text, or cannot be parsed.

    """
    entry = entry or {}
    data = path.read_bytes() if data is None else data
    if not data.strip():
        raise DocumentError(path, "empty file")
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(path, f"larger than {MAX_FILE_BYTES // 2**20} MiB")
    read = read_file(path, data)
    text = read.text
    if len(re.findall(r"[A-Za-z]{2,}", text)) < 5:
        raise DocumentError(path, "no readable text in the file")
    kind = entry.get("kind") or guess_kind(text, path)
    inspection = inspection_metadata(text, path.name) if kind == "inspection report" else None
    council = inspection.local_authority if inspection else None
    title = entry.get("title") or (_report_title(inspection) if inspection and council else guess_title(text, path))
    authorities = entry.get("authorities") or ([council] if council else find_councils(title + "\n" + text[:400]))
    label = doc_id
    if not entry.get("id") and inspection and council and (inspection.published or inspection.end):
        label = f"{slugify(council)}-{(inspection.published or inspection.end or '')[:4]}"
    date: str | None
    if entry.get("date"):
        date = str(entry["date"])
    else:
        date = (inspection.published if inspection else None) or guess_date(text, path)
    document = Document(
        doc_id=doc_id,
        path=path.relative_to(corpus).as_posix(),
        title=title,
        kind=kind,
        date=date,
        content_hash=content_hash(data, entry),
        publisher=entry.get("publisher") or ("Ofsted" if kind == "inspection report" else None),
        authorities=tuple(authorities),
        source=entry.get("source"),
        inspection_dates=entry.get("inspection_dates") or (inspection.inspection_dates if inspection else None),
        label=label,
        inspection=inspection,
        pages=len(read.page_starts) or None,
    )
    return document, DocumentText(text, read.page_starts)


def _report_title(inspection: Inspection) -> str:
    """``Barnsley: ILACS standard inspection of children's services, 11 to 15 September 2023``."""
    kind = inspection.inspection_type or "inspection"
    what = f"{kind} inspection" if kind.startswith("ILACS") else kind  # SIF (re-)inspection, focused visit, …
    dates = f", {inspection.inspection_dates}" if inspection.inspection_dates else ""
    return f"{inspection.local_authority}: {what} of children's services{dates}"


# ------------------------------------------------------------------------------------------ guessing


def guess_title(text: str, path: Path) -> str:
    """The first line of the text that looks like a title, else the file name."""
    for line in text.splitlines()[:15]:
        line = re.split(r"\s+Inspection dates?:", " ".join(line.split()))[0]
        if 3 <= len(line) <= 200 and re.search(r"[A-Za-z]{3}", line):
            return line
    return path.stem


def guess_kind(text: str, path: Path) -> str:
    """``inspection report`` for Ofsted inspection and visit reports, else ``other``."""
    if is_ofsted_report(text) or ("ofsted" in text[:3000].lower() and "inspection" in path.name.lower()):
        return "inspection report"
    return "other"


def guess_date(text: str, path: Path) -> str | None:
    """Publication date from ``Report published:``, the file name, or the first date in the text."""
    published = PUBLISHED.search(text[:3000])
    if published and (date := parse_date(published.group(1))):
        return date
    return parse_date(path.stem) or parse_date(text[:3000])
