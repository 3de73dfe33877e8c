"""Evaluation: how well retrieval finds the passages that answer a set of questions, and how answers fare.

A question file is JSONL, one object a line::

    {"id": "q001", "question": "…", "relevant": [{"doc": "knowsley-2017", "paragraph": 43}],
     "evidence": ["verbatim words"], "answer_contains": ["294"], "unanswerable": false, "tags": ["…"],
     "type": "number", "split": "dev"}

A passage is relevant when it matches a ``relevant`` pair or contains an ``evidence`` string (compared without
regard to case, white space or curly/straight quotes); either form alone works. ``type`` (finding, number, list,
paraphrase, …) and ``split`` (dev or test) are optional. Metrics come from ir-measures (pytrec_eval
underneath): Success@1/5/10 (the share of questions with a relevant passage in the top k), Recall@1/5/10,
MRR@10 and nDCG@10, per mode, per question type and per tag.

A conversation is one object with ``turns`` instead of ``question``::

    {"id": "c001", "split": "dev", "turns": [{"question": "…", "standalone": "…", "follow_up": true,
     "evidence": ["…"], "answer_contains": […], "unanswerable": false}, …]}

Each turn becomes a question asked after the turns before it, read as the app reads it (`rag.conversation`),
of type ``first turn``, ``follow-up`` or ``new question``; each follow-up is asked a second time as its
``standalone`` (the same question written out in full by the person who wrote the set), of type ``follow-up
written out``. The two follow-up rows of the table show what reading a follow-up in context costs.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rag.answers import Citation, answer_question
from rag.conversation import answer_turn, interpret
from rag.errors import EvaluationError
from rag.reading import Reading
from rag.retrieval import MODES, Retriever
from rag.text import normalise

METRICS = ("Success@1", "Success@5", "Success@10", "R@1", "R@5", "R@10", "RR@10", "nDCG@10")
LABELS = {
    "Success@1": "Success@1",
    "Success@5": "Success@5",
    "Success@10": "Success@10",
    "R@1": "Recall@1",
    "R@5": "Recall@5",
    "R@10": "Recall@10",
    "RR@10": "MRR@10",
    "nDCG@10": "nDCG@10",
}


@dataclass(frozen=True)
class Question:
    """One evaluation question."""

    id: str
    question: str
    relevant: tuple[tuple[str, int], ...] = ()
    evidence: tuple[str, ...] = ()
    answer_contains: tuple[str, ...] = ()
    unanswerable: bool = False
    tags: tuple[str, ...] = ()
    type: str | None = None  # finding, number, name, date, list, recommendation, paraphrase, change, across, …
    split: str | None = None  # dev (tune on it) or test (report it)
    after: tuple[str, ...] = ()  # the questions asked before it in its conversation, as asked

    def searched(self, retriever: Retriever) -> str:
        """The question searched: a conversation's turn read with the turns before it, else the question.

        A conversation's first turn is read alone, as the app and `rag chat` read it ("is stockport's front door slow
        at the moment? i refer families in and it feels like nothing happens for ages" searches the question, not
        the remark after it); a question of a question set is searched as asked, as `rag ask` searches it.
        """
        if not self.after and self.type != "first turn":
            return self.question
        history: list[Reading] = []
        for asked in self.after:  # answered as the app answers them: a list's items are what later turns point at
            history.append(answer_turn(retriever, asked, history)[0])
        return interpret(self.question, history, retriever.index.documents.values()).standalone


@dataclass
class ModeResult:
    """Metrics of one retrieval mode over the answerable questions."""

    mode: str
    metrics: dict[str, float]
    by_tag: dict[str, dict[str, float]]
    by_type: dict[str, dict[str, float]]
    misses: list[dict]
    per_query: dict[str, dict[str, float]] = field(repr=False)
    seconds: float = 0.0


@dataclass
class EvaluationReport:
    """Everything `evaluate` measured."""

    files: list[str]
    questions: int
    answerable: int
    unanswerable: int
    unmatched: list[str]
    modes: dict[str, ModeResult]
    answers: dict | None
    types: dict[str, int] = field(default_factory=dict)  # answerable questions of each type

    def as_dict(self) -> dict:
        """JSON-ready form (``rag eval --json``)."""
        return {
            "files": self.files,
            "questions": self.questions,
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "unmatched": self.unmatched,
            "modes": {
                mode: {
                    "metrics": {LABELS[m]: round(v, 4) for m, v in result.metrics.items()},
                    "by_type": {
                        kind: {LABELS[m]: round(v, 4) for m, v in values.items()}
                        for kind, values in sorted(result.by_type.items())
                    },
                    "by_tag": {
                        tag: {LABELS[m]: round(v, 4) for m, v in values.items()}
                        for tag, values in sorted(result.by_tag.items())
                    },
                    "misses": result.misses,
                    "seconds": round(result.seconds, 2),
                }
                for mode, result in self.modes.items()
            },
            "answers": self.answers,
        }


def load_questions(paths: list[Path]) -> list[Question]:
    """Questions from JSONL files; ids must be unique across them.

    Raises:
        EvaluationError: A file is missing, a line is not JSON, or a question lacks ``question`` or both
            ``relevant`` and ``evidence`` (unless it is unanswerable).

    """
    questions: list[Question] = []
    for path in paths:
        if not Path(path).exists():
            raise EvaluationError(f"{path}: no such question file")
        questions.extend(parse_questions(Path(path).read_text(encoding="utf-8"), str(path), questions))
    return questions


def parse_questions(text: str, source: str, earlier: list[Question] | None = None) -> list[Question]:
    """Questions from JSONL `text` (an uploaded file, say), `source` naming it in errors.

    Args:
        text: One JSON object a line.
        source: The file's name, for messages and default ids.
        earlier: Questions already read, whose ids these must not repeat.

    Raises:
        EvaluationError: As `load_questions`.

    """
    seen = {q.id for q in earlier or ()}
    questions: list[Question] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}, line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationError(f"{where}: not valid JSON ({exc.msg})") from exc
        if isinstance(row, dict) and isinstance(row.get("turns"), list):
            turns = _conversation_questions(row, where, source, seen)
            seen.update(q.id for q in turns)
            questions.extend(turns)
            continue
        if not isinstance(row, dict) or not str(row.get("question", "")).strip():
            raise EvaluationError(f"{where}: missing 'question'")
        relevant = tuple((str(r["doc"]), int(r["paragraph"])) for r in row.get("relevant") or ())
        evidence = tuple(str(e) for e in row.get("evidence") or () if str(e).strip())
        unanswerable = bool(row.get("unanswerable", False))
        if not unanswerable and not relevant and not evidence:
            raise EvaluationError(f"{where}: an answerable question needs 'relevant' or 'evidence'")
        qid = str(row.get("id") or f"{Path(source).stem}-{number}")
        if qid in seen:
            raise EvaluationError(f"{where}: duplicate id '{qid}'")
        seen.add(qid)
        answer_contains = tuple(row.get("answer_contains") or ())
        tags = tuple(row.get("tags") or ())
        kind = row.get("type") or ("unanswerable" if unanswerable else None)
        text = row["question"].strip()
        questions.append(
            Question(qid, text, relevant, evidence, answer_contains, unanswerable, tags, kind, row.get("split"))
        )
    return questions


def _conversation_questions(row: dict, where: str, source: str, seen: set[str]) -> list[Question]:
    """A conversation's turns as questions, each after the ones before it; each follow-up also written out."""
    cid = str(row.get("id") or f"{Path(source).stem}-{where.rsplit(' ', 1)[-1]}")
    out: list[Question] = []
    asked: list[str] = []
    for n, turn in enumerate(row["turns"], 1):
        if not isinstance(turn, dict) or not str(turn.get("question", "")).strip():
            raise EvaluationError(f"{where}: turn {n} of conversation '{cid}' is missing 'question'")
        base = {
            "evidence": turn.get("evidence"),
            "relevant": turn.get("relevant"),
            "answer_contains": turn.get("answer_contains"),
            "unanswerable": turn.get("unanswerable", False),
            "tags": [*(row.get("tags") or ()), "conversation"],
            "split": row.get("split"),
        }
        kind = "first turn" if n == 1 else "follow-up" if turn.get("follow_up", True) else "new question"
        line = json.dumps(base | {"id": f"{cid}.{n}", "question": turn["question"], "type": kind})
        (question,) = parse_questions(line, f"{where}, turn {n}", [])
        out.append(Question(**{**question.__dict__, "after": tuple(asked)}))
        if kind == "follow-up" and str(turn.get("standalone", "")).strip():
            written = {"id": f"{cid}.{n}w", "question": turn["standalone"], "type": "follow-up written out"}
            out.extend(parse_questions(json.dumps(base | written), f"{where}, turn {n}", []))
        asked.append(turn["question"].strip())
    if duplicate := next((q.id for q in out if q.id in seen), None):
        raise EvaluationError(f"{where}: duplicate id '{duplicate}'")
    return out


def corpus_difference(retriever: Retriever, expected: set[str]) -> str | None:
    """How the index differs from the corpus a question set was written for (`expected` document ids), in words.

    ``None`` when the index holds exactly those documents; else what is missing and what is extra, since the
    figures then cannot be compared with the ones measured on that corpus.
    """
    have = set(retriever.index.documents)
    missing, extra = sorted(expected - have), sorted(have - expected)
    if not missing and not extra:
        return None
    parts = []
    if missing:
        parts.append(f"{len(missing)} of its documents are not in this index ({', '.join(missing[:5])})")
    if extra:
        parts.append(f"this index has {len(extra)} other document{'s' * (len(extra) != 1)} ({', '.join(extra[:5])}…)")
    return "; ".join(parts)


def relevant_passages(retriever: Retriever, question: Question, texts: list[str] | None = None) -> set[int]:
    """Indexes of the passages that are relevant to `question` in the retriever's index.

    Args:
        retriever: Searches the index.
        question: The question, with its ``relevant`` pairs and ``evidence`` strings.
        texts: The passages' texts already `normalise`d, one per passage (worth passing for many questions).

    """
    pairs = set(question.relevant)
    evidence = [normalise(e) for e in question.evidence]
    if texts is None and evidence:
        texts = [normalise(p.text) for p in retriever.index.passages]
    found = set()
    for i, passage in enumerate(retriever.index.passages):
        if (passage.doc_id, passage.paragraph) in pairs or (texts and any(e in texts[i] for e in evidence)):
            found.add(i)
    return found


def evaluate(
    retriever: Retriever,
    questions: list[Question],
    modes: tuple[str, ...] = MODES,
    k: int = 10,
    with_answers: bool = True,
    files: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EvaluationReport:
    """Run every question through each mode (and through `answer_question` for the answer checks).

    `progress`, if given, is called with (questions done, questions to do) as each search or answer finishes.
    """
    import ir_measures

    measures = [ir_measures.parse_measure(m) for m in METRICS]
    answerable = [q for q in questions if not q.unanswerable]
    qrels: dict[str, dict[str, int]] = {}
    unmatched = []
    texts = [normalise(p.text) for p in retriever.index.passages]
    relevant = {q.id: relevant_passages(retriever, q, texts) for q in answerable}
    searched = {q.id: q.searched(retriever) for q in questions}
    total = len(answerable) * len(modes) + (len(questions) if with_answers else 0)
    tick = _counter(progress, total)
    for q in answerable:
        if not relevant[q.id]:
            unmatched.append(q.id)
        qrels[q.id] = {str(i): 1 for i in relevant[q.id]} or {"none": 1}
    results: dict[str, ModeResult] = {}
    for mode in modes:
        started = time.perf_counter()
        run: dict[str, dict[str, float]] = {}
        firsts: dict[str, str] = {}
        for q in answerable:
            hits = retriever.search(searched[q.id], k=k, mode=mode)
            run[q.id] = {str(h.row): float(k - rank) for rank, h in enumerate(hits)} or {"nothing": 0.0}
            firsts[q.id] = hits[0].passage.citation if hits else "(nothing)"
            tick()
        seconds = time.perf_counter() - started
        per_query: dict[str, dict[str, float]] = defaultdict(dict)
        for metric in ir_measures.iter_calc(measures, qrels, run):
            per_query[metric.query_id][str(metric.measure)] = metric.value
        overall = _mean([per_query[q.id] for q in answerable])
        by_tag = {
            tag: _mean([per_query[q.id] for q in answerable if tag in q.tags])
            for tag in sorted({t for q in answerable for t in q.tags})
        }
        by_type = {
            kind: _mean([per_query[q.id] for q in answerable if q.type == kind])
            for kind in sorted({q.type for q in answerable if q.type})
        }
        misses = [
            {
                "id": q.id,
                "question": searched[q.id],
                "first": firsts[q.id],
                "expected": _describe(retriever, qrels[q.id]),
            }
            for q in answerable
            if per_query[q.id].get("R@5", 0.0) == 0.0
        ]
        results[mode] = ModeResult(mode, overall, by_tag, by_type, misses, dict(per_query), seconds)
    answers = _answer_checks(retriever, questions, texts, relevant, searched, tick) if with_answers else None
    types = Counter(q.type for q in answerable if q.type)
    return EvaluationReport(
        files or [],
        len(questions),
        len(answerable),
        len(questions) - len(answerable),
        unmatched,
        results,
        answers,
        dict(sorted(types.items())),
    )


def _counter(progress: Callable[[int, int], None] | None, total: int) -> Callable[[], None]:
    """A function to call as each question is done: it reports (done, total) to `progress`."""
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    return tick


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    if not rows:
        return {m: 0.0 for m in METRICS}
    return {m: sum(row.get(m, 0.0) for row in rows) / len(rows) for m in METRICS}


def _describe(retriever: Retriever, relevant: dict[str, int]) -> list[str]:
    return [retriever.index.passages[int(i)].citation for i in list(relevant)[:3] if i.isdigit()]


def _answer_checks(
    retriever: Retriever,
    questions: list[Question],
    texts: list[str],
    relevant: dict[str, set[int]],
    searched: dict[str, str],
    tick: Callable[[], None] = lambda: None,
) -> dict:
    """How the answers fare, overall and per question type.

    ``answer_contains_found``: share of the asked facts (``answer_contains``) found in the answers;
    ``unanswerable_flagged`` and ``answerable_wrongly_flagged``: "not found" where it should and should not be;
    ``quote_exactness``: share of quoted sentences that are verbatim in their passage, itself verbatim in its
    document; ``citation_precision``: share of the passages an answer to an answerable question quotes that hold
    its evidence or its fact. `texts` are the passages' texts, `normalise`d; `relevant` the rows relevant to each
    answerable question; `searched` each question as searched.
    """
    rows: list[dict] = []
    problems: list[dict] = []
    for q in questions:
        answer = answer_question(retriever, searched[q.id])
        tick()
        row = {"type": q.type or "untyped", "unanswerable": q.unanswerable, "flagged": not answer.supported}
        quoted = [c for c in answer.citations if c.quote] if answer.supported else []
        row["quotes"] = [_verbatim(retriever, c) for c in quoted for _ in c.quote.split(" … ")]  # type: ignore[union-attr]
        if q.unanswerable:
            if answer.supported:
                problems.append(
                    {"id": q.id, "question": q.question, "problem": "answered", "answer": answer.text[:300]}
                )
        else:
            if not answer.supported:
                problems.append({"id": q.id, "question": q.question, "problem": "not found", "reason": answer.reason})
            row["facts"] = [normalise(n) in normalise(answer.text) for n in q.answer_contains]
            needles = [normalise(n) for n in q.answer_contains]
            row["cited"] = [c.hit.row in relevant[q.id] or any(n in texts[c.hit.row] for n in needles) for c in quoted]
        rows.append(row)
    out = _answer_figures(rows)
    out["by_type"] = {
        kind: _answer_figures([r for r in rows if r["type"] == kind]) for kind in sorted({r["type"] for r in rows})
    }
    out["problems"] = problems
    return out


# Answer figures where higher is better (the quality gate takes floors for them).
ANSWER_FIGURES = ("answer_contains_found", "unanswerable_flagged", "quote_exactness", "citation_precision")


def _answer_figures(rows: list[dict]) -> dict:
    def share(values: list[bool]) -> float | None:
        return round(sum(values) / len(values), 4) if values else None

    answerable = [r for r in rows if not r["unanswerable"]]
    return {
        "answer_contains_found": share([f for r in answerable for f in r["facts"]]),
        "unanswerable_flagged": share([r["flagged"] for r in rows if r["unanswerable"]]),
        "answerable_wrongly_flagged": share([r["flagged"] for r in answerable]),
        "quote_exactness": share([ok for r in rows for ok in r["quotes"]]),
        "citation_precision": share([ok for r in answerable for ok in r["cited"]]),
    }


def _verbatim(retriever: Retriever, citation: Citation) -> bool:
    """Whether every quoted piece is in its passage, and the passage in its document, word for word."""
    passage = citation.hit.passage
    pieces = (citation.quote or "").split(" … ")
    document = " ".join(retriever.index.document_text(passage.doc_id).text.split())
    return all(piece in passage.text for piece in pieces) and " ".join(passage.text.split()) in document


def format_table(report: EvaluationReport) -> str:
    """The per-mode metrics, the first mode's per-type metrics and the answer checks as plain-text tables."""
    header = f"{'mode':<14}" + "".join(f"{LABELS[m]:>11}" for m in METRICS)
    lines = [f"{report.answerable} answerable and {report.unanswerable} unanswerable questions", header]
    for mode, result in report.modes.items():
        lines.append(f"{mode:<14}" + "".join(f"{result.metrics[m]:>11.3f}" for m in METRICS))
    first = next(iter(report.modes.values()), None)
    if first and first.by_type:
        lines += ["", f"{first.mode}, by question type", f"{'type':<14}" + header[14:] + f"{'questions':>11}"]
        for kind, values in first.by_type.items():
            lines.append(f"{kind:<14}" + "".join(f"{values[m]:>11.3f}" for m in METRICS) + f"{report.types[kind]:>11}")
    if report.unmatched:
        lines.append(f"no passage in the index matches the evidence of: {', '.join(report.unmatched)}")
    if report.answers:
        columns = ANSWER_FIGURES[:2] + ("answerable_wrongly_flagged",) + ANSWER_FIGURES[2:]
        titles = ("fact found", "flagged", "wrongly", "verbatim", "precision")
        lines += ["", "answers", f"{'type':<14}" + "".join(f"{t:>11}" for t in titles)]
        for kind, figures in [("all", report.answers), *report.answers.get("by_type", {}).items()]:
            lines.append(f"{kind:<14}" + "".join(f"{_pct(figures.get(c)):>11}" for c in columns))
    return "\n".join(lines)


def format_misses(report: EvaluationReport, mode: str, limit: int = 20) -> str:
    """The questions whose relevant passages were not in the top 5, with what came first instead."""
    misses = report.modes[mode].misses
    lines = [f"{len(misses)} questions missed in the top 5 ({mode}):"]
    for miss in misses[:limit]:
        lines.append(
            f"  {miss['id']}: {miss['question']}\n      first: {miss['first']}; "
            f"expected: {', '.join(miss['expected']) or '(no passage matches)'}"
        )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def write_report(report: EvaluationReport, out: Path) -> list[Path]:
    """Write ``report.md``, ``results.json`` and ``modes.png`` (a chart comparing the modes) into `out`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    data = report.as_dict()
    (out / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")

    modes = list(report.modes)
    fig, ax = plt.subplots(figsize=(8, 4), dpi=110)
    width = 0.8 / max(len(modes), 1)
    for n, mode in enumerate(modes):
        values = [report.modes[mode].metrics[m] for m in METRICS]
        bars = ax.bar([x + n * width for x in range(len(METRICS))], values, width, label=mode)
        ax.bar_label(bars, fmt="%.2f", fontsize=7)
    ax.set_xticks([x + width * (len(modes) - 1) / 2 for x in range(len(METRICS))], [LABELS[m] for m in METRICS])
    ax.set_ylim(0, 1.08)
    ax.set_title(f"Retrieval by mode ({report.answerable} answerable questions)")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "modes.png")
    plt.close(fig)

    md = [
        f"# Retrieval evaluation\n\nQuestion files: {', '.join(report.files)}\n",
        "| mode | " + " | ".join(LABELS[m] for m in METRICS) + " |",
        "|---|" + "---:|" * len(METRICS),
    ]
    for mode, result in report.modes.items():
        md.append(f"| {mode} | " + " | ".join(f"{result.metrics[m]:.3f}" for m in METRICS) + " |")
    md.append("\n![modes](modes.png)\n")
    if report.answers:
        a = report.answers
        md.append(
            f"Answers: `answer_contains` found {_pct(a['answer_contains_found'])}; unanswerable questions "
            f"flagged {_pct(a['unanswerable_flagged'])}; answerable ones wrongly flagged "
            f"{_pct(a['answerable_wrongly_flagged'])}; quotes verbatim {_pct(a['quote_exactness'])}; cited "
            f"passages holding the evidence {_pct(a['citation_precision'])}.\n"
        )
        for problem in a["problems"]:
            md.append(f"- {problem['id']} ({problem['problem']}): {problem['question']}")
    for mode, result in report.modes.items():
        md.append(f"\n## {mode}: by tag\n\n| tag | " + " | ".join(LABELS[m] for m in METRICS) + " |")
        md.append("|---|" + "---:|" * len(METRICS))
        for tag, tag_values in sorted(result.by_tag.items()):
            md.append(f"| {tag} | " + " | ".join(f"{tag_values[m]:.3f}" for m in METRICS) + " |")
        md.append(f"\n### {mode}: missed in the top 5\n")
        for miss in result.misses:
            md.append(
                f"- **{miss['id']}** {miss['question']} — first: `{miss['first']}`; expected: "
                f"{', '.join(f'`{c}`' for c in miss['expected']) or '(no passage matches)'}"
            )
    (out / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    return [out / "report.md", out / "results.json", out / "modes.png"]


def check_gate(report: EvaluationReport, thresholds: dict) -> list[str]:
    """Failures of the quality gate: each metric of the shipped mode below its recorded threshold.

    `thresholds` looks like ``{"mode": "hybrid", "Recall@5": 0.9, "MRR@10": 0.8, "unanswerable_flagged": 0.85,
    "answer_contains_found": 0.9, "quote_exactness": 1.0, "answerable_wrongly_flagged_max": 0.08}``: floors for
    the retrieval metrics and `ANSWER_FIGURES`, a ceiling for the share wrongly flagged.
    """
    failures = []
    mode = thresholds.get("mode", "hybrid")
    metrics = report.as_dict()["modes"][mode]["metrics"]
    for name, floor in thresholds.items():
        if name in metrics and metrics[name] < floor:
            failures.append(f"{mode} {name} {metrics[name]:.3f} < {floor}")
    answers = report.answers or {}
    for name in ANSWER_FIGURES:
        if name in thresholds and (answers.get(name) or 0) < thresholds[name]:
            failures.append(f"{name.replace('_', ' ')} {answers.get(name)} < {thresholds[name]}")
    ceiling = thresholds.get("answerable_wrongly_flagged_max")
    if ceiling is not None and (answers.get("answerable_wrongly_flagged") or 0) > ceiling:
        failures.append(f"answerable wrongly flagged {answers.get('answerable_wrongly_flagged')} > {ceiling}")
    return failures
