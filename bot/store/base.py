"""Where chats' dialogue states live between updates. Every backend passes tests/store's contract."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.engine.state import SessionState


@dataclass(frozen=True)
class StoredSession:
    state: SessionState
    last_update_id: int | None = None  # kept beside the state so a re-delivered update is skipped


class SessionStore(Protocol):
    def load(self, chat_id: int) -> StoredSession:
        """The chat's session, or a fresh one when nothing (readable) is stored."""
        ...

    def save(self, chat_id: int, session: StoredSession) -> None:
        """Durably store the session before the bot replies (one transaction)."""
        ...

    def delete(self, chat_id: int) -> None: ...

    def close(self) -> None: ...
