"""The Streamlit app through streamlit.testing (AppTest) on a real index.

The logic it calls is tested on its own in test_uploads.py, test_display.py and test_feedback.py.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from rag.build import build_index
from rag.feedback import feedback_path, read_feedback
from rag.store import Index, read_manifest

HEALTH = "What did Ofsted say about care leavers' health histories?"
HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"
JUNK = bytes(range(256)) * 10
HOSTILE = (
    "Trampoline <b>club</b> news ![title](http://127.0.0.1:9/title.png)\n\n"
    "Inspectors said <script>window.pwned = 1</script> the trampoline club <img src=x onerror=alert(1)> "
    "helps Testshire children ![tracker](http://127.0.0.1:9/t.png) and [click here](javascript:alert(1)) "
    "for $5 and $6 prizes, :red[alarm] **bold** <a href='http://127.0.0.1:9/'>link</a>.\n"
)


def _app(page: str | None = None, **query):
    """The app run once, then switched to `page` (a script in ui/pages) as its navigation would.

    `app_env` has made the project's root the working folder.
    """
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path.cwd() / "app.py"), default_timeout=180)
    at.query_params.update(query)
    at = _run(at)
    if page:
        at.switch_page(page)
        at = _run(at)
    return at


def _run(at):
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _ask(at, question: str):
    at.chat_input[0].set_value(question)
    return _run(at)


def _html(at) -> str:
    """The HTML and Markdown the app sent, as sent (escaped)."""
    return "\n".join(m.value for m in at.markdown)


def _plain(markdown: str) -> str:
    """Markdown escaped by `escape_markdown`, as it reads."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _shown(at) -> str:
    """What a reader sees: the app's text with tags removed and character references decoded."""
    parts = [
        html.unescape(re.sub(r"<[^>]+>", " ", m.value)) if m.value.startswith("<") else m.value.replace("**", "")
        for m in at.markdown
    ]
    parts += [t.value for t in at.text] + [_plain(c.value) for c in at.caption]
    return "\n".join(parts)


def _cards(at) -> list[str]:
    """The passage cards' HTML, one string per card."""
    return [m.value for m in at.markdown if 'class="card-title"' in m.value]


def _corpus_state(corpus: Path) -> list[tuple[str, bytes]]:
    return sorted((p.relative_to(corpus).as_posix(), p.read_bytes()) for p in corpus.rglob("*") if p.is_file())


# ------------------------------------------------------------------------------------------ asking


def test_first_load_shows_examples_and_the_index(app_env):
    at = _app()
    assert HEALTH in [b.label for b in at.button]
    line = next(c.value for c in at.caption if c.value.startswith("Index:"))
    assert re.search(r"5 documents · \d+ passages · model all-MiniLM-L6-v2 · built \d{4}-\d\d-\d\d \d\d:\d\d UTC", line)
    assert [s.label for s in at.sidebar.selectbox] == ["Retrieval mode"]
    assert at.sidebar.selectbox(key="mode").options == ["Hybrid (recommended)", "Meaning (dense)", "Keywords (BM25)"]


def test_asking_shows_the_answer_and_cited_cards(app_env):
    at = _ask(_app(), HEALTH)
    answer = next(m.value for m in at.markdown if m.value.startswith('<div class="answer">'))
    assert "health histories" in html.unescape(answer)
    marker = re.search(
        r'<a class="cite-link" href="#cite-0-2" data-quote="([^"]*)" aria-label="([^"]*)">\[2\]</a>', answer
    )
    assert marker, answer  # [2] links to its card, shows its quote on hover or focus, and is named for screen readers
    assert html.unescape(marker[1]).startswith("While care leavers understand their rights")
    assert html.unescape(marker[2]) == "citation 2, knowsley-2017 paragraph 43"
    cards = _cards(at)
    assert len(cards) == 2 and cards[1].startswith('<div id="cite-0-2">')
    card = html.unescape(re.sub(r"<(?!/?mark)[^>]+>", " ", cards[1]))  # the card for ¶43, tags but <mark> gone
    for field in (
        "[2]",
        "Ofsted report",  # the kind's badge
        "Knowsley Council: Re-inspection of services for children in need of help and protection",  # title
        "knowsley-2017 ¶43",  # citation
        "13 June 2017",  # date
        "Knowsley",  # local authority
        "section: The experiences and progress of children looked after and achieving permanence › Experience",
    ):
        assert field in card, field
    assert re.search(r"score \d\.\d{3}", card)
    assert (
        "<mark>While care leavers understand their rights and entitlements and are well supported to have their "
        "current health needs met, not all of them fully understand or are provided with their health histories."
        "</mark> The local authority had recognised this gap" in card
    )
    assert 'class="badge" style="background:#1d70b8"' in cards[1]  # inspection reports are blue
    assert "knowsley-2017 ¶8" in html.unescape(cards[0])


def test_a_grade_table_is_shown_with_its_cards_read_from_the_report_not_scored(app_env):
    at = _ask(_app(), "What grades did Knowsley get in 2017?")
    shown = _shown(at)
    assert "Adoption performance" in shown and "Experiences and progress of care leavers" in shown
    cards = [html.unescape(re.sub(r"<[^>]+>", " ", card)) for card in _cards(at)]
    assert cards and all("from the report" in card and not re.search(r"score \d", card) for card in cards)


def test_show_in_document_gives_the_neighbours_the_section_and_the_file(app_env):
    at = _ask(_app(), HEALTH)
    shown = _shown(at)
    assert "42. Pathway plans have been recently changed" in shown  # the paragraph before ¶43
    assert "44. The percentage of care leavers in Knowsley aged 19 to 21" in shown  # and the one after
    assert any(m.value == "<h5>Experience and progress of care leavers</h5>" for m in at.markdown)
    assert [d.label for d in at.download_button if d.label.startswith("Download")] == ["Download txt file"] * 2


def test_the_conversation_is_kept_and_examples_can_be_clicked(app_env):
    at = _app()
    next(b for b in at.button if b.label == HEALTH).click()
    at = _run(at)
    assert "knowsley-2017 ¶43" in _shown(at)
    assert not any(b.label == HEALTH for b in at.button)  # the examples give way to the conversation
    at = _ask(at, "Do personal advisers work at evenings and weekends?")
    assert [m.value for m in at.text if m.value.endswith("?")] == [
        HEALTH,
        "Do personal advisers work at evenings and weekends?",
    ]
    assert "knowsley-2017 ¶43" in _shown(at) and "knowsley-2017 ¶41" in _shown(at)
    assert sum("hybrid search · 5 passages" in c.value for c in at.caption) == 2


def test_a_follow_up_is_read_with_the_question_before_and_the_search_can_be_edited(app_env):
    at = _ask(_ask(_app(), HEALTH), "What did they recommend about it?")
    searched = "What did they recommend about care leavers' health histories?"
    assert f"Searched: {searched}" in [_plain(c.value) for c in at.caption]
    answers = [m.value for m in at.markdown if m.value.startswith('<div class="answer">')]
    assert len(answers) == 2 and "Ensure that all care leavers have access to" in html.unescape(answers[1])
    assert "knowsley-2017 ¶8" in html.unescape(_cards(at)[-1]) and len(_cards(at)) == 3  # ¶8 and ¶43, then ¶8
    at.text_input(key="searched-1").set_value("What did Ofsted recommend about adoption in Knowsley?")
    next(b for b in at.button if b.label == "Search again" and b.key.startswith("FormSubmitter:edit-1")).click()
    at = _run(at)
    captions = [_plain(c.value) for c in at.caption]
    assert "Searched: What did Ofsted recommend about adoption in Knowsley?" in captions
    assert f"Searched: {searched}" not in captions
    assert "What did they recommend about it?" in [t.value for t in at.text]  # the question as asked stays
    assert len(_cards(at)) > 3  # the whole list of recommendations now, not the one about health histories


def test_an_answer_can_be_copied_and_exported_and_so_can_the_conversation(app_env):
    at = _ask(_ask(_app(), HEALTH), "What did they recommend about it?")
    copied = [c.value for c in at.code]
    assert len(copied) == 2 and "knowsley-2017 ¶43" in copied[0] and copied[1].startswith("• Ensure that all care")
    labels = [d.label for d in at.download_button]
    assert labels.count("Markdown") == labels.count("Word") == labels.count("Evidence (CSV)") == 3  # 2 answers, 1 chat
    assert any(d.key == "export-all-docx" for d in at.download_button)


def test_suggested_next_questions_are_asked_with_one_click(app_env):
    at = _ask(_app(), HEALTH)
    suggested = "What did Ofsted recommend about care leavers' health histories in Knowsley in 2017?"
    button = next(b for b in at.button if b.label == suggested)
    assert [p.label for p in at.get("page_link") if "across councils" in p.label] == [
        "care leavers' health histories across councils"
    ]
    button.click()
    at = _run(at)
    assert [t.value for t in at.text if t.value.endswith("?")] == [HEALTH, suggested]
    assert "knowsley-2017 ¶8" in html.unescape(_cards(at)[-1])


def test_a_reload_or_a_link_reopens_the_conversation_and_the_sidebar_lists_it(app_env):
    at = _ask(_ask(_app(), HEALTH), "What did they recommend about it?")
    conversation = at.query_params["c"]
    assert conversation  # the address names the conversation
    reloaded = _app(c=conversation, t="2")  # a new session: a reload, a new tab, a link
    assert [t.value for t in reloaded.text if t.value.endswith("?")] == [HEALTH, "What did they recommend about it?"]
    captions = [_plain(c.value) for c in reloaded.caption]
    assert "Searched: What did they recommend about care leavers' health histories?" in captions
    assert "knowsley-2017 ¶8" in html.unescape(_cards(reloaded)[-1])
    fresh = _app()
    saved = [b for b in fresh.sidebar.button if b.key == f"saved-{conversation}"]
    assert saved and saved[0].label == f"{HEALTH} (2)"
    saved[0].click()
    fresh = _run(fresh)
    assert [t.value for t in fresh.text if t.value.endswith("?")][:2] == [HEALTH, "What did they recommend about it?"]
    gone = _app(c="0123456789ab")
    assert "That conversation is not saved here" in gone.warning[0].value and "c" not in gone.query_params
    (app_env[1] / "conversations.sqlite").write_bytes(b"damaged" * 100)  # the file breaks: asking still works
    broken = _ask(_app(), HEALTH)
    assert "knowsley-2017 ¶43" in _shown(broken)
    assert "This conversation is not being saved: " in _plain(broken.warning[0].value)
    assert "Saved conversations cannot be listed" in _shown(broken)


@pytest.mark.parametrize(
    ("question", "why"),
    [
        ("Who won the football world cup?", "Why: the reports do not mention won or football world cup."),
        ("What is the capital of France?", "Why: no indexed document mentions France."),
    ],
)
def test_no_answer_says_so_and_offers_related_passages(app_env, question, why):
    at = _ask(_app(), question)
    shown = _shown(at)
    assert "I could not find this in the reports." in shown and why in shown
    assert "Related passages — the nearest the reports come; they do not answer the question" in shown
    cards = _cards(at)
    assert cards and not any("<mark>" in c or 'class="ref"' in c for c in cards)  # no quotes, no markers
    assert not any("<sup>" in m.value for m in at.markdown)


def test_sidebar_filters_restrict_the_cited_documents(app_env):
    at = _app()
    at.sidebar.multiselect(key="kinds").set_value(["news"])
    at = _ask(_run(at), "What did inspectors say about care leavers?")
    cards = _cards(at)
    assert cards and all(">News</span>" in c for c in cards)
    assert "kind: News" in _shown(at)

    at = _app()
    at.sidebar.select_slider(key="years-2015-2019").set_value((2019, 2019))
    at = _ask(_run(at), "What did inspectors say about care leavers?")
    assert {re.search(r"sector&#45;news&#45;2019", c) is not None for c in _cards(at)} == {True}

    at = _app()
    at.sidebar.multiselect(key="docs").set_value(["local-news-2015"])
    at = _ask(_run(at), "Is child protection improving?")
    assert {"local-news-2015" in html.unescape(c) for c in _cards(at)} == {True}
    assert "documents: local-news-2015" in _shown(at)


def test_index_rebuilt_elsewhere_is_picked_up_without_restart(app_env):
    corpus, index = app_env
    at = _app()
    (corpus / "testshire.txt").write_text(
        "Testshire Council news\n\nInspectors praised Testshire's fostering service for its swift matching of "
        "teenagers with carers.\n"
    )
    build_index(corpus, index)  # as `rag build` in a terminal would
    at = _run(at)
    assert any(c.value.startswith("Index: 6 documents · ") for c in at.caption)
    at = _ask(at, "What did inspectors praise about fostering teenagers in Testshire?")
    assert "testshire #" in _shown(at)


# ------------------------------------------------------------------------------------------ safety


def test_document_text_is_shown_inertly(app_env):
    corpus, index = app_env
    (corpus / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    build_index(corpus, index)
    at = _ask(_app(), "What did inspectors say about the trampoline club?")
    sent = "\n".join(m.value for m in at.markdown if m.value.startswith(("<div", "<h")))  # all HTML but the CSS
    shown = _shown(at)
    assert "window.pwned = 1" in shown and "![tracker](http://127.0.0.1:9/t.png)" in shown  # shown as typed
    assert "[click here](javascript:alert(1))" in shown and "$5 and $6" in shown and "**bold**" in shown
    assert "Trampoline <b>club</b> news" in shown  # the title, as typed
    ours = r'<a class="cite-link" href="#cite-\d+-\d+" data-quote="[^"<>]*" aria-label="[^"<>]*">\[\d+\]</a>'
    sent = re.sub(ours, "", sent)  # the answer's own links to its cards; the quote inside is escaped
    for active in ("<script", "<img", "<a ", "<b>", "](", "$", "**", ":red[", "javascript:"):
        assert active not in sent, active
    # the documents page: the title is a heading, still inert
    at = _app(doc="hostile", page="ui/pages/documents.py")
    sent = _html(at)
    assert "Trampoline &#60;b&#62;club&#60;&#47;b&#62; news" in sent
    assert "<b>" not in sent and "](" not in sent and "<img" not in sent


# ------------------------------------------------------------------------------------------ uploads


def test_upload_in_the_app_is_checked_saved_indexed_and_askable(app_env):
    corpus, index = app_env
    at = _app()
    at.sidebar.file_uploader[0].set_value(
        (
            "Testshire statement.txt",
            b"Testshire Council statement\n\nThe council opened a family hub in 2026.\n",
            "text/plain",
        )
    )
    at = _run(at)
    at.sidebar.button[0].click()
    at = _run(at)
    notice = " ".join(_plain(s.value) for s in at.success)
    assert (
        "Index rebuilt" in notice
        and "added 1" in notice
        and "Testshire Council statement (uploads/testshire-statement.txt)" in notice
    )
    assert (corpus / "uploads" / "testshire-statement.txt").exists()
    assert any(c.value.startswith("Index: 6 documents") for c in at.caption)
    assert not at.sidebar.file_uploader[0].value  # a fresh uploader
    at = _ask(at, "Did the council open a family hub?")
    assert "uploads-testshire-statement #" in _shown(at)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("report.pdf", HTML_PAGE, "not a PDF: the file is an HTML page saved under a .pdf name"),
        ("junk.txt", JUNK, "binary data, not text"),
        ("letter.docx", b"PK\x03\x04 not really a zip", "not a valid .docx file"),
        ("<b>x</b> ![t](http://127.0.0.1:9/t.png) $1$.pdf", HTML_PAGE, "not a PDF"),  # the name is shown inertly
    ],
)
def test_bad_upload_in_the_app_is_reported_by_name_and_changes_nothing(app_env, name, data, reason):
    corpus, index = app_env
    before, build = _corpus_state(corpus), read_manifest(index)["build_id"]
    at = _app()
    at.sidebar.file_uploader[0].set_value((name, data, "application/octet-stream"))
    at = _run(at)
    at.sidebar.button[0].click()
    at = _run(at)
    errors = " ".join(_plain(e.value) for e in at.error)
    assert name in errors and reason in errors and "Nothing was added" in errors
    uploader = at.sidebar.file_uploader[0]
    assert uploader.key == "uploads-1" and not uploader.value  # the bad file is not left in the uploader
    assert not re.search(r"(?<!\\)[<\[\]$]", " ".join(e.value for e in at.error))  # no unescaped markup
    assert _corpus_state(corpus) == before and read_manifest(index)["build_id"] == build


# ------------------------------------------------------------------------------------------ documents


def test_documents_page_lists_documents_and_reads_one(app_env):
    at = _app(doc="knowsley-2017", page="ui/pages/documents.py")
    rows = at.dataframe[0].value
    assert len(rows) == 5 and set(rows["kind"]) == {"Ofsted report", "News", "Council statement"}
    passages = sum(p.doc_id == "knowsley-2017" for p in Index.load(app_env[1]).passages)
    assert rows.set_index("citation").loc["knowsley-2017", "passages"] == passages
    shown = _shown(at)
    assert "lead inspector Shirley Bailey" in shown and "knowsley-2017 ¶43" in shown
    assert any(
        "not all of them fully understand or are provided with their health histories" in t.value for t in at.text
    )
    assert at.download_button[0].label == "Download the original file (txt)"


# ------------------------------------------------------------------------------------------ feedback


def test_thumbs_and_wrong_passage_are_recorded_and_exported(app_env):
    corpus, index = app_env
    at = _ask(_app(), HEALTH)
    at.feedback[0].set_value(1)
    at = _run(at)
    at.text_input(key="right-0").set_value("knowsley-2017 ¶8")
    next(b for b in at.button if b.label == "Report").click()
    at = _run(at)
    records = read_feedback(feedback_path(index))
    assert feedback_path(index) == index / "feedback.jsonl"
    assert [r["verdict"] for r in records] == ["up", "wrong passage"]
    assert records[0]["question"] == HEALTH and records[0]["mode"] == "hybrid" and records[0]["time"]
    assert [c["citation"] for c in records[0]["citations"]] == ["knowsley-2017 ¶8", "knowsley-2017 ¶43"]
    assert records[0]["answer"].startswith("Ensure that all care leavers")
    assert records[1]["expected"] == {"relevant": [{"doc": "knowsley-2017", "paragraph": 8}], "evidence": []}
    assert "Thank you: your feedback was saved." in [c.value for c in at.caption]

    build_index(corpus, index)  # feedback survives a rebuild that changes the index
    (corpus / "x.txt").write_text("Testshire news\n\nTestshire opened a family hub.\n")
    build_index(corpus, index)
    assert len(read_feedback(feedback_path(index))) == 2

    at = _app(page="ui/pages/feedback.py")
    assert [m.value for m in at.metric] == ["1", "0", "1"]
    assert at.download_button[0].label == "Download 1 question (JSONL)" and not at.download_button[0].disabled


def test_across_councils_page_groups_paragraphs_by_council(app_env):
    at = _app()
    at.switch_page("ui/pages/across_councils.py").run()
    at.text_input[0].set_value("care leavers' health histories").run()
    assert not at.exception
    assert any("councils," in s.value and "paragraphs" in s.value for s in at.subheader)
    assert any("Knowsley" in m.value for m in at.markdown)


def test_an_empty_across_result_says_what_to_loosen(app_env):
    at = _app()
    at.switch_page("ui/pages/across_councils.py").run()
    at.slider[0].set_value(0.7)
    at.text_input[0].set_value("caseloads too high").run()
    assert "0 councils, 0 paragraphs" in [s.value for s in at.subheader]
    hint = _plain(at.info[0].value)
    assert re.search(r"No paragraph is as close as 0\.70 .* the closest, knowsley-2017 ¶\d+, is 0\.\d\d\. Lower", hint)


def test_filters_that_rule_out_every_document_are_named(app_env):
    at = _app()
    at.sidebar.multiselect(key="kinds").set_value(["inspection report"])
    at.sidebar.multiselect(key="authorities").set_value(["Coventry"])
    at = _ask(_run(at), "What did Ofsted say about caseloads?")
    assert "Why: no document has kind inspection report and council Coventry together (Coventry: 1 news)." in _shown(at)


def test_evaluation_page_says_which_corpus_a_set_assumes_and_scores_conversations(app_env):
    corpus, index = app_env
    at = _app()
    at.switch_page("ui/pages/evaluation.py").run()
    assert not at.warning  # the index is the bundled corpus
    at.radio[0].set_value("The bundled conversations (15, turn by turn)").run()
    at.multiselect[0].set_value(["hybrid"])
    at.button[0].click().run()
    assert not at.exception
    by_type = at.dataframe[1].value
    assert set(by_type["type"]) >= {"first turn", "follow-up", "follow-up written out"}
    (corpus / "extra.md").write_text("# Trampolines\n\nA note about trampolines in Testshire.\n", encoding="utf-8")
    build_index(corpus, index)
    at = _app()
    at.switch_page("ui/pages/evaluation.py").run()
    assert "This index is not the bundled corpus: this index has 1 other document (extra" in _plain(at.warning[0].value)


def test_new_conversation_forgets_the_answers_but_not_the_feedback(app_env):
    _, index = app_env
    at = _ask(_app(), HEALTH)
    at.feedback[0].set_value(0)
    at = _run(at)
    next(b for b in at.sidebar.button if b.label == "New conversation").click()
    at = _run(at)
    assert HEALTH in [b.label for b in at.button] and not _cards(at)  # the examples again
    at = _ask(at, HEALTH)
    assert at.feedback[0].value is None  # a fresh control for the new answer
    assert [r["verdict"] for r in read_feedback(feedback_path(index))] == ["down"]


def test_feedback_page_before_any_feedback(app_env):
    at = _app()
    at.switch_page("ui/pages/feedback.py")
    at = _run(at)
    assert "No feedback yet" in at.info[0].value and at.download_button[0].disabled
