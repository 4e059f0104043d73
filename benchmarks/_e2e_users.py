"""The simulated users' side of the fake Bot API: seeing what the bot sends as it is sent, the bot's
latest message and its buttons in a chat."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from fake_telegram import FakeBotApi
from fake_telegram.model import CallRecord

REPLY_METHODS = ("sendMessage", "editMessageText")
CHAT_BASE = 500_000_000


class CallFeed(threading.Thread):
    """Hands every request the bot makes to `on_call`, in order, as soon as the fake logs it,
    then calls `after_batch` (where the closed loop pushes the next taps)."""

    def __init__(
        self, fake: FakeBotApi, on_call: Callable[[CallRecord], None], after_batch: Callable[[], None]
    ) -> None:
        super().__init__(name="call-feed", daemon=True)
        self.fake = fake
        self.on_call = on_call
        self.after_batch = after_batch
        self.stopping = threading.Event()
        self.cursor = len(fake.state.calls)
        self.cpu = float("nan")

    def run(self) -> None:
        state = self.fake.state
        while not self.stopping.is_set():
            with state.changed:
                if len(state.calls) <= self.cursor:
                    state.changed.wait(0.02)
                new = state.calls[self.cursor :]
                self.cursor += len(new)
            for record in new:
                self.on_call(record)
            self.after_batch()
        self.cpu = time.thread_time()

    def stop(self) -> None:
        self.stopping.set()
        self.join(5)


def last_bot_message(fake: FakeBotApi, chat_id: int) -> Any:
    with fake.state.lock:
        messages = fake.state.chat_messages.get(chat_id, {})
        for message in reversed(list(messages.values())):
            if message.from_bot and not message.deleted:
                return message
    return None


def callback_data_of(message: Any) -> list[str]:
    rows = ((message.reply_markup or {}).get("inline_keyboard") or []) if message is not None else []
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]
