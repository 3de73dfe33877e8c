"""Feedback on answers: thumbs, and 'wrong passage' with the right one, exported as evaluation questions.

Records are kept as JSONL beside the index, where rebuilds leave them.

No Streamlit here: the app calls these functions and the tests call them directly.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path

from rag.config import settings
from rag.store import Index

VERDICTS = ("up", "down", "wrong passage")


def feedback_path(index_dir: Path) -> Path:
    """The feedback file: ``RAG_FEEDBACK``, else ``feedback.jsonl`` in the index folder.

    Builds delete only their own files (``passages-*``, ``vectors-*``, …), so feedback survives rebuilds.
    """
    return settings().feedback_file(Path(index_dir))


def expected_passage(index: Index, text: str) -> dict:
    """What the user says the right passage is, as evaluation-set fields.

    Args:
        index: The index the citations refer to.
        text: A citation such as ``knowsley-2017 ¶43`` (several may be given), or words the right passage
            contains.

    Returns:
        ``{"relevant": [{"doc", "paragraph"}…], "evidence": […]}``; both empty if `text` says nothing usable.

    """
    text = " ".join(text.split())
    relevant: list[dict] = []
    evidence: list[str] = []
    by_citation = {p.citation.lower(): p for p in index.passages}
    for cited in re.findall(r"[\w-]+ ¶\s?\d+", text):
        passage = by_citation.get(cited.replace("¶ ", "¶").lower())
        if passage and passage.paragraph is not None:
            relevant.append({"doc": passage.doc_id, "paragraph": passage.paragraph})
    if not relevant and (passage := by_citation.get(text.lower())):  # an unnumbered passage: its opening words
        evidence.append(" ".join(passage.text.split()[:12]))
    elif not relevant and len(text.split()) >= 3:
        evidence.append(text)
    return {"relevant": relevant, "evidence": evidence}


def record_feedback(
    path: Path,
    answer: dict,
    verdict: str,
    note: str = "",
    expected: dict | None = None,
    context: dict | None = None,
) -> dict:
    """Append one verdict on an answer to the feedback file (JSON lines; the latest verdict on an answer wins).

    Args:
        path: The feedback file; created with its folder if missing.
        answer: The answer's ``Answer.as_dict()``.
        verdict: One of `VERDICTS`.
        note: The user's words.
        expected: For ``wrong passage``: the right passage as `expected_passage` gives it.
        context: How the answer was made: mode, number of passages, filters, index build.

    Returns:
        The record written.

    Raises:
        ValueError: Unknown `verdict`.

    """
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict '{verdict}' (one of {', '.join(VERDICTS)})")
    record = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "question": answer.get("question"),
        "verdict": verdict,
        "answer": answer.get("answer"),
        "supported": answer.get("supported"),
        "reason": answer.get("reason"),
        "citations": [
            {"citation": c.get("citation"), "doc_id": c.get("doc_id"), "quote": c.get("quote")}
            for c in answer.get("citations", [])
        ],
        "note": note,
        "expected": expected or {"relevant": [], "evidence": []},
        **(context or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return record


def read_feedback(path: Path) -> list[dict]:
    """All feedback records, oldest first; a line that is not JSON (a write cut short) is left out."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(json.JSONDecodeError):
            if isinstance(row := json.loads(line), dict):
                records.append(row)
    return records


def feedback_as_questions(records: list[dict]) -> tuple[str, int]:
    """The "wrong passage" verdicts as evaluation questions, in the JSONL format of ``eval/questions.jsonl``.

    Returns:
        The JSONL text, and how many verdicts were left out because they do not say which passage is right
        (an answerable evaluation question needs ``relevant`` or ``evidence``).

    """
    lines, left_out, seen = [], 0, set()
    for record in records:
        if record.get("verdict") != "wrong passage" or record.get("question") in seen:
            continue
        expected = record.get("expected") or {}
        if not (expected.get("relevant") or expected.get("evidence")):
            left_out += 1
            continue
        seen.add(record["question"])
        digest = hashlib.sha1(f"{record['question']}\0{record.get('time')}".encode()).hexdigest()[:8]
        row = {
            "id": f"feedback-{digest}",
            "question": record["question"],
            "relevant": expected.get("relevant") or [],
            "evidence": expected.get("evidence") or [],
            "answer_contains": [],
            "unanswerable": False,
            "tags": ["feedback"],
        }
        lines.append(json.dumps(row, ensure_ascii=False))
    return "".join(line + "\n" for line in lines), left_out
