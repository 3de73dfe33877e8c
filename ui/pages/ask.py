"""The Ask page: a chat whose answers quote the reports, each sentence cited; uploads in the sidebar."""

from __future__ import annotations

import streamlit as st

from rag.answers import Answer, answer_question
from rag.conversation import interpret, suggestions, with_answer
from rag.display import escape_markdown
from rag.errors import StoreError
from rag.export import Turn
from rag.feedback import expected_passage, feedback_path, record_feedback
from rag.readers import SUPPORTED_SUFFIXES
from rag.reading import Reading, read_alone
from rag.retrieval import Retriever
from rag.saved import SavedTurn, SearchSettings
from rag.uploads import add_uploads
from ui.cards import export_buttons, passage_card, show_answer, take_away
from ui.common import (
    conversation_store,
    corpus_dir,
    current_retriever,
    describe,
    index_dir,
    index_line,
    scroll_to,
    sidebar_filters,
)

EXAMPLES = [
    "What did Ofsted say about care leavers' health histories?",
    "Do personal advisers work at evenings and weekends?",
    "How many children were the subject of a child protection plan?",
    "What did inspectors find about private fostering?",
]
UPLOAD_TYPES = [suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES]
ACROSS_PAGE = "ui/pages/across_councils.py"


def ask_page() -> None:
    """The chat: questions, cited answers, feedback; saved conversations and uploads in the sidebar."""
    retriever = current_retriever()
    wanted = st.query_params.get("c")
    if wanted and wanted != st.session_state.get("conversation"):  # a link, a reload, or a saved conversation
        _reopen(wanted, retriever)
    history = st.session_state.setdefault("history", [])
    if history:
        st.sidebar.button("New conversation", on_click=_new_conversation, icon=":material/restart_alt:")
        with st.sidebar.expander("Export the conversation", icon=":material/download:"):
            export_buttons([Turn(t["question"], t["answer"]) for t in history], "conversation", "all")
    saved_conversations()
    search = sidebar_filters(retriever)
    upload_section()

    st.title("Ask Ofsted inspection reports")
    st.caption(f"Index: {index_line(retriever)}")
    st.markdown(
        "Answers are made only of the reports' own sentences, each marked with the passage it comes from. "
        "When the reports do not say, the answer says so."
    )
    for level, message in st.session_state.pop("notice", []):
        getattr(st, level)(escape_markdown(message))

    for n, turn in enumerate(history):
        show_turn(n, turn, retriever)

    edited = st.session_state.pop("edited", None)
    if edited is not None:  # "Edit" under a question: its turn searched again with the words the user wrote
        n, words = edited
        _keep(n, _answered(retriever, read_alone(words, asked=history[n]["question"]), search))
        st.session_state.scroll = n
        st.rerun()
    asked = st.chat_input("Ask a question about the reports") or st.session_state.pop("pending", None)
    if asked:
        with st.chat_message("user"):
            st.text(asked)
        reading = interpret(asked, [turn["reading"] for turn in history], retriever.index.documents.values())
        with st.chat_message("assistant"), st.spinner("Reading the reports…"):
            _keep(len(history), _answered(retriever, reading, search))
        st.session_state.scroll = len(history) - 1
        st.rerun()  # draw the new turn with the others, its widgets keyed like theirs
    if not history:
        st.subheader("Try one of these")
        columns = st.columns(2)
        for n, example in enumerate(EXAMPLES):
            columns[n % 2].button(example, on_click=_ask, args=(example,), width="stretch", key=f"ex-{n}")
    if st.session_state.get("conversation"):  # set on every run: one set just before st.rerun() can be lost
        st.query_params["c"] = st.session_state.conversation
    if (scroll := st.session_state.pop("scroll", None)) is not None:
        scroll_to(f"turn-{scroll}", nonce=len(history))  # the question and the start of its answer in view


def _answered(retriever: Retriever, reading: Reading, search: SearchSettings) -> dict:
    """A turn of the conversation: how the question was read, and the answer to the question searched."""
    answer = answer_question(retriever, reading.standalone, k=search.k, mode=search.mode, filters=search.filters)
    described = describe(search, retriever)
    return {
        "question": reading.question,
        "reading": with_answer(reading, answer),  # a list's items: what the turns after may point at
        "search": search,
        "answer": answer,
        "settings": described,
        "context": {"mode": search.mode, "k": search.k, "filters": described[2:], "build_id": retriever.index.build_id},
    }


def _keep(n: int, turn: dict) -> None:
    """Put `turn` at position `n` of the conversation and save it; the first question starts a saved one."""
    history = st.session_state.history
    history[n:] = [turn, *history[n + 1 :]]
    store = conversation_store()
    try:
        if not st.session_state.get("conversation"):
            st.session_state.conversation = store.start(turn["question"])  # the address (?c=…) opens it again
        store.save_turn(st.session_state.conversation, n, SavedTurn(turn["reading"], turn["search"]))
    except StoreError as exc:  # the answer still shows; only keeping it fails
        st.session_state.notice = [("warning", f"This conversation is not being saved: {exc}")]


def _reopen(conversation: str, retriever: Retriever) -> None:
    """Open a saved conversation: each question answered again from the index as it is now."""
    _new_conversation()
    try:
        saved = conversation_store().turns(conversation)
    except StoreError as exc:
        st.session_state.notice = [("warning", f"Saved conversations cannot be opened: {exc}")]
        return
    if not saved:
        st.session_state.notice = [("warning", "That conversation is not saved here (it may have been deleted).")]
        st.query_params.pop("c", None)
        return
    st.session_state.conversation = conversation
    st.session_state.history = [_answered(retriever, t.reading, t.settings) for t in saved]
    turn = st.query_params.get("t")  # "&t=3": the third answer in view
    if turn and turn.isdigit() and 1 <= int(turn) <= len(saved):
        st.session_state.scroll = int(turn) - 1


def _ask(question: str) -> None:
    st.session_state.pending = question


def _edit(n: int) -> None:
    words = st.session_state.get(f"searched-{n}", "").strip()
    if words:
        st.session_state.edited = (n, words)


def _new_conversation() -> None:
    """Forget the questions, answers and their widgets (the saved conversation and feedback stay)."""
    for key in list(st.session_state):
        if key in ("history", "recorded", "conversation") or str(key).startswith(("thumbs-", "right-", "searched-")):
            del st.session_state[key]
    st.query_params.pop("c", None)
    st.query_params.pop("t", None)


def saved_conversations() -> None:
    """The saved conversations in the sidebar, most recent first; one click reopens one."""
    try:
        recent = conversation_store().recent(limit=10)
    except StoreError as exc:
        st.sidebar.caption(escape_markdown(f"Saved conversations cannot be listed: {exc}"))
        return
    if not recent:
        return
    with st.sidebar.expander("Saved conversations", icon=":material/history:"):
        for saved in recent:
            label = saved.title if len(saved.title) <= 60 else saved.title[:59] + "…"
            st.button(
                f"{label} ({saved.turns})",
                on_click=_open_saved,
                args=(saved.id,),
                key=f"saved-{saved.id}",
                type="tertiary",
                help=f"{saved.turns} question{'s' if saved.turns != 1 else ''}, last {saved.updated[:16]} UTC",
                disabled=saved.id == st.session_state.get("conversation"),
            )


def _open_saved(conversation: str) -> None:
    st.query_params["c"] = conversation


def show_turn(n: int, turn: dict, retriever: Retriever) -> None:
    """One question and its answer, with its cited (or related) passages and a feedback control."""
    answer: Answer = turn["answer"]
    reading: Reading = turn["reading"]
    with st.chat_message("user"), st.container(key=f"turn-{n}"):
        st.text(turn["question"])
        row = st.container(horizontal=True, vertical_alignment="center")
        if reading.standalone != reading.question:
            row.caption(f"Searched: {escape_markdown(reading.standalone)}")
        with row, st.popover("Edit", icon=":material/edit:", type="tertiary", help="Change the question searched"):
            with st.form(f"edit-{n}", border=False):
                st.text_input("Question searched", value=reading.standalone, key=f"searched-{n}")
                st.form_submit_button("Search again", on_click=_edit, args=(n,))
    with st.chat_message("assistant"):
        show_answer(answer, n)
        row = st.container(horizontal=True, vertical_alignment="center")
        row.caption(escape_markdown(" · ".join(turn["settings"])))
        with row:
            take_away(Turn(turn["question"], answer), n)
        if answer.citations:
            st.markdown(
                "**Cited passages** — the highlighted words are the ones quoted above"
                if answer.supported
                else "**Related passages** — the nearest the reports come; they do not answer the question"
            )
        for c in answer.citations:
            passage_card(c.hit, c.ref if answer.supported else None, c.quote, key=f"{n}-{c.ref}", index=retriever.index)
        feedback(n, turn, retriever)
        if n == len(st.session_state.history) - 1:
            suggest(n, turn, retriever)


def suggest(n: int, turn: dict, retriever: Retriever) -> None:
    """Questions to ask next: the topic in the council's other inspections, its recommendations, other councils."""
    reading: Reading = turn["reading"]
    if not reading.topic:
        return
    asks = suggestions(reading, turn["answer"], retriever.index.documents.values())
    row = st.container(horizontal=True, key=f"next-{n}")
    row.caption("Ask next:")
    for i, question in enumerate(asks):
        row.button(
            question,
            on_click=_ask,
            args=(question,),
            key=f"next-{n}-{i}",
            type="secondary",
            icon=":material/arrow_forward:",
        )
    row.page_link(
        ACROSS_PAGE,
        label=f"{reading.topic} across councils",
        icon=":material/map:",
        query_params={"q": reading.topic},
    )


def feedback(n: int, turn: dict, retriever: Retriever) -> None:
    """Thumbs up or down, and "wrong passage" with the right one; each verdict appended to the feedback file."""
    recorded = st.session_state.setdefault("recorded", {})
    path = feedback_path(index_dir())
    row = st.container(horizontal=True, vertical_alignment="center")
    with row:
        thumbs = st.feedback("thumbs", key=f"thumbs-{n}")
    verdict = {1: "up", 0: "down"}.get(thumbs)
    if verdict and recorded.get((n, "thumbs")) != verdict:
        record_feedback(path, turn["answer"].as_dict(), verdict, context=turn["context"])
        recorded[(n, "thumbs")] = verdict
    with row, st.popover("Wrong passage?", icon=":material/flag:", type="tertiary"):
        with st.form(f"wrong-{n}", border=False):
            right_one = st.text_input(
                "Which passage should it have cited?",
                placeholder="knowsley-2017 ¶43, or words the right passage contains",
                key=f"right-{n}",
            )
            if st.form_submit_button("Report"):
                expected = expected_passage(retriever.index, right_one)
                record_feedback(
                    path,
                    turn["answer"].as_dict(),
                    "wrong passage",
                    note=right_one,
                    expected=expected,
                    context=turn["context"],
                )
                recorded[(n, "wrong")] = True
    if recorded.get((n, "thumbs")) or recorded.get((n, "wrong")):
        row.caption("Thank you: your feedback was saved.")


def upload_section() -> None:
    """Upload documents into the corpus (checked first), then rebuild the index so they can be asked about."""
    with st.sidebar:
        st.header("Add documents")
        generation = st.session_state.setdefault("upload_generation", 0)
        uploads = st.file_uploader(
            "PDF, Word, text, Markdown or HTML files",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            key=f"uploads-{generation}",
            help="Each file is checked before it is saved: it must be readable as its type. The index is then "
            "updated (only new documents are read and embedded).",
        )
        if not (uploads and st.button("Add to the corpus and rebuild the index", type="primary")):
            return
        with st.status("Checking the files…", expanded=True) as status:
            progress = st.progress(0.1, text="Checking the files")

            def log(line: str) -> None:
                progress.progress(0.6 if line.startswith("embedding") else 0.4, text=line)
                st.text(line)

            batch = add_uploads([(u.name, u.getvalue()) for u in uploads], corpus_dir(), index_dir(), log=log)
            done = "Index rebuilt" if batch.report is not None else "Nothing was added"
            progress.progress(1.0, text=done)
            status.update(label=done, state="complete" if batch.report is not None else "error")
        notices = []
        if batch.report is not None:
            titles = "; ".join(f"{r.title} ({r.path.relative_to(corpus_dir()).as_posix()})" for r in batch.saved)
            notices.append(
                ("success", f"Index rebuilt: {batch.report.summary()}. Added {titles}: you can ask about it now.")
            )
        notices += [("info", r.message) for r in batch.results if not r.saved and r.path is not None]
        notices += [("error", r.message) for r in batch.results if not r.saved and r.path is None]
        if batch.error:
            notices.append(("error", batch.error))
        if batch.report is None:
            notices.append(("error", "Nothing was added to the corpus: fix the files above and upload them again."))
        st.session_state.notice = notices  # shown at the top of the page, as errors where they are errors
        st.session_state.upload_generation = generation + 1  # a fresh, empty uploader: no bad file left in it
        st.rerun()


ask_page()
