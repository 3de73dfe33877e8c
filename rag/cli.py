"""The ``rag`` command line: build, search, ask, chat, across, eval, check, info.

Library errors (`rag.errors.RagError`) become one clear line on stderr and exit status 1. Defaults come from
`rag.config`: ``corpus/`` and ``index/`` in the current folder unless ``RAG_CORPUS``, ``RAG_INDEX`` (and
``RAG_MODEL``, ``RAG_FAISS``) say otherwise.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import click

from rag.config import DEFAULT_QUESTIONS, FAISS_KINDS, settings
from rag.documents import KINDS, Document
from rag.errors import RagError
from rag.national import DEFAULT_REPORTS
from rag.ofsted import FRAMEWORKS, GRADES
from rag.query import Filters
from rag.retrieval import MODES

_LIBRARY_ERRORS = (RagError, ValueError, OSError)

corpus_option = click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    default=lambda: settings().corpus,
    show_default="RAG_CORPUS, else corpus",
    help="Folder of documents.",
)
index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    default=lambda: settings().index,
    show_default="RAG_INDEX, else index",
    help="Index folder.",
)
model_option = click.option(
    "--model",
    default=lambda: settings().model,
    help="sentence-transformers model name or path (default: RAG_MODEL, else the bundled all-MiniLM-L6-v2).",
)


def _filter_options(func):
    options = [
        click.option("--doc", "docs", multiple=True, help="Only this document id (repeatable)."),
        click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only this kind (repeatable)."),
        click.option("--authority", "authorities", multiple=True, help="Only documents about this council."),
        click.option("--since", help="Only documents dated on or after YYYY[-MM[-DD]]."),
        click.option("--until", help="Only documents dated on or before YYYY[-MM[-DD]]."),
        click.option("--year", "years", multiple=True, type=int, help="Only reports published or inspected then."),
        click.option("--framework", "frameworks", multiple=True, type=click.Choice(FRAMEWORKS, case_sensitive=False)),
        click.option(
            "--grade", "grades", multiple=True, help="Only reports with this overall grade.", type=click.Choice(GRADES)
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _json_options(func):
    """``--json`` (one JSON object per line) and ``--pretty`` (the same, indented for reading)."""
    func = click.option("--pretty", is_flag=True, help="JSON, indented for reading (implies --json).")(func)
    return click.option("--json", "as_json", is_flag=True, help="JSON output, one object per line.")(func)


def _emit(obj: Any, pretty: bool) -> None:
    """`obj` as JSON on standard output: on one line, or indented with ``--pretty``."""
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None))


def _filters(docs, kinds, authorities, since, until, years, frameworks, grades) -> Filters:
    return Filters(
        doc_ids=tuple(docs),
        kinds=tuple(kinds),
        authorities=tuple(authorities),
        since=since,
        until=until,
        years=tuple(years),
        frameworks=tuple(frameworks),
        grades=tuple(grades),
    )


class _Commands(click.Group):
    """The command group: each library error becomes one line and exit status 1.

    That holds for errors raised while a command's options are read (a bad ``RAG_*`` value) and while it runs.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # the reader went away (`rag search … | head`): stop quietly, as Unix tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            sys.exit(1)
        except _LIBRARY_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc


def _retriever(index_dir: Path, model: str | None):
    from rag.retrieval import Retriever
    from rag.store import Index

    return Retriever(Index.load(index_dir, model=model))


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ofsted-rag")
def main() -> None:
    """Ask questions of Ofsted inspection reports and get answers with cited paragraphs."""


@main.command()
@corpus_option
@index_option
@model_option
@click.option("--strict", is_flag=True, help="Fail, changing nothing, if any file cannot be read.")
@click.option("--rebuild", is_flag=True, help="Start over: re-read and re-embed everything, reusing nothing.")
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="Read, chunk and embed on a Ray cluster: ADDRESS, else RAY_ADDRESS, else a local one (pip install '.[ray]').",
)
@click.option(
    "--faiss",
    "faiss_kind",
    type=click.Choice(FAISS_KINDS),
    default=lambda: settings().faiss,
    show_default="RAG_FAISS, else auto",
    help="Exact (flat) or approximate (hnsw; ivfpq for millions of passages) vector index; auto picks by size.",
)
def build(
    corpus: Path,
    index_dir: Path,
    model: str | None,
    strict: bool,
    rebuild: bool,
    ray_address: str | None,
    faiss_kind: str,
) -> None:
    """Build, update or repair the index from the corpus (only changed documents are re-read and re-embedded)."""
    from rag.build import build_index

    engine = None
    if ray_address is not None:
        from rag.distributed import RayEngine

        engine = RayEngine(None if ray_address == "local" else ray_address)
        click.echo(f"ray: {engine.workers} embedding workers ({engine.gpus} GPUs)", err=True)
    try:
        report = build_index(
            corpus,
            index_dir,
            model=model,
            strict=strict,
            rebuild=rebuild,
            progress=sys.stderr.isatty(),
            log=lambda line: click.echo(line, err=True),
            faiss_kind=faiss_kind,
            engine=engine,
        )
    finally:
        if engine is not None:
            engine.close()
    for label, ids in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
        for doc_id in ids:
            click.echo(f"{label}: {doc_id}")
    click.echo(report.summary())
    click.echo(f"index: {index_dir}")


@main.command()
@click.argument("query", required=False)
@click.option("--queries", type=click.File("r", encoding="utf-8"), help="File of queries, one per line.")
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 1000), help="Passages to return.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True)
@_filter_options
@_json_options
@index_option
@model_option
def search(query, queries, k, mode, as_json, pretty, index_dir, model, **filter_args) -> None:
    """Passages that match QUERY, best first; with --json one hit per line (each line of --queries: one line)."""
    if bool(query) == bool(queries):
        raise click.UsageError("give either QUERY or --queries FILE")
    retriever = _retriever(index_dir, model)
    filters = _filters(**filter_args)
    if queries:
        for line in queries:
            if line.strip():
                hits = retriever.search(line.strip(), k=k, mode=mode, filters=filters)
                _emit({"query": line.strip(), "hits": [h.as_dict() for h in hits]}, pretty)
        return
    hits = retriever.search(query, k=k, mode=mode, filters=filters)
    if as_json or pretty:
        for hit in hits:
            _emit(hit.as_dict(), pretty)
        return
    if not hits:
        click.echo("No passages match.")
    for n, hit in enumerate(hits, 1):
        _print_passage(n, hit, None)


@main.command()
@click.argument("question", required=False)
@click.option("--questions", type=click.File("r", encoding="utf-8"), help="File of questions, one per line.")
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 100), help="Passages to read.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True)
@_filter_options
@_json_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "docx", "csv", "txt"]),
    help="Write the answer (every answer, with --questions) as Markdown, Word, a CSV evidence pack "
    "(one row per quoted passage) or plain text.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="The file --format writes (default: stdout).")
@index_option
@model_option
def ask(question, questions, k, mode, as_json, pretty, fmt, output, index_dir, model, **filter_args) -> None:
    """Answer QUESTION with sentences quoted from the reports, each cited (or each line of --questions)."""
    from rag.answers import answer_question

    if bool(question and question.strip()) == bool(questions):
        raise click.UsageError("give either a QUESTION or --questions FILE")
    if fmt == "docx" and not output:
        raise click.UsageError("--format docx needs --output FILE")
    retriever = _retriever(index_dir, model)
    filters = _filters(**filter_args)
    manifest = retriever.index.manifest
    info = {"built_at": manifest["built_at"], "model": manifest["model"]["name"]}
    asked = [line.strip() for line in questions if line.strip()] if questions else [question.strip()]
    answers = []
    for text in asked:  # the model loaded once for them all
        answers.append(answer_question(retriever, text, k=k, mode=mode, filters=filters))
        if (as_json or pretty or questions) and not fmt:
            _emit(answers[-1].as_dict(info), pretty)
    if fmt:
        _write_export(asked, answers, fmt, output)
    elif not (as_json or pretty or questions):
        _print_answer(answers[0])


def _write_export(asked: list[str], answers: list, fmt: str, output: Path | None) -> None:
    from rag.export import Turn, export

    data = export([Turn(q, a) for q, a in zip(asked, answers, strict=True)], fmt)
    if output is None:
        click.echo(data.decode("utf-8-sig"), nl=False)
        return
    output.write_bytes(data)
    click.echo(f"wrote {output} ({len(answers)} answer{'s' if len(answers) != 1 else ''}, {fmt})", err=True)


def _print_answer(result) -> None:
    click.echo(result.text)
    if not result.supported:
        click.echo(f"({result.reason})")
        click.echo("\nNearest passages:" if result.citations else "")
    click.echo()
    for citation in result.citations:
        _print_passage(citation.ref, citation.hit, citation.quote)


@main.command()
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 100), help="Passages to read.")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True)
@_filter_options
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Read questions from standard input, one per line, and print one JSON answer per line; "
    "a blank line starts a new conversation.",
)
@index_option
@model_option
def chat(k, mode, as_json, index_dir, model, **filter_args) -> None:
    """A conversation: each question is read with the ones before it ("What did they recommend?", "And in 2018?").

    Under a follow-up, "Searched:" shows the question it was read as. Type /new to start a new conversation,
    /quit (or Ctrl-D) to leave.
    """
    from rag.conversation import answer_turn
    from rag.reading import Reading

    retriever = _retriever(index_dir, model)
    filters = _filters(**filter_args)
    manifest = retriever.index.manifest
    info = {"built_at": manifest["built_at"], "model": manifest["model"]["name"]}
    history: list[Reading] = []
    for line in sys.stdin if as_json else _prompted_lines():
        question = line.strip()
        if not question or question == "/new":
            history.clear()
            if not as_json and question:
                click.echo("(a new conversation)\n")
            continue
        if question in ("/quit", "/exit"):
            break
        reading, answer = answer_turn(retriever, question, history, k=k, mode=mode, filters=filters)
        history.append(reading)
        if as_json:
            out = answer.as_dict(info) | {"question": question, "interpreted": reading.standalone}
            _emit(out | {"carried": list(reading.carried)}, pretty=False)
            sys.stdout.flush()
            continue
        if reading.follow_up:
            click.secho(f"Searched: {reading.standalone}", dim=True)
        _print_answer(answer)


def _prompted_lines():
    """Lines typed at a ``?`` prompt, with readline's editing and a history kept in the cache folder."""
    readline: Any = None
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows
        pass
    history = settings().cache / "chat-history"
    if readline is not None:
        try:
            readline.read_history_file(history)
        except OSError:
            pass
    click.echo("Ask about the reports; /new starts a new conversation, /quit (or Ctrl-D) leaves.")
    try:
        while True:
            yield input("? ")
    except (EOFError, KeyboardInterrupt):
        click.echo()
    finally:
        if readline is not None:
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.set_history_length(1000)
            readline.write_history_file(history)


@main.command()
@click.argument("query")
@_filter_options
@click.option("--min-similarity", type=float, default=None, help="Cosine below which a passage does not count.")
@_json_options
@index_option
@model_option
def across(query, min_similarity, as_json, pretty, index_dir, model, **filter_args) -> None:
    """Which councils' reports say QUERY: matching paragraphs grouped by council, most relevant first."""
    from rag.across import ACROSS_MIN_SIMILARITY, across_councils

    retriever = _retriever(index_dir, model)
    threshold = ACROSS_MIN_SIMILARITY if min_similarity is None else min_similarity
    matches = across_councils(retriever, query, filters=_filters(**filter_args), min_similarity=threshold)
    if as_json or pretty:
        _emit({"query": query, "councils": [m.as_dict() for m in matches]}, pretty)
        return
    total = sum(len(m.hits) for m in matches)
    click.echo(f"{len(matches)} councils, {total} paragraphs match: {query}\n")
    for n, match in enumerate(matches, 1):
        years = sorted({(h.document.date or "?")[:4] for h in match.hits})
        click.secho(f"{n}. {match.council}", bold=True, nl=False)
        click.echo(f"  ({len(match.hits)} paragraph{'s' if len(match.hits) != 1 else ''}; {', '.join(years)})")
        for hit in match.hits[:3]:
            text = hit.passage.text if len(hit.passage.text) < 220 else hit.passage.text[:220] + " …"
            page = f", page {hit.passage.page}" if hit.passage.page else ""
            click.echo(f"   {hit.passage.citation}{page}: {text}")
        click.echo()


@main.command(name="eval")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--mode", type=click.Choice([*MODES, "all"]), default="all", show_default=True)
@click.option("-k", "k", default=10, show_default=True, type=click.IntRange(10, 100), help="Depth of each ranking.")
@click.option("--split", type=click.Choice(["dev", "test"]), help="Only the questions of this half.")
@click.option("--no-answers", is_flag=True, help="Skip the answer checks (faster).")
@_json_options
@click.option("--out", type=click.Path(path_type=Path), help="Write report.md, results.json and modes.png here.")
@click.option("--gate", type=click.Path(exists=True, path_type=Path), help="Fail if below these thresholds (JSON).")
@click.option(
    "--national",
    is_flag=True,
    help="Evaluate on the national collection: the corpus plus --reports, built (incrementally) in --national-dir; "
    "questions default to eval/national-questions.jsonl.",
)
@click.option(
    "--reports",
    type=click.Path(path_type=Path),
    default=lambda: DEFAULT_REPORTS,
    show_default="../shared/reports beside the project",
    help="With --national: the folder of reports.",
)
@click.option(
    "--national-dir",
    type=click.Path(path_type=Path),
    default="national",
    show_default=True,
    help="With --national: the working folder for its corpus links and index, reused from run to run.",
)
@corpus_option
@index_option
@model_option
def eval_command(
    files,
    mode,
    k,
    split,
    no_answers,
    as_json,
    pretty,
    out,
    gate,
    national,
    reports,
    national_dir,
    corpus,
    index_dir,
    model,
) -> None:
    """Measure retrieval and answers on question FILES (JSONL; default: the project's eval/questions.jsonl)."""
    from rag.evaluation import check_gate, evaluate, format_misses, format_table, load_questions, write_report

    if national:
        from rag.national import NATIONAL_QUESTIONS, prepare

        collection, built = prepare(corpus, reports, national_dir, log=lambda line: click.echo(line, err=True))
        click.echo(f"national index: {built.summary()}", err=True)
        index_dir = collection.index
    paths = list(files) or [NATIONAL_QUESTIONS if national else DEFAULT_QUESTIONS]
    questions = [q for q in load_questions(paths) if split is None or q.split == split]
    retriever = _retriever(index_dir, model)
    modes = MODES if mode == "all" else (mode,)
    shown = [str(p.relative_to(Path.cwd()) if p.is_absolute() and p.is_relative_to(Path.cwd()) else p) for p in paths]
    report = evaluate(retriever, questions, modes=modes, k=k, with_answers=not no_answers, files=shown)
    if as_json or pretty:
        _emit(report.as_dict(), pretty)
    else:
        click.echo(format_table(report))
        click.echo(format_misses(report, modes[0]))
    if out:
        for path in write_report(report, out):
            click.echo(f"wrote {path}", err=True)
    if gate:
        failures = check_gate(report, json.loads(gate.read_text()))
        if failures:
            raise click.ClickException("quality gate failed: " + "; ".join(failures))
        click.echo("quality gate passed", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--all", "show_all", is_flag=True, help="List every report, not only those that look wrong.")
def check(paths, show_all) -> None:
    """Check how PDF reports parse: numbered paragraphs 1…N, no gaps, no headers left in passages."""
    from rag.quality import check_file, report_files

    files = report_files(list(paths))
    bad = 0
    for path in files:
        result = check_file(path)
        bad += not result.ok
        if show_all or not result.ok:
            verdict = "ok" if result.ok else "; ".join(result.problems)
            click.echo(
                f"{path}: {result.numbered} numbered paragraphs ({result.numbered_share:.0%} of text): {verdict}"
            )
    click.echo(f"{len(files)} reports checked, {bad} look wrong")
    if bad:
        sys.exit(1)


@main.command()
@index_option
@click.option("--check", is_flag=True, help="Verify every file's checksum too, and that the index loads.")
@_json_options
def info(index_dir: Path, check: bool, as_json: bool, pretty: bool) -> None:
    """What the index holds (documents, passages, model, build time), and whether its files are as built.

    Without --check the files' presence and sizes are verified; with it, their checksums too (a second or so for
    the national index) and that the index loads. A damaged index exits with status 1.
    """
    from rag.store import disk_size, verify_index

    manifest, problems = verify_index(index_dir, checksums=check)
    if as_json or pretty:
        keep = (
            "schema_version",
            "build_id",
            "built_at",
            "corpus",
            "model",
            "chunker",
            "counts",
            "documents",
            "skipped",
        )
        verified = {"verified": "checksums" if check else "sizes", "damaged": problems}
        _emit({key: manifest[key] for key in keep} | verified, pretty)
        if problems:
            sys.exit(1)
        return
    _print_info(index_dir, manifest)
    if problems:
        for problem in problems:
            click.echo(f"damaged: {problem}", err=True)
        click.echo(f"Repair it: rag build --index {index_dir} (reuses the files that verify)", err=True)
        sys.exit(1)
    files = manifest["files"]
    size = sum(disk_size(index_dir / name) for name in files.values())
    what = "sizes and checksums as built; it loads" if check else "present, sizes as built (--check: checksums too)"
    click.echo(f"files:     {len(files)} ({size / 1e6:,.0f} MB), {what}")


def _print_info(index_dir: Path, manifest: dict[str, Any]) -> None:
    """The index, its model, counts, documents and skipped files, as `rag info` prints them."""
    from rag.store import vector_index

    counts = manifest["counts"]
    click.echo(f"index:     {index_dir} (built {manifest['built_at']} from {manifest['corpus']})")
    click.echo(f"model:     {manifest['model']['name']} ({manifest['model']['dimension']} dimensions)")
    click.echo(f"vectors:   {vector_index(manifest['faiss'])}")
    click.echo(
        f"documents: {counts['documents']}   passages: {counts['passages']}   skipped files: {counts['skipped']}"
    )
    for doc in map(Document.from_dict, manifest["documents"].values()):
        click.echo(
            f"  {doc.doc_id:<28} {doc.kind:<18} {doc.date or '?':<10} {doc.passages:>4} passages  {doc.title[:70]}"
        )
    for skipped in manifest["skipped"]:
        click.echo(f"  skipped {skipped['path']}: {skipped['reason']}")


def _print_passage(n: int, hit, quote: str | None) -> None:
    p, doc = hit.passage, hit.document
    where = ", ".join(part for part in (p.section, f"page {p.page}" if p.page else "") if part)
    click.secho(f"[{n}] {p.citation}", bold=True, nl=False)
    title = textwrap.shorten(doc.title, 120, placeholder=" …")  # at a word: not "22 April to 3 May 202"
    click.echo(f"  {title} ({doc.kind}, {doc.date or 'undated'})")
    if where:
        click.echo(f"    {where}")
    text = p.text if len(p.text) <= 700 else p.text[:700] + " …"
    click.echo("    " + text.replace("\n", "\n    "))
    click.echo()


if __name__ == "__main__":  # pragma: no cover
    main()
