"""Plain data objects of the fake Bot API plus their Telegram JSON shapes.

Everything a test can read (``BotMessage``, ``CallRecord``, ``CallbackRecord``)
is a snapshot copy, so assertions never race with the server thread.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


class ApiError(Exception):
    """A Bot API error response: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(frozen=True)
class Upload:
    """A file the bot uploaded in a multipart request."""

    filename: str
    data: bytes = field(repr=False)

    def __str__(self) -> str:
        return f"<file {self.filename}, {len(self.data)} bytes>"


@dataclass
class User:
    id: int
    first_name: str = "Alice"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False

    def to_json(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


@dataclass
class Chat:
    id: int
    type: str = "private"  # "private" | "group" | "supergroup"
    first_name: str | None = None
    username: str | None = None
    title: str | None = None

    def to_json(self) -> JSON:
        data: JSON = {"id": self.id, "type": self.type}
        for key in ("first_name", "username", "title"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


@dataclass
class StoredMessage:
    """A message as the fake server remembers it (bot's or user's)."""

    chat: Chat
    message_id: int
    sender: User
    date: int
    text: str | None = None
    entities: list[JSON] = field(default_factory=list)
    html: str | None = None  # raw text as the bot sent it (before entity parsing)
    parse_mode: str | None = None
    reply_markup: JSON | None = None
    extra: JSON = field(default_factory=dict)  # e.g. {"sticker": {...}} for user media
    edit_date: int | None = None
    deleted: bool = False
    reply_to: StoredMessage | None = None

    @property
    def from_bot(self) -> bool:
        return self.sender.is_bot

    def to_json(self, with_reply: bool = True) -> JSON:
        data: JSON = {
            "message_id": self.message_id,
            "from": self.sender.to_json(),
            "chat": self.chat.to_json(),
            "date": self.date,
        }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if with_reply and self.reply_to is not None:
            data["reply_to_message"] = self.reply_to.to_json(with_reply=False)
        if self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = copy.deepcopy(self.entities)
        data.update(copy.deepcopy(self.extra))
        # Telegram only echoes inline keyboards back inside Message objects.
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = copy.deepcopy(self.reply_markup)
        return data


@dataclass(frozen=True)
class BotMessage:
    """Read-only snapshot of a message the bot sent (current state after edits)."""

    chat_id: int
    message_id: int
    text: str
    html: str
    entities: list[JSON]
    reply_markup: JSON | None
    edited: bool
    date: int
    parse_mode: str | None = None
    photo_file_id: str | None = None  # the largest size of a photo message
    caption: str | None = None

    @classmethod
    def of(cls, msg: StoredMessage) -> BotMessage:
        photo = msg.extra.get("photo") or []
        return cls(
            chat_id=msg.chat.id,
            message_id=msg.message_id,
            text=msg.text or "",
            html=msg.html if msg.html is not None else (msg.text or ""),
            entities=copy.deepcopy(msg.entities),
            reply_markup=copy.deepcopy(msg.reply_markup),
            edited=msg.edit_date is not None,
            date=msg.date,
            parse_mode=msg.parse_mode,
            photo_file_id=photo[-1]["file_id"] if photo else None,
            caption=msg.extra.get("caption"),
        )

    @property
    def buttons(self) -> list[list[str]]:
        """Inline (or reply) keyboard button texts, row by row."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in rows]

    @property
    def callback_data(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


@dataclass(frozen=True)
class CallRecord:
    """One Bot API request the bot made and how the fake answered it."""

    method: str  # canonical camelCase name, e.g. "sendMessage"
    params: JSON
    response_ok: bool
    error_description: str | None = None
    error_code: int | None = None
    at: float = field(default_factory=time.monotonic)


@dataclass
class CallbackRecord:
    """A pushed callback query and whether/how the bot answered it."""

    id: str
    chat_id: int
    message_id: int
    data: str
    user_id: int
    created: float = field(default_factory=time.monotonic)
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False


@dataclass
class InlineQueryRecord:
    """A pushed inline query and the bot's answer to it (answerInlineQuery)."""

    id: str
    user_id: int
    query: str
    created: float = field(default_factory=time.monotonic)
    answered: bool = False
    results: list[JSON] = field(default_factory=list)
    is_personal: bool = False
    cache_time: int | None = None


@dataclass
class Fault:
    """An injected failure, consumed by the next ``times`` matching requests."""

    method: str  # lower-case method name
    times: int
    kind: str = "api"  # "api" | "http" | "drop" | "stall"
    error: ApiError | None = None
    http_status: int = 502
    chat_id: int | None = None
    stall: float = 0.0  # "stall": hold the request this long, then answer normally or drop it
    then_drop: bool = False

    def matches(self, method: str, params: JSON) -> bool:
        if self.method != method.lower():
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id
