"""Paragraph chunking of the seed report, its real PDF, a generated PDF, and the news pages."""

from __future__ import annotations

import re
import textwrap

import pytest

from rag.chunking import chunk_document
from rag.documents import load_catalog, read_document

REPORT_FILE = "knowsley-2017-ofsted-reinspection.txt"


def _read(path, corpus, doc_id="doc"):
    return read_document(path, corpus, doc_id, load_catalog(corpus).get(path.relative_to(corpus).as_posix()))


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


@pytest.fixture(scope="module")
def report_passages(corpus):
    doc, text = _read(corpus / REPORT_FILE, corpus, "knowsley-2017")
    return (doc, text), chunk_document(doc, text)


def test_every_numbered_paragraph_of_the_seed_report_is_one_passage(report_passages):
    doc, passages = report_passages
    numbered = [p for p in passages if p.paragraph is not None]
    assert [p.paragraph for p in numbered] == list(range(1, 56))
    for p in numbered:
        assert p.text.startswith(f"{p.paragraph}. "), p.citation
        assert p.citation == f"knowsley-2017 ¶{p.paragraph}"


def test_recommendations_and_findings_sections(report_passages):
    _, passages = report_passages
    by_number = {p.paragraph: p for p in passages if p.paragraph}
    assert all(by_number[n].section == "Recommendations" for n in range(1, 9))
    assert "help and protection" in by_number[9].section
    assert "care leavers" in by_number[43].section
    assert "Adoption performance" in by_number[32].section
    assert by_number[8].text == "8. Ensure that all care leavers have access to and understand their health histories."


def test_judgement_table_and_contents_are_not_paragraphs(report_passages):
    _, passages = report_passages
    numbered_text = " ".join(p.text for p in passages if p.paragraph)
    assert "Children who need help and protection\t" not in numbered_text
    assert not any(p.paragraph and "Requires improvement" in p.text[:80] for p in passages)
    # contents lines ("Executive summary<TAB>2") do not become passages of any kind
    assert not any(re.search(r"Executive summary\s+2$", p.text, re.M) for p in passages)


def test_paragraphs_broken_by_a_page_break_come_out_whole(report_passages):
    _, passages = report_passages
    by_number = {p.paragraph: p for p in passages if p.paragraph}
    assert "they do not supplement this with their own analysis" in by_number[14].text
    assert by_number[14].text.endswith("(Recommendation)")
    assert "manageable caseloads and can come to know them well" in by_number[26].text
    assert by_number[27].text.startswith("27. Specialist nurses")


def test_spans_point_at_the_passage_in_the_document(report_passages):
    (_, text), passages = report_passages
    for p in passages:
        assert 0 <= p.start < p.end <= len(text.text)
        assert _norm(text.text[p.start : p.end])[:50] == _norm(p.text)[:50], p.citation


def test_citations_are_unique_and_stable(report_passages):
    doc, passages = report_passages
    citations = [p.citation for p in passages]
    assert len(set(citations)) == len(citations)
    assert [p.citation for p in chunk_document(*doc)] == citations
    unnumbered = [p.citation for p in passages if p.paragraph is None]
    assert "knowsley-2017 · Executive summary #1" in unnumbered


def test_news_pages_lose_their_site_furniture_and_keep_lists_with_lead_in(corpus):
    texts = []
    for path in sorted(corpus.glob("*.txt")):
        if path.name != REPORT_FILE:
            texts += [p.text for p in chunk_document(*_read(path, corpus))]
    joined = "\n".join(texts)
    for furniture in (
        "Register Now",
        "Already have an account",
        "Mackman",
        "Hertfordshire Youth Workers",
        "Administration Apprentice",
        "subscriber-only",
        "Tel: 01206",
        "editorial image",
    ):
        assert furniture not in joined
    lead_in = next(t for t in texts if t.startswith("Inspectors found:"))
    assert "- For the vast majority of children seen during this visit" in lead_in
    quote = next(t for t in texts if t.startswith("Paul Boyce"))
    assert "“The feedback we have received" in quote


def test_unnumbered_passages_respect_the_size_cap(corpus):
    from rag.chunking import MAX_CHARS

    for path in sorted(corpus.glob("*.txt")):
        for p in chunk_document(*_read(path, corpus)):
            if p.paragraph is None:
                assert len(p.text) <= MAX_CHARS, p.citation


@pytest.mark.shared("reports/80479_knowsley/children's services inspection - 13 june 2017.pdf")
def test_real_pdf_gives_the_same_paragraphs_with_their_pages(report_passages, knowsley_pdf, tmp_path):
    import pymupdf

    _, txt_passages = report_passages
    pdf_passages = chunk_document(*_read(knowsley_pdf, knowsley_pdf.parent, "knowsley-pdf"))
    pdf_numbered = {p.paragraph: p for p in pdf_passages if p.paragraph}
    assert sorted(pdf_numbered) == list(range(1, 56))
    txt_numbered = {p.paragraph: p for p in txt_passages if p.paragraph}
    for n in range(1, 56):
        assert _norm(pdf_numbered[n].text)[:120] == _norm(txt_numbered[n].text)[:120], n
    assert "they do not supplement this" in pdf_numbered[14].text
    pages = [_norm(page.get_text()) for page in pymupdf.open(knowsley_pdf)]
    for p in pdf_numbered.values():
        assert p.page is not None
        start = _norm(p.text)[len(str(p.paragraph)) + 2 :][:40]
        assert start in pages[p.page - 1], (p.citation, p.page)
    # page numbers and footers are not left in passages
    assert not any(re.search(r"\s\d{1,2}$", p.text) for p in pdf_numbered.values())


@pytest.mark.shared("reports/80426_barnsley")
def test_running_headers_are_removed_from_an_ilacs_report(reports):
    pdf = next((reports / "80426_barnsley").glob("*2023.pdf"))
    passages = chunk_document(*_read(pdf, pdf.parent))
    assert not any("Inspection of Barnsley local authority children’s services 11 to 15" in p.text for p in passages)
    numbers = [p.paragraph for p in passages if p.paragraph]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 30


def test_generated_pdf(tmp_path):
    """A PDF made here: running header and page numbers, a paragraph across a page break, a bullet list."""
    import pymupdf

    paragraphs = [
        f"{n}. Paragraph {n} says that children in care are seen often by their social workers and "
        f"that plans are reviewed in time. " * 5
        for n in range(1, 13)
    ]
    pdf = pymupdf.open()
    y_pages = []
    page = None
    y = 800.0
    for text in ["Findings"] + paragraphs:
        lines = textwrap.wrap(text, 90)
        for number, line in enumerate(lines):
            if page is None or y > 760:
                page = pdf.new_page()
                y_pages.append(page)
                page.insert_text((72, 40), "Inspection of Testshire local authority children's services", fontsize=9)
                page.insert_text((290, 815), str(len(y_pages)), fontsize=9)
                y = 90.0
            page.insert_text((72, y), line, fontsize=11)
            y += 14 if number < len(lines) - 1 else 26
    path = tmp_path / "generated.pdf"
    pdf.save(path)
    doc, text = read_document(path, tmp_path, "generated")
    assert len(text.page_starts) == len(y_pages) >= 2 and doc.pages == len(y_pages)
    passages = chunk_document(doc, text)
    numbered = [p for p in passages if p.paragraph]
    assert [p.paragraph for p in numbered] == list(range(1, 13))
    assert all("Testshire" not in p.text for p in passages)
    assert numbered[0].page == 1 and numbered[-1].page == len(y_pages)
    whole = [p for p in numbered if p.text.count("Paragraph") == 5]
    assert len(whole) == 12  # every paragraph whole, including the one that crosses a page


def test_ofsteds_notes_about_the_report_are_not_passages(tmp_path):
    notes = [
        "This report is available at https://reports.ofsted.gov.uk/.",
        "Ofsted produces this report of the inspection of local authority functions and the review of the local "
        "safeguarding children board under its power to combine reports in accordance with section 152 of the "
        "Education and Inspections Act 2006. " * 2,
        "Any complaints about the inspection or the report should be made following the procedures set out in the "
        "guidance ‘Raising concerns and making complaints about Ofsted’.",
    ]
    findings = [f"{n}. Social workers in Testshire visit children regularly and know them well." for n in (1, 2, 3)]
    text = "Inspection of Testshire local authority children’s services\n\n" + "\n\n".join(findings + notes)
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    passages = chunk_document(*read_document(tmp_path / "report.txt", tmp_path, "testshire"))
    assert [p.paragraph for p in passages] == [1, 2, 3]


@pytest.mark.shared("reports/80490_bromley")
def test_footnote_marks_do_not_stick_to_words(reports):
    pdf = next((reports / "80490_bromley").glob("*2016.pdf"))
    text = "\n".join(p.text for p in chunk_document(*_read(pdf, pdf.parent)))
    assert "Safeguarding Children Board" in text and not re.search(r"Children Board\d", text)


def test_generated_pdf_with_footer_above_the_margin_footnote_and_a_page_ending_mid_sentence(tmp_path):
    """Paragraphs whole across a page that ends on "the" before a capital, or has a footnote at its foot."""
    import pymupdf

    pdf = pymupdf.open()
    pages = [
        [
            "1. Children in care are seen often.",
            "2. Leaders are ambitious. They are the first virtual school to be awarded the",
        ],
        [
            "National Nurturing Schools award. Schools value its support.",
            "3. Plans for children are written with their families and are clear and",
            "1 The areas for improvement are cross-referenced with the national framework.",
        ],
        ["reviewed in time. Managers check them.", "4. Leaders know their services well."],
    ]
    for number, paragraphs in enumerate(pages, 1):
        page = pdf.new_page()  # A4: 595 x 842 points
        y = 90.0
        for text in paragraphs:
            size = 8 if text.startswith("1 The") else 10
            page.insert_text((72, 700 if size == 8 else y), text, fontsize=size)
            y += 30
        # a footer and page number whose top edges sit just above the 62-point margin, as in some 2022-26 reports
        page.insert_text((72, 786), "Inspection of Testshire local authority children's services", fontsize=9)
        page.insert_text((500, 790), str(number), fontsize=12)
    path = tmp_path / "generated.pdf"
    pdf.save(path)
    passages = chunk_document(*read_document(path, tmp_path, "generated"))
    by_number = {p.paragraph: p.text for p in passages if p.paragraph}
    assert sorted(by_number) == [1, 2, 3, 4]
    assert by_number[2].endswith("awarded the National Nurturing Schools award. Schools value its support.")
    assert by_number[3].endswith("are clear and reviewed in time. Managers check them.")
    assert not any("Testshire" in p.text or re.fullmatch(r"\d", p.section) for p in passages)
    assert any(p.text.startswith("1 The areas for improvement") for p in passages)  # the footnote is kept


@pytest.mark.shared("reports")
@pytest.mark.parametrize(
    ("folder", "year", "number", "words"),
    [
        ("80476_kent", "2022", 32, "awarded the National Nurturing Schools programme award"),  # capital after "the"
        ("80491_camden", "2025", 5, "explain their experiences and helps children to trust them"),  # a footnote between
        ("80461_devon", "2025", 9, "appropriate, and actions such as seeing children"),  # page number in the way
        ("80572_torbay", "2022", 4, "considered when needed."),  # a footer above the margin
    ],
)
def test_real_paragraphs_broken_by_a_page_come_out_whole(reports, folder, year, number, words):
    pdf = next((reports / folder).glob(f"*{year}.pdf"))
    passages = chunk_document(*_read(pdf, pdf.parent))
    paragraph = next(p for p in passages if p.paragraph == number)
    assert words in " ".join(paragraph.text.split())
    assert not any(re.fullmatch(r"\d{1,3}", p.section.split(" › ")[-1]) for p in passages)
    assert not any("local authority children’s services" in p.text for p in passages if p.paragraph)


def test_the_quality_check_names_a_paragraph_that_stops_mid_sentence(tmp_path):
    from rag.quality import check_file

    findings = [
        "1. Social workers in Testshire visit children regularly and know them well.",
        "2. Leaders are ambitious. They are the first virtual school in the region to be awarded the",
        "3. Plans for children are clear and reviewed in time.",
    ]
    path = tmp_path / "report.txt"
    path.write_text("Inspection of Testshire local authority children’s services\n\n" + "\n\n".join(findings))
    assert check_file(path).problems == ["report ¶2 stops mid-sentence (cut at a page break?)"]
