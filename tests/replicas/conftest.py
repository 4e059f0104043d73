"""Two `python -m bot run` replicas in webhook mode on a real Redis, behind the Telegram-like
deliverer (fake_telegram/deliverer.py), against the fake Bot API. Started once for the
module (the FAQ model takes a few seconds to load); a test that kills one starts it again."""

from __future__ import annotations

import datetime as dt
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.channels.telegram.limits import split_message
from bot.content import Content
from bot.conversation import Conversation
from bot.engine import Engine, Event
from bot.engine.events import text_to_event
from bot.store import MemoryStore
from fake_telegram import FakeBotApi
from fake_telegram.deliverer import WebhookDeliverer
from tests.redis_server import RedisServer
from tests.telegram.conftest import START_TIMEOUT, BotProcess, bot_env, faq_matcher, free_port

__all__ = ["faq_matcher"]

SECRET = "replica-secret-0123"


@dataclass
class Fleet:
    fake: FakeBotApi
    redis: RedisServer
    data_dir: Path
    ports: list[int]
    processes: list[BotProcess | None] = field(default_factory=list)
    starts: int = 0

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}/hook" for port in self.ports]

    def start(self, index: int) -> BotProcess:
        port = self.ports[index]
        env = bot_env(
            self.fake,
            self.data_dir,
            STORE_URL=self.redis.url,
            WEBHOOK_URL="https://bot.example.org/hook",
            WEBHOOK_SECRET=SECRET,
            PORT=str(port),
            WEBHOOK_LISTEN="127.0.0.1",
            FLOOD_LIMIT="off",
            LOG_LEVEL="INFO",
        )
        self.starts += 1
        process = BotProcess(env, self.data_dir / f"replica-{index}-{self.starts}.stderr", [self.fake.token, SECRET])
        self.processes[index] = process
        deadline = time.monotonic() + START_TIMEOUT
        while self.health(index) != 200:
            assert process.running, f"replica {index} exited:\n{process.stderr()[-3000:]}"
            assert time.monotonic() < deadline, f"replica {index} never became healthy:\n{process.stderr()[-3000:]}"
            time.sleep(0.1)
        return process

    def ensure_running(self) -> None:
        for index, process in enumerate(self.processes):
            if process is None or not process.running:
                self.start(index)

    def kill9(self, index: int) -> None:
        process = self.processes[index]
        assert process is not None
        process.kill9()

    def health(self, index: int) -> int | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.ports[index]}/healthz", timeout=2) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            return None

    def metrics(self, index: int) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.ports[index]}/metrics", timeout=2) as response:
            return response.read().decode()

    def deliverer(self, **options: object) -> WebhookDeliverer:
        return WebhookDeliverer(self.fake, self.urls, SECRET, **options)  # type: ignore[arg-type]

    def sent_texts(self, chat_id: int) -> list[str]:
        """Every sendMessage the bot made to this chat, in the order Telegram accepted them."""
        calls = self.fake.calls_to("sendMessage")
        return [str(c.params["text"]) for c in calls if c.response_ok and c.params.get("chat_id") == chat_id]


@pytest.fixture(scope="module")
def fleet(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    with FakeBotApi() as fake:
        data_dir = tmp_path_factory.mktemp("replicas")
        ports = [free_port(), free_port()]
        fleet = Fleet(fake, redis_server, data_dir, ports, [None, None])
        try:
            fleet.ensure_running()
            yield fleet
        finally:
            for process in fleet.processes:
                if process is not None and process.running:
                    process.terminate()
            for process in fleet.processes:
                if process is not None:
                    process.assert_clean_log()


@pytest.fixture
def replicas(fleet: Fleet) -> Fleet:
    """Both replicas up, and no fault left over from an earlier test."""
    if fleet.redis.proc is None or fleet.redis.proc.poll() is not None:
        fleet.redis.start()
    fleet.fake.clear_faults()
    fleet.ensure_running()
    return fleet


def expected_replies(engine: Engine, texts: list[str]) -> list[str]:
    """What one chat must receive for these texts applied once each, in this order (the oracle):
    the same Conversation over an in-memory store, replies split as the sender splits them."""
    conversation = Conversation(engine, MemoryStore())
    today = dt.datetime.now(dt.UTC).date()  # the replicas date a result by the clock too
    sent: list[str] = []
    for update_id, text in enumerate(texts, start=1):
        event: Event = text_to_event(text, None)
        transition = conversation.handle(1, event, update_id, today)
        assert transition is not None
        for reply in transition.replies:
            sent += split_message(reply.text)
    return sent


def oracle(content: Content, matcher: object) -> Engine:
    return Engine(content, matcher)  # type: ignore[arg-type]


def assert_replies_match(sent: list[str], expected: list[str], max_repeats: int) -> int:
    """`sent` is `expected` in order, except that a few messages may come twice in a row (an
    update whose replies were re-sent after its replica died before marking them sent):
    replies at least once, never lost, never out of order. Returns how many were repeats."""
    i = j = repeats = 0
    while i < len(sent):
        if j < len(expected) and sent[i] == expected[j]:
            i, j = i + 1, j + 1
        elif sent[i] in expected[max(0, j - 4) : j]:
            repeats, i = repeats + 1, i + 1
        else:
            raise AssertionError(
                f"message {i} is {sent[i][:80]!r}; expected {expected[j][:80] if j < len(expected) else 'nothing'!r}"
            )
    assert j == len(expected), f"{len(expected) - j} expected messages never sent (first: {expected[j][:80]!r})"
    assert repeats <= max_repeats, f"{repeats} repeated messages"
    return repeats


def post_update(url: str, update: dict, timeout: float = 30.0) -> tuple[int | None, dict[str, str]]:
    """One POST as Telegram makes it; (status, headers), status None when the connection failed."""
    import json

    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)
    except OSError:
        return None, {}
