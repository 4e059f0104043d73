"""Blocking and async waiting helpers of ``FakeBotApi`` (mixin).

They block on the state's ``threading.Condition`` (never on the server loop), so
sync tests can wait while the bot runs elsewhere; the ``*_async`` twins run the
same wait in a worker thread so an in-process bot keeps running.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

from .model import BotMessage, CallRecord
from .state import FakeState

T = TypeVar("T")


def ensure_not_in_event_loop(name: str) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError(
        f"FakeBotApi.{name}() blocks; inside a running event loop use "
        f"'await fake.{name}_async(...)' so an in-process bot can keep running"
    )


class WaitingMixin:
    state: FakeState

    def messages(self, chat_id: int) -> list[BotMessage]:
        """The bot's current (not deleted) messages in the chat, oldest first."""
        with self.state.lock:
            return [BotMessage.of(m) for m in self.state.bot_messages(chat_id)]

    def calls_to(self, method: str) -> list[CallRecord]:
        """Logged requests of one method (name matched case-insensitively)."""
        with self.state.lock:
            return [c for c in self.state.calls if c.method.lower() == method.lower()]

    def wait_until(self, predicate: Callable[[], T], timeout: float = 10.0) -> T:
        """Block until ``predicate()`` is truthy and return its value (TimeoutError else)."""
        ensure_not_in_event_loop("wait_until")
        return self._wait(predicate, timeout)

    def _wait(self, predicate: Callable[[], T | None], timeout: float) -> T:
        deadline = time.monotonic() + timeout
        with self.state.changed:
            while True:
                value = predicate()
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    recent = ", ".join(f"{c.method}{'' if c.response_ok else '!'}" for c in self.state.calls[-8:])
                    raise TimeoutError(f"condition not met within {timeout}s; last calls: {recent}")
                # Short slices also cover predicates that look at things outside the state.
                self.state.changed.wait(min(remaining, 0.05))

    def wait_for_messages(self, chat_id: int, count: int = 1, timeout: float = 10.0) -> list[BotMessage]:
        """Block until the bot has at least ``count`` messages in the chat; return them all."""
        ensure_not_in_event_loop("wait_for_messages")

        def found() -> list[BotMessage] | None:
            messages = self.messages(chat_id)
            return messages if len(messages) >= count else None

        return self._wait(found, timeout)

    def wait_for_call(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,
        predicate: Callable[[CallRecord], bool] | None = None,
    ) -> list[CallRecord]:
        """Block until ``count`` matching calls were made; return all matching calls."""
        ensure_not_in_event_loop("wait_for_call")
        check = predicate or (lambda c: True)

        def found() -> list[CallRecord] | None:
            matching = [c for c in self.calls_to(method) if check(c)]
            return matching if len(matching) >= count else None

        return self._wait(found, timeout)

    def wait_quiet(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Block until every update was fetched and the bot made no call for ``quiet`` s.

        Useful to assert that something did *not* happen (e.g. no reply to a sticker).
        """
        ensure_not_in_event_loop("wait_quiet")

        def idle() -> bool:
            state = self.state
            return not state.pending and not state.forced and time.monotonic() - state.last_activity >= quiet

        self._wait(idle, timeout)

    async def wait_until_async(self, predicate: Callable[[], T], timeout: float = 10.0) -> T:
        return await asyncio.to_thread(self._wait, predicate, timeout)

    async def wait_for_messages_async(self, chat_id: int, count: int = 1, timeout: float = 10.0) -> list[BotMessage]:
        return await asyncio.to_thread(self.wait_for_messages, chat_id, count, timeout)

    async def wait_for_call_async(
        self,
        method: str,
        count: int = 1,
        timeout: float = 10.0,
        predicate: Callable[[CallRecord], bool] | None = None,
    ) -> list[CallRecord]:
        return await asyncio.to_thread(self.wait_for_call, method, count, timeout, predicate)

    async def wait_quiet_async(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        await asyncio.to_thread(self.wait_quiet, quiet, timeout)
