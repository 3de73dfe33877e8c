"""Run the retrieval evaluation from the browser: metrics per mode, a chart, and the questions that failed."""

from __future__ import annotations

import streamlit as st

from rag.config import DEFAULT_QUESTIONS
from rag.errors import EvaluationError
from rag.evaluation import LABELS, METRICS, evaluate, load_questions, parse_questions
from rag.retrieval import MODES
from ui.common import current_retriever, index_line

retriever = current_retriever()
st.title("Retrieval evaluation")
st.caption(index_line(retriever))
st.write(
    "How often the passage that answers a question comes first, or in the top 5 or 10, for each retrieval "
    "mode. Use the bundled questions or upload your own JSONL file in the same format."
)

upload = st.file_uploader("Your questions (JSONL)", type=["jsonl", "json"])
modes = st.multiselect("Modes", MODES, default=list(MODES))
with_answers = st.checkbox("Also check the answers (slower)", value=False)

if st.button("Run the evaluation", type="primary"):
    try:
        if upload is not None:
            questions = parse_questions(upload.getvalue().decode("utf-8", errors="replace"), upload.name)
        else:
            questions = load_questions([DEFAULT_QUESTIONS])
    except EvaluationError as exc:
        st.error(str(exc))
        st.stop()
    with st.spinner(f"Running {len(questions)} questions…"):
        report = evaluate(retriever, questions, modes=tuple(modes), with_answers=with_answers)
    table = [{"mode": mode, **{LABELS[m]: round(r.metrics[m], 3) for m in METRICS}} for mode, r in report.modes.items()]
    st.dataframe(table, hide_index=True, width="stretch")
    st.bar_chart({row["mode"]: {k: v for k, v in row.items() if k != "mode"} for row in table}, stack=False)
    if report.answers:
        a = report.answers
        st.write(
            f"Answers: expected words found {a['answer_contains_found']}; unanswerable questions flagged "
            f"{a['unanswerable_flagged']}; answerable ones wrongly flagged {a['answerable_wrongly_flagged']}; "
            f"quotes verbatim {a['quote_exactness']}; cited passages holding the evidence {a['citation_precision']}."
        )
    for mode, result in report.modes.items():
        with st.expander(f"{mode}: {len(result.misses)} questions missed in the top 5"):
            st.dataframe(result.misses, hide_index=True, width="stretch")
