"""End to end in a real browser: `streamlit run app.py`, headless Chromium, a question, the cited answer."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

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
SCREENSHOT = ROOT / "docs" / "screenshot.png"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    from rag.store import build_index

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    build_index(corpus, index)
    port = _free_port()
    env = {**os.environ, "RAG_CORPUS": str(corpus), "RAG_INDEX": str(index)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("streamlit did not start: " + process.stdout.read().decode()[-2000:])
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_ask_in_a_real_browser_and_see_paragraph_43_cited(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1500})
        page.goto(server, timeout=60_000)
        box = page.get_by_test_id("stChatInputTextArea")
        box.wait_for(timeout=120_000)
        box.fill("What did Ofsted say about care leavers' health histories?")
        box.press("Enter")
        page.get_by_text("knowsley-2017 ¶43").first.wait_for(timeout=120_000)
        page.wait_for_timeout(1500)
        body = page.inner_text("body")
        assert "not all of them fully understand or are provided with their health histories" in body
        assert "knowsley-2017 ¶8" in body
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=False)
        browser.close()
    assert SCREENSHOT.stat().st_size > 10_000


def test_upload_a_pdf_in_the_browser_and_ask_about_it(server, tmp_path):
    import pymupdf
    from playwright.sync_api import sync_playwright

    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((72, 90), "Inspection of Testshire local authority children's services", fontsize=14)
    page.insert_text((72, 120), "Inspection dates: 3 to 14 March 2025", fontsize=11)
    page.insert_text(
        (72, 160), "1. Testshire's fostering service matches teenagers with foster carers swiftly,", fontsize=11
    )
    page.insert_text((72, 175), "and carers praise the training they receive from the council.", fontsize=11)
    path = tmp_path / "testshire report.pdf"
    pdf.save(path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(server, timeout=60_000)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
        page.locator("section[data-testid='stSidebar'] input[type='file']").set_input_files(str(path))
        page.get_by_role("button", name="Add to the corpus and rebuild the index").click()
        page.get_by_text("Index rebuilt").first.wait_for(timeout=180_000)
        assert "6 documents" in page.inner_text("body")
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill("How quickly are teenagers matched with foster carers in Testshire?")
        box.press("Enter")
        page.get_by_text("uploads-testshire-report").first.wait_for(timeout=120_000)
        assert "matches teenagers with foster carers swiftly" in page.inner_text("body")
        browser.close()
