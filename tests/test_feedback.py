"""Feedback, from rag.feedback: where it is kept, what is recorded, and its export as an evaluation file."""

from __future__ import annotations

import json

import pytest

from rag.evaluation import load_questions
from rag.feedback import expected_passage, feedback_as_questions, feedback_path, read_feedback, record_feedback
from rag.store import Index


def test_feedback_export_is_a_valid_evaluation_file(app_env, tmp_path, monkeypatch):
    _, index_dir = app_env
    index = Index.load(index_dir)
    path = tmp_path / "elsewhere" / "feedback.jsonl"
    monkeypatch.setenv("RAG_FEEDBACK", str(path))
    assert feedback_path(index_dir) == path
    answer = {"question": "Where are PEPs?", "answer": "x", "supported": True, "citations": []}
    record_feedback(path, answer, "up")
    record_feedback(
        path, answer, "wrong passage", note="knowsley-2017 ¶43", expected=expected_passage(index, "knowsley-2017 ¶43")
    )
    words = "personal education plans are completed on time"
    record_feedback(
        path, {**answer, "question": "Are PEPs on time?"}, "wrong passage", expected=expected_passage(index, words)
    )
    record_feedback(path, {**answer, "question": "Unsaid?"}, "wrong passage")  # does not say which is right
    with open(path, "a") as handle:
        handle.write('{"cut short\n')
    records = read_feedback(path)
    assert [r["verdict"] for r in records] == ["up", "wrong passage", "wrong passage", "wrong passage"]
    export, left_out = feedback_as_questions(records)
    rows = [json.loads(line) for line in export.splitlines()]
    assert left_out == 1 and [r["question"] for r in rows] == ["Where are PEPs?", "Are PEPs on time?"]
    assert rows[0]["relevant"] == [{"doc": "knowsley-2017", "paragraph": 43}] and rows[1]["evidence"] == [words]
    assert set(rows[0]) == {"id", "question", "relevant", "evidence", "answer_contains", "unanswerable", "tags"}
    assert rows[0]["tags"] == ["feedback"] and rows[0]["unanswerable"] is False
    (tmp_path / "q.jsonl").write_text(export)
    assert len(load_questions([tmp_path / "q.jsonl"])) == 2  # the evaluation reads it as it is
    with pytest.raises(ValueError):
        record_feedback(path, answer, "meh")
