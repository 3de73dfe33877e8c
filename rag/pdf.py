"""PDF text with page numbers, without running headers, footers and page numbers.

PyMuPDF gives the text blocks of each page with their positions. Blocks in the top and bottom margins that
are page numbers or repeat on other pages are dropped; the lines of a block are re-joined into one paragraph;
blocks side by side (a heading and its judgement) become one line separated by a tab, and touching
blocks (a bullet's first line and the rest) one paragraph. Paragraphs that run
across a page break are re-joined by the chunker, which treats every format alike.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from rag.documents import DocumentError, clean_text

MARGIN = 62  # points: running headers and footers of Ofsted reports sit within ~55 pt of the page edge
BULLETS = "\uf06e\uf0a7\uf0b7\uf0d8\uf076\uf0fc\u25fc\u25aa\u25a0\u2022\u25cf\u2023\u2043\u25e6\u27a2"
_BULLET_RE = re.compile(rf"^\s*[{BULLETS}\uf000-\uf0ff]\s*")  # Symbol-font glyphs map to U+F0xx


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
        pages = [_page_blocks(page) for page in pdf]
    except Exception as exc:
        raise DocumentError(path, f"damaged PDF ({exc})") from exc
    pages = _drop_running_lines(pages)
    text, starts = "", []
    for blocks in pages:
        starts.append(len(text) + (2 if text else 0))
        page_text = "\n\n".join(blocks)
        text = f"{text}\n\n{page_text}" if text else page_text
    if not re.search(r"[A-Za-z]{3}.*[A-Za-z]{3}", text):
        raise DocumentError(path, "no text layer in the PDF (a scanned image?); run OCR on it first")
    return text, tuple(starts)


def _page_blocks(page) -> list[tuple[float, float, str]]:
    """(top, bottom, text) of each text block of `page`, in reading order, lines re-joined."""
    height = page.rect.height
    blocks = []
    for x0, y0, _x1, y1, raw, _no, kind in page.get_text("blocks", sort=True):
        if kind != 0:
            continue
        text = _join_lines(raw)
        if not text:
            continue
        blocks.append([y0, y1, x0, text])
    merged: list[list] = []
    for block in blocks:  # blocks side by side: a heading and its judgement, a table row
        prev = merged[-1] if merged else None
        if prev and block[2] > prev[2] + 20 and block[0] < prev[1] - 2 and abs(block[0] - prev[0]) < 12:
            prev[3] = f"{prev[3]}\t{block[3]}"
            prev[1] = max(prev[1], block[1])
        elif prev and abs(block[0] - prev[1]) < 3 and not prev[3].endswith((".", ":")):
            prev[3] = f"{prev[3]} {block[3]}"  # touching blocks: one paragraph split by a bullet glyph
            prev[1] = block[1]
        else:
            merged.append(block)
    return [(y0 / height, y1 / height, text) for y0, y1, _x0, text in merged]


def _join_lines(raw: str) -> str:
    """One paragraph from a block's lines: hard wraps become spaces, soft hyphens go, bullets become •."""
    lines = [line.strip() for line in clean_text(raw).split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        line = _BULLET_RE.sub("• ", line)
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -") and line[:1].islower():
            out += line  # a word broken at a hyphen: multi-\nagency
        else:
            out += " " + line
    return " ".join(out.split(" ")).strip()


def _drop_running_lines(pages: list[list[tuple[float, float, str]]]) -> list[list[str]]:
    """Drop page numbers and repeated headers and footers from the page margins."""
    margin = MARGIN / 842

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.lower()).strip()

    repeats = Counter(
        key(text) for blocks in pages for top, bottom, text in blocks if top < margin or bottom > 1 - margin
    )
    kept = []
    for blocks in pages:
        page = []
        for top, bottom, text in blocks:
            in_margin = bottom < margin + 0.02 or top > 1 - margin
            if in_margin and (re.fullmatch(r"(page\s*)?\d+(\s*of\s*\d+)?", text.lower()) or repeats[key(text)] > 1):
                continue
            page.append(text)
        kept.append(page)
    return kept
