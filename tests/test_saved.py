"""Saved conversations: kept in SQLite, listed most recent first, reopened as they were read."""

from __future__ import annotations

import pytest

from rag.conversation import interpret
from rag.errors import StoreError
from rag.query import Filters
from rag.saved import ConversationStore, SavedTurn, SearchSettings


def test_a_conversation_is_kept_with_its_readings_and_settings(tmp_path):
    store = ConversationStore(tmp_path / "index" / "conversations.sqlite")
    first = interpret("What did Ofsted say about care leavers' health histories in Knowsley?")
    follow_up = interpret("What did they recommend about it?", [first])
    search = SearchSettings("bm25", 7, Filters(authorities=("Knowsley",), since="2017"))
    conversation = store.start(first.question)
    store.save_turn(conversation, 0, SavedTurn(first, SearchSettings()))
    store.save_turn(conversation, 1, SavedTurn(follow_up, search))
    reopened = ConversationStore(tmp_path / "index" / "conversations.sqlite").turns(conversation)  # a new process
    assert [t.reading for t in reopened] == [first, follow_up]
    assert reopened[1].settings == search and reopened[0].settings == SearchSettings()
    edited = interpret("What did Ofsted recommend about adoption in Knowsley?")
    store.save_turn(conversation, 1, SavedTurn(edited, search))  # an edited question replaces its turn
    assert [t.reading.standalone for t in store.turns(conversation)] == [first.standalone, edited.standalone]
    assert store.turns("no-such-id") == []


def test_recent_lists_conversations_with_questions_newest_first_and_delete_forgets(tmp_path):
    store = ConversationStore(tmp_path / "conversations.sqlite")
    older = store.start("Older question?")
    store.save_turn(older, 0, SavedTurn(interpret("Older question?"), SearchSettings()))
    store.start("Never asked")  # no question saved: not listed
    newer = store.start("Newer question?")
    store.save_turn(newer, 0, SavedTurn(interpret("Newer question?"), SearchSettings()))
    store.save_turn(newer, 1, SavedTurn(interpret("And in 2019?"), SearchSettings()))
    assert [(c.title, c.turns) for c in store.recent()] == [("Newer question?", 2), ("Older question?", 1)]
    store.delete(newer)
    assert [c.title for c in store.recent()] == ["Older question?"] and store.turns(newer) == []


def test_a_damaged_file_is_named_in_one_clear_error(tmp_path):
    path = tmp_path / "conversations.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="conversations.sqlite: cannot open the saved conversations"):
        ConversationStore(path).recent()
    assert path.read_bytes().startswith(b"not a database")  # nothing overwritten
