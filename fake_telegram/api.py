"""``FakeBotApi``: the public facade tests use (lifecycle, users, pushing updates).

Every control method is thread-safe and non-blocking, so it can be called from a
sync test, from an async test's event loop, or from another thread.  Waiting,
fault injection and webhook delivery live in the mixins of waiting.py/control.py,
stickers, photos and documents the user sends in media.py.
"""

from __future__ import annotations

import asyncio
import copy
import time
from types import TracebackType
from typing import Any

from .commands import command_entities
from .control import FaultsMixin, WebhookMixin
from .media import MediaMixin
from .model import JSON, BotMessage, CallbackRecord, CallRecord, Chat, StoredMessage, User
from .server import FakeServer
from .sharing_control import SharingMixin
from .state import FakeState
from .validation import scope_key
from .waiting import WaitingMixin

DEFAULT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"


def _now() -> int:
    return int(time.time())


class FakeBotApi(WaitingMixin, FaultsMixin, WebhookMixin, SharingMixin, MediaMixin):
    """Fake Telegram Bot API server plus the control API tests drive it with."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "rolefit_test_bot",
        bot_first_name: str = "RoleFit",
        callback_answer_timeout: float | None = None,
    ) -> None:
        self.token = token
        self.state = FakeState(token, bot_username, bot_first_name)
        self.state.callback_answer_timeout = callback_answer_timeout
        self._server = FakeServer(self.state, host, port)
        self._chat_user: dict[int, int] = {}  # private chat id -> its user id

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> FakeBotApi:
        """Start serving (idempotent). After stop(), restarts on the same port."""
        self._server.start()
        return self

    def stop(self) -> None:
        """Stop serving (idempotent); state (messages, queue, log) is kept."""
        self._server.stop()

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> FakeBotApi:
        return self.start()

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await asyncio.to_thread(self.stop)

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def api_root(self) -> str:
        return f"http://{self._server.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)`` / ``Bot(base_url=...)``."""
        return f"{self.api_root}/bot"

    @property
    def bot_id(self) -> int:
        return self.state.bot.id

    @property
    def bot_username(self) -> str:
        return self.state.bot.username or ""

    # -- users and chats -------------------------------------------------------------
    def user(
        self,
        user_id: int,
        first_name: str = "Alice",
        chat_id: int | None = None,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> User:
        """Register a user who started the bot, with their private chat."""
        with self.state.lock:
            user = self.state.ensure_user(user_id)
            # Re-registering updates the profile (e.g. a user implicitly created earlier).
            user.first_name, user.last_name = first_name, last_name
            user.username, user.language_code = username, language_code
            cid = user_id if chat_id is None else chat_id
            self.state.ensure_chat(Chat(id=cid, type="private", first_name=user.first_name, username=user.username))
            self._chat_user[cid] = user_id
            return user

    def _sender(self, chat_id: int, user_id: int | None) -> tuple[Chat, User]:
        with self.state.lock:
            chat = self.state.chats.get(chat_id)
            if chat is None:
                self.user(user_id if user_id is not None else chat_id, chat_id=chat_id)
                chat = self.state.chats[chat_id]
            if user_id is None:
                if chat_id not in self._chat_user:
                    raise ValueError(f"chat {chat_id} is not private: pass user_id")
                user_id = self._chat_user[chat_id]
            return chat, self.state.ensure_user(user_id)

    def _push_message(self, chat_id: int, user_id: int | None, text: str | None = None, **extra: Any) -> int:
        with self.state.lock:
            chat, user = self._sender(chat_id, user_id)
            msg = StoredMessage(
                chat=chat,
                message_id=0,
                sender=user,
                date=_now(),
                text=text,
                entities=command_entities(text) if text else [],
                extra=extra,
            )
            self.state.store_message(msg)
            return self.state.enqueue({"message": msg.to_json()})

    # -- pushing updates -----------------------------------------------------------
    def push_text(self, chat_id: int, text: str, user_id: int | None = None) -> int:
        """Queue a text message from the user; returns its update_id."""
        return self._push_message(chat_id, user_id, text)

    def push_edited_text(self, chat_id: int, message_id: int, text: str) -> int:
        """The user edits one of their earlier text messages (edited_message update)."""
        with self.state.lock:
            msg = self.state.get_message(chat_id, message_id)
            if msg is None or msg.from_bot or msg.text is None:
                raise ValueError(f"no user text message {message_id} in chat {chat_id}")
            msg.text, msg.entities, msg.edit_date = text, command_entities(text), _now()
            return self.state.enqueue({"edited_message": msg.to_json()})

    def push_group_text(self, group_chat_id: int, user_id: int, text: str, title: str = "Test group") -> int:
        with self.state.lock:
            self.state.ensure_user(user_id)
            self.state.ensure_chat(Chat(id=group_chat_id, type="group", title=title))
            return self._push_message(group_chat_id, user_id, text)

    def push_callback(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        user_id: int | None = None,
        *,
        check_button: bool = True,
    ) -> str:
        """The user taps an inline button of a bot message; returns the query id.

        With check_button (default) the data must belong to a button currently on the
        message; pass False to simulate a stale client tapping an old keyboard.
        """
        with self.state.lock:
            chat, user = self._sender(chat_id, user_id)
            msg = self.state.get_message(chat_id, message_id)
            if msg is None or not msg.from_bot:
                raise ValueError(f"no bot message {message_id} in chat {chat_id}")
            if check_button and data not in BotMessage.of(msg).callback_data:
                raise ValueError(f"message {message_id} has no button with callback_data {data!r}")
            query_id = self.state.new_callback_id()
            self.state.callbacks[query_id] = CallbackRecord(
                id=query_id, chat_id=chat_id, message_id=message_id, data=data, user_id=user.id
            )
            self.state.enqueue(
                {
                    "callback_query": {
                        "id": query_id,
                        "from": user.to_json(),
                        "message": msg.to_json(),
                        "chat_instance": str(abs(chat.id) * 2654435761 % (1 << 63)),
                        "data": data,
                    }
                }
            )
            return query_id

    def press_button(self, chat_id: int, text: str, message_id: int | None = None, user_id: int | None = None) -> str:
        """Tap the callback button labelled ``text`` (latest bot message having it)."""
        with self.state.lock:
            candidates = self.state.bot_messages(chat_id)
            if message_id is not None:
                candidates = [m for m in candidates if m.message_id == message_id]
            for msg in reversed(candidates):
                rows = (msg.reply_markup or {}).get("inline_keyboard") or []
                for button in (b for row in rows for b in row):
                    if button.get("text") == text and "callback_data" in button:
                        return self.push_callback(chat_id, msg.message_id, button["callback_data"], user_id)
            raise LookupError(f"no inline button {text!r} in chat {chat_id}")

    def push_update(self, update: JSON) -> int:
        """Queue a raw update dict (update_id is assigned when missing)."""
        update = copy.deepcopy(update)
        with self.state.lock:
            body = update.get(next((k for k in update if k != "update_id"), ""), {})
            chat = body.get("chat") or (body.get("message") or {}).get("chat")
            if isinstance(chat, dict) and "id" in chat:  # so the bot may answer it
                self.state.ensure_chat(
                    Chat(
                        id=chat["id"],
                        type=chat.get("type", "private"),
                        first_name=chat.get("first_name"),
                        title=chat.get("title"),
                    )
                )
            return self.state.enqueue(update)

    def push_duplicate(self, update_id: int) -> int:
        """Deliver an already pushed update again, same update_id, ignoring offset."""
        return self.state.enqueue_duplicate(update_id)

    # -- observing the bot -----------------------------------------------------------
    @property
    def calls(self) -> list[CallRecord]:
        """Every request the bot made, oldest first (getUpdates included)."""
        with self.state.lock:
            return list(self.state.calls)

    def last_message(self, chat_id: int) -> BotMessage | None:
        msgs = self.messages(chat_id)
        return msgs[-1] if msgs else None

    def unanswered_callbacks(self) -> list[CallbackRecord]:
        with self.state.lock:
            return [copy.copy(c) for c in self.state.callbacks.values() if not c.answered]

    def callback(self, query_id: str) -> CallbackRecord:
        with self.state.lock:
            return copy.copy(self.state.callbacks[query_id])

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        with self.state.lock:
            return copy.deepcopy(self.state.commands.get(scope_key(scope, language_code), []))

    @property
    def webhook_url(self) -> str | None:
        hook = self.state.webhook
        return hook.url if hook else None
