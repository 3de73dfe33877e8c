"""Take-away: answers and conversations as plain text, Markdown, Word (.docx) and a CSV evidence pack.

Every format carries the same things: the question as asked, the question searched where a follow-up was read
in context, the answer's words with their markers, and each cited passage with its citation (``knowsley-2017
¶43``), document, date, section, page and the quoted words; an answer the reports do not support says so and
why. The CSV has one row per quoted passage, for a spreadsheet of evidence.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rag.answers import Answer, Citation

FORMATS = ("md", "docx", "csv", "txt")
EVIDENCE_FIELDS = (
    "question",
    "council",
    "report",
    "kind",
    "date",
    "citation",
    "paragraph",
    "page",
    "section",
    "quote",
    "source",
)


@dataclass(frozen=True)
class Turn:
    """One question of a conversation and its answer.

    Attributes:
        asked: The question as the user asked it.
        answer: The answer; its ``question`` is the question searched (a follow-up written out).

    """

    asked: str
    answer: Answer

    @property
    def searched(self) -> str | None:
        """The question searched, where it differs from the one asked; else ``None``."""
        return self.answer.question if self.answer.question != self.asked else None


def plain_text(turn: Turn) -> str:
    """One answer as plain text, for the clipboard: the answer, then its citations one per line."""
    lines = [turn.answer.text]
    if not turn.answer.supported:
        lines.append(f"({turn.answer.reason})")
    lines += [""] + [_source_line(c) for c in turn.answer.citations]
    return "\n".join(lines).strip() + "\n"


def markdown(turns: Sequence[Turn], title: str = "Ask Ofsted reports") -> str:
    """The conversation (or one answer) as Markdown: a heading per question, the answer, its sources."""
    out = [f"# {title}", "", f"Exported {date.today().isoformat()}. Answers quote the reports' own words.", ""]
    for n, turn in enumerate(turns, 1):
        out += [f"## {n}. {_md(turn.asked)}", ""]
        if turn.searched:
            out += [f"*Searched: {_md(turn.searched)}*", ""]
        answer = turn.answer
        if answer.table:
            header, *rows = answer.table
            out += ["| " + " | ".join(map(_md, header)) + " | |", "|" + " --- |" * (len(header) + 1)]
            out += ["| " + " | ".join(map(_md, row)) + f" | [{ref}] |" for ref, row in enumerate(rows, 1)]
        else:
            out.append(_md(answer.text))
        if not answer.supported:
            out += ["", f"*{_md(answer.reason or 'no passage answers the question')}*"]
        if answer.citations:
            out += ["", "Sources:" if answer.supported else "Related passages (they do not answer it):", ""]
            out += [f"- {_md(_source_line(c))}" for c in answer.citations]
        out.append("")
    return "\n".join(out)


def docx(turns: Sequence[Turn], title: str = "Ask Ofsted reports") -> bytes:
    """The conversation as a Word document: a heading per question, the answer, its sources as a list."""
    from docx import Document as WordDocument

    document = WordDocument()
    document.add_heading(title, level=0)
    document.add_paragraph(f"Exported {date.today().isoformat()}. Answers quote the reports' own words.")
    for n, turn in enumerate(turns, 1):
        document.add_heading(f"{n}. {turn.asked}", level=1)
        if turn.searched:
            document.add_paragraph().add_run(f"Searched: {turn.searched}").italic = True
        answer = turn.answer
        if answer.table:
            header, *rows = answer.table
            table = document.add_table(rows=1, cols=len(header))
            for cell, text in zip(table.rows[0].cells, header, strict=True):
                cell.text = text
            for row in rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
        else:
            document.add_paragraph(answer.text)
        if not answer.supported:
            document.add_paragraph().add_run(answer.reason or "no passage answers the question").italic = True
        if answer.citations:
            document.add_paragraph("Sources:" if answer.supported else "Related passages (they do not answer it):")
            for citation in answer.citations:
                document.add_paragraph(_source_line(citation), style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def evidence_rows(turns: Sequence[Turn]) -> list[dict[str, str | int | None]]:
    """One row per passage an answer quotes: the question, council, report, date, paragraph, page, quote, source."""
    rows: list[dict[str, str | int | None]] = []
    for turn in turns:
        if not turn.answer.supported:
            continue
        for citation in turn.answer.citations:
            p, doc = citation.hit.passage, citation.hit.document
            rows.append(
                {
                    "question": turn.asked,
                    "council": "; ".join(doc.authorities),
                    "report": doc.title,
                    "kind": doc.kind,
                    "date": doc.date,
                    "citation": p.citation,
                    "paragraph": p.paragraph,
                    "page": p.page,
                    "section": p.section,
                    "quote": citation.quote or "",
                    "source": doc.source if (doc.source or "").startswith(("http://", "https://")) else doc.path,
                }
            )
    return rows


def evidence_csv(turns: Sequence[Turn]) -> str:
    """The evidence pack as CSV text (UTF-8, a header row; Excel opens it)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EVIDENCE_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(evidence_rows(turns))
    return out.getvalue()


def export(turns: Sequence[Turn], fmt: str) -> bytes:
    """`turns` in format `fmt` (one of `FORMATS`), as bytes to write to a file or offer as a download.

    Raises:
        ValueError: `fmt` is not one of `FORMATS`.

    """
    if fmt == "md":
        return markdown(turns).encode("utf-8")
    if fmt == "docx":
        return docx(turns)
    if fmt == "csv":
        return evidence_csv(turns).encode("utf-8-sig")  # the mark tells Excel it is UTF-8
    if fmt == "txt":
        return "\n".join(f"{t.asked}\n\n{plain_text(t)}" for t in turns).encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")


def _source_line(citation: Citation) -> str:
    """``[1] knowsley-2017 ¶43 — title (inspection report, 2017-06-13), section, page 15: "quote"``."""
    p, doc = citation.hit.passage, citation.hit.document
    where = ", ".join(part for part in (p.section, f"page {p.page}" if p.page else "") if part)
    line = f"[{citation.ref}] {p.citation} — {doc.title} ({doc.kind}, {doc.date or 'undated'})"
    if where:
        line += f", {where}"
    return line + (f': "{citation.quote}"' if citation.quote else "")


def _md(text: str) -> str:
    """`text` safe inside Markdown: characters that would format, tag or break a table are escaped."""
    escaped = "".join(f"\\{ch}" if ch in "\\`*_<>|" else ch for ch in text)
    return escaped.replace("](", "]\\(").replace("\n", "  \n")  # "[x](y)" in a document is not a link here
