"""Every document in the index with its metadata; open one to read it paragraph by paragraph."""

from __future__ import annotations

import functools

import streamlit as st

from rag.display import document_file
from ui import (
    badge,
    corpus_dir,
    current_retriever,
    html_block,
    index_line,
    kind_label,
    nice_date,
    safe_caption,
    safe_heading,
)

st.set_page_config(page_title="Documents · Ask Ofsted reports", page_icon="📚", layout="wide")
retriever = current_retriever()
index = retriever.index
st.title("Documents")
st.caption(f"Index: {index_line(retriever)}")

documents = sorted(index.documents.values(), key=lambda d: (d.get("date") or "", d["title"]), reverse=True)
rows = []
for doc in documents:
    inspection = doc.get("inspection") or {}
    rows.append(
        {
            "citation": doc.get("label") or doc["doc_id"],
            "title": doc["title"],
            "kind": kind_label(doc["kind"]),
            "date": doc.get("date"),
            "local authorities": ", ".join(doc.get("authorities") or ()),
            "publisher": doc.get("publisher"),
            "inspection": inspection.get("inspection_type"),
            "overall grade": (inspection.get("grades") or {}).get("overall"),
            "passages": doc.get("passages"),
            "pages": doc.get("pages"),
            "file": doc.get("path"),
        }
    )
st.dataframe(rows, use_container_width=True, hide_index=True)

ids = [doc["doc_id"] for doc in documents]
wanted = st.query_params.get("doc")
choice = st.selectbox(
    "Read a document",
    ids,
    index=ids.index(wanted) if wanted in ids else None,
    format_func=lambda doc_id: f"{index.documents[doc_id]['title']} ({index.documents[doc_id].get('label') or doc_id})",
    placeholder="Choose a document",
)
if choice:
    st.query_params["doc"] = choice
    doc = index.documents[choice]
    inspection = doc.get("inspection") or {}
    st.divider()
    html_block(badge(doc["kind"]))
    safe_heading(doc["title"], 2)
    facts = [
        nice_date(doc.get("date")),
        ", ".join(doc.get("authorities") or ()),
        doc.get("publisher") or "",
        f"inspected {inspection['inspection_dates']}" if inspection.get("inspection_dates") else "",
        f"lead inspector {inspection['lead_inspector']}" if inspection.get("lead_inspector") else "",
        f"{doc.get('passages')} passages" + (f", {doc['pages']} pages" if doc.get("pages") else ""),
    ]
    safe_caption(" · ".join(f for f in facts if f))
    if doc.get("source"):
        safe_caption(f"Source: {doc['source']}")
    if grades := inspection.get("grades"):
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
    for passage in (p for p in index.passages if p.doc_id == choice):
        if passage.section != section:
            section = passage.section
            safe_heading(section.split(" › ")[-1] if section else "(no section)", 4)
        safe_caption(passage.citation + (f" · page {passage.page}" if passage.page else ""))
        st.text(passage.text)
