"""Where chats' dialogue states live between updates. Every backend passes tests/store's contract."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from bot.engine.state import SessionState, StateError

log = logging.getLogger(__name__)


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


def decode_row(chat_id: int, state_json: str | None, last_update_id: int | None) -> StoredSession:
    """A stored row as a session; an unreadable state starts fresh (logged) but keeps the
    update id, so a re-delivered update is still recognised."""
    if state_json is None:
        return StoredSession(SessionState())
    try:
        return StoredSession(SessionState.from_json(state_json), last_update_id)
    except StateError as exc:
        log.warning("chat %s: unreadable stored state (%s); starting fresh", chat_id, exc)
        return StoredSession(SessionState(), last_update_id)
