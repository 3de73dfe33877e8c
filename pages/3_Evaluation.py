"""Run the retrieval evaluation from the browser: metrics per mode, a chart, and the questions that failed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from rag.evaluation import LABELS, METRICS, EvaluationError, evaluate, load_questions
from rag.retrieval import MODES
from ui import current_retriever, index_line

st.set_page_config(page_title="Evaluation", page_icon="📏", layout="wide")
retriever = current_retriever()
st.title("Retrieval evaluation")
st.caption(index_line(retriever))
st.write(
    "How often the passage that answers a question comes first, or in the top 5 or 10, for each retrieval "
    "mode. Use the bundled questions or upload your own JSONL file in the same format."
)

bundled = Path("eval/questions.jsonl")
upload = st.file_uploader("Your questions (JSONL)", type=["jsonl", "json"])
modes = st.multiselect("Modes", MODES, default=list(MODES))
with_answers = st.checkbox("Also check the answers (slower)", value=False)

if st.button("Run the evaluation", type="primary"):
    try:
        if upload is not None:
            with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as handle:
                handle.write(upload.getvalue())
            path = Path(handle.name)
        else:
            path = bundled
        questions = load_questions([path])
    except EvaluationError as exc:
        st.error(str(exc))
        st.stop()
    with st.spinner(f"Running {len(questions)} questions…"):
        report = evaluate(retriever, questions, modes=tuple(modes), with_answers=with_answers)
    table = [{"mode": mode, **{LABELS[m]: round(r.metrics[m], 3) for m in METRICS}} for mode, r in report.modes.items()]
    st.dataframe(table, hide_index=True, use_container_width=True)
    st.bar_chart({row["mode"]: {k: v for k, v in row.items() if k != "mode"} for row in table}, stack=False)
    if report.answers:
        a = report.answers
        st.write(
            f"Answers: expected words found {a['answer_contains_found']}; unanswerable questions flagged "
            f"{a['unanswerable_flagged']}; answerable ones wrongly flagged {a['answerable_wrongly_flagged']}."
        )
    for mode, result in report.modes.items():
        with st.expander(f"{mode}: {len(result.misses)} questions missed in the top 5"):
            st.dataframe(result.misses, hide_index=True, use_container_width=True)
