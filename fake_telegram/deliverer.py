"""Telegram's side of webhook delivery, modelled on the Bot API server (scale-design.md):

- updates wait in queues, messages per chat and button presses per user; a queue's next
  update goes out only after the previous one got a 2xx (`per_chat=False` drops that rule:
  everything at once, as a misbehaving proxy might);
- at most `max_connections` requests in flight, spread round robin over the replicas (the
  load balancer's part);
- a non-2xx answer or a failed connection is retried: at once, then after 2, 4 ... units of
  back-off up to a cap, or after the answer's Retry-After.

It takes the updates the fake Bot API has queued (push_text, press_button ...) and confirms
each one on its 2xx, as Telegram forgets a delivered update.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

import aiohttp

from .api import FakeBotApi
from .model import JSON

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POLL = 0.005  # seconds between looks at the fake's queue


@dataclass
class Attempt:
    update_id: int
    url: str
    status: int | None  # None: the connection failed
    at: float


@dataclass
class WebhookDeliverer:
    fake: FakeBotApi
    urls: list[str]
    secret: str
    max_connections: int = 40
    per_chat: bool = True
    backoff_unit: float = 0.1  # Telegram's unit is 1 s; tests shrink it
    backoff_cap: float = 2.0
    request_timeout: float = 60.0
    give_up_after: float = 120.0
    attempts: list[Attempt] = field(default_factory=list)
    delivered: set[int] = field(default_factory=set)
    failed: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._next_url = 0

    # -- control (test thread) ---------------------------------------------------------------
    def start(self) -> WebhookDeliverer:
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main()), name="tg-deliverer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(15)

    def wait_delivered(self, update_ids: set[int], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if update_ids <= self.delivered:
                    return
                stuck = update_ids & self.failed
            assert not stuck, f"Telegram gave up on updates {sorted(stuck)[:10]}"
            time.sleep(0.02)
        with self._lock:
            missing = sorted(update_ids - self.delivered)
        raise AssertionError(f"{len(missing)} updates not delivered within {timeout}s: {missing[:10]}")

    def statuses(self, update_id: int) -> list[int | None]:
        with self._lock:
            return [a.status for a in self.attempts if a.update_id == update_id]

    # -- delivery (own thread and loop) ----------------------------------------------------
    async def _main(self) -> None:
        seen: set[int] = set()
        queues: defaultdict[tuple[str, int], deque[JSON]] = defaultdict(deque)
        busy: set[tuple[str, int]] = set()
        slots = asyncio.Semaphore(self.max_connections)
        tasks: set[asyncio.Task[None]] = set()
        timeout = aiohttp.ClientTimeout(total=self.request_timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while not self._stop.is_set():
                with self.fake.state.lock:
                    fresh = [u for u in self.fake.state.pending if u["update_id"] not in seen]
                    fresh = [json.loads(json.dumps(u)) for u in fresh]
                for update in fresh:
                    seen.add(update["update_id"])
                    queues[self._queue_key(update)].append(update)
                for key, queue in queues.items():
                    if queue and key not in busy:
                        busy.add(key)
                        task = asyncio.create_task(self._drain(session, key, queue, busy, slots))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                await asyncio.sleep(POLL)
            for task in list(tasks):
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def _queue_key(self, update: JSON) -> tuple[str, int]:
        if not self.per_chat:
            return ("update", update["update_id"])
        if "callback_query" in update:
            return ("user", update["callback_query"]["from"]["id"])
        body = update.get("message") or update.get("edited_message") or {}
        return ("chat", body.get("chat", {}).get("id", 0))

    async def _drain(
        self,
        session: aiohttp.ClientSession,
        key: tuple[str, int],
        queue: deque[JSON],
        busy: set[tuple[str, int]],
        slots: asyncio.Semaphore,
    ) -> None:
        try:
            while queue:
                await self._deliver(session, queue[0], slots)
                queue.popleft()
        finally:
            busy.discard(key)

    async def _deliver(self, session: aiohttp.ClientSession, update: JSON, slots: asyncio.Semaphore) -> None:
        update_id = update["update_id"]
        started = time.monotonic()
        failures = 0
        while not self._stop.is_set():
            url = self.urls[self._next_url % len(self.urls)]
            self._next_url += 1
            status, retry_after = await self._post(session, url, update, slots)
            with self._lock:
                self.attempts.append(Attempt(update_id, url, status, time.monotonic()))
            if status is not None and 200 <= status < 300:
                self.fake.state.confirm_update(update_id)
                with self._lock:
                    self.delivered.add(update_id)
                return
            if time.monotonic() - started > self.give_up_after:
                with self._lock:
                    self.failed.add(update_id)
                return
            # At once after the first failure, then 2, 4 ... units, capped; Retry-After wins.
            wait = 0.0 if failures == 0 else min(self.backoff_unit * 2**failures, self.backoff_cap)
            failures += 1
            await asyncio.sleep(retry_after if retry_after is not None else wait)

    async def _post(
        self, session: aiohttp.ClientSession, url: str, update: JSON, slots: asyncio.Semaphore
    ) -> tuple[int | None, float | None]:
        async with slots:
            try:
                async with session.post(url, json=update, headers={SECRET_HEADER: self.secret}) as response:
                    await response.read()
                    retry = response.headers.get("Retry-After")
                    return response.status, float(retry) if retry else None
            except (TimeoutError, aiohttp.ClientError, OSError):
                return None, None
