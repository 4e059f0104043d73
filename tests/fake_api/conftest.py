"""The fake Bot API with one known user, and a real PTB client pointed at it, for the tests
of the fake itself."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from telegram import Bot

from fake_telegram import FakeBotApi

CHAT = 1001  # the known user's private chat


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        server.user(CHAT, "Alice")
        yield server


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=fake.base_url) as client:
        yield client
