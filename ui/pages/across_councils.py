"""Which councils' reports say something: matching paragraphs over the whole corpus, grouped by council."""

from __future__ import annotations

import streamlit as st

from rag.across import ACROSS_MIN_SIMILARITY, across_councils, why_none
from rag.display import escape_markdown
from rag.ofsted import FRAMEWORKS, GRADES
from rag.query import Filters
from ui.cards import passage_card
from ui.common import current_retriever, index_line, safe_heading

retriever = current_retriever()
st.title("Across councils")
st.caption(index_line(retriever))
docs = retriever.index.documents.values()

query = st.text_input(
    "What are you looking for?",
    value=st.query_params.get("q", ""),  # "… across councils" under an answer opens this page with its topic
    placeholder="care leavers' health histories",
)
c1, c2, c3 = st.columns(3)
years = c1.multiselect("Year", sorted({int(d.date[:4]) for d in docs if (d.date or "")[:4].isdigit()}, reverse=True))
frameworks = c2.multiselect("Framework", FRAMEWORKS)
grades = c3.multiselect("Overall grade", GRADES)
threshold = st.slider("How close a paragraph must be", 0.1, 0.7, ACROSS_MIN_SIMILARITY, 0.01)

if query:
    filters = Filters(years=tuple(years), frameworks=tuple(frameworks), grades=tuple(grades))
    with st.spinner("Searching every report…"):
        matches = across_councils(retriever, query, filters=filters, min_similarity=threshold)
    total = sum(len(m.hits) for m in matches)
    st.subheader(f"{len(matches)} councils, {total} paragraphs")
    if not matches:
        st.info(escape_markdown(why_none(retriever, query, filters, threshold)))
    if matches:
        st.bar_chart({m.council: len(m.hits) for m in matches[:30]}, horizontal=True, x_label="paragraphs")
        timeline = [{"date": h.document.date, "council": m.council} for m in matches for h in m.hits if h.document.date]
        if timeline:
            st.scatter_chart(timeline, x="date", y="council", height=max(250, 22 * len(matches[:30])))
    for n, match in enumerate(matches):
        safe_heading(f"{n + 1}. {match.council} — {len(match.hits)} paragraph{'s' * (len(match.hits) != 1)}", 4)
        for i, hit in enumerate(match.hits[:5]):
            passage_card(hit, None, None, key=f"across-{n}-{i}", index=retriever.index)
