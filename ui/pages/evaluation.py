"""Run the retrieval evaluation from the browser: metrics per mode, a chart, and the questions that failed."""

from __future__ import annotations

import streamlit as st

from rag.config import DEFAULT_QUESTIONS, PROJECT_ROOT
from rag.display import escape_markdown
from rag.documents import load_catalog
from rag.errors import EvaluationError
from rag.evaluation import LABELS, METRICS, corpus_difference, evaluate, load_questions, parse_questions
from rag.retrieval import MODES
from ui.common import current_retriever, index_line

BUNDLED_SETS = {  # the project's sets written for the bundled corpus
    "The bundled questions (106)": DEFAULT_QUESTIONS,
    "The bundled conversations (15, turn by turn)": PROJECT_ROOT / "eval" / "conversations.jsonl",
}
UPLOADED = "Your own file (JSONL)"

retriever = current_retriever()
st.title("Retrieval evaluation")
st.caption(index_line(retriever))
st.write(
    "How often the passage that answers a question comes first, or in the top 5 or 10, for each retrieval "
    "mode. Use the bundled questions or upload your own JSONL file in the same format."
)

choice = st.radio("Questions", [*BUNDLED_SETS, UPLOADED], horizontal=True)
upload = st.file_uploader("Your questions (JSONL)", type=["jsonl", "json"]) if choice == UPLOADED else None
if choice in BUNDLED_SETS:
    bundled = {entry.get("id") for entry in load_catalog(PROJECT_ROOT / "corpus").values()}
    difference = corpus_difference(retriever, {doc for doc in bundled if doc})
    st.caption(f"Written for the bundled corpus: the {len(bundled)} documents in corpus/.")
    if difference:
        st.warning(
            escape_markdown(
                f"This index is not the bundled corpus: {difference}. The figures will differ from the README's "
                "and from the CI gate's, which were measured on the bundled corpus alone."
            )
        )
modes = st.multiselect("Modes", MODES, default=list(MODES))
with_answers = st.checkbox("Also check the answers (slower)", value=False)

if st.button("Run the evaluation", type="primary", disabled=choice == UPLOADED and upload is None):
    try:
        if upload is not None:
            questions = parse_questions(upload.getvalue().decode("utf-8", errors="replace"), upload.name)
        else:
            questions = load_questions([BUNDLED_SETS[choice]])
    except EvaluationError as exc:
        st.error(escape_markdown(str(exc)))
        st.stop()
    bar = st.progress(0.0, text=f"Running {len(questions)} questions…")
    report = evaluate(
        retriever,
        questions,
        modes=tuple(modes),
        with_answers=with_answers,
        progress=lambda done, total: bar.progress(done / total, text=f"{done} of {total} searches and answers"),
    )
    bar.empty()
    if report.unmatched:
        st.warning(
            escape_markdown(
                f"{len(report.unmatched)} questions have evidence no passage of this index holds "
                f"({', '.join(report.unmatched[:8])}): they count as misses. Were they written for another corpus?"
            )
        )
    table = [{"mode": mode, **{LABELS[m]: round(r.metrics[m], 3) for m in METRICS}} for mode, r in report.modes.items()]
    st.dataframe(table, hide_index=True, width="stretch")
    st.bar_chart({row["mode"]: {k: v for k, v in row.items() if k != "mode"} for row in table}, stack=False)
    first = next(iter(report.modes.values()))
    if len(first.by_type) > 1:
        st.write(f"By question type ({first.mode}):")
        rows = [
            {"type": kind, "questions": report.types.get(kind, 0), **{LABELS[m]: round(v[m], 3) for m in METRICS}}
            for kind, v in first.by_type.items()
        ]
        st.dataframe(rows, hide_index=True, width="stretch")
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
