"""Reading documents: files of the corpus and their catalog entries become `Document`s.

Formats: ``.txt``, ``.md``, ``.pdf``, ``.html``/``.htm`` and ``.docx``. Each reader returns plain text whose
paragraphs are separated by blank lines; PDFs also record where each page starts, with running headers,
footers and page numbers removed. A file that cannot be read raises `DocumentError` naming it and why.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rag.councils import find_councils

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm", ".docx")
CATALOG_NAME = "catalog.toml"
FOLDER_NOTES = {"README.MD", "README.TXT", "CATALOG.MD", "SOURCES.MD"}  # describe a folder; not documents
KINDS = ("inspection report", "news", "council statement", "other")
MAX_FILE_BYTES = 50 * 1024 * 1024


class DocumentError(Exception):
    """A file of the corpus that cannot be read; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """One document of the corpus, with its text and metadata.

    Attributes:
        doc_id: Stable id, used in citations (``knowsley-2017``).
        path: Path relative to the corpus folder, with forward slashes.
        title: Title from the catalog or the first line of the text.
        kind: One of `KINDS`.
        date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or ``None`` when unknown.
        text: The document's text; paragraphs separated by blank lines.
        page_starts: Offsets in `text` where each PDF page starts (empty for other formats).
        content_hash: SHA-256 of the file's bytes and its catalog entry.

    """

    doc_id: str
    path: str
    title: str
    kind: str
    date: str | None
    text: str
    content_hash: str
    publisher: str | None = None
    authorities: tuple[str, ...] = ()
    source: str | None = None
    inspection_dates: str | None = None
    label: str = ""  # citation prefix: the id, or "barnsley-2023" for an uncatalogued Ofsted report
    inspection: dict | None = None  # framework, type, dates, lead inspector, grades (see rag.ofsted)
    page_starts: tuple[int, ...] = field(default=(), repr=False)

    def page_at(self, offset: int) -> int | None:
        """The 1-based PDF page that holds character `offset`, or ``None`` for non-PDF documents."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))

    def metadata(self) -> dict:
        """The document's metadata as a JSON-ready dict (everything but the text)."""
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
            "label": self.label or self.doc_id,
            "inspection": self.inspection,
            "content_hash": self.content_hash,
            "pages": len(self.page_starts) or None,
        }


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


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: ``"Knowsley/Report - 13 June"`` → ``knowsley-report-13-june``."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"['’]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "document"


def content_hash(data: bytes, entry: dict | None) -> str:
    """SHA-256 of a file's bytes and its catalog entry: a change to either re-indexes the document."""
    catalog_bytes = json.dumps(entry or {}, sort_keys=True, default=str).encode()
    return hashlib.sha256(data + b"\0" + catalog_bytes).hexdigest()


def read_document(path: Path, corpus: Path, doc_id: str, entry: dict | None = None) -> Document:
    """Read one file into a `Document`, with metadata from its catalog `entry` or guessed from the text.

    Raises:
        DocumentError: The file is empty, not of its format, has no text, or cannot be parsed.

    """
    entry = entry or {}
    data = path.read_bytes()
    if not data.strip():
        raise DocumentError(path, "empty file")
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(path, f"larger than {MAX_FILE_BYTES // 2**20} MiB")
    suffix = path.suffix.lower()
    page_starts: tuple[int, ...] = ()
    if suffix in (".txt", ".md"):
        text = clean_text(decode_text(data, path))
    elif suffix in (".html", ".htm"):
        text = clean_text(html_to_text(decode_text(data, path)))
    elif suffix == ".pdf":
        from rag.pdf import pdf_to_text

        text, page_starts = pdf_to_text(data, path)
    elif suffix == ".docx":
        text = clean_text(docx_to_text(data, path))
    else:
        raise DocumentError(path, f"unsupported file type '{suffix}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    if len(re.findall(r"[A-Za-z]{2,}", text)) < 5:
        raise DocumentError(path, "no readable text in the file")
    from rag.ofsted import inspection_metadata

    rel = path.relative_to(corpus).as_posix()
    kind = entry.get("kind") or guess_kind(text, path)
    inspection = inspection_metadata(text, path.name) if kind == "inspection report" else None
    council = inspection.local_authority if inspection else None
    title = entry.get("title") or (_report_title(inspection) if council else guess_title(text, path))
    authorities = entry.get("authorities") or ([council] if council else find_councils(title + "\n" + text[:400]))
    label = doc_id
    if not entry.get("id") and council and (inspection.published or inspection.end):
        label = f"{slugify(council)}-{(inspection.published or inspection.end)[:4]}"
    return Document(
        doc_id=doc_id,
        path=rel,
        title=title,
        kind=kind,
        date=str(entry["date"])
        if entry.get("date")
        else (inspection and inspection.published) or guess_date(text, path),
        text=text,
        content_hash=content_hash(data, entry),
        publisher=entry.get("publisher") or ("Ofsted" if kind == "inspection report" else None),
        authorities=tuple(authorities),
        source=entry.get("source"),
        inspection_dates=entry.get("inspection_dates") or (inspection and inspection.inspection_dates),
        label=label,
        inspection=inspection.as_dict() if inspection else None,
        page_starts=page_starts,
    )


def _report_title(inspection) -> str:
    """``Barnsley: ILACS standard inspection of children's services, 11 to 15 September 2023``."""
    kind = inspection.inspection_type or "inspection"
    what = f"{kind} inspection" if kind.startswith("ILACS") else kind  # SIF (re-)inspection, focused visit, …
    dates = f", {inspection.inspection_dates}" if inspection.inspection_dates else ""
    return f"{inspection.local_authority}: {what} of children's services{dates}"


# ------------------------------------------------------------------------------------------ decoding


def decode_text(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252; refuse binary data."""
    if b"\0" in data[:8192] or data[:4] in (b"%PDF", b"PK\x03\x04") or data[:3] == b"\xff\xd8\xff":
        raise DocumentError(path, "binary data, not text (is the file name's extension right?)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 8192) or text[:8192].count("\ufffd") > 0.01 * min(len(text), 8192):
        raise DocumentError(path, "binary data, not text (is the file name's extension right?)")
    return text


def clean_text(text: str) -> str:
    """Normalise line ends, ligatures and soft hyphens; keep paragraphs and tabs as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00ad", "").replace("\ufb01", "fi").replace("\ufb02", "fl").replace("\ufb00", "ff")
    text = text.replace("\ufb03", "ffi").replace("\ufb04", "ffl").replace("\u00a0", " ")
    text = re.sub(r"[ \u2000-\u200b]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_text(html: str) -> str:
    """The main text of an HTML page: no scripts, styles, menus, headers or footers; one block a paragraph."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"]):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks = []
    for el in root.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "pre", "blockquote"]):
        if el.find(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6"]):
            continue  # a container: its children are taken on their own
        words = " ".join(el.get_text(" ").split())
        if words:
            blocks.append(("- " if el.name == "li" else "") + words)
    if not blocks:
        blocks = [line.strip() for line in root.get_text("\n").splitlines() if line.strip()]
    return "\n\n".join(blocks)


def docx_to_text(data: bytes, path: Path) -> str:
    """The paragraphs of a Word document, one block each."""
    import io
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(path, f"not a valid .docx file ({exc.__class__.__name__})") from exc
    blocks = []
    for para in document.paragraphs:
        words = para.text.strip()
        if words:
            style = (para.style.name or "").lower() if para.style is not None else ""
            blocks.append(("- " if "list" in style else "") + words)
    return "\n\n".join(blocks)


# ------------------------------------------------------------------------------------------ guessing

MONTHS = "january february march april may june july august september october november december".split()
_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)


def parse_date(text: str) -> str | None:
    """The first ``13 June 2017``-style date in `text` as ``2017-06-13``."""
    match = _DATE.search(text)
    if not match:
        return None
    day, month, year = match.groups()
    return f"{year}-{MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"


def guess_title(text: str, path: Path) -> str:
    """The first line of the text that looks like a title, else the file name."""
    for line in text.splitlines()[:15]:
        line = re.split(r"\s+Inspection dates?:", " ".join(line.split()))[0]
        if 3 <= len(line) <= 200 and re.search(r"[A-Za-z]{3}", line):
            return line
    return path.stem


def guess_kind(text: str, path: Path) -> str:
    """``inspection report`` for Ofsted inspection and visit reports, else ``other``."""
    from rag.ofsted import is_ofsted_report

    if is_ofsted_report(text) or ("ofsted" in text[:3000].lower() and "inspection" in path.name.lower()):
        return "inspection report"
    return "other"


def guess_date(text: str, path: Path) -> str | None:
    """Publication date from ``Report published:``, the file name, or the first date in the text."""
    published = re.search(r"(?:report )?published:?\s*(.{6,30})", text[:3000], re.IGNORECASE)
    if published and (date := parse_date(published.group(1))):
        return date
    return parse_date(path.stem) or parse_date(text[:3000])
