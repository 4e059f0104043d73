"""Per-chat flood control: a token bucket per chat. Past the burst, updates are dropped with a
single "slow down" per flood, so one user cannot monopolise the bot."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

BURST = 20  # updates a chat may send at once (a quiz is 11 taps; humans never get near)
REFILL_PER_SECOND = 3.0
FORGET_AFTER = 120.0  # seconds idle before a chat's bucket is dropped (memory stays bounded)


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class FloodGate:
    def __init__(
        self,
        burst: int = BURST,
        refill_per_second: float = REFILL_PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.refill_per_second = burst, refill_per_second
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self._last_sweep = clock()

    def admit(self, chat_id: int) -> tuple[bool, bool]:
        """(handle this update?, send the one "slow down" note now?)"""
        now = self._clock()
        self._sweep(now)
        bucket = self._buckets.get(chat_id) or _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.refill_per_second)
        bucket.updated = now
        self._buckets[chat_id] = bucket
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            if bucket.tokens >= 1:
                bucket.warned = False
            return True, False
        warn = not bucket.warned
        bucket.warned = True
        return False, warn

    def _sweep(self, now: float) -> None:
        if now - self._last_sweep < FORGET_AFTER:
            return
        self._last_sweep = now
        for chat_id in [c for c, b in self._buckets.items() if now - b.updated > FORGET_AFTER]:
            del self._buckets[chat_id]

    def __len__(self) -> int:
        return len(self._buckets)
