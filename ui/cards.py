"""How answers and passages look: the answer with its markers, a card per passage, the passage in its document."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import streamlit as st

from rag.answers import Answer, Citation
from rag.display import document_file, escape_html, escape_markdown, highlight, passage_context, pdf_page_image
from rag.errors import DocumentError
from rag.export import Turn, export, plain_text
from rag.retrieval import Hit
from rag.store import Index
from rag.text import nice_date
from ui.common import badge, corpus_dir, html_block, safe_caption, safe_heading

DOCUMENTS_PAGE = "ui/pages/documents.py"


def show_answer(answer: Answer, turn: int = 0) -> None:
    """The answer's text with its markers [1], [2] (or "not found" and why).

    Each marker is a link to its passage's card (``#cite-{turn}-{ref}``) that shows the quoted words on hover or
    focus, and reads to a screen reader as "citation 1, knowsley-2017 paragraph 43".
    """
    markers = {c.ref: _marker(c, turn) for c in answer.citations}
    if answer.table:  # inspection facts, one row per inspection, each row cited
        header, *rows = answer.table
        head = "".join(f"<th>{escape_html(cell)}</th>" for cell in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape_html(cell)}</td>" for cell in row) + f"<td>{markers.get(ref, '')}</td></tr>"
            for ref, row in enumerate(rows, 1)
        )
        html_block(f'<table class="facts"><tr>{head}<th></th></tr>{body}</table>')
    elif answer.supported:
        text = re.sub(r" ?&#91;(\d+)&#93;", lambda m: markers.get(int(m[1]), m[0]), escape_html(answer.text))
        html_block(f'<div class="answer">{text}</div>')
    else:
        html_block(
            f'<div class="notfound"><b>{escape_html(answer.text)}</b><div class="meta">'
            f"Why: {escape_html(answer.reason or 'no passage answers the question')}.</div></div>"
        )


def _marker(citation: Citation, turn: int) -> str:
    """The marker [n] as a link to its card, with the quote for hover and focus and a name for screen readers."""
    spoken = citation.hit.passage.citation.replace("¶", "paragraph ").replace(" #", " passage ")
    quote = citation.quote or ""
    quote = quote if len(quote) <= 300 else quote[:299] + "…"
    return (
        f'<sup><a class="cite-link" href="#cite-{turn}-{citation.ref}" data-quote="{escape_html(quote)}" '
        f'aria-label="citation {citation.ref}, {escape_html(spoken)}">[{citation.ref}]</a></sup>'
    )


def passage_card(hit: Hit, ref: int | None, quote: str | None, key: str, index: Index) -> None:
    """One passage: kind, title, citation, council, date, section, page, score, and its words.

    Args:
        hit: The retrieved passage.
        ref: Its marker in the answer, or ``None`` for a related (uncited) passage.
        quote: The answer's sentences taken from it (joined by " … "), highlighted; ``None`` for none.
        key: A key unique on the page, for the card's widgets.
        index: The index the hit came from, for the passage's context.

    """
    p, doc = hit.passage, hit.document
    inspection_type = doc.inspection.inspection_type if doc.inspection else None
    who = [", ".join(doc.authorities), doc.publisher or "", inspection_type or ""]
    where = [f"section: {p.section}" if p.section else "", f"page {p.page}" if p.page else ""]
    score = (
        f'<span title="Retrieval score ({hit.score:.4f}); higher is closer. Compare passages within one answer '
        f'only.">score {hit.score:.3f}</span>'
        if hit.score
        else '<span title="Read from the report for the answer (its list or judgement table), not ranked by the '
        'search">from the report</span>'
    )
    with st.container(border=True, key=f"card-{key}"):
        html_block(
            f'<div id="cite-{key}">',  # our own key (turn-ref), the target of the answer's [n]
            f'<span class="ref">[{ref}]</span>' if ref else "",
            badge(doc.kind),
            f'<span class="card-title">{escape_html(doc.title)}</span>',
            "</div>",
            f'<div class="meta"><span class="cite">{escape_html(p.citation)}</span> · ',
            escape_html(nice_date(doc.date)),
            "".join(f" · {escape_html(x)}" for x in who if x),
            "</div>",
            f'<div class="meta">{" · ".join(escape_html(x) for x in where if x)}{" · " if any(where) else ""}',
            f"{score}</div>",
            f'<div class="passage{"" if quote else " related"}">{highlight(p.text, quote)}</div>',
        )
        with st.expander("Show in document"):
            show_in_document(hit, quote, key, index)


def show_in_document(hit: Hit, quote: str | None, key: str, index: Index) -> None:
    """The passage between its neighbours, under its section heading, with its page and the file to open."""
    p = hit.passage
    context = passage_context(index, p, around=1)
    if context is None:
        st.info("This document has changed since the answer was given; ask again to see it in its current form.")
        return
    section = None
    for other in [*context.before, p, *context.after]:
        if other.section != section:  # a heading wherever the section changes, as in the document
            section = other.section
            safe_heading(section.split(" › ")[-1] if section else "(no section)", 5)
            if " › " in section:
                safe_caption(section)
        if other is p:
            html_block(f'<div class="passage">{highlight(p.text, quote)}</div>')
        else:
            html_block(f'<div class="context">{escape_html(other.text)}</div>')
    path = document_file(index, hit.document, corpus_dir())
    row = st.container(horizontal=True, vertical_alignment="center")
    if path is not None:
        label = f"Download the PDF (page {p.page})" if p.page else f"Download {path.suffix.lstrip('.')} file"
        row.download_button(
            label,
            functools.partial(path.read_bytes),  # read only when clicked
            file_name=path.name,
            on_click="ignore",
            key=f"dl-{key}",
            icon=":material/download:",
        )
    row.page_link(
        DOCUMENTS_PAGE,
        label="Read the whole document",
        icon=":material/article:",
        query_params={"doc": p.doc_id},
    )
    if path is not None and p.page and path.suffix.lower() == ".pdf":
        if st.toggle(f"Show page {p.page} as published", key=f"page-{key}"):
            try:
                quotes = [q for q in (quote or "").split(" … ") if q] or [p.text[:200]]
                png = _page_png(str(path), path.stat().st_mtime, p.page, tuple(quotes))
                st.image(png, caption=f"Page {p.page} of {path.name}, the quoted words highlighted")
            except DocumentError as exc:
                st.warning(escape_markdown(exc.reason))
    elif path is None:
        st.caption("The original file is not in the corpus folder any more.")


@st.cache_data(max_entries=64, show_spinner=False)
def _page_png(path: str, mtime: float, page: int, quotes: tuple[str, ...]) -> bytes:
    return pdf_page_image(Path(path), page, quotes)


EXPORTS = (  # label, format, file suffix, MIME type
    ("Markdown", "md", "md", "text/markdown"),
    ("Word", "docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("Evidence (CSV)", "csv", "csv", "text/csv"),
)


def export_buttons(turns: list[Turn], name: str, key: str) -> None:
    """Download buttons for `turns` as Markdown, Word and a CSV evidence pack (made only when clicked)."""
    row = st.container(horizontal=True)
    for label, fmt, suffix, mime in EXPORTS:
        row.download_button(
            label,
            functools.partial(export, turns, fmt),
            file_name=f"{name}.{suffix}",
            mime=mime,
            on_click="ignore",
            key=f"export-{key}-{fmt}",
            icon=":material/download:",
        )


def take_away(turn: Turn, n: int) -> None:
    """Copy the answer with its citations as plain text, or download it."""
    with st.popover("Copy or export", icon=":material/content_copy:", type="tertiary"):
        st.caption("The answer with its citations as plain text (the icon at the top right copies it)")
        st.code(plain_text(turn), language=None, wrap_lines=True)
        export_buttons([turn], f"answer-{n + 1}", key=f"answer-{n}")
