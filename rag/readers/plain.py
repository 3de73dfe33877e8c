"""Plain text and Markdown: UTF-8 (with or without a byte-order mark), else Windows-1252; binary data refused."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from rag.errors import DocumentError

_BINARY = "binary data, not text (is the file name's extension right?)"


def decode_text(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252; refuse binary data."""
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
