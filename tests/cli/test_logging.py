"""The token never reaches a log line, at DEBUG, in messages, arguments or tracebacks."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logging_setup import REDACTED, RedactingFilter, setup_logging

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmn"
SECRET_HALF = TOKEN.split(":", 1)[1]


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """setup_logging at DEBUG into a buffer; the root logger is restored afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, {n: logging.getLogger(n).level for n in ("httpx", "httpcore")})
    stream = io.StringIO()
    setup_logging("DEBUG", [TOKEN, SECRET_HALF, "s3cr3t-webhook-value"], stream)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def test_token_in_the_message_is_redacted(log_stream: io.StringIO) -> None:
    logging.getLogger("telegram.ext").debug(f"POST https://api.telegram.org/bot{TOKEN}/getUpdates")
    out = log_stream.getvalue()
    assert TOKEN not in out and SECRET_HALF not in out
    assert f"https://api.telegram.org/bot{REDACTED}/getUpdates" in out


def test_token_in_the_arguments_is_redacted(log_stream: io.StringIO) -> None:
    logging.getLogger("bot").debug(
        "calling %s with %r", f"https://api.telegram.org/bot{TOKEN}/sendMessage", {"token": TOKEN}
    )
    out = log_stream.getvalue()
    assert TOKEN not in out and SECRET_HALF not in out and "sendMessage" in out


def test_the_secret_half_alone_is_redacted(log_stream: io.StringIO) -> None:
    logging.getLogger("bot").info("half: %s", SECRET_HALF)
    assert SECRET_HALF not in log_stream.getvalue()


def test_token_in_an_exception_is_redacted(log_stream: io.StringIO) -> None:
    try:
        raise RuntimeError(f"HTTP error for url https://api.telegram.org/bot{TOKEN}/getMe")
    except RuntimeError:
        logging.getLogger("telegram.ext.Updater").exception("network trouble")
    out = log_stream.getvalue()
    assert "Traceback" in out and "network trouble" in out
    assert TOKEN not in out and SECRET_HALF not in out


def test_token_in_stack_info_is_redacted(log_stream: io.StringIO) -> None:
    # A frame whose file name carries the token, so the stack text really contains it.
    code = compile('logging.getLogger("bot").debug("where am I", stack_info=True)', f"<bot{TOKEN}>", "exec")
    exec(code, {"logging": logging})
    out = log_stream.getvalue()
    assert "where am I" in out and f"<bot{REDACTED}>" in out
    assert TOKEN not in out and SECRET_HALF not in out


def test_webhook_secret_is_redacted(log_stream: io.StringIO) -> None:
    logging.getLogger("bot").warning("secret header %s", "s3cr3t-webhook-value")
    assert "s3cr3t-webhook-value" not in log_stream.getvalue()


def test_httpx_request_lines_are_silenced_even_at_debug(log_stream: io.StringIO) -> None:
    logging.getLogger("httpx").info(
        'HTTP Request: POST https://api.telegram.org/bot%s/getUpdates "HTTP/1.1 200 OK"', TOKEN
    )
    logging.getLogger("httpcore").debug("connect_tcp.started")
    assert log_stream.getvalue() == ""
    assert logging.getLogger("bot").isEnabledFor(logging.DEBUG)


def test_a_malformed_log_call_does_not_raise_and_is_still_redacted(log_stream: io.StringIO) -> None:
    logging.getLogger("bot").info("%d items for %s", "many", TOKEN)  # wrong argument type: must not raise
    out = log_stream.getvalue()
    assert "items" in out and TOKEN not in out


def test_filter_on_any_handler_scrubs_records() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter([TOKEN, SECRET_HALF]))
    logger = logging.getLogger("tests.cli.redact")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        logger.debug("token=%s", TOKEN)
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == f"token={REDACTED}\n"


def test_short_strings_are_not_treated_as_secrets() -> None:
    """An empty or tiny 'secret' would otherwise blank out ordinary words."""
    assert RedactingFilter(["", "ab"]).redact("about a bot") == "about a bot"
