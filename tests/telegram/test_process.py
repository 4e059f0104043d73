"""The bot started as a user starts it: `python -m bot run` in a subprocess, against the fake
Bot API, LOG_LEVEL=DEBUG and stderr captured. Every test here also checks (in the `launch`
fixture) that SIGTERM stops the bot with exit code 0 within 10 s and that neither the token
nor a traceback ever reached stderr."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.content import Content
from bot.content.messages_spec import MENU_COMMANDS
from fake_telegram import FakeBotApi
from tests.matching import ROOT
from tests.telegram.conftest import Launch, bot_env, free_port
from tests.telegram.driver import (
    ChatDriver,
    assert_no_api_errors,
    assert_result_for,
    failed,
    question_number,
    stored_state,
)

pytestmark = pytest.mark.slow


def test_start_up_registers_the_command_menu_and_answers_start(
    launch: Launch, fake: FakeBotApi, content: Content
) -> None:
    bot = launch()

    commands = fake.commands()
    assert [c["command"] for c in commands] == [
        "start",
        "quiz",
        "back",
        "cancel",
        "restart",
        "result",
        "compare",
        "help",
        "about",
        "forget",
    ]
    assert [c["command"] for c in commands] == list(MENU_COMMANDS)
    assert all(c["description"] == content.text(f"command_{c['command']}") for c in commands)

    chat = ChatDriver(fake, 501, content)
    [welcome] = chat.send("/start")
    assert welcome.html == content.text("welcome") and welcome.callback_data
    [question] = ChatDriver(fake, 502, content).send("/start quiz")
    assert question_number(question) == 1

    bot.terminate()
    assert_no_api_errors(fake)
    bot.assert_clean_log()
    log = bot.stderr()
    assert " DEBUG " in log, "the log really was at DEBUG, where PTB prints request URLs"


def test_kill_9_mid_quiz_then_restart_resumes_at_the_same_statement(
    launch: Launch, fake: FakeBotApi, content: Content, tmp_path
) -> None:
    chat = ChatDriver(fake, 511, content)
    statements = content.statements
    # Before the kill: no to product statements, yes to project ones. After it: yes to all.
    # Only if the first answers survive does project management win clearly.
    before_kill = {s.id: "no" if s.role == "product_manager" else "yes" for s in statements[:4]}
    first = launch()
    chat.send("/start quiz")
    for statement in statements[:4]:
        chat.answer(before_kill[statement.id])
    fake.wait_until(lambda: not fake.pending_updates())  # every update confirmed to Telegram
    first.kill9()

    saved = stored_state(tmp_path, 511)
    assert saved is not None and saved.position == 4 and saved.answer_map() == before_kill

    shown = len(chat.messages())
    fake.push_text(511, "/quiz")  # sent while the bot is down: handled once it is back
    launch()
    [question] = chat.wait_new(shown, 1)
    assert question_number(question) == 5 and content.statements[4].text in question.text

    plan = {**before_kill, **{s.id: "yes" for s in statements[4:]}}
    result = chat.answer_all(plan)
    assert_result_for(content, result, "project_manager")
    for statement in statements[:4]:
        if before_kill[statement.id] == "yes":
            assert statement.reason in result.text, "answers given before the kill weigh in the result"
    assert fake.unanswered_callbacks() == []
    assert_no_api_errors(fake)


def test_blocked_user_is_logged_once_and_others_are_still_served(
    launch: Launch, fake: FakeBotApi, content: Content
) -> None:
    bot = launch()
    _blocked, other = ChatDriver(fake, 521, content), ChatDriver(fake, 522, content)
    fake.block_user(521)
    fake.push_text(521, "/start")
    fake.push_text(521, "/help")
    [welcome] = other.send("/start")
    assert welcome.html == content.text("welcome")
    fake.wait_for_call("sendMessage", 2, predicate=lambda c: c.params.get("chat_id") == 521)
    other.send("/help")

    bot.terminate()
    log = bot.stderr()
    mentions = [line for line in log.splitlines() if "521" in line and "cannot be reached" in line]
    assert len(mentions) == 1, mentions
    assert " WARNING " in mentions[0]
    bot.assert_clean_log()
    assert_no_api_errors(fake, [failed("sendMessage", 403, chat_id=521)])


# -- bad tokens ----------------------------------------------------------------------------------
def run_to_exit(env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.parametrize("token", ["", "not-a-token", "12345:short"], ids=["missing", "garbage", "short"])
def test_missing_or_malformed_token_is_a_one_line_error(fake: FakeBotApi, tmp_path, token: str) -> None:
    done = run_to_exit(bot_env(fake, tmp_path, TELEGRAM_BOT_TOKEN=token))
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "TELEGRAM_BOT_TOKEN" in lines[0] and "Traceback" not in done.stderr
    if token:
        assert token not in done.stderr
    assert fake.calls == [], "nothing is sent anywhere without a usable token"


def test_wrong_token_is_a_clean_one_line_error(fake: FakeBotApi, tmp_path) -> None:
    pytest.importorskip("bot.faq", reason="start-up needs the FAQ matcher (bot.faq)")
    wrong = "987654321:" + "Q" * 35  # well formed, but not the fake's: 401 Unauthorized
    done = run_to_exit(bot_env(fake, tmp_path, TELEGRAM_BOT_TOKEN=wrong))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if " ERROR " in line or " CRITICAL " in line]
    assert len(errors) == 1 and "token" in errors[0].lower(), done.stderr
    assert wrong not in done.stderr and wrong.partition(":")[2] not in done.stderr
    assert [c.error_code for c in fake.calls_to("getMe")] == [401]


def test_an_unreachable_bot_api_at_start_is_a_clean_one_line_error(fake: FakeBotApi, tmp_path) -> None:
    # Started before the network is up, behind a missing proxy or with a mistyped
    # TELEGRAM_API_BASE_URL: the log must say what to check, not print four tracebacks.
    pytest.importorskip("bot.faq", reason="start-up needs the FAQ matcher (bot.faq)")
    nowhere = f"http://127.0.0.1:{free_port()}"
    env = bot_env(fake, tmp_path, TELEGRAM_API_BASE_URL=nowhere, LOG_LEVEL="INFO")
    done = run_to_exit(env)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    errors = [line for line in done.stderr.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "cannot reach the Bot API" in errors[0] and nowhere in errors[0], done.stderr
    assert fake.token not in done.stderr and fake.token.partition(":")[2] not in done.stderr


def test_a_password_in_the_bot_api_url_stays_out_of_the_unreachable_error(fake: FakeBotApi, tmp_path) -> None:
    # A self-hosted Bot API server behind basic auth: the start-up error names the URL to
    # check, and must not print the password with it.
    pytest.importorskip("bot.faq", reason="start-up needs the FAQ matcher (bot.faq)")
    password = "s3cret-proxy-pass"
    env = bot_env(fake, tmp_path, TELEGRAM_API_BASE_URL=f"http://rolefit:{password}@127.0.0.1:{free_port()}")
    done = run_to_exit(env)
    assert done.returncode == 2
    assert "cannot reach the Bot API" in done.stderr, done.stderr[-3000:]
    assert password not in done.stderr


def test_sigterm_during_a_long_flood_wait_still_exits_promptly(
    launch: Launch, fake: FakeBotApi, content: Content, tmp_path
) -> None:
    bot = launch()
    fake.user(531)
    fake.fail_next("sendMessage", 429, retry_after=45)  # Telegram asks for a long pause
    fake.push_text(531, "/start quiz")
    fake.wait_for_call("sendMessage", predicate=lambda c: c.error_code == 429)

    bot.terminate()  # exit code 0 within 10 s, not after the 45 s wait

    assert stored_state(tmp_path, 531).mode == "quiz", "the state was saved before the reply"
    assert "shutting down" in bot.stderr()
    assert_no_api_errors(fake, [failed("sendMessage", 429)])
