"""STORE_URL on Redis is not only for replicas: one polling process keeps its chats there too,
through the same commit protocol, and rides out a short Redis outage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.channels.telegram import app
from bot.channels.telegram.app import build_application
from bot.config import load_settings
from bot.content import Content
from bot.engine import Engine, SessionState
from bot.store.redis import RedisStore, chat_key
from fake_telegram import FakeBotApi
from tests.telegram.conftest import InProcessBot, fake, faq_matcher  # noqa: F401  (fixtures)
from tests.telegram.driver import ChatDriver, question_number

pytestmark = pytest.mark.slow


@pytest.fixture
def polling_bot(fake: FakeBotApi, content: Content, faq_matcher, redis_url: str, tmp_path: Path) -> Iterator[None]:  # noqa: F811
    settings = load_settings(
        {"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.api_root, "DATA_DIR": str(tmp_path),
         "STORE_URL": redis_url},
        env_file=None,
    )  # fmt: skip
    application = build_application(settings, fake.token, Engine(content, faq_matcher), RedisStore(redis_url))
    runner = InProcessBot(application)
    runner.start()
    try:
        yield
    finally:
        runner.stop()


def test_polling_keeps_the_chat_in_redis(polling_bot, fake: FakeBotApi, content: Content, redis_server) -> None:  # noqa: F811
    chat = ChatDriver(fake, 801, content)
    [question] = chat.send("/start quiz")
    assert question_number(question) == 1
    chat.press(chat.label("yes"))
    client = redis_server.client()
    try:
        fake.wait_until(lambda: client.hget(chat_key(801), "v") == "2")
        stored = SessionState.from_json(client.hget(chat_key(801), "s"))
        assert stored.mode == "quiz" and stored.position == 1
    finally:
        client.close()


def test_polling_waits_out_a_short_redis_outage(polling_bot, fake: FakeBotApi, content: Content, redis_server) -> None:  # noqa: F811
    chat = ChatDriver(fake, 802, content)
    chat.send("/start")
    redis_server.kill9()
    try:
        before = len(chat.messages())
        fake.push_text(802, "/start quiz")
        fake.wait_until(lambda: fake.state.poll_generation > 0 and not fake.state.pending, 10)  # fetched
        assert len(chat.messages()) == before, "nothing sent while the store is down"
    finally:
        redis_server.start()
    [question] = chat.wait_new(before, 1)
    assert question_number(question) == 1


def test_a_press_while_redis_stays_down_is_answered_kindly_and_loses_no_saved_answer(
    polling_bot,
    fake: FakeBotApi,  # noqa: F811
    content: Content,
    redis_server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Past the polling retries the update is given up: the user must hear that it did not
    # count, the button's spinner must stop, and the answers saved before must still be there.
    monkeypatch.setattr(app, "STORE_RETRY", (0.1,))
    chat = ChatDriver(fake, 803, content)
    chat.send("/start quiz")
    chat.answer("yes")
    question = chat.current_question()
    redis_server.kill9()
    try:
        toast, [reply] = chat.press(chat.label("no"), message_id=question.message_id)
    finally:
        redis_server.start()
    assert reply.html == content.text("store_unavailable")
    assert toast is None, "the spinner stops; the message says why"
    [again] = chat.send("/quiz")
    assert question_number(again) == 2, "the saved answer survived and the lost one did not count"


def test_share_while_redis_is_down_still_offers_the_quiz_link(
    polling_bot,
    fake: FakeBotApi,  # noqa: F811
    content: Content,
    redis_server,
) -> None:
    # Telegram gives an inline query seconds, not the minutes an outage may last: answer at
    # once with the introduction (no one's result is shown) rather than leave the picker empty.
    redis_server.kill9()
    try:
        asked = fake.push_inline_query(804)
        answer = fake.wait_until(lambda: (a := fake.inline_answer(asked)).answered and a, 5)
    finally:
        redis_server.start()
    [intro] = answer.results
    assert intro["title"] == content.text("inline_intro_title") and answer.is_personal
