"""Redis store: every chat's state, the update markers and the chat leases, shared by replicas.

One hash per chat, `rolefit:chat:{id}` = {s: state JSON, v: version, u: last update id, q: the
message id of its latest checklist statement, which a typed answer edits}; one
marker per applied update, `rolefit:upd:{id}:<update_id>`, expiring after Telegram's retention
(a day) plus an hour. The braces make a chat's keys one Redis Cluster slot, so the commit
script may touch them together. Client: redis-py's asyncio API over a bounded, blocking pool
(a plain pool raises past its size instead of waiting).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.client import Pipeline
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError

from bot.store.base import StoredSession, decode_row
from bot.store.commit import FORGET_QUESTION, SENT, Commit, Snapshot, StoreUnavailable
from bot.store.redis_lease import Held, give_back, renewing, take

T = TypeVar("T")
MARKER_TTL = 90_000  # seconds: Telegram keeps an unconfirmed update for 24 h; one hour more
FORGOTTEN_TTL = 90_000  # a forgotten chat keeps only its version number, this long
LEASE_TTL = 10.0  # seconds; renewed while held, so only a dead or frozen replica's lease lapses
LEASE_WAIT = 5.0  # seconds a request waits for a busy chat before answering 503
POOL_SIZE = 64

# KEYS: chat hash, marker. ARGV: expected version, state JSON ('' = forget), last update id
# ('' = none), marker value, marker TTL, forgotten TTL.
COMMIT = """
if KEYS[2] ~= '' and redis.call('EXISTS', KEYS[2]) == 1 then return 'DUPLICATE' end
local version = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if version ~= tonumber(ARGV[1]) then return 'CONFLICT' end
version = version + 1
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'v', version)
  redis.call('EXPIRE', KEYS[1], ARGV[6])
else
  redis.call('HSET', KEYS[1], 's', ARGV[2], 'v', version, 'u', ARGV[3])
  redis.call('PERSIST', KEYS[1])
end
if KEYS[2] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[5]) end
return 'APPLIED'
"""


def chat_key(chat_id: int) -> str:
    return f"rolefit:chat:{{{chat_id}}}"


def marker_key(chat_id: int, update_id: int) -> str:
    return f"rolefit:upd:{{{chat_id}}}:{update_id}"


def lease_key(chat_id: int) -> str:
    return f"rolefit:lease:{{{chat_id}}}"


def _queue_read(pipe: Pipeline, chat_id: int, update_id: int | None) -> None:
    pipe.hgetall(chat_key(chat_id))
    if update_id is not None:
        pipe.get(marker_key(chat_id, update_id))


def _snapshot(chat_id: int, replies: list[Any], update_id: int | None) -> Snapshot:
    row: dict[str, str] = replies[0]
    marker = replies[1] if update_id is not None else None
    last, question = row.get("u"), row.get("q")
    session = decode_row(chat_id, row.get("s"), int(last) if last else None)
    return Snapshot(session, int(row.get("v", 0)), marker, int(question) if question else None)


class RedisStore:
    def __init__(
        self,
        url: str,
        pool_size: int = POOL_SIZE,
        lease_ttl: float = LEASE_TTL,
        lease_wait: float = LEASE_WAIT,
        marker_ttl: int = MARKER_TTL,
        renew_lease: bool = True,
    ) -> None:
        self.url = url
        self.lease_ttl, self.lease_wait, self.renew_lease = lease_ttl, lease_wait, renew_lease
        self.marker_ttl = marker_ttl
        pool = BlockingConnectionPool.from_url(
            url,
            max_connections=pool_size,
            timeout=lease_wait,  # seconds to wait for a free connection
            socket_timeout=2.0,
            socket_connect_timeout=1.0,
            decode_responses=True,
        )
        # A couple of quick retries ride out a dropped connection; a dead server gets 503 fast.
        self.client = Redis(connection_pool=pool, retry=Retry(ExponentialBackoff(cap=0.2, base=0.02), 2))
        self._commit = self.client.register_script(COMMIT)
        self._held: dict[int, Held] = {}  # chat -> this process's holding of its lease
        self._prefetched: dict[tuple[int, int | None], Snapshot] = {}  # the snapshot read with the lease

    async def _call(self, awaitable: Awaitable[T]) -> T:
        try:
            return await awaitable
        except (RedisError, OSError) as exc:
            raise StoreUnavailable(f"redis: {type(exc).__name__}: {exc}") from exc

    # -- the commit protocol (bot/store/commit.py) -------------------------------------------
    async def read(self, chat_id: int, update_id: int | None) -> Snapshot:
        prefetched = self._prefetched.pop((chat_id, update_id), None)  # read with the lease: no round trip
        if prefetched is not None:
            return prefetched
        async with self.client.pipeline(transaction=False) as pipe:
            _queue_read(pipe, chat_id, update_id)
            replies: list[Any] = await self._call(pipe.execute())
        return _snapshot(chat_id, replies, update_id)

    async def commit(
        self, chat_id: int, update_id: int | None, expected: int, session: StoredSession | None, outbox: str
    ) -> Commit:
        keys = [chat_key(chat_id), marker_key(chat_id, update_id) if update_id is not None else ""]
        state = session.state.to_json() if session is not None else ""
        last = "" if session is None or session.last_update_id is None else str(session.last_update_id)
        args: list[str | int] = [expected, state, last, outbox or SENT, self.marker_ttl, FORGOTTEN_TTL]
        result = await self._call(self._commit(keys=keys, args=args))
        return Commit[str(result)]

    async def mark_sent(self, chat_id: int, update_id: int, question: int | None = None) -> None:
        def queue(pipe: Pipeline) -> None:
            # XX: only an existing marker; KEEPTTL: it still expires a day after the commit.
            pipe.set(marker_key(chat_id, update_id), SENT, xx=True, keepttl=True)
            if question == FORGET_QUESTION:
                pipe.hdel(chat_key(chat_id), "q")
            elif question is not None:
                pipe.hset(chat_key(chat_id), "q", str(question))

        held = self._held.get(chat_id)
        if held is not None:  # goes with the lease's release: one round trip for both
            held.on_release.append(queue)
            return
        async with self.client.pipeline(transaction=False) as pipe:
            queue(pipe)
            await self._call(pipe.execute())

    @asynccontextmanager
    async def lease(self, chat_id: int, update_id: int | None = None) -> AsyncIterator[None]:
        """Taking the lease reads the chat (and the update's marker) in the same round trip;
        giving it back carries the "replies sent" mark. Three round trips per update in all,
        with the commit."""
        held = await take(
            self.client,
            lease_key(chat_id),
            self.lease_ttl,
            self.lease_wait,
            lambda pipe: _queue_read(pipe, chat_id, update_id),
        )
        self._held[chat_id] = held
        self._prefetched[(chat_id, update_id)] = _snapshot(chat_id, held.taken_with, update_id)
        try:
            async with renewing(self.client, held, self.lease_ttl, self.renew_lease):
                yield
        finally:
            if self._held.get(chat_id) is held:  # not a later holder's (ours may have expired)
                del self._held[chat_id]
            self._prefetched.pop((chat_id, update_id), None)
            await give_back(self.client, held)

    async def ping(self) -> None:
        await self._call(self.client.ping())

    async def aclose(self) -> None:
        await self.client.aclose()

    # -- the plain session contract (tests/store), and tools -----------------------------------
    async def load(self, chat_id: int) -> StoredSession:
        return (await self.read(chat_id, None)).session

    async def save(self, chat_id: int, session: StoredSession) -> None:
        """Unconditional write (tools and tests); updates go through commit()."""
        last = "" if session.last_update_id is None else str(session.last_update_id)
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(chat_key(chat_id), items=["s", session.state.to_json(), "u", last])
            pipe.hincrby(chat_key(chat_id), "v", 1)
            await self._call(pipe.execute())

    async def delete(self, chat_id: int) -> None:
        # Keep the version (a stale replica must still see it move), as commit() does.
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.hdel(chat_key(chat_id), "s", "u")
            pipe.hincrby(chat_key(chat_id), "v", 1)
            pipe.expire(chat_key(chat_id), FORGOTTEN_TTL)
            await self._call(pipe.execute())

    async def raw(self, chat_id: int) -> str | None:
        value = await self._call(self.client.hget(chat_key(chat_id), "s"))
        return None if value is None else str(value)

    async def write_raw(self, chat_id: int, raw: str, last_update_id: int | None) -> None:
        """Scribble a row as-is (tests simulate a corrupt or foreign state with it)."""
        last = "" if last_update_id is None else str(last_update_id)
        await self._call(self.client.hset(chat_key(chat_id), items=["s", raw, "u", last]))
