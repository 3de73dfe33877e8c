"""Feedback given on answers, and the "wrong passage" ones exported as evaluation questions."""

from __future__ import annotations

import streamlit as st

from rag.library import feedback_as_questions, feedback_path, read_feedback
from ui import current_retriever, index_dir

st.set_page_config(page_title="Feedback", page_icon="👍", layout="wide")
current_retriever()
st.title("Feedback")
records = read_feedback(feedback_path(index_dir()))
st.caption(f"{len(records)} verdicts, kept in {feedback_path(index_dir())}")
st.dataframe(records, hide_index=True, use_container_width=True)
export = feedback_as_questions(records)
st.download_button(
    "Download 'wrong passage' questions for the evaluation set (JSONL)",
    export or "",
    file_name="feedback-questions.jsonl",
    disabled=not export,
)
