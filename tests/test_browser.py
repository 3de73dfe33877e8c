"""End to end in a real browser: the app (`python -m ui.serve`, as `make app` starts it) on a tmp index, driven
by Playwright in headless Chromium.

Debian's chromium is used (``.ci/run`` → ``make browser`` installs it); Playwright's own browser download is
not needed. The screenshot of the first test is the README's ``docs/screenshot.png``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
FAILED = Path(os.environ.get("PYTEST_BROWSER_FAILED", "/tmp/browser-test-failed.png"))  # what the page showed
HEALTH = "What did Ofsted say about care leavers' health histories?"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing: install Debian's chromium (make browser does)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, seed_index, corpus_copy, root):
    """The app on a free port, on writable copies of the corpus and its index; stopped at the end."""
    pytest.importorskip("playwright", reason="playwright is not installed (pip install -e '.[test]')")
    from rag.build import build_index

    corpus, index = corpus_copy, tmp_path / "index"
    shutil.copytree(seed_index, index)
    build_index(corpus, index)
    port = _free_port()
    env = {**os.environ, "RAG_CORPUS": str(corpus), "RAG_INDEX": str(index)}
    env.pop("RAG_FEEDBACK", None)
    log = open(tmp_path / "streamlit.log", "wb")  # a file, not a pipe: a full pipe would block the server
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ui.serve",  # as `make app` starts it: streamlit run app.py, the index loaded at start
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    pytest.fail("streamlit did not start:\n" + (tmp_path / "streamlit.log").read_text()[-3000:])
                time.sleep(0.5)
        yield url, corpus, index
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture
def browser(request):
    """Headless Chromium; on failure the last page is saved as a picture (FAILED) to see what went wrong."""
    from playwright.sync_api import sync_playwright

    failed = request.session.testsfailed
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield chromium
        if request.session.testsfailed > failed and chromium.contexts and chromium.contexts[0].pages:
            chromium.contexts[0].pages[-1].screenshot(path=str(FAILED), full_page=True)
        chromium.close()


def _open(browser, url: str, height: int = 1300):
    page = browser.new_page(viewport={"width": 1400, "height": height})
    page.set_default_timeout(120_000)
    page.goto(url, timeout=60_000)
    page.get_by_test_id("stChatInputTextArea").wait_for()
    _idle(page)
    return page


def _idle(page) -> None:
    """Wait until the app's script has finished running (Streamlit's "running" indicator, shown after ~0.5 s)."""
    page.wait_for_timeout(700)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000)


def _ask(page, question: str, citation: str):
    before = page.locator("div.answer").count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    # this turn's answer, not an earlier one that cites the same paragraph (under load it had not yet been shown)
    page.wait_for_function(f"document.querySelectorAll('div.answer').length > {before}", timeout=120_000)
    cite = page.locator("span.cite", has_text=citation).last
    cite.wait_for()
    _idle(page)
    return cite.locator("xpath=ancestor::div[contains(@class, 'st-key-card-')][1]")  # its card


def test_ask_in_a_real_browser_and_see_paragraph_43_cited(server, browser, root):
    url, _, _ = server
    page = _open(browser, url)
    card = _ask(page, HEALTH, "knowsley-2017 ¶43")
    body = page.inner_text("body")
    assert "not all of them fully understand or are provided with their health histories." in body
    assert "knowsley-2017 ¶8" in body and "Cited passages" in body
    mark = card.locator("mark").first
    assert mark.inner_text().startswith("While care leavers understand their rights")
    assert card.locator("span.badge").inner_text() == "Ofsted report"
    link = page.locator("a.cite-link", has_text="[2]").first
    assert link.get_attribute("aria-label") == "citation 2, knowsley-2017 paragraph 43"
    link.focus()  # the quote shows on focus (and hover)
    shown = link.evaluate("e => getComputedStyle(e, '::after').content")
    assert shown.strip('"').startswith("While care leavers understand their rights"), shown
    page.set_viewport_size({"width": 1400, "height": 500})  # the card below the fold
    page.wait_for_timeout(500)  # the page laid out again at the new size (under load it had not yet been)
    link.scroll_into_view_if_needed()
    assert card.locator("div.passage").first.bounding_box()["y"] > 500
    link.click()  # the marker jumps to its card
    page.wait_for_timeout(500)
    box = card.locator("div.passage").first.bounding_box()  # its quoted passage in view
    assert 0 <= box["y"] and box["y"] + box["height"] <= 500, box
    page.set_viewport_size({"width": 1400, "height": 1300})
    page.wait_for_timeout(1000)  # let the page settle before the picture
    screenshot = root / "docs" / "screenshot.png"  # the README's
    screenshot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(screenshot))
    assert screenshot.stat().st_size > 20_000


def test_a_follow_up_in_the_browser_shows_what_it_searched_and_cites_the_recommendation(server, browser):
    url, _, _ = server
    page = _open(browser, url)
    _ask(page, HEALTH, "knowsley-2017 ¶43")
    card = _ask(page, "What did they recommend about it?", "knowsley-2017 ¶8")
    body = page.inner_text("body")
    assert "Searched: What did they recommend about care leavers' health histories?" in body
    assert card.locator("mark").first.inner_text().startswith("Ensure that all care leavers have access")
    assert page.locator("div.answer").count() == 2
    question = page.locator(".st-key-turn-1")  # after answering, the new question is in view, not the last card
    top = question.bounding_box()["y"]
    assert 0 <= top < page.viewport_size["height"] / 2, top

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Export the conversation").click()
    with page.expect_download() as download:
        sidebar.get_by_role("button", name="Markdown", exact=True).click()
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert "## 2. What did they recommend about it?" in exported and "[1] knowsley-2017 ¶8" in exported

    assert "?c=" in page.url, page.url
    page.reload()  # the address keeps the conversation: a reload (or the link) opens it again
    page.get_by_test_id("stChatInputTextArea").wait_for()
    _idle(page)
    page.locator("div.answer").nth(1).wait_for()
    assert "?c=" in page.url
    body = page.inner_text("body")
    assert HEALTH in body and "Searched: What did they recommend about care leavers' health histories?" in body


def test_upload_in_the_browser_then_ask_open_the_pdf_page_and_see_text_inertly(server, browser, tmp_path):
    import pymupdf

    url, corpus, _ = server
    pdf = pymupdf.open()
    sheet = pdf.new_page()
    lines = [
        (90, 14, "Inspection of Testshire local authority children's services"),
        (120, 11, "Inspection dates: 3 to 14 March 2025"),
        (160, 11, "1. Testshire's fostering service matches teenagers with foster carers swiftly, and"),
        (175, 11, "carers praise the training they receive from the council."),
        (205, 11, "2. Leaders in Testshire have reduced social workers' caseloads so that they can visit"),
        (220, 11, "children more often."),
        (250, 11, "3. Care leavers in Testshire receive a welcome pack with their health records."),
    ]
    for y, size, text in lines:
        sheet.insert_text((72, y), text, fontsize=size)
    pdf.save(tmp_path / "Testshire report.pdf")
    (tmp_path / "hostile.md").write_text(
        "Trampoline club news\n\nInspectors said <script>window.pwned = 1</script> the trampoline club "
        "<img src=x onerror='window.pwned = 2'> helps Testshire children ![tracker](http://127.0.0.1:9/t.png) "
        "and [click here](javascript:window.pwned=3) for $5 and $6 prizes.\n",
        encoding="utf-8",
    )
    page = _open(browser, url)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.locator("section[data-testid='stSidebar'] input[type='file']").set_input_files(
        [str(tmp_path / "Testshire report.pdf"), str(tmp_path / "hostile.md")]
    )
    page.get_by_role("button", name="Add to the corpus and rebuild the index").click()
    page.get_by_text("Index rebuilt:").first.wait_for(timeout=180_000)
    page.get_by_text("Index: 7 documents").wait_for()
    _idle(page)
    assert (corpus / "uploads" / "testshire-report.pdf").exists() and (corpus / "uploads" / "hostile.md").exists()

    card = _ask(
        page, "How quickly are teenagers matched with foster carers in Testshire?", "uploads-testshire-report ¶1"
    )
    assert "page 1" in card.inner_text() and "Ofsted report" in card.inner_text()
    card.get_by_text("Show in document").click()
    toggle = card.get_by_text("Show page 1 as published")
    toggle.wait_for()
    _idle(page)  # a click on the toggle while the expander's rerun is under way was lost once (CI-like run)
    toggle.click()
    _idle(page)
    card.get_by_test_id("stImage").locator("img").wait_for()
    with page.expect_download() as download:
        card.get_by_role("button", name="Download the PDF (page 1)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    card = _ask(page, "What did inspectors say about the trampoline club?", "uploads-hostile #1")
    text = card.inner_text()
    assert "<script>window.pwned = 1</script>" in text and "![tracker](http://127.0.0.1:9/t.png)" in text
    assert "[click here](javascript:window.pwned=3)" in text and "$5 and $6" in text
    assert page.evaluate("window.pwned") is None
    assert card.locator("script, img, a[href^='javascript']").count() == 0
    assert not [r for r in requests if "127.0.0.1:9/" in r]
