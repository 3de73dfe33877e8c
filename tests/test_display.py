"""What the app shows, from rag.display: escaped text with the quoted sentence highlighted, a passage's neighbours,
the document's file, and a PDF page as a picture.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

from rag.display import document_file, escape_html, escape_markdown, highlight, passage_context, pdf_page_image
from rag.store import Index


def test_escaping_leaves_no_markup_but_the_highlight():
    text = "A <b>bold</b> [link](http://x) ![img](http://y) $x$ :red[z]\nThe quoted part here."
    marked = highlight(text, "The quoted part here.")
    assert html.unescape(re.sub(r"</?mark>", "", marked).replace("<br>", "\n")) == text
    assert re.sub(r"&#\d+;", "", marked).count("<") == 3  # <br>, <mark>, </mark>
    assert "<mark>The quoted part here&#46;</mark>" in marked
    assert escape_html("a\nb") == "a<br>b"
    assert escape_markdown("![x](y) *z*") == r"\!\[x\]\(y\) \*z\*"


def test_passage_context_and_the_document_file(app_env, tmp_path):
    corpus, index_dir = app_env
    index = Index.load(index_dir)
    p43 = next(p for p in index.passages if p.citation == "knowsley-2017 ¶43")
    context = passage_context(index, p43)
    assert [p.paragraph for p in context.before] == [42] and [p.paragraph for p in context.after] == [44]
    gone = type(p43)(**{**p43.__dict__, "text": "changed since"})
    assert passage_context(index, gone) is None
    doc = index.document("knowsley-2017")
    assert document_file(index, doc, corpus) == Path(index.manifest["corpus"]) / doc.path  # where it was read
    index.manifest["corpus"] = str(tmp_path / "moved")
    assert document_file(index, doc, corpus) == corpus / "knowsley-2017-ofsted-reinspection.txt"  # RAG_CORPUS
    assert document_file(index, replace(doc, path="../secrets.txt"), corpus) is None
    assert document_file(index, replace(doc, path="gone.txt"), corpus) is None

    import pymupdf

    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 90), "1. Care leavers have their health histories.", fontsize=11)
    pdf.save(tmp_path / "r.pdf")
    png = pdf_page_image(tmp_path / "r.pdf", 1, ["Care leavers have their health histories."])
    assert png.startswith(b"\x89PNG") and len(png) > 1000
