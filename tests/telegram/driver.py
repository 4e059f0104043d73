"""Drive a chat against the fake Bot API the way a person would, and read what the bot stored.

Everything here is synchronous and talks only to the fake, so the same helpers drive an
in-process bot (running in its own thread) and a bot started as a subprocess.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.content import Content
from bot.content.html_check import strip_tags
from bot.engine import SessionState
from fake_telegram import BotMessage, CallRecord, FakeBotApi

TIMEOUT = 15.0  # generous: a waiting helper returns as soon as its condition holds
QUESTION = re.compile(r"^Question (\d+) of (\d+)")
DB_NAME = "rolefit.sqlite3"


def question_number(message: BotMessage) -> int | None:
    found = QUESTION.match(message.text)
    return int(found.group(1)) if found else None


def plain(html_text: str) -> str:
    """What Telegram shows for authored HTML (to compare with BotMessage.text)."""
    return strip_tags(html_text).strip()


@dataclass
class ChatDriver:
    """One private chat: send text, press buttons, wait for the bot's replies."""

    fake: FakeBotApi
    chat_id: int
    content: Content
    timeout: float = TIMEOUT

    def __post_init__(self) -> None:
        self.fake.user(self.chat_id, f"User{self.chat_id}")

    # -- reading -------------------------------------------------------------------------
    def messages(self) -> list[BotMessage]:
        return self.fake.messages(self.chat_id)

    def message(self, message_id: int) -> BotMessage:
        return next(m for m in self.messages() if m.message_id == message_id)

    def current_question(self) -> BotMessage:
        """The latest question that still has its answer buttons."""
        asked = [m for m in self.messages() if question_number(m) and m.callback_data]
        assert asked, f"no open question in chat {self.chat_id}: {[m.text[:40] for m in self.messages()]}"
        return asked[-1]

    # -- waiting -------------------------------------------------------------------------
    def wait_new(self, before: int, count: int) -> list[BotMessage]:
        """Wait until the chat has `count` text messages after the first `before` messages; return
        them. A result's card photo comes just before its text, so it is there when the text is;
        read it with `photos()`."""

        def arrived() -> tuple[list[BotMessage]] | None:
            new = [m for m in self.messages()[before:] if m.photo_file_id is None]
            return (new,) if len(new) >= count else None  # a tuple: truthy even when nothing new is wanted

        return self.fake.wait_until(arrived, self.timeout)[0]

    def photos(self) -> list[BotMessage]:
        return [m for m in self.messages() if m.photo_file_id is not None]

    def wait_answered(self, query_id: str) -> str | None:
        """Wait until the bot answered the callback query; return the toast text."""
        self.fake.wait_until(lambda: self.fake.callback(query_id).answered, self.timeout)
        return self.fake.callback(query_id).answer_text

    # -- acting --------------------------------------------------------------------------
    def send(self, text: str, replies: int = 1) -> list[BotMessage]:
        before = len(self.messages())
        self.fake.push_text(self.chat_id, text)
        return self.wait_new(before, replies)

    def push(self, push: Callable[[], object], replies: int = 1) -> list[BotMessage]:
        """Any other push_* (sticker, photo, edit...), then wait for `replies` messages."""
        before = len(self.messages())
        push()
        return self.wait_new(before, replies)

    def press(self, label: str, replies: int = 1, message_id: int | None = None) -> tuple[str | None, list[BotMessage]]:
        """Tap a button by its label; returns (toast text, new messages)."""
        before = len(self.messages())
        query_id = self.fake.press_button(self.chat_id, label, message_id)
        new = self.wait_new(before, replies)
        return self.wait_answered(query_id), new

    def press_data(self, message_id: int, data: str, replies: int = 1) -> tuple[str | None, list[BotMessage]]:
        """Tap a button that is not (or no longer) on the message: a stale or forged claim."""
        before = len(self.messages())
        query_id = self.fake.push_callback(self.chat_id, message_id, data, check_button=False)
        new = self.wait_new(before, replies)
        return self.wait_answered(query_id), new

    def answer(self, answer_id: str) -> BotMessage:
        """Answer the open question by tapping its button; returns the next question or result."""
        question = self.current_question()
        label = self.label(answer_id)
        _, [following] = self.press(label, message_id=question.message_id)
        return following

    def answer_all(self, plan: dict[str, str]) -> BotMessage:
        """Answer every remaining question from `plan` (statement id -> answer id)."""
        while True:
            question = self.current_question()
            number = question_number(question)
            assert number is not None
            statement = self.content.statements[number - 1]
            following = self.answer(plan[statement.id])
            if question_number(following) is None:
                return following

    def label(self, answer_id: str) -> str:
        option = self.content.answer_option(answer_id)
        assert option is not None, answer_id
        return option.label


def leaning(content: Content, product: str, project: str) -> dict[str, str]:
    """A quiz plan: one answer for every product statement, another for every project one."""
    return {s.id: product if s.role == "product_manager" else project for s in content.statements}


def role_name(content: Content, role_id: str) -> str:
    return content.role(role_id).name


def assert_result_for(content: Content, message: BotMessage, role_id: str) -> None:
    """The recommendation's first line names `role_id` (and not the other role)."""
    first = message.text.splitlines()[0]
    assert role_name(content, role_id) in first, first
    for other in content.roles:
        if other.id != role_id:
            assert other.name not in first, first


# -- what the bot stored ------------------------------------------------------------------
def raw_state(data_dir: Path, chat_id: int) -> str | None:
    """The chat's `state` column exactly as stored (not decoded), or None without a row."""
    path = data_dir / DB_NAME
    if not path.exists():
        return None
    db = sqlite3.connect(str(path))
    try:
        row = db.execute("SELECT state FROM sessions WHERE chat_id = ?", (chat_id,)).fetchone()
    finally:
        db.close()
    return row[0] if row else None


def stored_state(data_dir: Path, chat_id: int) -> SessionState | None:
    """The chat's row in DATA_DIR/rolefit.sqlite3 (table sessions), decoded, or None without one."""
    raw = raw_state(data_dir, chat_id)
    return SessionState.from_json(raw) if raw is not None else None


def session_rows(data_dir: Path) -> list[int]:
    db = sqlite3.connect(str(data_dir / DB_NAME))
    try:
        return [r[0] for r in db.execute("SELECT chat_id FROM sessions ORDER BY chat_id")]
    finally:
        db.close()


# -- the fake's call log -------------------------------------------------------------------
Allowed = Callable[[CallRecord], bool]


def superseded_poll(call: CallRecord) -> bool:
    """A long poll the fake ends with 409 because the bot already started the next one (on
    shutdown PTB cancels its poll and sends a final getUpdates): the bot never reads it."""
    return call.method == "getUpdates" and call.error_code == 409


def api_errors(fake: FakeBotApi, allowed: Iterable[Allowed] = ()) -> list[CallRecord]:
    allowed = [superseded_poll, *allowed]
    return [c for c in fake.calls if not c.response_ok and not any(a(c) for a in allowed)]


def assert_no_api_errors(fake: FakeBotApi, allowed: Iterable[Allowed] = ()) -> None:
    """No request was refused (validation errors are 400s) except the ones a test injected."""
    errors = api_errors(fake, allowed)
    assert not errors, "\n".join(f"{c.method} -> {c.error_code} {c.error_description} {c.params}" for c in errors)


def failed(method: str, code: int, chat_id: int | None = None) -> Allowed:
    """An expected failure: `method` answered with `code` (for chat_id, when given)."""
    return lambda c: (
        c.method == method and c.error_code == code and (chat_id is None or c.params.get("chat_id") == chat_id)
    )
