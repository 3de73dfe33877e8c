"""Ask Ofsted reports in a browser: a chat whose answers quote the reports, each sentence cited.

The entry point (``make app``, or ``streamlit run app.py`` with ``RAG_INDEX`` / ``RAG_CORPUS`` pointing at the
index and the corpus). UI only: the pages are in ``ui/pages/``, the pieces they share in ``ui/``, and the work
in ``rag``.
"""

from __future__ import annotations

import streamlit as st

from ui.common import apply_style

PAGES = [
    st.Page("ui/pages/ask.py", title="Ask", icon=":material/forum:", url_path="ask", default=True),
    st.Page("ui/pages/documents.py", title="Documents", icon=":material/library_books:", url_path="documents"),
    st.Page("ui/pages/across_councils.py", title="Across councils", icon=":material/map:", url_path="across"),
    st.Page("ui/pages/evaluation.py", title="Evaluation", icon=":material/analytics:", url_path="evaluation"),
    st.Page("ui/pages/feedback.py", title="Feedback", icon=":material/thumbs_up_down:", url_path="feedback"),
]

st.set_page_config(page_title="Ask Ofsted reports", page_icon="📄", layout="wide")
apply_style()
st.navigation(PAGES).run()
