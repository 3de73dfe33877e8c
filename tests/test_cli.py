"""The command line as users run it: `rag` in a subprocess, JSON contracts, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

HIT_FIELDS = {"citation", "doc_id", "title", "kind", "date", "paragraph", "section", "page", "text", "score"}
CITATION_FIELDS = HIT_FIELDS | {"ref", "quote"}


def rag(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "rag", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_search_json_contract(seed_index):
    result = rag("search", "adoption disruption", "-k", "3", "--json", "--index", str(seed_index))
    assert result.returncode == 0, result.stderr
    hits = [json.loads(line) for line in result.stdout.splitlines()]  # one hit per line: `| head -1` is a hit
    assert len(hits) == 3 and all(set(hit) >= HIT_FIELDS for hit in hits)
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]
    pretty = rag("search", "adoption disruption", "-k", "1", "--pretty", "--index", str(seed_index))
    assert pretty.stdout.startswith('{\n  "citation": ') and json.loads(pretty.stdout) == hits[0]


def test_output_piped_into_head_stops_quietly(seed_index):
    pipe = subprocess.Popen(
        [sys.executable, "-m", "rag", "search", "care leavers", "-k", "200", "--index", str(seed_index)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    pipe.stdout.readline()
    pipe.stdout.close()  # as `| head -1` does
    assert pipe.wait(timeout=300) != 0 and b"Error" not in pipe.stderr.read()


def test_search_queries_file_gives_one_json_line_per_query(seed_index, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("care leavers health histories\n\nprivate fostering\nMASH\n", encoding="utf-8")
    result = rag("search", "--queries", str(queries), "--json", "-k", "2", env={"RAG_INDEX": str(seed_index)})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["care leavers health histories", "private fostering", "MASH"]
    assert all(len(line["hits"]) == 2 and set(line["hits"][0]) >= HIT_FIELDS for line in lines)


def test_ask_json_contract_and_the_headline_question(seed_index):
    result = rag(
        "ask", "what did Ofsted say about care leavers' health histories", "--json", "--index", str(seed_index)
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert {"question", "answer", "supported", "citations", "index"} <= set(answer)
    assert answer["supported"] is True
    assert set(answer["index"]) == {"built_at", "model"}
    assert all(set(c) >= CITATION_FIELDS for c in answer["citations"])
    by_citation = {c["citation"]: c for c in answer["citations"]}
    assert "knowsley-2017 ¶43" in by_citation and "knowsley-2017 ¶8" in by_citation
    p43 = by_citation["knowsley-2017 ¶43"]
    assert p43["paragraph"] == 43 and p43["quote"] in p43["text"] and f"[{p43['ref']}]" in answer["answer"]


def test_ask_readable_output_and_not_found(seed_index):
    found = rag("ask", "Do personal advisers work at weekends?", "--index", str(seed_index))
    assert found.returncode == 0 and "knowsley-2017 ¶41" in found.stdout
    missing = rag("ask", "What is the capital of France?", "--index", str(seed_index))
    assert missing.returncode == 0
    assert missing.stdout.startswith("I could not find this in the reports.")
    assert "Nearest passages" in missing.stdout


def test_ask_questions_file_gives_one_json_answer_per_question(seed_index, tmp_path):
    questions = tmp_path / "questions.txt"
    questions.write_text("What is Knowsley's council tax?\n\nWho led Knowsley's inspection?\n", encoding="utf-8")
    result = rag("ask", "--questions", str(questions), "--index", str(seed_index))
    assert result.returncode == 0, result.stderr
    tax, lead = [json.loads(line) for line in result.stdout.splitlines()]
    assert tax["supported"] is False and tax["reason"] == "Knowsley’s reports do not mention council tax"
    assert (
        lead["supported"] is True and "Shirley Bailey" in lead["answer"] and set(lead["index"]) == {"built_at", "model"}
    )
    empty = rag("ask", "  ", "--index", str(seed_index))
    assert empty.returncode == 2 and "give either a QUESTION or --questions FILE" in empty.stderr


def test_chat_json_reads_follow_ups_in_context_and_a_blank_line_starts_afresh(seed_index):
    turns = [
        "What did Ofsted say about care leavers' health histories?",
        "What did they recommend about it?",
        "",
        "What did they recommend about it?",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "rag", "chat", "--json", "--index", str(seed_index)],
        input="\n".join(turns) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    first, follow_up, alone = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"question", "interpreted", "answer", "supported", "citations", "index"} <= set(follow_up)
    assert first["interpreted"] == first["question"] == turns[0]
    assert follow_up["question"] == turns[1]
    assert follow_up["interpreted"] == "What did they recommend about care leavers' health histories?"
    assert [c["citation"] for c in follow_up["citations"]] == ["knowsley-2017 ¶8"]
    assert alone["interpreted"] == turns[3]  # the blank line forgot the topic


def test_chat_in_the_terminal_shows_what_a_follow_up_searched(seed_index):
    result = subprocess.run(
        [sys.executable, "-m", "rag", "chat", "--index", str(seed_index)],
        input="Do personal advisers in Knowsley work at weekends?\nAnd in the evenings?\n/quit\n",
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "RAG_CACHE": str(seed_index.parent / "cache")},
    )
    assert result.returncode == 0, result.stderr
    first, follow_up = result.stdout.split("? ")[1:3]
    assert "Searched: Do personal advisers in Knowsley work at weekends in the evenings?" in follow_up
    assert "knowsley-2017 ¶41" in first and "knowsley-2017 ¶41" in follow_up


def test_info_lists_documents(seed_index):
    result = rag("info", "--index", str(seed_index))
    assert result.returncode == 0
    assert "documents: 5" in result.stdout and "knowsley-2017" in result.stdout and "all-MiniLM-L6-v2" in result.stdout


def test_errors_are_one_line_and_exit_non_zero(tmp_path, seed_index):
    missing = rag("ask", "anything", "--index", str(tmp_path / "none"))
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "rag build" in missing.stderr
    wrong_model = rag("search", "x", "--index", str(seed_index), env={"RAG_MODEL": "some/other-model"})
    assert wrong_model.returncode == 1 and wrong_model.stderr.strip().count("\n") == 0
    assert "built with model" in wrong_model.stderr
    no_corpus = rag("build", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i"))
    assert no_corpus.returncode == 1 and "corpus folder not found" in no_corpus.stderr


def test_build_prints_what_changed_and_strict_exits_non_zero(tmp_path, corpus_copy):
    index = tmp_path / "index"
    first = rag("build", "--corpus", str(corpus_copy), "--index", str(index))
    assert first.returncode == 0, first.stderr
    assert "added: knowsley-2017" in first.stdout and "5 documents" in first.stdout
    (corpus_copy / "junk.txt").write_bytes(bytes(range(256)) * 10)
    lenient = rag("build", "--corpus", str(corpus_copy), "--index", str(index))
    assert lenient.returncode == 0 and "skipped junk.txt: binary data" in lenient.stderr
    assert "skipped 1 file" in lenient.stdout
    strict = rag("build", "--strict", "--corpus", str(corpus_copy), "--index", str(index))
    assert strict.returncode == 1 and "junk.txt" in strict.stderr
