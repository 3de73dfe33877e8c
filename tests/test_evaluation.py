"""The evaluation suite: question files, relevance by pair or evidence, metrics, reports, and the CI quality gate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rag.errors import EvaluationError
from rag.evaluation import check_gate, evaluate, load_questions, parse_questions, relevant_passages


@pytest.fixture
def questions_file(root) -> Path:
    """The bundled question set."""
    return root / "eval" / "questions.jsonl"


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


def test_relevance_by_pair_or_by_evidence_alone(retriever, tmp_path):
    pair_only, evidence_only = load_questions(
        [
            _write(
                tmp_path / "q.jsonl",
                [
                    {
                        "id": "a",
                        "question": "health histories",
                        "relevant": [{"doc": "knowsley-2017", "paragraph": 43}],
                    },
                    # curly quotes, case and spacing differ from the passage: still relevant
                    {
                        "id": "b",
                        "question": "health histories",
                        "evidence": ["NOT all of them  fully understand or are provided with their health histories"],
                    },
                ],
            )
        ]
    )
    by_pair = {retriever.index.passages[i].citation for i in relevant_passages(retriever, pair_only)}
    by_evidence = {retriever.index.passages[i].citation for i in relevant_passages(retriever, evidence_only)}
    assert by_pair == by_evidence == {"knowsley-2017 ¶43"}


def test_metrics_respond_to_where_the_relevant_passage_ranks(retriever, tmp_path):
    found, missing = load_questions(
        [
            _write(
                tmp_path / "q.jsonl",
                [
                    {"id": "found", "question": "care leavers' health histories", "evidence": ["health histories"]},
                    {"id": "missing", "question": "What is the capital of France?", "evidence": ["Shirley Bailey"]},
                ],
            )
        ]
    )
    report = evaluate(retriever, [found], modes=("hybrid",), with_answers=False)
    assert report.modes["hybrid"].metrics["R@10"] == 1.0 and report.modes["hybrid"].metrics["RR@10"] == 1.0
    report = evaluate(retriever, [missing], modes=("hybrid",), with_answers=False)
    assert report.modes["hybrid"].metrics["RR@10"] < 0.5
    assert report.modes["hybrid"].misses[0]["expected"] == ["knowsley-2017 · The inspection team #1"]


def test_bad_question_files_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "question": "ok", "evidence": ["a"]}\nnot json\n')
    with pytest.raises(EvaluationError, match="bad.jsonl, line 2"):
        load_questions([bad])
    _write(bad, [{"id": "x", "question": "no evidence"}])
    with pytest.raises(EvaluationError, match="needs 'relevant' or 'evidence'"):
        load_questions([bad])


def test_bundled_question_set_covers_what_the_issue_asks(questions_file):
    questions = load_questions([questions_file])
    assert len(questions) >= 80
    assert sum(q.unanswerable for q in questions) >= 8
    tags = {t for q in questions for t in q.tags}
    assert {"numeric", "names", "dates", "multi-council", "cross-document", "vocabulary"} <= tags
    docs = {r[0] for q in questions for r in q.relevant}
    assert "knowsley-2017" in docs


def test_quality_gate_on_the_bundled_corpus(retriever, root, questions_file):
    """CI's quality gate: the shipped mode must stay above the thresholds recorded in eval/thresholds.json."""
    thresholds = json.loads((root / "eval" / "thresholds.json").read_text())
    report = evaluate(retriever, load_questions([questions_file]), modes=(thresholds["mode"], "bm25"))
    assert check_gate(report, thresholds) == []
    hybrid, bm25 = report.modes["hybrid"].metrics, report.modes["bm25"].metrics
    assert hybrid["RR@10"] > bm25["RR@10"] and hybrid["R@5"] > bm25["R@5"]  # fusion earns its place
    assert report.answers["quote_exactness"] == 1.0  # every quote word for word in its passage and document
    stricter = {**thresholds, "citation_precision": 1.0}  # the gate fails on the answer figures too
    assert check_gate(report, stricter) == [f"citation precision {report.answers['citation_precision']} < 1.0"]


def test_rag_eval_writes_report_json_and_chart(seed_index, tmp_path, root, questions_file):
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rag",
            "eval",
            str(questions_file),
            "--index",
            str(seed_index),
            "--mode",
            "all",
            "--out",
            str(out),
            "--no-answers",
        ],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    assert "Recall@5" in result.stdout and "hybrid" in result.stdout and "bm25" in result.stdout
    data = json.loads((out / "results.json").read_text())
    assert set(data["modes"]) == {"hybrid", "dense", "bm25"}
    assert (out / "modes.png").read_bytes()[:4] == b"\x89PNG"
    assert "| hybrid |" in (out / "report.md").read_text()


def test_success_counts_a_question_once_recall_counts_its_passages(retriever, tmp_path):
    """Four relevant passages, the health-histories ones first: Success@1 is 1, Recall@1 only a share."""
    (question,) = parse_questions(
        json.dumps(
            {
                "id": "four",
                "question": "care leavers' health histories",
                "evidence": ["health histories", "Lead inspector", "Shirley Bailey", "Executive summary"],
                "type": "finding",
                "split": "test",
            }
        ),
        "uploaded.jsonl",
    )
    assert (question.type, question.split) == ("finding", "test")
    report = evaluate(retriever, [question], modes=("hybrid",), with_answers=False)
    metrics = report.modes["hybrid"].metrics
    assert metrics["Success@1"] == 1.0 and metrics["R@1"] < 1.0
    assert report.modes["hybrid"].by_type["finding"]["Success@1"] == 1.0 and report.types == {"finding": 1}


def test_an_uploaded_question_file_is_read_in_memory_and_errors_name_it():
    with pytest.raises(EvaluationError, match="mine.jsonl, line 1: not valid JSON"):
        parse_questions("{oops", "mine.jsonl")
    rows = [{"id": "a", "question": "q", "evidence": ["e"]}, {"id": "a", "question": "q2", "evidence": ["e"]}]
    with pytest.raises(EvaluationError, match="mine.jsonl, line 2: duplicate id 'a'"):
        parse_questions("\n".join(json.dumps(r) for r in rows), "mine.jsonl")


def test_national_question_set_covers_what_users_ask(root):
    questions = load_questions([root / "eval" / "national-questions.jsonl"])
    assert len(questions) >= 200 and sum(q.unanswerable for q in questions) >= 30
    kinds = {q.type for q in questions}
    assert {"finding", "number", "name", "date", "list", "recommendation", "paraphrase", "change", "across"} <= kinds
    rows = [json.loads(line) for line in (root / "eval" / "national-questions.jsonl").read_text().splitlines()]
    assert len({r["council"] for r in rows if r["council"]}) >= 60
    splits = {}
    for row in rows:
        if row["council"]:
            splits.setdefault(row["council"], set()).add(row["split"])
    assert all(len(halves) == 1 for halves in splits.values())  # one council, one half
    assert {q.split for q in questions} == {"dev", "test"}


def test_a_conversation_is_scored_turn_by_turn_and_each_follow_up_also_written_out(retriever):
    line = json.dumps(
        {
            "id": "c1",
            "split": "dev",
            "turns": [
                {
                    "question": "What did Ofsted say about care leavers' health histories?",
                    "evidence": ["health histories"],
                },
                {
                    "question": "What did they recommend about it?",
                    "standalone": "What did Ofsted recommend about care leavers' health histories in Knowsley?",
                    "follow_up": True,
                    "evidence": ["understand their health histories"],
                },
            ],
        }
    )
    first, follow_up, written = parse_questions(line, "talk.jsonl")
    assert [q.id for q in (first, follow_up, written)] == ["c1.1", "c1.2", "c1.2w"]
    assert [q.type for q in (first, follow_up, written)] == ["first turn", "follow-up", "follow-up written out"]
    assert follow_up.after == (first.question,) and written.after == () and written.split == "dev"
    assert follow_up.searched(retriever) == "What did they recommend about care leavers' health histories?"
    with pytest.raises(EvaluationError, match=r"talk.jsonl, line 1: turn 2 of conversation 'c1' is missing"):
        parse_questions(json.dumps({"id": "c1", "turns": [{"question": "Q?", "evidence": ["x"]}, {}]}), "talk.jsonl")


def test_a_conversation_opens_on_the_question_the_app_searches_and_a_question_set_on_the_question_asked(retriever):
    """The app and `rag chat` search a first turn less the remark after it; `rag ask` searches what it is given."""
    asked = "are care leavers' health histories any good in knowsley? i work with care leavers and they never have them"
    turn = {"question": asked, "evidence": ["health histories"]}
    (first,) = parse_questions(json.dumps({"id": "c1", "turns": [turn]}), "talk.jsonl")
    (alone,) = parse_questions(json.dumps({"id": "q1", **turn}), "questions.jsonl")
    assert first.type == "first turn" and alone.type is None
    assert first.searched(retriever) == "Are care leavers' health histories any good in knowsley?"
    assert alone.searched(retriever) == asked


def test_follow_ups_find_nearly_what_the_same_questions_written_out_find(retriever, root):
    """The bundled conversations: follow-up turns, read in context, against the writer's full questions."""
    report = evaluate(retriever, load_questions([root / "eval" / "conversations.jsonl"]), modes=("hybrid",))
    by_type = report.modes["hybrid"].by_type
    assert report.types["follow-up"] >= 40 and not report.unmatched
    # Measured 2026-12-03: follow-ups 0.762, written out 0.929 (README, Conversations; 0.810 on 2026-11-24, before a
    # grade question favoured the judgement table and the national conversation sets mended the reading); floors a
    # little under.
    assert by_type["follow-up"]["Success@5"] >= 0.74
    assert by_type["follow-up"]["Success@5"] >= by_type["follow-up written out"]["Success@5"] - 0.18
    assert report.answers["by_type"]["follow-up"]["quote_exactness"] == 1.0
