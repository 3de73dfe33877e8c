"""Every document in the index with its metadata; open one to read it paragraph by paragraph."""

from __future__ import annotations

import streamlit as st

from ui import current_retriever, index_line, safe_caption, safe_heading

st.set_page_config(page_title="Documents", page_icon="📚", layout="wide")
retriever = current_retriever()
index = retriever.index
st.title("Documents")
st.caption(index_line(retriever))

rows = []
for doc in sorted(index.documents.values(), key=lambda d: (d.get("date") or "", d["title"]), reverse=True):
    inspection = doc.get("inspection") or {}
    rows.append(
        {
            "id": doc["doc_id"],
            "title": doc["title"],
            "kind": doc["kind"],
            "date": doc.get("date"),
            "local authority": ", ".join(doc.get("authorities") or ()),
            "type": inspection.get("inspection_type"),
            "overall": (inspection.get("grades") or {}).get("overall"),
            "passages": doc.get("passages"),
            "pages": doc.get("pages"),
        }
    )
st.dataframe(rows, use_container_width=True, hide_index=True)

choice = st.selectbox(
    "Read a document", [r["id"] for r in rows], format_func=lambda doc_id: index.documents[doc_id]["title"]
)
if choice:
    doc = index.documents[choice]
    safe_heading(doc["title"])
    inspection = doc.get("inspection") or {}
    facts = [
        doc["kind"],
        doc.get("date") or "undated",
        ", ".join(doc.get("authorities") or ()),
        inspection.get("inspection_dates") or "",
        inspection.get("lead_inspector") or "",
    ]
    safe_caption(" · ".join(f for f in facts if f))
    if grades := inspection.get("grades"):
        st.table({area.replace("_", " "): grade for area, grade in grades.items()})
    section = None
    for passage in (p for p in index.passages if p.doc_id == choice):
        if passage.section != section:
            section = passage.section
            safe_heading(section.split(" › ")[-1] if section else "(no section)", 4)
        safe_caption(passage.citation + (f" · page {passage.page}" if passage.page else ""))
        st.text(passage.text)
