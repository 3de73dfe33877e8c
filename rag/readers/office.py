"""Word documents (.docx): their paragraphs, list items marked as bullets."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from rag.errors import DocumentError


def docx_to_text(data: bytes, path: Path) -> str:
    """The paragraphs of a Word document, one block each."""
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
