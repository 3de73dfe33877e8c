"""Reading each format, guessing metadata for uncatalogued files, and clear errors for bad input."""

from __future__ import annotations

import shutil

import pytest

from rag.documents import corpus_files, document_ids, load_catalog, read_document
from rag.errors import DocumentError

REPORT_LIKE = (
    "Inspection of Testshire local authority children’s services\n\n"
    "Inspection dates: 3 to 14 March 2025\n\n"
    "Lead inspector: Jo Bloggs, His Majesty’s Inspector\n\n"
    "1. Children’s needs are met well by social workers who know them and visit them often in their homes.\n"
)


def _read(path, corpus):
    return read_document(path, corpus, "doc", load_catalog(corpus).get(path.relative_to(corpus).as_posix()))


def test_utf8_and_windows_1252_text_read_the_same(tmp_path):
    (tmp_path / "utf8.txt").write_bytes(REPORT_LIKE.encode("utf-8"))
    (tmp_path / "cp1252.txt").write_bytes(REPORT_LIKE.encode("cp1252"))
    (tmp_path / "bom.md").write_bytes(REPORT_LIKE.encode("utf-8-sig"))
    texts = {name: _read(tmp_path / name, tmp_path)[1].text for name in ("utf8.txt", "cp1252.txt", "bom.md")}
    assert len(set(texts.values())) == 1
    assert "children’s services" in texts["cp1252.txt"]


def test_uncatalogued_document_gets_title_kind_date_and_id_from_its_text_and_path(tmp_path):
    sub = tmp_path / "testshire"
    sub.mkdir()
    path = sub / "children's services inspection - 02 may 2025.txt"
    path.write_text(REPORT_LIKE, encoding="utf-8")
    ids = document_ids(corpus_files(tmp_path), tmp_path, {})
    doc, _ = read_document(path, tmp_path, ids[path])
    assert doc.doc_id == "testshire-childrens-services-inspection-02-may-2025"
    assert doc.title == "Inspection of Testshire local authority children’s services"
    assert doc.kind == "inspection report"
    assert doc.date == "2025-05-02"
    assert doc.inspection_dates == "3 to 14 March 2025"


def test_a_folders_notes_about_itself_are_not_documents(tmp_path):
    (tmp_path / "reports").mkdir()
    for name in ("README.md", "reports/SOURCES.md", "reports/.DS_Store", "catalog.toml"):
        (tmp_path / name).write_text("401 inspection reports, as published by Ofsted.")
    (tmp_path / "reports" / "sources-of-funding.md").write_text(REPORT_LIKE)
    assert [p.name for p in corpus_files(tmp_path)] == ["sources-of-funding.md"]


def test_same_file_name_in_two_folders_is_two_documents(tmp_path):
    for council in ("barnsley", "bolton"):
        (tmp_path / council).mkdir()
        (tmp_path / council / "children's services inspection - 13 june 2017.txt").write_text(REPORT_LIKE)
    ids = document_ids(corpus_files(tmp_path), tmp_path, {})
    assert len(set(ids.values())) == 2
    assert all(doc_id.startswith(("barnsley-", "bolton-")) for doc_id in ids.values())


def test_html_keeps_the_main_text_not_scripts_or_menus(tmp_path):
    html = """<html><head><script>var tracking = 1;</script><style>p {color: red}</style></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <main><h1>Council praised</h1><p>Inspectors found that care leavers are well supported by their advisers.</p>
    <ul><li>Visits are timely and children are seen alone.</li></ul></main>
    <footer>© Some Site 2024</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    text = _read(tmp_path / "page.html", tmp_path)[1].text
    assert "care leavers are well supported" in text and "- Visits are timely" in text
    assert "tracking" not in text and "Home" not in text and "Some Site" not in text and "color" not in text


def test_docx_paragraphs(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Testshire improvement plan", level=1)
    document.add_paragraph("The council will recruit more foster carers for teenagers by the end of 2026.")
    document.save(tmp_path / "plan.docx")
    doc, text = _read(tmp_path / "plan.docx", tmp_path)
    assert doc.title == "Testshire improvement plan"
    assert "recruit more foster carers" in text.text


@pytest.mark.shared("bad-inputs")
def test_html_error_page_saved_as_pdf_is_refused_by_name(tmp_path, bad_inputs):
    source = bad_inputs / "html-error-page-saved-as.pdf"
    shutil.copy(source, tmp_path / source.name)
    with pytest.raises(DocumentError) as error:
        _read(tmp_path / source.name, tmp_path)
    assert source.name in str(error.value)
    assert "HTML page" in str(error.value)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"\n\n   \n", "empty file"),
        ("junk.txt", bytes(range(256)) * 20, "binary data"),
        ("zip-named.txt", b"PK\x03\x04" + b"\x00" * 200, "binary data"),
        ("fake.docx", b"this is not a zip file at all, just words " * 3, "not a valid .docx"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n", "PDF"),
    ],
)
def test_bad_input_gives_one_clear_error_naming_the_file(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(DocumentError) as error:
        _read(tmp_path / name, tmp_path)
    assert name in str(error.value) and reason in str(error.value)


def test_image_only_pdf_is_refused(tmp_path):
    import pymupdf

    pdf = pymupdf.open()
    page = pdf.new_page()
    page.draw_rect(pymupdf.Rect(50, 50, 300, 300), color=(0, 0, 0), fill=(0.5, 0.5, 0.5))
    pdf.save(tmp_path / "scan.pdf")
    with pytest.raises(DocumentError, match="no text layer"):
        _read(tmp_path / "scan.pdf", tmp_path)


def test_catalog_errors_name_the_catalog(tmp_path):
    (tmp_path / "catalog.toml").write_text('[[document]]\nid = "x"\n')
    with pytest.raises(DocumentError, match="catalog.toml.*no 'file' field"):
        load_catalog(tmp_path)


def test_a_note_about_reports_is_not_taken_for_a_report(tmp_path):
    (tmp_path / "SOURCES.md").write_text(
        "# Real Ofsted reports\n\n401 inspection reports as published by Ofsted, with their inspection dates and "
        "grades, one folder per authority.\n",
        encoding="utf-8",
    )
    assert _read(tmp_path / "SOURCES.md", tmp_path)[0].kind == "other"
