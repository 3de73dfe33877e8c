"""Saved conversations: each question of a conversation kept in SQLite, so a reload or a link reopens it.

The file is ``conversations.sqlite`` in the index folder, or ``RAG_CONVERSATIONS``. A turn is kept as it was
read (the question asked, the question searched and its parts) with the search settings it ran under; reopening
answers it again from the index as it is now, so a conversation never shows a passage the index no longer has.
SQLite (in Python's standard library) keeps each write atomic and lets the app's sessions share the file.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rag.errors import StoreError
from rag.query import Filters
from rag.reading import Reading

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
    conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    reading TEXT NOT NULL,
    settings TEXT NOT NULL,
    PRIMARY KEY (conversation, position)
);
"""


@dataclass(frozen=True)
class SearchSettings:
    """What a question was searched with: the mode, the passages read and the filters."""

    mode: str = "hybrid"
    k: int = 5
    filters: Filters = Filters()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"mode": self.mode, "k": self.k, "filters": asdict(self.filters)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchSettings:
        """The settings from their `as_dict` form."""
        filters = Filters(**_tuples(data.get("filters") or {}))
        return cls(str(data.get("mode", "hybrid")), int(data.get("k", 5)), filters)


@dataclass(frozen=True)
class SavedTurn:
    """One saved question: how it was read and what it was searched with."""

    reading: Reading
    settings: SearchSettings


@dataclass(frozen=True)
class SavedConversation:
    """A saved conversation as the sidebar lists it."""

    id: str
    title: str
    updated: str
    turns: int


class ConversationStore:
    """The saved conversations in one SQLite file.

    Args:
        path: The file; created, with its folder, on first write.

    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10)
            db.execute("PRAGMA foreign_keys = ON")
            db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the saved conversations ({exc})") from exc
        return db

    def start(self, title: str) -> str:
        """A new, empty conversation titled `title` (its first question); returns its id."""
        conversation = uuid.uuid4().hex[:12]
        now = _now()
        with closing(self._connect()) as db, db:
            db.execute("INSERT INTO conversations VALUES (?, ?, ?, ?)", (conversation, title[:200], now, now))
        return conversation

    def save_turn(self, conversation: str, position: int, turn: SavedTurn) -> None:
        """Keep `turn` as question `position` (from 0) of `conversation`, replacing what was there."""
        reading = json.dumps(asdict(turn.reading), ensure_ascii=False)
        settings = json.dumps(turn.settings.as_dict(), ensure_ascii=False)
        with closing(self._connect()) as db, db:
            db.execute("INSERT OR REPLACE INTO turns VALUES (?, ?, ?, ?)", (conversation, position, reading, settings))
            db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (_now(), conversation))

    def turns(self, conversation: str) -> list[SavedTurn]:
        """The questions of `conversation` in order; empty when there is no such conversation."""
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT reading, settings FROM turns WHERE conversation = ? ORDER BY position", (conversation,)
            ).fetchall()
        return [SavedTurn(_reading(json.loads(r)), SearchSettings.from_dict(json.loads(s))) for r, s in rows]

    def recent(self, limit: int = 20) -> list[SavedConversation]:
        """The conversations with at least one question, the most recently used first."""
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT c.id, c.title, c.updated, COUNT(t.position) FROM conversations c "
                "JOIN turns t ON t.conversation = c.id GROUP BY c.id ORDER BY c.updated DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [SavedConversation(*row) for row in rows]

    def delete(self, conversation: str) -> None:
        """Forget `conversation` and its questions."""
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM conversations WHERE id = ?", (conversation,))


def _reading(data: dict[str, Any]) -> Reading:
    return Reading(**_tuples(data))


def _tuples(data: dict[str, Any]) -> dict[str, Any]:
    """A frozen dataclass's fields from JSON: its lists back to tuples."""
    return {key: tuple(value) if isinstance(value, list) else value for key, value in data.items()}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
