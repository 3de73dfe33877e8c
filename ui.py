"""Streamlit pieces shared by the app's pages: the cached index and model, the sidebar, passage cards."""

from __future__ import annotations

import html
import os
from pathlib import Path

import streamlit as st

from rag.library import highlight
from rag.retrieval import MODES, Filters, Hit, Retriever
from rag.store import Index, StoreError, read_manifest


def index_dir() -> Path:
    """The index folder: RAG_INDEX, else ``index``."""
    return Path(os.environ.get("RAG_INDEX", "index"))


def corpus_dir() -> Path:
    """The corpus folder: RAG_CORPUS, else ``corpus``."""
    return Path(os.environ.get("RAG_CORPUS", "corpus"))


KIND_BADGES = {
    "inspection report": ("Ofsted report", "#1d70b8"),
    "news": ("News", "#6f4e9c"),
    "council statement": ("Council statement", "#b35900"),
    "other": ("Document", "#505a5f"),
}
CSS = """
<style>
.badge {display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:0.78rem;font-weight:600}
.cite {font-family:ui-monospace,monospace;font-weight:700}
.passage {white-space:normal;line-height:1.5;background:#f8f8f8;border-left:4px solid #1d70b8;padding:8px 12px}
.passage mark {background:#fff2a8;padding:0 2px}
.meta {color:#505a5f;font-size:0.85rem}
</style>
"""


@st.cache_resource(show_spinner="Loading the index and the model…", max_entries=2)
def _retriever(index_dir: str, build_id: str) -> Retriever:
    """One retriever per index build, shared by every session of the process; a new build loads anew."""
    retriever = Retriever(Index.load(index_dir))
    retriever.index.embedder.encode(["warm up"])
    return retriever


def current_retriever() -> Retriever:
    """The retriever for the index on disk now: picks up a rebuild made anywhere without a restart."""
    st.markdown(CSS, unsafe_allow_html=True)
    try:
        manifest = read_manifest(index_dir())
        return _retriever(str(index_dir()), manifest["build_id"])
    except StoreError as exc:
        st.error(str(exc))
        st.stop()


def index_line(retriever: Retriever) -> str:
    """The index in one line: documents, passages, model, build time."""
    m = retriever.index.manifest
    return (
        f"{m['counts']['documents']} documents · {m['counts']['passages']} passages · "
        f"model {m['model']['name']} · built {m['built_at'].replace('T', ' ')[:16]} UTC"
    )


def sidebar_filters(retriever: Retriever) -> tuple[str, int, Filters]:
    """Retrieval mode, number of passages and filters chosen in the sidebar."""
    docs = retriever.index.documents
    with st.sidebar:
        st.header("Search settings")
        mode = st.selectbox("Retrieval mode", MODES, help="hybrid fuses keyword (BM25) and meaning (embeddings)")
        k = st.slider("Passages to read", 1, 20, 5)
        st.subheader("Filters")
        kinds = st.multiselect("Kind", sorted({d["kind"] for d in docs.values()}))
        councils = st.multiselect(
            "Local authority", sorted({a for d in docs.values() for a in d.get("authorities") or ()})
        )
        years = st.multiselect(
            "Year", sorted({int(d["date"][:4]) for d in docs.values() if d.get("date")}, reverse=True)
        )
        titles = {d["title"]: doc_id for doc_id, d in sorted(docs.items(), key=lambda kv: kv[1]["title"])}
        chosen = st.multiselect("Document", list(titles))
    return (
        mode,
        k,
        Filters(
            doc_ids=tuple(titles[t] for t in chosen),
            kinds=tuple(kinds),
            authorities=tuple(councils),
            years=tuple(years),
        ),
    )


def _esc(text: str) -> str:
    return html.escape(text).replace("$", "&#36;")


def safe_heading(text: str, level: int = 3) -> None:
    """A heading whose text comes from a document: escaped, never read as Markdown or HTML."""
    st.markdown(f"<h{level}>{_esc(text)}</h{level}>", unsafe_allow_html=True)


def safe_caption(text: str) -> None:
    """A grey line of document-derived text, escaped."""
    st.markdown(f'<div class="meta">{_esc(text)}</div>', unsafe_allow_html=True)


def badge(kind: str) -> str:
    """A coloured label for the document's kind (Ofsted report, news, council statement)."""
    label, colour = KIND_BADGES.get(kind, KIND_BADGES["other"])
    return f'<span class="badge" style="background:{colour}">{html.escape(label)}</span>'


def passage_card(hit: Hit, ref: int | None, quote: str | None, key: str, index: Index) -> None:
    """One cited passage: document, kind, date, council, citation, section, page, score, the words."""
    p, doc = hit.passage, hit.document
    inspection = doc.get("inspection") or {}
    with st.container(border=True):
        head = (
            f'{badge(doc["kind"])} <span class="cite">{"[" + str(ref) + "] " if ref else ""}{_esc(p.citation)}</span>'
        )
        st.markdown(head, unsafe_allow_html=True)
        details = [doc["title"], doc.get("date") or "undated", ", ".join(doc.get("authorities") or ())]
        if inspection.get("inspection_type"):
            details.append(inspection["inspection_type"])
        where = [p.section or "", f"page {p.page}" if p.page else "", f"score {hit.score:.3f}"]
        st.markdown(
            f'<div class="meta">{_esc(" · ".join(x for x in details if x))}<br>'
            f"{_esc(' · '.join(x for x in where if x))}</div>",
            unsafe_allow_html=True,
        )
        st.markdown(f'<div class="passage">{highlight(p.text, quote)}</div>', unsafe_allow_html=True)
        with st.expander("Show in document"):
            show_in_document(hit, key, index)


def show_in_document(hit: Hit, key: str, index: Index) -> None:
    """The passage between its neighbours in the document, with its section, and the file to open."""
    from rag.library import passage_context

    context = passage_context(index, hit.passage)
    st.caption(f"Section: {hit.passage.section or '(none)'}")
    for p in context.before:
        st.text(p.text)
    st.markdown(f'<div class="passage">{highlight(hit.passage.text, hit.passage.text)}</div>', unsafe_allow_html=True)
    for p in context.after:
        st.text(p.text)
    path = corpus_dir() / hit.document["path"]
    if path.exists():
        label = f"Open the file (page {hit.passage.page})" if hit.passage.page else "Open the file"
        st.download_button(label, path.read_bytes(), file_name=path.name, key=f"dl-{key}")
