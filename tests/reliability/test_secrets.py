"""The token never leaves the process except in Bot API URLs: `python -m bot run` at
LOG_LEVEL=DEBUG (where PTB logs every request) through start-up, polling, a 429, a 403,
dropped connections, a proxy's 502 page and an exception inside a handler, and separately a
401 on getMe; neither the token nor its secret half (after the colon) may appear on stderr,
stdout, or in anything the bot sent to Telegram.

The handler exception is a real one: another process holds the database's write lock (as a
backup tool or a second bot pointed at the same DATA_DIR would), so saving the chat's state
fails with sqlite3.OperationalError after SQLite's busy timeout. The error handler logs it with
its traceback and tells the user something went wrong."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.content import Content
from fake_telegram import FakeBotApi
from tests.telegram.conftest import Launch
from tests.telegram.driver import DB_NAME, ChatDriver, question_number

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")]


def secrets_of(token: str) -> list[str]:
    return [token, token.partition(":")[2]]


def assert_nowhere(fake: FakeBotApi, outputs: dict[str, str]) -> None:
    for secret in secrets_of(fake.token):
        for name, text in outputs.items():
            assert secret not in text, f"a secret reached {name}"
        for call in fake.calls:
            assert secret not in repr(call.params), f"a secret was sent to Telegram in {call.method}"
        for chat_id in list(fake.state.chat_messages):
            for message in fake.messages(chat_id):
                assert secret not in message.html


def test_token_never_appears_in_output_or_messages_at_debug(
    launch: Launch, fake: FakeBotApi, content: Content, tmp_path: Path
) -> None:
    bot = launch()  # LOG_LEVEL=DEBUG: start-up and polling are logged request by request
    plain, limited, _blocked, unlucky = (ChatDriver(fake, chat_id, content) for chat_id in (5101, 5102, 5103, 5104))
    plain.send("/start")

    fake.fail_next("sendMessage", 429, retry_after=1, chat_id=5102)  # 429, then the reply
    [question] = limited.send("/start quiz")
    assert question_number(question) == 1

    fake.block_user(5103)  # 403
    fake.push_text(5103, "/start")
    fake.wait_for_call("sendMessage", predicate=lambda c: c.error_code == 403)

    fake.drop_connections(1, method="sendMessage")  # connection errors on a reply and a poll
    plain.send("/help")
    fake.drop_connections(1)
    fake.fail_get_updates(502)
    plain.send("/about")

    holder = sqlite3.connect(str(tmp_path / DB_NAME), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # hold the write lock: the next save fails
        [sorry] = unlucky.send("/start quiz")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sorry.html == content.text("error")
    plain.send("/help")  # and the bot carries on

    bot.terminate()
    log = bot.stderr()
    for happened in (
        "rate limited",
        "cannot be reached",
        "cannot reach the Bot API",
        "database is locked",
        " DEBUG telegram",
    ):
        assert happened in log, f"{happened!r} never happened"
    bot.allowed_tracebacks = ("sqlite3.OperationalError: database is locked",)
    bot.assert_clean_log()
    assert_nowhere(fake, {"stderr": log, "stdout": bot.stdout()})


def test_token_never_appears_when_getme_is_refused(launch: Launch, fake: FakeBotApi) -> None:
    fake.fail_next("getMe", 401, "Unauthorized")
    bot = launch(wait_for=None)
    code = bot.wait()
    assert code == 2
    log = bot.stderr()
    assert "Traceback" not in log and "refused the token" in log, log[-3000:]
    assert [c.error_code for c in fake.calls_to("getMe")] == [401]
    assert_nowhere(fake, {"stderr": log, "stdout": bot.stdout()})
