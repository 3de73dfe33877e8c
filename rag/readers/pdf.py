"""PDF text with page numbers, without running headers, footers and page numbers.

PyMuPDF gives the text lines of each page with their positions. Lines in the top and bottom margins that
are page numbers or repeat on other pages are dropped. Lines are re-joined into paragraphs, which break at
blank lines, vertical gaps, bullets and paragraph numbers; lines side by side (a heading and its judgement,
a paragraph number and its text) become one line. Paragraphs that run across a page break are re-joined by
the chunker, which treats every format alike.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rag.errors import DocumentError
from rag.text import clean_text

MARGIN = 62  # points: running headers and footers of Ofsted reports sit within ~55 pt of the page edge
BULLETS = "\uf06e\uf0a7\uf0b7\uf0d8\uf076\uf0fc\u25fc\u25aa\u25a0\u2022\u25cf\u2023\u2043\u25e6\u27a2"
_BULLET_RE = re.compile(rf"^\s*[{BULLETS}\uf000-\uf0ff]\s*")  # Symbol-font glyphs map to U+F0xx
_FOOTNOTE = re.compile(r"\d{1,2} [A-Z‘“]")  # "1 The areas for improvement …": a footnote, its mark first


def pdf_to_text(data: bytes, path: Path) -> tuple[str, tuple[int, ...]]:
    """The text of a PDF and the offset where each page starts.

    Raises:
        DocumentError: The bytes are not a PDF (an HTML error page saved as ``.pdf``, say), the PDF is
            damaged or encrypted, or it has no text layer (a scanned image).

    """
    import pymupdf

    if not data.lstrip()[:5].startswith(b"%PDF"):
        head = data[:512].lstrip().lower()
        what = "an HTML page" if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head else "not a PDF"
        raise DocumentError(path, f"not a PDF: the file is {what} saved under a .pdf name")
    try:
        pdf = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises its own FileDataError and plain RuntimeErrors
        raise DocumentError(path, f"damaged PDF ({exc})") from exc
    if pdf.needs_pass:
        raise DocumentError(path, "the PDF is encrypted with a password")
    try:
        pages = [_page_lines(page) for page in pdf.pages()]
    except Exception as exc:
        raise DocumentError(path, f"damaged PDF ({exc})") from exc
    if pdf.is_repaired and b"%%EOF" not in data[-1024:]:  # a download cut short: PyMuPDF patches what it finds
        read = sum(1 for lines in pages if any(line.text for line in lines))
        got = f"{read} of its {len(pages)} pages read, text may be missing" if pages else "no page could be read"
        raise DocumentError(path, f"the PDF ends early (cut short?): {got}; download it again")
    pages = _drop_running_lines(pages)
    text, starts = "", []
    for paragraphs in _footnotes_after_breaks([_paragraphs(lines) for lines in pages]):
        starts.append(len(text) + (2 if text else 0))
        page_text = "\n\n".join(paragraphs)
        text = f"{text}\n\n{page_text}" if text else page_text
    if not re.search(r"[A-Za-z]{3}.*[A-Za-z]{3}", text):
        raise DocumentError(path, "no text layer in the PDF (a scanned image?); run OCR on it first")
    return text, tuple(starts)


@dataclass
class _Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str  # stripped; "" for a blank line, which separates paragraphs
    bold: bool = False


def _page_lines(page) -> list[_Line]:
    """The text lines of `page` in reading order, positions as fractions of the page size."""
    width, height = page.rect.width, page.rect.height
    lines = []
    for block in page.get_text("dict", sort=True)["blocks"]:
        for line in block.get("lines", ()):
            text = clean_text("".join(span["text"] for span in line["spans"] if not _footnote_mark(span)))
            x0, y0, x1, y1 = line["bbox"]
            spans = [span for span in line["spans"] if span["text"].strip()]
            bold = bool(spans) and all(span["flags"] & 16 or "bold" in span["font"].lower() for span in spans)
            lines.append(_Line(x0 / width, y0 / height, x1 / width, y1 / height, " ".join(text.split()), bold))
    return lines


def _footnote_mark(span: dict) -> bool:
    """A superscript number after a word ("Children Board¹"): a footnote's mark, not part of the text."""
    return bool(span["flags"] & 1) and span["text"].strip().isdigit()


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Paragraphs of one page from its lines.

    A new paragraph starts after a blank line or a vertical gap, where the weight changes (a bold heading and
    the text under it), at a bullet, and at a paragraph number (``4.`` alone on its line, with the text
    beside it). Lines side by side become one line separated by a
    tab (a heading and its judgement, a table row); a paragraph number beside its text is joined by a space.
    """
    paragraphs: list[str] = []
    current = ""
    prev: _Line | None = None
    for line in lines:
        if not line.text:
            if current:
                paragraphs.append(current)
            current, prev = "", None
            continue
        text = _BULLET_RE.sub("• ", line.text)
        if prev is not None and abs(line.y0 - prev.y0) < 0.004 and line.x0 > prev.x1 - 0.002:
            joiner = " " if re.fullmatch(r"\d{1,3}\.", prev.text) else "\t"
            current = f"{current}{joiner}{text}"
        elif prev is None or _starts_paragraph(prev, line, text):
            if current:
                paragraphs.append(current)
            current = text
        else:
            current = _join(current, text)
        prev = line
    if current:
        paragraphs.append(current)
    return paragraphs


def _footnotes_after_breaks(pages: list[list[str]]) -> list[list[str]]:
    """`pages` (each a list of paragraphs), a page's footnotes moved past the paragraph the next page finishes.

    A paragraph that runs over a page break has the page's footnotes ("1 The areas for improvement have been
    cross-referenced …") between its halves; after them, its second half ("experiences and helps children …")
    could not be re-joined to it. The footnotes then count as the next page's.
    """
    pages = [list(paragraphs) for paragraphs in pages]
    for page, after in zip(pages, pages[1:], strict=False):
        notes = 0
        while notes < len(page) - 1 and _FOOTNOTE.match(page[-1 - notes]):
            notes += 1
        body = page[-1 - notes] if notes else ""
        if notes and after and after[0][:1].islower() and not body.rstrip().endswith((".", ":", ";", "?", "!")):
            after[1:1] = page[-notes:]
            del page[-notes:]
    return pages


def _starts_paragraph(prev: _Line, line: _Line, text: str) -> bool:
    height = max(prev.y1 - prev.y0, 0.01)
    gap = line.y0 - prev.y1
    return (
        gap > 0.45 * height
        or gap < -2 * height  # a new column, or a jump back up the page
        or line.bold != prev.bold  # a heading and the text under it
        or text.startswith("• ")
        or bool(re.fullmatch(r"\d{1,3}\.", text))
        or bool(
            re.match(r"\d{1,3}\.\s+[A-Z‘“'\"]", text)
            and (line.x0 < prev.x0 - 0.01 or prev.x1 < 0.7 or prev.text.endswith((".", ":", ";", "?", "!", ")")))
        )
    )


def _join(current: str, text: str) -> str:
    """Join a wrapped line to its paragraph: hyphenated words stay whole (``multi-`` + ``agency``)."""
    if current.endswith("-") and not current.endswith(" -") and text[:1].islower():
        return current + text
    return f"{current} {text}"


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Drop page numbers and repeated header and footer lines from the page margins."""
    margin = MARGIN / 842

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.lower()).strip()

    def in_margin(line: _Line) -> bool:  # a footer's or page number's lower edge is in the margin
        return bool(line.text) and (line.y1 < margin + 0.02 or line.y1 > 1 - margin)

    repeats = Counter(key(line.text) for lines in pages for line in lines if in_margin(line))
    kept = []
    for lines in pages:
        page = []
        for line in lines:
            if in_margin(line) and (
                re.fullmatch(r"(page\s*)?\d+(\s*of\s*\d+)?", line.text.lower()) or repeats[key(line.text)] > 1
            ):
                continue
            page.append(line)
        kept.append(page)
    return kept
