"""In-memory store: for the terminal chat and tests. Holds serialised JSON, like SQLite does,
so both backends exercise the same round trip."""

from __future__ import annotations

from bot.store.base import StoredSession, decode_row


class MemoryStore:
    def __init__(self) -> None:
        self._rows: dict[int, tuple[str, int | None]] = {}

    def load(self, chat_id: int) -> StoredSession:
        state_json, last_update_id = self._rows.get(chat_id, (None, None))
        return decode_row(chat_id, state_json, last_update_id)

    def save(self, chat_id: int, session: StoredSession) -> None:
        self._rows[chat_id] = (session.state.to_json(), session.last_update_id)

    def delete(self, chat_id: int) -> None:
        self._rows.pop(chat_id, None)

    def close(self) -> None:
        self._rows.clear()

    def raw(self, chat_id: int) -> str | None:
        row = self._rows.get(chat_id)
        return row[0] if row else None
