"""Every document in the index with its metadata; open one to read it paragraph by paragraph."""

from __future__ import annotations

import functools

import streamlit as st

from rag.display import document_file
from rag.text import nice_date
from ui.common import (
    badge,
    corpus_dir,
    current_retriever,
    html_block,
    index_line,
    kind_label,
    safe_caption,
    safe_heading,
)

retriever = current_retriever()
index = retriever.index
st.title("Documents")
st.caption(f"Index: {index_line(retriever)}")

documents = sorted(index.documents.values(), key=lambda d: (d.date or "", d.title), reverse=True)
rows = [
    {
        "citation": doc.cited_as,
        "title": doc.title,
        "kind": kind_label(doc.kind),
        "date": doc.date,
        "local authorities": ", ".join(doc.authorities),
        "publisher": doc.publisher,
        "inspection": doc.inspection.inspection_type if doc.inspection else None,
        "overall grade": doc.inspection.overall if doc.inspection else None,
        "passages": doc.passages,
        "pages": doc.pages,
        "file": doc.path,
    }
    for doc in documents
]
st.dataframe(rows, width="stretch", hide_index=True)

ids = [doc.doc_id for doc in documents]
wanted = st.query_params.get("doc")
choice = st.selectbox(
    "Read a document",
    ids,
    index=ids.index(wanted) if wanted in ids else None,
    format_func=lambda doc_id: f"{index.documents[doc_id].title} ({index.documents[doc_id].cited_as})",
    placeholder="Choose a document",
)
if choice:
    st.query_params["doc"] = choice
    doc = index.documents[choice]
    inspection = doc.inspection
    st.divider()
    html_block(badge(doc.kind))
    safe_heading(doc.title, 2)
    facts = [
        nice_date(doc.date),
        ", ".join(doc.authorities),
        doc.publisher or "",
        f"inspected {inspection.inspection_dates}" if inspection and inspection.inspection_dates else "",
        f"lead inspector {inspection.lead_inspector}" if inspection and inspection.lead_inspector else "",
        f"{doc.passages} passages" + (f", {doc.pages} pages" if doc.pages else ""),
    ]
    safe_caption(" · ".join(f for f in facts if f))
    if doc.source:
        safe_caption(f"Source: {doc.source}")
    if inspection and (grades := inspection.grades):
        st.dataframe(
            [{"judgement": area.replace("_", " "), "grade": grade} for area, grade in grades.items()],
            hide_index=True,
        )
    path = document_file(index, doc, corpus_dir())
    if path is not None:
        st.download_button(
            f"Download the original file ({path.suffix.lstrip('.')})",
            functools.partial(path.read_bytes),
            file_name=path.name,
            on_click="ignore",
            icon=":material/download:",
        )
    section = None
    for passage in index.passages_of(choice):
        if passage.section != section:
            section = passage.section
            safe_heading(section.split(" › ")[-1] if section else "(no section)", 4)
        safe_caption(passage.citation + (f" · page {passage.page}" if passage.page else ""))
        st.text(passage.text)
