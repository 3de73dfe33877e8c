"""Streamlit pieces shared by the app's pages: settings, the cached index and model, the sidebar, safe HTML.

Text that comes from a document (titles, sections, paragraphs, file names) is only ever shown through
``st.text``, ``st.dataframe``, widget options, or HTML escaped by `rag.display.escape_html`: a report that
contains ``<script>`` or ``![image](…)`` shows those characters, it never runs or loads them.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from rag.build import build_index
from rag.config import settings
from rag.display import escape_html, escape_markdown
from rag.errors import StoreError
from rag.query import Filters
from rag.retrieval import MODES, Retriever
from rag.saved import ConversationStore, SearchSettings
from rag.store import Index, read_manifest


def index_dir() -> Path:
    """The index folder (``RAG_INDEX``, else ``index``)."""
    return settings().index


def corpus_dir() -> Path:
    """The corpus folder (``RAG_CORPUS``, else ``corpus``)."""
    return settings().corpus


KIND_BADGES = {  # label, colour (GOV.UK palette: distinct, and white text on each passes WCAG AA)
    "inspection report": ("Ofsted report", "#1d70b8"),
    "news": ("News", "#6f2c91"),
    "council statement": ("Council statement", "#b74000"),
    "other": ("Document", "#505a5f"),
}
MODE_LABELS = {"hybrid": "Hybrid (recommended)", "dense": "Meaning (dense)", "bm25": "Keywords (BM25)"}
CSS = """
<style>
.badge {display:inline-block;padding:1px 9px;border-radius:4px;color:#fff;font-size:0.75rem;font-weight:700;
  letter-spacing:0.02em;vertical-align:2px;margin-right:6px}
.ref {display:inline-block;min-width:1.6em;text-align:center;font-weight:700;color:#0b0c0c;background:#e8e8e8;
  border-radius:4px;padding:0 4px;margin-right:6px;font-size:0.85rem}
.card-title {font-weight:700;font-size:1.02rem;color:#0b0c0c}
.cite {font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:700;font-size:0.9rem;
  color:#0b0c0c;background:#f3f2f1;padding:0 5px;border-radius:3px}
.meta {color:#505a5f;font-size:0.85rem;margin-top:3px;line-height:1.45}
.passage {line-height:1.55;background:#fafafa;border-left:4px solid #1d70b8;padding:8px 12px;margin:8px 0 4px 0}
.passage.related {border-left-color:#b1b4b6}
.passage mark {background:#fff2a8;padding:0 1px}
.context {color:#505a5f;line-height:1.5;padding:4px 12px;border-left:4px solid #e8e8e8;margin:6px 0}
.answer {font-size:1.05rem;line-height:1.65;white-space:pre-line}
.facts {border-collapse:collapse;margin:0.3rem 0 0.6rem 0;font-size:0.95rem}
.facts th, .facts td {border-bottom:1px solid rgba(128,128,128,0.3);padding:0.25rem 0.6rem;text-align:left}
.answer sup, .facts sup {font-weight:700;margin:0 1px;position:relative}
.cite-link {color:#1d70b8;text-decoration:none;border-radius:3px;padding:0 1px}
.cite-link:hover, .cite-link:focus {text-decoration:underline;outline:2px solid #ffdd00;outline-offset:1px}
.cite-link:hover::after, .cite-link:focus::after {content:attr(data-quote);position:absolute;left:0;top:1.6em;
  z-index:1000;width:min(28rem,70vw);padding:8px 10px;background:#0b0c0c;color:#fff;font-weight:400;
  font-size:0.85rem;line-height:1.4;border-radius:4px;white-space:normal}
.cite-link[data-quote=""]::after {display:none}
div[id^="cite-"] {scroll-margin-top:5rem}  /* a card a marker jumps to clears the app's header */
[data-testid="stIconMaterial"] {user-select:none}  /* copying an answer copies words, not icon names */
.notfound {background:#fff7e6;border-left:5px solid #b74000;padding:10px 14px;font-size:1.05rem}
</style>
"""


def apply_style() -> None:
    """The app's style sheet; the entry point sets it once a run, before the page."""
    st.markdown(CSS, unsafe_allow_html=True)


# ------------------------------------------------------------------------------------------ the index


@st.cache_resource(show_spinner="Loading the index and the model…", max_entries=2)
def _retriever(index_dir: str, build_id: str) -> Retriever:
    """One retriever per index build, shared by every session of the process; a new build loads anew."""
    retriever = Retriever(Index.load(index_dir))
    retriever.index.embedder.encode(["warm up"])  # the model is loaded once per process (rag.embedding caches it)
    return retriever


def conversation_store() -> ConversationStore:
    """The saved conversations (``RAG_CONVERSATIONS``, else ``conversations.sqlite`` in the index folder)."""
    return ConversationStore(settings().conversations_file(index_dir()))


_SCROLLER = """<script>
if (!window.ragScroller) {  // installed once per page: scrolls to each new request it sees, a few times over
  window.ragScroller = {done: null};
  const check = () => {
    const request = document.querySelector(".scroll-request");
    if (!request) return;
    const [key, nonce] = [...request.classList].filter(c => c.startsWith("to-")).map(c => c.slice(3));
    const target = document.querySelector(".st-key-" + key);
    if (!target || window.ragScroller.done === key + nonce) return;
    window.ragScroller.done = key + nonce;
    const go = () => target.scrollIntoView({block: "start", behavior: "instant"});
    const timers = [0, 300, 900, 1800].map(ms => setTimeout(go, ms));  // the chat's own scroll comes late
    const stop = () => timers.forEach(clearTimeout);  // but never against the reader: any input of theirs wins
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(
      name => window.addEventListener(name, stop, {once: true, capture: true}));
  };
  new MutationObserver(check).observe(document.body, {childList: true, subtree: true});
  check();
}
</script>"""


def scroll_to(key: str, nonce: int) -> None:
    """Scroll the page so the element keyed `key` is at the top, once per `nonce`."""
    html_block(f'<div class="scroll-request to-{key} to-{nonce}"></div>')
    st.html(_SCROLLER, unsafe_allow_javascript=True)  # our own script; no document text in it


def load_retriever() -> Retriever:
    """The retriever for the index on disk now, from the cache every session shares (loaded on first use).

    Raises:
        StoreError: There is no index, or it cannot be read.
        OSError: A build swapped the index in while it was loading.

    """
    return _retriever(str(index_dir()), read_manifest(index_dir())["build_id"])


def current_retriever() -> Retriever:
    """The retriever for the index on disk now: a rebuild made anywhere (``rag build``) is picked up at once."""
    for attempt in range(2):
        try:
            return load_retriever()
        except (StoreError, OSError) as exc:  # OSError: a build swapped the index in while it was loading
            if attempt == 0 and not isinstance(exc, StoreError):
                continue
            _no_index(exc)
    raise AssertionError("unreachable")


def _no_index(exc: Exception) -> None:
    st.error(escape_markdown(str(exc)))
    if "No index" in str(exc) and corpus_dir().is_dir() and st.button("Build the index now", type="primary"):
        with st.spinner("Building the index from the corpus…"):
            report = build_index(corpus_dir(), index_dir())
        st.session_state.notice = [("success", f"Index built: {report.summary()}")]
        st.rerun()
    st.stop()


def index_line(retriever: Retriever) -> str:
    """The index in one line: documents, passages, model, build time."""
    m = retriever.index.manifest
    return (
        f"{m['counts']['documents']} documents · {m['counts']['passages']} passages · "
        f"model {m['model']['name']} · built {m['built_at'].replace('T', ' ')[:16]} UTC"
    )


def kind_label(kind: str) -> str:
    """The name shown for a document kind."""
    return KIND_BADGES.get(kind, KIND_BADGES["other"])[0]


def badge(kind: str) -> str:
    """A coloured label for the document's kind (Ofsted report, news, council statement)."""
    label, colour = KIND_BADGES.get(kind, KIND_BADGES["other"])
    return f'<span class="badge" style="background:{colour}">{escape_html(label)}</span>'


# ------------------------------------------------------------------------------------------ the sidebar


def sidebar_filters(retriever: Retriever) -> SearchSettings:
    """Retrieval mode, number of passages and filters chosen in the sidebar."""
    docs = retriever.index.documents
    with st.sidebar:
        st.header("Search settings")
        mode = st.selectbox(
            "Retrieval mode",
            MODES,
            format_func=lambda m: MODE_LABELS.get(m, m),
            key="mode",
            help="How passages are found: hybrid fuses keyword search (BM25) with meaning search (embeddings).",
        )
        k = st.slider("Passages to read", 1, 20, 5, key="k", help="How many passages the answer is chosen from.")
        st.subheader("Filters")
        kinds = st.multiselect(
            "Kind", sorted({d.kind for d in docs.values()}), format_func=kind_label, key="kinds", placeholder="All"
        )
        councils = st.multiselect(
            "Local authority",
            retriever.index.councils,
            key="authorities",
            placeholder="All",
        )
        years = sorted({int(d.date[:4]) for d in docs.values() if (d.date or "")[:4].isdigit()})
        since = until = None
        if len(years) > 1:
            low, high = st.select_slider(  # keyed on the range: a document of a new year widens it, not filters it out
                "Published", years, value=(years[0], years[-1]), key=f"years-{years[0]}-{years[-1]}"
            )
            if (low, high) != (years[0], years[-1]):
                since, until = str(low), str(high)
        titles = {doc_id: d.title for doc_id, d in sorted(docs.items(), key=lambda kv: kv[1].title)}
        chosen = st.multiselect(
            "Document",
            list(titles),
            format_func=lambda doc_id: titles.get(doc_id, doc_id),
            key="docs",
            placeholder="All",
        )
    filters = Filters(doc_ids=tuple(chosen), kinds=tuple(kinds), authorities=tuple(councils), since=since, until=until)
    return SearchSettings(mode, k, filters)


def describe(search: SearchSettings, retriever: Retriever) -> list[str]:
    """What a question was searched with, in words: "hybrid search", "5 passages", "local authority: Knowsley"."""
    filters = search.filters
    docs = retriever.index.documents
    described = [f"{search.mode} search", f"{search.k} passages"]
    if filters.since or filters.until:
        low, high = filters.since or "…", filters.until or "…"
        described.append(f"published {low}–{high}" if low != high else f"published {low}")
    if filters.kinds:
        described.append("kind: " + ", ".join(kind_label(k) for k in filters.kinds))
    if filters.authorities:
        described.append("local authority: " + ", ".join(filters.authorities))
    if filters.doc_ids:
        described.append("documents: " + ", ".join(docs[d].cited_as for d in filters.doc_ids if d in docs))
    return described


def html_block(*parts: str) -> None:
    """Show HTML made here from escaped text: one block, no blank lines, so Markdown never reads inside it."""
    st.markdown("".join(parts).replace("\n", " "), unsafe_allow_html=True)


def safe_heading(text: str, level: int = 3) -> None:
    """A heading whose text comes from a document: escaped, never read as Markdown or HTML."""
    html_block(f"<h{level}>{escape_html(text)}</h{level}>")


def safe_caption(text: str) -> None:
    """A grey line of document-derived text, escaped."""
    html_block(f'<div class="meta">{escape_html(text)}</div>')
