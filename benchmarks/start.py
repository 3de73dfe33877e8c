"""Start-up and follow-up benchmarks: a cold `rag ask`, the app's first answer, what a follow-up adds.

Run from the project folder:  python benchmarks/start.py [--national national/index]  (or  make bench-start).
Writes benchmarks/start.json. Every figure comes from this run on this machine; nothing is asserted.

- cold ``rag ask``: a new process each time (import, index and model load, one answer), on the bundled corpus
  (and the national index when given); the files are in the operating system's cache after the first run.
- the app: ``python -m ui.serve`` (as ``make app``) on the bundled corpus, opened in headless Chromium: seconds
  until the page is ready, then from asking to the answer on screen, for a first question and a follow-up.
- a follow-up: reading it with the turns before it (`rag.conversation.interpret`), per turn of the
  conversation sets.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag.conversation import interpret  # noqa: E402
from rag.evaluation import load_questions  # noqa: E402
from rag.reading import Reading  # noqa: E402
from rag.store import Index  # noqa: E402

QUESTION = "What did Ofsted say about care leavers' health histories?"
FOLLOW_UP = "What did they recommend about it?"
CHROMIUM = Path("/usr/bin/chromium")


def cold_ask(index: Path, runs: int = 5) -> dict:
    """Seconds for `rag ask` in a new process, and whether torch was imported along the way."""
    code = (
        "import sys, runpy; sys.argv = ['rag', 'ask', '--json', '--index', sys.argv[1], sys.argv[2]]\n"
        "try:\n    runpy.run_module('rag', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('TORCH' if 'torch' in sys.modules else 'NO-TORCH', file=sys.stderr)\n"
    )
    seconds, torch = [], set()
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", code, str(index), QUESTION], capture_output=True, text=True, cwd=ROOT
        )
        seconds.append(time.perf_counter() - started)
        if result.returncode or '"supported": true' not in result.stdout:
            raise SystemExit(f"rag ask failed: {result.stderr[-2000:]}")
        torch.add(result.stderr.strip().splitlines()[-1])
    return {
        "median_s": round(statistics.median(seconds), 2),
        "max_s": round(max(seconds), 2),
        "runs": runs,
        "imports_torch": torch != {"NO-TORCH"},
    }


def app_first_answer(index: Path, corpus: Path) -> dict | None:
    """The app started as `make app` starts it, then asked a question and a follow-up in headless Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "RAG_INDEX": str(index), "RAG_CORPUS": str(corpus)}
    command = [sys.executable, "-m", "ui.serve", "--server.headless", "true", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.fileWatcherType", "none"]
    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        while True:
            try:
                urllib.request.urlopen(url + "_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        server_ready = time.perf_counter() - started
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1200})
            page.set_default_timeout(120_000)
            opened = time.perf_counter()
            page.goto(url)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for()
            page_ready = time.perf_counter() - opened
            timings = []
            for n, question in enumerate((QUESTION, FOLLOW_UP)):
                asked = time.perf_counter()
                box.fill(question)
                box.press("Enter")
                page.locator("div.answer").nth(n).wait_for()
                timings.append(time.perf_counter() - asked)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "server_ready_s": round(server_ready, 2),
        "page_ready_s": round(page_ready, 2),
        "first_answer_after_page_s": round(timings[0], 2),
        "follow_up_answer_s": round(timings[1], 2),
    }


def follow_up_ms(index: Path, files: list[Path]) -> dict:
    """Milliseconds to read each turn of the conversation sets with the turns before it."""
    documents = list(Index.load(index).documents.values())
    conversations: dict[str, list[str]] = {}
    for q in load_questions(files):
        if q.type in ("first turn", "follow-up", "new question"):
            conversations.setdefault(q.id.rsplit(".", 1)[0], []).append(q.question)
    times = []
    for turns in conversations.values():
        history: list[Reading] = []
        for question in turns:
            started = time.perf_counter()
            history.append(interpret(question, history, documents))
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * len(times)) - 1], 2),
        "turns": len(times),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--national", type=Path, help="Also time a cold `rag ask` on this built index.")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "start.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rag-start-"))
    try:
        corpus, index = work / "corpus", work / "index"
        shutil.copytree(ROOT / "corpus", corpus)
        subprocess.run(
            [sys.executable, "-m", "rag", "build", "--corpus", str(corpus), "--index", str(index)], check=True
        )
        results: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count()}
        results["cold_ask_bundled"] = cold_ask(index)
        if args.national:
            results["cold_ask_national"] = cold_ask(args.national, runs=3)
        results["app_bundled"] = app_first_answer(index, corpus)
        files = [ROOT / "eval" / "conversations.jsonl"]
        results["follow_up_reading_bundled"] = follow_up_ms(index, files)
        if args.national:
            files.append(ROOT / "eval" / "national-conversations.jsonl")
            results["follow_up_reading_national"] = follow_up_ms(args.national, files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
