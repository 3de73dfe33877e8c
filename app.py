"""Streamlit app: ask the reports in a browser and read the cited paragraphs. UI only; the work is in `rag`."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from rag.answers import answer_question
from rag.retrieval import Retriever
from rag.store import Index, StoreError, read_manifest

INDEX_DIR = Path(os.environ.get("RAG_INDEX", "index"))

st.set_page_config(page_title="Ask Ofsted reports", page_icon="📄", layout="wide")


@st.cache_resource(show_spinner="Loading the index and the model…")
def load_retriever(build_id: str) -> Retriever:
    """One retriever per index build, shared by every session of this process."""
    return Retriever(Index.load(INDEX_DIR))


st.title("Ask Ofsted inspection reports")
try:
    manifest = read_manifest(INDEX_DIR)
    retriever = load_retriever(manifest["build_id"])
except StoreError as exc:
    st.error(str(exc))
    st.stop()

counts = manifest["counts"]
st.caption(
    f"{counts['documents']} documents · {counts['passages']} passages · model {manifest['model']['name']} · "
    f"built {manifest['built_at']}"
)

question = st.chat_input("Ask a question, e.g. What did Ofsted say about care leavers' health histories?")
if question:
    with st.chat_message("user"):
        st.text(question)
    answer = answer_question(retriever, question)
    with st.chat_message("assistant"):
        st.text(answer.text)
        for citation in answer.citations:
            hit = citation.hit
            with st.container(border=True):
                st.markdown(f"**[{citation.ref}] {hit.passage.citation}**")
                st.caption(f"{hit.document['title']} · {hit.document['kind']} · {hit.document['date'] or 'undated'}")
                st.text(hit.passage.text)
