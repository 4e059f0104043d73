"""SQLite store: the embedded default. One row per chat, written in a transaction before replies.

WAL mode keeps a half-written transaction out of the database when the process is killed, so
the previous state loads intact after SIGKILL.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from bot.store.base import StoredSession, decode_row

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    chat_id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    last_update_id INTEGER,
    updated_at REAL NOT NULL
)
"""


class SqliteStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # One connection guarded by a lock: calls are short and come from one event loop,
        # but the terminal and benchmarks may use threads.
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # durable across process kills; fsync at checkpoints
            self._db.execute(SCHEMA)

    def load(self, chat_id: int) -> StoredSession:
        with self._lock:
            row = self._db.execute(
                "SELECT state, last_update_id FROM sessions WHERE chat_id = ?", (chat_id,)
            ).fetchone()
        return decode_row(chat_id, *(row or (None, None)))

    def save(self, chat_id: int, session: StoredSession) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO sessions (chat_id, state, last_update_id, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(chat_id) DO UPDATE SET state = excluded.state, "
                "last_update_id = excluded.last_update_id, updated_at = excluded.updated_at",
                (chat_id, session.state.to_json(), session.last_update_id, time.time()),
            )

    def delete(self, chat_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE chat_id = ?", (chat_id,))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def raw(self, chat_id: int) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT state FROM sessions WHERE chat_id = ?", (chat_id,)).fetchone()
        return row[0] if row else None
