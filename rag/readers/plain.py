"""Plain text and Markdown: UTF-8, UTF-16 or UTF-32 (each with a byte-order mark), else Windows-1252.

UTF-8 may also come without the mark; binary data is refused.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from rag.errors import DocumentError

_BINARY = "binary data, not text (is the file name's extension right?)"


_BOMS = (  # longest first: UTF-32's little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16/32 with a BOM, else Windows-1252; refuse binary data."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding:  # Notepad's "Unicode": its zero bytes are text, not binary
        try:
            data = data.decode(encoding).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(path, f"starts as {encoding.upper()} text but is not ({exc.reason})") from exc
    if b"\0" in data[:8192] or data[:4] in (b"%PDF", b"PK\x03\x04") or data[:3] == b"\xff\xd8\xff":
        raise DocumentError(path, _BINARY)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 8192) or text[:8192].count("\ufffd") > 0.01 * min(len(text), 8192):
        raise DocumentError(path, _BINARY)
    return text
