"""Telegram refusing or failing, beyond tests/telegram: a chat rate limited on every try, a
blocked user sending many updates, getUpdates failing for a while, and several 409s.

Already covered there and not repeated: one 429 with retry_after (reply after the wait, state
advanced once: test_rate_limited_reply_arrives_after_the_wait_and_the_state_advances_once),
and a single 409, 502 and dropped connection while polling."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from bot.channels.telegram.sender import MAX_ATTEMPTS
from bot.content import Content
from fake_telegram import FakeBotApi
from tests.telegram.conftest import BotHarness, Launch
from tests.telegram.driver import ChatDriver, assert_no_api_errors, failed, question_number, stored_state

# PTB warns (inside RetryAfter) that retry_after will become a timedelta; the sender takes both.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def sends_to(fake: FakeBotApi, chat_id: int) -> list:
    return [c for c in fake.calls_to("sendMessage") if c.params.get("chat_id") == chat_id]


def bot_records(caplog: pytest.LogCaptureFixture, *words: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("bot") and all(w in r.getMessage() for w in words)]


# -- 429 on every try ----------------------------------------------------------------------------
@pytest.mark.parametrize("update", ["one reply", "two replies"])
def test_rate_limited_on_every_try_gives_up_bounded_and_others_are_served(
    bot: BotHarness, content: Content, caplog: pytest.LogCaptureFixture, update: str
) -> None:
    caplog.set_level(logging.INFO, logger="bot")
    limited, other = bot.chat(3101), bot.chat(3102)
    if update == "two replies":
        limited.send("/start quiz")  # mid-quiz, /start answers with the welcome and a resume offer
        bot.fake.wait_quiet()  # (the fake logs a call only after answering it)
    already = len(sends_to(bot.fake, 3101))
    bot.fake.fail_next("sendMessage", 429, retry_after=1, times=1_000, chat_id=3101)
    bot.allow(failed("sendMessage", 429, chat_id=3101))

    bot.fake.push_text(3101, "/start")
    bot.fake.wait_for_call("sendMessage", already + 1, predicate=lambda c: c.params.get("chat_id") == 3101)
    [welcome] = other.send("/start")  # while 3101's reply is waiting out its flood wait
    served_at = len(bot.fake.calls)
    bot.fake.wait_until(lambda: bot_records(caplog, "3101", "giving up"), timeout=30)
    bot.fake.wait_quiet(quiet=1.5)  # longer than one retry_after: no attempt is still coming

    attempts = sends_to(bot.fake, 3101)[already:]
    assert 1 < len(attempts) <= MAX_ATTEMPTS <= 4, f"{len(attempts)} sendMessage calls to a rate-limited chat"
    assert all(c.error_code == 429 for c in attempts)
    assert welcome.html == content.text("welcome")
    last_attempt = max(i for i, c in enumerate(bot.fake.calls) if c.params.get("chat_id") == 3101)
    assert served_at <= last_attempt, "the other user was answered while 3101 was still retrying"
    warnings = [r for r in bot_records(caplog, "3101") if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "rate limited" in warnings[0].getMessage(), [r.getMessage() for r in warnings]
    assert not any(r.exc_info for r in caplog.records), "no traceback"
    assert stored_state(bot.data_dir, 3101) is not None, "the state was saved anyway"

    # Once Telegram lets it through again, the chat is served as usual.
    bot.fake.clear_faults()
    [question] = limited.send("/quiz")
    assert question_number(question) in (1, 2)


# -- a blocked user --------------------------------------------------------------------------
def test_blocked_user_gets_one_send_attempt_per_update_and_one_log_line(
    bot: BotHarness, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    blocked, other = bot.chat(3201), bot.chat(3202)
    blocked.send("/start quiz")
    question = blocked.current_question()
    bot.fake.wait_quiet()  # (the fake logs a call only after answering it)
    already = len(sends_to(bot.fake, 3201))
    bot.fake.block_user(3201)
    bot.allow(lambda c: c.error_code == 403 and c.params.get("chat_id") == 3201)

    # Updates whose replies are one message, two messages (welcome + resume offer), and a
    # button press (an edit, then the next question).
    updates = 0
    for text in ("/help", "/start", "what does a project manager do", "/about"):
        bot.fake.push_text(3201, text)
        updates += 1
    bot.fake.push_callback(3201, question.message_id, question.callback_data[0])
    updates += 1
    [welcome] = other.send("/start")
    bot.fake.wait_until(lambda: len(sends_to(bot.fake, 3201)) >= already + updates)
    bot.fake.wait_quiet(quiet=0.5)

    assert len(sends_to(bot.fake, 3201)) - already == updates, "exactly one sendMessage attempt per update"
    assert welcome.html == content.text("welcome") and len(other.send("/help")) == 1
    assert bot.fake.unanswered_callbacks() == []
    assert question_number(bot.fake.messages(3201)[-1]) == 1, "nothing reached the blocked chat"
    assert stored_state(bot.data_dir, 3201).position == 1, "the press was still recorded"
    lines = [r for r in bot_records(caplog, "3201") if r.levelno >= logging.INFO]
    assert len(lines) == 1 and lines[0].levelno == logging.WARNING and "cannot be reached" in lines[0].getMessage()
    assert not any(r.exc_info for r in caplog.records), "no traceback"


# -- getUpdates failing for a while (the bot as a process) ------------------------------------------
OUTAGE = 6.0  # seconds the fake fails every getUpdates; a hot loop would make hundreds of calls


@pytest.mark.slow
@pytest.mark.parametrize("failure", ["502", "dropped connection"])
def test_polling_outage_backs_off_and_then_handles_what_queued_meanwhile(
    launch: Launch, fake: FakeBotApi, content: Content, failure: str, tmp_path: Path
) -> None:
    bot = launch()
    first, second = ChatDriver(fake, 3301, content), ChatDriver(fake, 3302, content)
    first.send("/start")
    if failure == "502":
        fake.fail_get_updates(502, times=10_000)
    else:
        fake.drop_connections(times=10_000)
    fake.push_text(3301, "/quiz")  # ends the poll in flight; every later getUpdates fails
    fake.wait_until(lambda: [c for c in fake.calls_to("getUpdates") if not c.response_ok])
    fake.push_text(3302, "/start quiz")  # queued at Telegram during the outage
    fake.push_text(3301, "/help")
    polls_before = len(fake.calls_to("getUpdates"))

    time.sleep(OUTAGE)  # the outage lasts this long; what is asserted is the count, not a time
    polls_during = len(fake.calls_to("getUpdates")) - polls_before
    fake.clear_faults()

    [question] = second.wait_new(0, 1)
    first.wait_new(1, 2)
    fake.wait_quiet()
    assert bot.running, "the process stayed up"
    assert polls_during < 20, f"{polls_during} getUpdates in {OUTAGE:.0f}s: no back-off"
    assert question_number(question) == 1
    assert [question_number(m) for m in first.messages()[1:]] == [1, None, 1], (
        "/quiz, then /help (and the statement again), once each"
    )
    assert stored_state(tmp_path, 3302).mode == "quiz"
    bot.terminate()
    log = bot.stderr()
    assert "cannot reach the Bot API" in log or "Bot API error while polling" in log, log[-2000:]
    bot.assert_clean_log()
    assert_no_api_errors(fake, [lambda c: c.method == "getUpdates"])


CONFLICTS = 3


@pytest.mark.slow
def test_repeated_conflict_is_a_warning_then_polling_recovers(
    launch: Launch, fake: FakeBotApi, content: Content
) -> None:
    bot = launch()
    chat = ChatDriver(fake, 3401, content)
    chat.send("/start")
    fake.conflict_get_updates(times=CONFLICTS)
    fake.push_text(3401, "/help")  # ends the poll in flight; the next polls get 409
    [help_text] = chat.wait_new(1, 1)
    fake.push_text(3401, "/quiz")
    fake.wait_until(lambda: len([c for c in fake.calls_to("getUpdates") if c.error_code == 409]) >= CONFLICTS)
    [question] = chat.wait_new(2, 1)

    assert help_text.html == content.text("help") and question_number(question) == 1
    assert bot.running
    bot.terminate()
    warnings = [
        line for line in bot.stderr().splitlines() if " WARNING " in line and "another instance is polling" in line
    ]
    assert 1 <= len(warnings) <= CONFLICTS, bot.stderr()[-3000:]
    # Says what is wrong and what to do instead: polling has one consumer; replicas use webhooks.
    assert "single-instance" in warnings[0] and "WEBHOOK_URL" in warnings[0] and "Redis" in warnings[0]
    bot.assert_clean_log()
    assert_no_api_errors(fake, [failed("getUpdates", 409)])
