"""Inline queries, uploaded files and profile texts: the part of ``FakeBotApi`` tests use to
drive and read what sharing.py emulates (mixin)."""

from __future__ import annotations

import copy

from .model import InlineQueryRecord
from .state import FakeState


class SharingMixin:
    state: FakeState

    def push_inline_query(self, user_id: int, query: str = "") -> str:
        """The user types "@bot <query>" in any chat; returns the inline query id."""
        with self.state.lock:
            user = self.state.ensure_user(user_id)
            query_id = self.state.new_callback_id()
            self.state.inline_queries[query_id] = InlineQueryRecord(id=query_id, user_id=user_id, query=query)
            body = {"id": query_id, "from": user.to_json(), "query": query, "offset": "", "chat_type": "sender"}
            self.state.enqueue({"inline_query": body})
            return query_id

    def inline_answer(self, query_id: str) -> InlineQueryRecord:
        with self.state.lock:
            return copy.deepcopy(self.state.inline_queries[query_id])

    def file_bytes(self, file_id: str) -> bytes:
        """What the bot uploaded as `file_id` (sendPhoto)."""
        with self.state.lock:
            return self.state.files[file_id]

    def description(self, short: bool = False, language_code: str = "") -> str | None:
        """The bot's description (setMyDescription) or, with short, its short description."""
        with self.state.lock:
            return self.state.descriptions.get(("short" if short else "description", language_code))
