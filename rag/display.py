"""What the app shows around an answer: a passage in its document, its file and page, and safe text.

Text is made safe to display (HTML and Markdown escaped) with the quoted sentence marked.

No Streamlit here: the app calls these functions and the tests call them directly.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.chunking import Passage
from rag.documents import Document
from rag.errors import DocumentError
from rag.store import Index


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
    same = index.passages_of(passage.doc_id)
    position = next((i for i, p in enumerate(same) if p.citation == passage.citation and p.text == passage.text), None)
    if position is None:
        return None
    return Context(same[max(0, position - around) : position], passage, same[position + 1 : position + 1 + around])


def document_file(index: Index, document: Document, corpus: Path | None = None) -> Path | None:
    """The file a document was read from, if it is still there.

    Its ``path`` is relative to the corpus folder recorded in the index's manifest; `corpus` (the app's
    ``RAG_CORPUS``) is tried next, for an index built elsewhere.
    """
    rel = Path(document.path or "")
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
