"""Ask Ofsted reports in a browser: a chat whose answers quote the reports, each sentence cited.

UI only: the work is in `rag`. Run with `make app` (or `streamlit run app.py`).
"""

from __future__ import annotations

import streamlit as st

from rag.answers import answer_question
from rag.library import feedback_path, record_feedback, save_upload
from rag.store import build_index
from ui import corpus_dir, current_retriever, index_dir, index_line, passage_card, sidebar_filters

EXAMPLES = [
    "What did Ofsted say about care leavers' health histories?",
    "Do personal advisers work at evenings and weekends?",
    "How many children were the subject of a child protection plan?",
    "What did inspectors find about private fostering?",
]

st.set_page_config(page_title="Ask Ofsted reports", page_icon="📄", layout="wide")
retriever = current_retriever()
mode, k, filters = sidebar_filters(retriever)

st.title("Ask Ofsted inspection reports")
st.caption(index_line(retriever))
st.caption(
    "Answers are the reports' own sentences, each cited to its paragraph. When the reports do not say, you are told so."
)

if notice := st.session_state.pop("notice", None):
    st.success(notice)
if "history" not in st.session_state:
    st.session_state.history = []  # [(question, answer dict)]


def show_answer(n: int, question: str, answer) -> None:
    """One question and its answer, with cited (or related) passages and a feedback control."""
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        if answer.supported:
            st.text(answer.text)
        else:
            st.warning(f"{answer.text} ({answer.reason})")
        if answer.citations:
            st.markdown("**Cited passages**" if answer.supported else "**Related passages** (not an answer)")
        for c in answer.citations:
            passage_card(c.hit, c.ref if answer.supported else None, c.quote, key=f"{n}-{c.ref}", index=retriever.index)
        verdict = st.feedback("thumbs", key=f"feedback-{n}")
        wrong = st.button("Wrong passage", key=f"wrong-{n}", help="Keep this question for the evaluation set")
        done = st.session_state.setdefault("feedback_done", set())
        if (verdict is not None or wrong) and n not in done:
            label = "wrong passage" if wrong else ("up" if verdict == 1 else "down")
            record_feedback(feedback_path(index_dir()), question, answer.as_dict(), label)
            done.add(n)
            st.caption("Thank you: your verdict was saved.")


for n, (question, answer) in enumerate(st.session_state.history):
    show_answer(n, question, answer)

asked = st.chat_input("Ask a question about the reports")
if not st.session_state.history and not asked:
    st.subheader("Try one of these")
    columns = st.columns(len(EXAMPLES))
    for column, example in zip(columns, EXAMPLES, strict=True):
        if column.button(example, use_container_width=True):
            asked = example
if asked:
    with st.spinner("Reading the reports…"):
        answer = answer_question(retriever, asked, k=k, mode=mode, filters=filters)
    st.session_state.history.append((asked, answer))
    show_answer(len(st.session_state.history) - 1, asked, answer)

with st.sidebar:
    st.header("Add documents")
    uploads = st.file_uploader(
        "PDF, txt, md, html or docx", type=["pdf", "txt", "md", "html", "htm", "docx"], accept_multiple_files=True
    )
    if uploads and st.button("Add to the corpus and rebuild the index"):
        saved = []
        for upload in uploads:
            result = save_upload(upload.name, upload.getvalue(), corpus_dir())
            (st.success if result.saved else st.error)(result.message)
            saved += [result] if result.saved else []
        if saved:
            with st.status("Rebuilding the index…", expanded=True) as status:
                progress = st.progress(0.0, text="reading documents")
                report = build_index(corpus_dir(), index_dir(), log=lambda line: progress.progress(0.5, text=line))
                progress.progress(1.0, text="done")
                status.update(label=report.summary(), state="complete")
            st.session_state.notice = f"Index rebuilt: {report.summary()}"
            st.rerun()
