"""Feedback given on answers, and the "wrong passage" ones exported as evaluation questions."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from rag.display import escape_markdown
from rag.feedback import feedback_as_questions, feedback_path, read_feedback
from ui.common import current_retriever, index_dir

current_retriever()
st.title("Feedback")
path = feedback_path(index_dir())
records = read_feedback(path)
counts = Counter(r.get("verdict") for r in records)
st.caption(escape_markdown(f"{len(records)} verdicts, kept in {path} (rebuilding the index does not touch this file)"))
up, down, wrong = st.columns(3)
up.metric(":material/thumb_up: Helpful", counts["up"])
down.metric(":material/thumb_down: Not helpful", counts["down"])
wrong.metric(":material/flag: Wrong passage", counts["wrong passage"])

if not records:
    st.info("No feedback yet. Rate answers on the Ask page with the thumbs, or report a wrong passage.")
else:
    st.dataframe(
        [
            {
                "time": r.get("time"),
                "verdict": r.get("verdict"),
                "question": r.get("question"),
                "answer": r.get("answer"),
                "cited": ", ".join(c.get("citation") or "" for c in r.get("citations") or []),
                "right passage (user)": r.get("note"),
                "mode": r.get("mode"),
            }
            for r in reversed(records)
        ],
        hide_index=True,
        width="stretch",
    )

export, left_out = feedback_as_questions(records)
st.subheader("Add to the evaluation set")
st.write(
    "Each 'wrong passage' verdict that says which passage is right becomes a question in the format of "
    "`eval/questions.jsonl` (tagged `feedback`). Review them, then append them to the evaluation set."
)
if left_out:
    st.caption(f"{left_out} 'wrong passage' verdicts do not say which passage is right, so they are left out.")
count = export.count("\n")
st.download_button(
    f"Download {count} question{'s' if count != 1 else ''} (JSONL)",
    export,
    file_name="feedback-questions.jsonl",
    mime="application/jsonl",
    disabled=not export,
    icon=":material/download:",
)
