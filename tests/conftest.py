"""Shared fixtures: the shipped content, and a small deterministic matcher for engine tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Content, load_content
from bot.engine import Engine
from bot.faq.types import Match

ROOT = Path(__file__).resolve().parent.parent
DIALOGUES = ROOT / "dialogues"


def FakeMatch(
    topic: str | None = None, suggestions: tuple[str, ...] = (), score: float = 0.0, declined: str | None = None
) -> Match:
    """The real Match type with defaults, for hand-made matcher answers."""
    return Match(topic, tuple(suggestions), score, declined)


class TableMatcher:
    """Engine tests must not depend on FAQ quality: this answers from a fixed table."""

    def __init__(self, table: dict[str, Match] | None = None) -> None:
        self.table = table or {}

    def match(self, text: str) -> Match:
        return self.table.get(text.strip().lower(), FakeMatch())


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(DIALOGUES)


@pytest.fixture
def matcher() -> TableMatcher:
    return TableMatcher(
        {
            "what does a project manager do": FakeMatch("project_manager_role", score=0.9),
            "pm stuff": FakeMatch(None, ("product_manager_role", "project_manager_role"), 0.5),
        }
    )


@pytest.fixture
def engine(content: Content, matcher: TableMatcher) -> Engine:
    return Engine(content, matcher)


# -- a real Redis (tests/redis_server.py) ------------------------------------------------------
@pytest.fixture(scope="session")
def redis_server():
    from tests.redis_server import RedisServer

    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server) -> str:
    """The session's Redis, emptied for this test."""
    redis_server.flush()
    return str(redis_server.url)
