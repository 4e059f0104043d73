"""Telegram's own failure modes, in-process against the fake Bot API: a 429 with its wait, a user
who blocked the bot, a dropped connection, a flood from one chat, and polling through a 409
conflict, a proxy error and a dropped connection. None of them loses an answer or a result."""

from __future__ import annotations

import logging

import pytest

from bot.content import Content
from tests.telegram.conftest import BotHarness
from tests.telegram.driver import assert_result_for, failed, leaning, question_number, stored_state


# PTB itself warns (inside RetryAfter) that retry_after will become a timedelta; the sender
# already accepts both.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_rate_limited_reply_arrives_after_the_wait_and_the_state_advances_once(
    bot: BotHarness, content: Content
) -> None:
    chat = bot.chat(341)
    chat.send("/start quiz")
    bot.fake.fail_next("sendMessage", 429, retry_after=1)
    bot.allow(failed("sendMessage", 429))

    following = chat.answer("yes")

    assert question_number(following) == 2
    # (The fake logs a call after answering it, so wait for the log, not just the message.)
    sends = bot.fake.wait_for_call("sendMessage", 2, predicate=lambda c: "Question 2 of" in str(c.params.get("text")))
    assert [c.error_code for c in sends] == [429, None], "refused once, then sent"
    bot.fake.wait_quiet()
    questions = [question_number(m) for m in chat.messages() if question_number(m)]
    assert questions == [1, 2], "one question 2, not a repeat"
    state = stored_state(bot.data_dir, 341)
    assert state.position == 1 and state.answer_map() == {content.statements[0].id: "yes"}
    assert bot.fake.unanswered_callbacks() == []


def test_blocked_user_does_not_stop_others_being_served(
    bot: BotHarness, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot")
    _blocked, other = bot.chat(351), bot.chat(352)
    bot.fake.block_user(351)
    bot.allow(failed("sendMessage", 403, chat_id=351))
    bot.fake.push_text(351, "/start")
    bot.fake.push_text(351, "/quiz")
    [welcome] = other.send("/start")
    assert welcome.html == content.text("welcome")
    bot.fake.wait_for_call("sendMessage", 2, predicate=lambda c: c.params.get("chat_id") == 351)
    assert stored_state(bot.data_dir, 351).mode == "quiz", "state is saved before replying"
    other.send("/help")
    mentions = [r for r in caplog.records if "351" in r.getMessage() and "cannot be reached" in r.getMessage()]
    assert len(mentions) == 1 and mentions[0].levelno == logging.WARNING and not mentions[0].exc_info


def test_quiz_result_survives_a_flaky_network(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(361)
    chat.send("/start quiz")
    bot.fake.drop_connections(1, method="sendMessage")  # the reply to the next answer is lost once
    bot.allow(lambda c: c.method == "sendMessage" and c.error_description == "connection dropped")
    result = chat.answer_all(leaning(content, product="no", project="yes"))
    assert_result_for(content, result, "project_manager")


def test_a_flood_gets_one_slow_down_note(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(371)
    for i in range(40):
        bot.fake.push_text(371, f"hello {i}")
    bot.fake.wait_quiet()
    texts = [m.html for m in chat.messages()]
    assert texts.count(content.text("slow_down")) == 1
    assert 20 <= len(texts) - 1 < 40, "the burst is served, the rest dropped"
    [other] = bot.chat(372).send("/start")  # other chats are not slowed down
    assert other.html == content.text("welcome")


def test_polling_survives_a_conflict_a_proxy_error_and_a_dropped_connection(
    bot: BotHarness, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot")
    chat = bot.chat(381)
    fake = bot.fake
    bot.allow(lambda c: c.method == "getUpdates")  # the injected failures below
    fake.conflict_get_updates()
    fake.fail_get_updates(502)
    fake.drop_connections(1)
    [welcome] = chat.send("/start")
    assert welcome.html == content.text("welcome")

    # A long poll already open when the faults were queued may deliver /start first; the faults
    # then hit the polls after it, so wait for all three before checking the bot is still there.
    def failed() -> list[int | None]:
        return [c.error_code for c in fake.calls_to("getUpdates") if not c.response_ok]

    fake.wait_until(lambda: len(failed()) >= 3, timeout=60)  # 409, 502, then the dropped connection
    assert failed()[:2] == [409, 502]
    [again] = chat.send("/start")
    assert again.html == content.text("welcome")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("409 Conflict" in w for w in warnings), warnings
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("bot")), "expected trouble logs no traceback"
