"""The commit protocol every channel uses: read a chat's state with its version, step, then
commit state and the update's marker together, only if the version is still the one read.

A re-delivered update finds its marker and is not applied again; a replica whose step ran on
a stale state (its lease expired, another replica committed first) gets CONFLICT and steps
again on the fresh state. The marker also carries the update's replies until they have been
sent ("outbox"), so a replica killed between commit and send is repaired by the re-delivery.
"""

from __future__ import annotations

import asyncio
import enum
import weakref
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Protocol, cast

from bot.store.base import SessionStore, StoredSession

SENT = "1"  # marker value once the update's replies went out
FORGET_QUESTION = 0  # mark_sent(question=...): the chat has no open statement message any more
MAX_REMEMBERED_QUESTIONS = 100_000  # LocalChatStore: chats whose latest statement it remembers


class StoreUnavailable(Exception):
    """The store did not answer (or a chat's lease could not be had in time): try again later."""


class Commit(enum.Enum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # the update's marker exists: it was applied before
    CONFLICT = "conflict"  # the chat's version moved since it was read


@dataclass(frozen=True)
class Snapshot:
    session: StoredSession
    version: int  # 0 for a chat never written
    marker: str | None = None  # the update's marker when it was applied before: SENT or an outbox
    question: int | None = None  # message id of the chat's latest statement (a typed answer edits it)


class ChatStore(Protocol):
    async def read(self, chat_id: int, update_id: int | None) -> Snapshot: ...

    async def commit(
        self, chat_id: int, update_id: int | None, expected: int, session: StoredSession | None, outbox: str
    ) -> Commit:
        """Atomically: DUPLICATE if the marker exists, CONFLICT if the version is not `expected`,
        else store `session` (None: forget the chat), bump the version and write the marker."""
        ...

    async def mark_sent(self, chat_id: int, update_id: int, question: int | None = None) -> None:
        """The update's replies are out; `question`: the chat's latest statement message now
        (FORGET_QUESTION: none; None: unchanged). Kept with the chat, so any replica can edit it."""
        ...

    def lease(self, chat_id: int, update_id: int | None = None) -> AbstractAsyncContextManager[None]:
        """Hold the chat while an update is handled and answered, so replies keep their order.
        Advisory only: the version check in commit() is what keeps state correct. `update_id`:
        the update about to be read (a store may fetch it along with the lease)."""
        ...

    async def ping(self) -> None: ...

    async def aclose(self) -> None: ...


class LocalChatStore:
    """The commit protocol over a single-process store (SQLite, memory).

    One process owns the data and an asyncio lock per chat is the lease, so a step can never run
    on a stale state: the version is always 0 and commit never conflicts. Markers: the last
    applied update id is stored with the state (survives a restart), recent ones are remembered
    in memory (an older button press arriving after a newer message is still applied, which
    `update_id <= last` used to drop). No outbox survives a restart.
    """

    RECENT_MARKERS = 10_000

    def __init__(self, store: SessionStore) -> None:
        self.store = store
        self._markers: OrderedDict[tuple[int, int], str] = OrderedDict()
        self._questions: OrderedDict[int, int] = OrderedDict()  # in memory: lost on restart, harmlessly
        # Weak values: an idle chat's lock disappears, so memory does not grow with chat count.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def read(self, chat_id: int, update_id: int | None) -> Snapshot:
        session = self.store.load(chat_id)
        marker = None
        if update_id is not None:
            marker = self._markers.get((chat_id, update_id))
            if marker is None and session.last_update_id == update_id:
                marker = SENT
        return Snapshot(session, 0, marker, self._questions.get(chat_id))

    async def commit(
        self, chat_id: int, update_id: int | None, expected: int, session: StoredSession | None, outbox: str
    ) -> Commit:
        if update_id is not None and (chat_id, update_id) in self._markers:
            return Commit.DUPLICATE
        if session is None:
            self.store.delete(chat_id)
            self._questions.pop(chat_id, None)
        else:
            self.store.save(chat_id, session)
        if update_id is not None:
            self._markers[(chat_id, update_id)] = outbox
            while len(self._markers) > self.RECENT_MARKERS:
                self._markers.popitem(last=False)
        return Commit.APPLIED

    async def mark_sent(self, chat_id: int, update_id: int, question: int | None = None) -> None:
        if (chat_id, update_id) in self._markers:
            self._markers[(chat_id, update_id)] = SENT
        if question is not None:
            self._questions.pop(chat_id, None)
            if question != FORGET_QUESTION:
                self._questions[chat_id] = question
                while len(self._questions) > MAX_REMEMBERED_QUESTIONS:
                    self._questions.popitem(last=False)

    @asynccontextmanager
    async def lease(self, chat_id: int, update_id: int | None = None) -> AsyncIterator[None]:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = self._locks[chat_id] = asyncio.Lock()
        async with lock:
            yield

    async def ping(self) -> None:
        self.store.load(0)

    async def aclose(self) -> None:
        self.store.close()


def as_chat_store(store: SessionStore | ChatStore) -> ChatStore:
    """A plain single-process store gets the commit protocol from LocalChatStore."""
    if hasattr(store, "commit"):
        return cast(ChatStore, store)
    return LocalChatStore(store)
