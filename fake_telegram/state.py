"""Shared, thread-safe state of the fake Bot API.

The aiohttp handlers (server thread) and the test's control calls (any thread)
both mutate this object, so every access goes through one ``RLock``.  Waiters
use a ``threading.Condition`` on the same lock (never the server's event loop),
and the server registers a listener to wake its long-polling ``getUpdates``.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .model import (
    JSON,
    ApiError,
    CallbackRecord,
    CallRecord,
    Chat,
    Fault,
    InlineQueryRecord,
    StoredMessage,
    User,
    bad_request,
)

# Telegram's default when allowed_updates was never specified.
_DEFAULT_EXCLUDED = {"chat_member", "message_reaction", "message_reaction_count"}


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


def update_type(update: JSON) -> str:
    return next((key for key in update if key != "update_id"), "")


class FakeState:
    def __init__(self, token: str, bot_username: str, bot_first_name: str) -> None:
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.token = token
        bot_id = token.split(":", 1)[0]
        self.bot = User(
            id=int(bot_id) if bot_id.isdigit() else 123456,
            first_name=bot_first_name,
            username=bot_username,
            language_code=None,
            is_bot=True,
        )
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.chat_messages: dict[int, dict[int, StoredMessage]] = {}
        self._next_message_id: dict[int, int] = {}
        self.pending: list[JSON] = []  # unconfirmed updates, ascending update_id
        self.forced: list[JSON] = []  # duplicates delivered regardless of offset
        self.all_updates: dict[int, JSON] = {}
        self._next_update_id = 700_000_001
        self.allowed_updates: list[str] | None = None
        self.callbacks: dict[str, CallbackRecord] = {}
        self._next_callback = 4_200_000_000_000_000_001
        self.blocked: set[int] = set()
        self.faults: list[Fault] = []
        self.calls: list[CallRecord] = []
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.descriptions: dict[tuple[str, str], str] = {}  # (kind, language) -> text; kind "description"/"short"
        self.files: dict[str, bytes] = {}  # file_id -> the bytes the bot uploaded
        self.inline_queries: dict[str, InlineQueryRecord] = {}
        self.supports_inline_queries = True  # as after /setinline with @BotFather
        self.webhook: WebhookConfig | None = None
        self.poll_generation = 0
        self.logged_out = False
        self.callback_answer_timeout: float | None = None
        self.last_activity = time.monotonic()
        self._listeners: list[Callable[[], None]] = []

    # -- change notification -------------------------------------------------
    def add_listener(self, listener: Callable[[], None]) -> None:
        with self.lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[], None]) -> None:
        with self.lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def notify(self) -> None:
        with self.lock:
            self.changed.notify_all()
            for listener in list(self._listeners):
                listener()

    # -- chats, users, messages ----------------------------------------------
    def ensure_user(self, user_id: int, first_name: str = "Alice", **extra: Any) -> User:
        with self.lock:
            user = self.users.get(user_id)
            if user is None:
                user = self.users[user_id] = User(id=user_id, first_name=first_name, **extra)
            return user

    def ensure_chat(self, chat: Chat) -> Chat:
        with self.lock:
            return self.chats.setdefault(chat.id, chat)

    def store_message(self, msg: StoredMessage) -> StoredMessage:
        """Assign the next per-chat message_id (shared by bot and user, like Telegram)."""
        with self.lock:
            chat_id = msg.chat.id
            msg.message_id = self._next_message_id.get(chat_id, 1)
            self._next_message_id[chat_id] = msg.message_id + 1
            self.chat_messages.setdefault(chat_id, {})[msg.message_id] = msg
            self.notify()
            return msg

    def get_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        with self.lock:
            msg = self.chat_messages.get(chat_id, {}).get(message_id)
            return None if msg is None or msg.deleted else msg

    def bot_messages(self, chat_id: int) -> list[StoredMessage]:
        with self.lock:
            return [m for m in self.chat_messages.get(chat_id, {}).values() if m.from_bot and not m.deleted]

    # -- update queue --------------------------------------------------------
    def enqueue(self, update: JSON) -> int:
        with self.lock:
            if "update_id" not in update:
                update = {"update_id": self._next_update_id, **update}
            update_id = int(update["update_id"])
            self._next_update_id = max(self._next_update_id, update_id + 1)
            self.all_updates[update_id] = copy.deepcopy(update)
            self.pending.append(update)
            self.pending.sort(key=lambda u: u["update_id"])
            self.notify()
            return update_id

    def enqueue_duplicate(self, update_id: int) -> int:
        with self.lock:
            if update_id not in self.all_updates:
                raise KeyError(f"update {update_id} was never pushed")
            self.forced.append(copy.deepcopy(self.all_updates[update_id]))
            self.notify()
            return update_id

    def next_update_id(self) -> int:
        with self.lock:
            update_id = self._next_update_id
            self._next_update_id += 1
            return update_id

    def take_updates(self, offset: int, limit: int, allowed: list[str] | None) -> list[JSON]:
        """getUpdates semantics: confirm ids < offset, then return up to ``limit``."""
        with self.lock:
            if allowed is not None:
                self.allowed_updates = list(allowed) or None
            if offset > 0:
                self.pending = [u for u in self.pending if u["update_id"] >= offset]
            elif offset < 0:
                self.pending = self.pending[offset:]  # keep only the last -offset updates
            self.pending = [u for u in self.pending if self._is_allowed(u)]
            limit = min(max(limit, 1), 100)
            result = self.forced[:limit] + self.pending[: max(limit - len(self.forced), 0)]
            self.forced = self.forced[limit:]
            return copy.deepcopy(result)

    def _is_allowed(self, update: JSON) -> bool:
        kind = update_type(update)
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in _DEFAULT_EXCLUDED

    def confirm_update(self, update_id: int) -> None:
        with self.lock:
            self.pending = [u for u in self.pending if u["update_id"] != update_id]
            self.forced = [u for u in self.forced if u["update_id"] != update_id]
            self.notify()

    def drop_pending(self) -> None:
        with self.lock:
            self.pending.clear()
            self.forced.clear()
            self.notify()

    # -- faults and call log -------------------------------------------------
    def take_fault(self, method: str, params: JSON) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, params):
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
            return None

    def record(self, record: CallRecord) -> None:
        with self.lock:
            self.calls.append(record)
            if record.method != "getUpdates":
                self.last_activity = time.monotonic()
            self.notify()

    def new_file_id(self, data: bytes) -> str:
        with self.lock:
            file_id = f"AgACAgIAAxkBAAEFakeUpload{len(self.files) + 1:06d}"
            self.files[file_id] = data
            return file_id

    def new_callback_id(self) -> str:
        with self.lock:
            self._next_callback += 7919  # looks like Telegram's opaque numeric ids
            return str(self._next_callback)


def target_chat(state: FakeState, params: JSON) -> Chat:
    """The chat a send names, refused the way Telegram refuses it: empty, unknown or blocked."""
    chat_id = params.get("chat_id")
    if chat_id in (None, ""):
        raise bad_request("chat_id is empty")
    chat = state.chats.get(chat_id) if isinstance(chat_id, int) else None
    if chat is None:
        raise bad_request("chat not found")
    if chat.id in state.blocked:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat
