"""The asyncio RedisStore behind the plain, synchronous session contract, so tests/store's one
contract suite runs over it unchanged: each call runs on a private event loop in a thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from bot.store import StoredSession
from bot.store.redis import RedisStore

T = TypeVar("T")


class SyncRedisStore:
    def __init__(self, url: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="sync-redis", daemon=True)
        self._thread.start()
        self.inner: RedisStore = self._run(self._open(url))

    @staticmethod
    async def _open(url: str) -> RedisStore:
        return RedisStore(url)

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(10)

    def load(self, chat_id: int) -> StoredSession:
        return self._run(self.inner.load(chat_id))

    def save(self, chat_id: int, session: StoredSession) -> None:
        self._run(self.inner.save(chat_id, session))

    def delete(self, chat_id: int) -> None:
        self._run(self.inner.delete(chat_id))

    def raw(self, chat_id: int) -> str | None:
        return self._run(self.inner.raw(chat_id))

    def write_raw(self, chat_id: int, raw: str, last: int | None) -> None:
        self._run(self.inner.write_raw(chat_id, raw, last))

    def close(self) -> None:
        self._run(self.inner.aclose())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
