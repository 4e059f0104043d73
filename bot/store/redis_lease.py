"""A chat's lease in Redis: SET NX PX with a random token, renewed while held, released by a
Lua compare-and-delete (what redis-py's Lock does, written out so that taking the lease can
share a round trip with reading the chat, and giving it back with the "replies sent" mark).

The lease keeps a chat's replies in order across replicas. It is advisory: a replica that
stalls past the TTL loses it, and the version check in the commit fences its stale write.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import RedisError

from bot.store.commit import StoreUnavailable

log = logging.getLogger(__name__)
RETRY_EVERY = 0.02  # seconds between tries for a busy lease (contention is rare and short)
RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0"


@dataclass
class Held:
    """One holding of a lease: its token, and what rides along with taking and giving it back."""

    key: str
    token: str
    ttl_ms: int
    taken_with: list[Any] = field(default_factory=list)  # replies of the commands sent with SET NX
    on_release: list[Callable[[Pipeline], object]] = field(default_factory=list)  # queued for the release


async def take(
    client: Redis, key: str, ttl: float, wait: float, also: Callable[[Pipeline], object] | None = None
) -> Held:
    """SET NX PX in one round trip with `also`'s commands; tried every RETRY_EVERY for `wait`
    seconds, then StoreUnavailable (the webhook answers 503 and Telegram retries)."""
    held = Held(key, secrets.token_hex(10), int(ttl * 1000))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        try:
            async with client.pipeline(transaction=False) as pipe:
                pipe.set(key, held.token, nx=True, px=held.ttl_ms)
                if also is not None:
                    also(pipe)
                replies = await pipe.execute()
        except (RedisError, OSError) as exc:
            raise StoreUnavailable(f"lease: {exc}") from exc
        if replies[0]:
            held.taken_with = replies[1:]
            return held
        if loop.time() >= deadline:
            raise StoreUnavailable(f"lease {key} busy for {wait:.1f}s")
        await asyncio.sleep(RETRY_EVERY)


async def give_back(client: Redis, held: Held) -> None:
    """Release (only if still ours) together with whatever was queued; never raises: a lease
    not released expires on its own after its TTL."""
    try:
        async with client.pipeline(transaction=False) as pipe:
            for queued in held.on_release:
                queued(pipe)
            pipe.eval(RELEASE, 1, held.key, held.token)
            replies = await pipe.execute()
        if not replies[-1]:
            log.warning("lease %s had expired before release", held.key)
    except (RedisError, OSError) as exc:
        log.warning("lease %s not released (%s)", held.key, exc)


@contextlib.asynccontextmanager
async def renewing(client: Redis, held: Held, ttl: float, renew: bool = True) -> AsyncIterator[None]:
    """Push the expiry back every third of the TTL while the holder is alive. Most updates
    finish well within that, so the renewer is only started when the first renewal is due."""
    if not renew:
        yield
        return
    loop = asyncio.get_running_loop()
    tasks: list[asyncio.Task[None]] = []
    timer = loop.call_later(ttl / 3, lambda: tasks.append(loop.create_task(_renew(client, held, ttl))))
    try:
        yield
    finally:
        timer.cancel()
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _renew(client: Redis, held: Held, ttl: float) -> None:
    while True:
        try:
            if not await client.eval(RENEW, 1, held.key, held.token, held.ttl_ms):
                log.warning("lease %s was lost before it could be renewed", held.key)
                return
        except (RedisError, OSError) as exc:
            log.warning("lease %s could not be renewed (%s)", held.key, exc)
            return
        await asyncio.sleep(ttl / 3)
