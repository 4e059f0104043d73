"""A chat's lease in Redis: redis-py's Lock (SET NX PX with a random token, released by a Lua
compare-and-delete), renewed in the background while the update is handled and answered.

The lease keeps a chat's replies in order across replicas. It is advisory: a replica that
stalls past the TTL loses it, and the version check in the commit fences its stale write.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

from bot.store.commit import StoreUnavailable

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def chat_lease(client: Redis, name: str, ttl: float, wait: float, renew: bool = True) -> AsyncIterator[None]:
    lock = Lock(client, name, timeout=ttl, blocking_timeout=wait, thread_local=False)
    try:
        acquired = await lock.acquire()
    except RedisError as exc:
        raise StoreUnavailable(f"lease: {exc}") from exc
    if not acquired:
        raise StoreUnavailable(f"lease {name} busy for {wait:.1f}s")
    renewer = asyncio.create_task(_renew(lock, ttl)) if renew else None
    try:
        yield
    finally:
        if renewer is not None:
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer
        try:
            await lock.release()
        except LockError:
            # Expired (and maybe taken by another replica) while we held it: nothing to free.
            log.warning("lease %s had expired before release", name)
        except RedisError as exc:  # it expires on its own after `ttl`
            log.warning("lease %s not released (%s)", name, exc)


async def _renew(lock: Lock, ttl: float) -> None:
    """Push the expiry back every third of the TTL while the holder is alive."""
    while True:
        await asyncio.sleep(ttl / 3)
        try:
            await lock.reacquire()
        except (LockError, RedisError) as exc:
            log.warning("lease %s could not be renewed (%s)", lock.name, exc)
            return
