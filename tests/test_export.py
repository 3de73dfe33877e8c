"""Take-away: an answer or a conversation as Markdown, Word and a CSV evidence pack, from the library and the CLI."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from rag.answers import answer_question
from rag.conversation import answer_turn
from rag.export import Turn, evidence_rows, export, markdown, plain_text

HEALTH = "What did Ofsted say about care leavers' health histories?"


@pytest.fixture(scope="module")
def conversation(retriever) -> list[Turn]:
    first, answer = answer_turn(retriever, HEALTH)
    _, follow_up = answer_turn(retriever, "What did they recommend about it?", [first])
    missing = answer_question(retriever, "What is the capital of France?")
    return [
        Turn(HEALTH, answer),
        Turn("What did they recommend about it?", follow_up),
        Turn("What is the capital of France?", missing),
    ]


def test_markdown_keeps_questions_searches_answers_and_sources(conversation):
    text = markdown(conversation)
    assert "## 1. What did Ofsted say about care leavers' health histories?" in text
    assert "*Searched: What did they recommend about care leavers' health histories?*" in text
    assert "- [2] knowsley-2017 ¶43 — Knowsley Council" in text
    assert '"While care leavers understand their rights and entitlements' in text
    assert "I could not find this in the reports." in text and "no indexed document mentions France" in text
    assert "Related passages (they do not answer it):" in text


def test_word_document_opens_with_a_heading_per_question_and_the_quotes(conversation, tmp_path):
    from docx import Document

    path = tmp_path / "chat.docx"
    path.write_bytes(export(conversation, "docx"))
    paragraphs = [p.text for p in Document(str(path)).paragraphs]
    assert "1. What did Ofsted say about care leavers' health histories?" in paragraphs
    assert "Searched: What did they recommend about care leavers' health histories?" in paragraphs
    assert any(p.startswith("[2] knowsley-2017 ¶43") and "health histories" in p for p in paragraphs)


def test_evidence_pack_has_a_row_per_quoted_passage_with_its_verbatim_quote(conversation, retriever):
    rows = list(csv.DictReader(io.StringIO(export(conversation, "csv").decode("utf-8-sig"))))
    assert [r["citation"] for r in rows] == ["knowsley-2017 ¶8", "knowsley-2017 ¶43", "knowsley-2017 ¶8"]
    p43 = rows[1]
    assert (p43["council"], p43["paragraph"], p43["date"]) == ("Knowsley", "43", "2017-06-13")
    assert p43["section"].endswith("Experience and progress of care leavers")
    assert p43["source"] == "knowsley-2017-ofsted-reinspection.txt"  # the file in the corpus
    texts = {p.citation: p.text for p in retriever.index.passages}
    assert all(r["quote"] and r["quote"] in texts[r["citation"]] for r in rows)  # verbatim
    assert len(evidence_rows(conversation[2:])) == 0  # "not found" cites nothing as evidence


def test_plain_text_for_the_clipboard_has_no_markup(conversation):
    text = plain_text(conversation[0])
    assert text.startswith("Ensure that all care leavers have access") and "<" not in text and "**" not in text
    assert "[2] knowsley-2017 ¶43 — " in text


def test_cli_writes_each_format(seed_index, tmp_path):
    out = tmp_path / "answer.csv"
    result = subprocess.run(
        [sys.executable, "-m", "rag", "ask", HEALTH, "--format", "csv", "-o", str(out), "--index", str(seed_index)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote {out} (1 answer, csv)" in result.stderr
    assert [r["citation"] for r in csv.DictReader(io.StringIO(out.read_text("utf-8-sig")))] == [
        "knowsley-2017 ¶8",
        "knowsley-2017 ¶43",
    ]
    refused = subprocess.run(
        [sys.executable, "-m", "rag", "ask", HEALTH, "--format", "docx", "--index", str(seed_index)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode == 2 and "--format docx needs --output FILE" in refused.stderr
