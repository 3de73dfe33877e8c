"""Readers, one per file format: a file's bytes become text whose paragraphs are separated by blank lines.

PDFs also give the offset where each page starts.

A file that is not what its name says, or holds no text, raises `rag.errors.DocumentError` naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rag.errors import DocumentError
from rag.readers.office import docx_to_text
from rag.readers.pdf import pdf_to_text
from rag.readers.plain import decode_text
from rag.readers.web import html_to_text
from rag.text import clean_text

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm", ".docx")


@dataclass(frozen=True)
class FileText:
    """The text read from one file.

    Attributes:
        text: Paragraphs separated by blank lines.
        page_starts: Offsets in `text` where each PDF page starts (empty for other formats).

    """

    text: str
    page_starts: tuple[int, ...] = ()


def read_file(path: Path, data: bytes) -> FileText:
    """The text of a file of any supported format, chosen by its suffix.

    Raises:
        DocumentError: An unsupported suffix, or bytes that are not of the format.

    """
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return FileText(clean_text(decode_text(data, path)))
    if suffix in (".html", ".htm"):
        return FileText(clean_text(html_to_text(decode_text(data, path))))
    if suffix == ".pdf":
        text, page_starts = pdf_to_text(data, path)
        return FileText(text, page_starts)
    if suffix == ".docx":
        return FileText(clean_text(docx_to_text(data, path)))
    raise DocumentError(path, f"unsupported file type '{suffix}' (supported: {', '.join(SUPPORTED_SUFFIXES)})")
