"""Settings: a missing or malformed token is a one-line hint, and the token never shows in a repr."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Secret, load_settings, require_token
from tests.cli.helpers import run_bot

GOOD_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmn"


@pytest.mark.parametrize("token", ["", "   "])
def test_run_without_a_token_is_a_one_line_error(tmp_path: Path, token: str) -> None:
    # An empty value also overrides any TELEGRAM_BOT_TOKEN in a developer's .env.
    done = run_bot(["run"], tmp_path, TELEGRAM_BOT_TOKEN=token)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0] and "not set" in lines[0]


@pytest.mark.parametrize("token", ["not-a-token", "123:short", "12345678:has spaces in it but is long enough ok"])
def test_run_with_a_malformed_token_is_a_one_line_error_that_does_not_echo_it(tmp_path: Path, token: str) -> None:
    done = run_bot(["run"], tmp_path, TELEGRAM_BOT_TOKEN=token)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0] and "malformed" in lines[0]
    assert token not in done.stderr + done.stdout


def test_a_bad_setting_is_a_one_line_error(tmp_path: Path) -> None:
    done = run_bot(["validate"], tmp_path, LOG_LEVEL="LOUD")
    assert done.returncode == 2
    assert "LOG_LEVEL" in done.stderr and "Traceback" not in done.stderr


def test_secret_repr_and_str_hide_the_value() -> None:
    secret = Secret(GOOD_TOKEN)
    for shown in (repr(secret), str(secret), f"{secret}", f"{secret!r}", repr([secret]), repr({"token": secret})):
        assert GOOD_TOKEN not in shown and "AAFake" not in shown
    assert secret.value == GOOD_TOKEN


def test_settings_repr_hides_the_token_and_webhook_secret(tmp_path: Path) -> None:
    settings = load_settings(
        {"TELEGRAM_BOT_TOKEN": GOOD_TOKEN, "WEBHOOK_SECRET": "s3cr3t-webhook-value"}, env_file=None
    )
    shown = repr(settings) + str(settings)
    assert GOOD_TOKEN not in shown and GOOD_TOKEN.split(":")[1] not in shown and "s3cr3t-webhook-value" not in shown
    assert set(settings.secrets()) >= {GOOD_TOKEN, GOOD_TOKEN.split(":")[1], "s3cr3t-webhook-value"}


def test_require_token_accepts_a_botfather_token() -> None:
    assert require_token(load_settings({"TELEGRAM_BOT_TOKEN": GOOD_TOKEN}, env_file=None)) == GOOD_TOKEN


def test_require_token_messages_name_the_variable() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is not set"):
        require_token(load_settings({}, env_file=None))
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN is malformed"):
        require_token(load_settings({"TELEGRAM_BOT_TOKEN": "nope"}, env_file=None))


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# comment\n\nexport TELEGRAM_BOT_TOKEN='"
        + GOOD_TOKEN
        + '\'\nLOG_LEVEL=debug  # inline comment\nPORT="9000"\n',
        encoding="utf-8",
    )
    from_file = load_settings({}, env_file=env_file)
    assert from_file.token == Secret(GOOD_TOKEN) and from_file.log_level == "DEBUG" and from_file.port == 9000
    overridden = load_settings({"LOG_LEVEL": "warning", "TELEGRAM_BOT_TOKEN": ""}, env_file=env_file)
    assert overridden.log_level == "WARNING"
    assert overridden.token is None  # an empty variable in the environment unsets the file's token


@pytest.mark.parametrize(
    "line",
    [
        f'TELEGRAM_BOT_TOKEN="{GOOD_TOKEN}"  # from @BotFather',  # a quoted value, then a comment
        f"TELEGRAM_BOT_TOKEN='{GOOD_TOKEN}' # mine",
        f"\ufeffTELEGRAM_BOT_TOKEN={GOOD_TOKEN}",  # saved by an editor that writes a BOM
    ],
    ids=["double quotes and comment", "single quotes and comment", "byte order mark"],
)
def test_common_env_file_spellings_give_the_token(tmp_path: Path, line: str) -> None:
    # Each of these was read as a malformed or missing token, so `run` refused to start.
    env_file = tmp_path / ".env"
    env_file.write_text(line + "\nLOG_LEVEL=debug\n", encoding="utf-8")
    settings = load_settings({}, env_file=env_file)
    assert settings.token == Secret(GOOD_TOKEN) and settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    "name, value",
    [
        ("PORT", "http"),
        ("PORT", "70000"),
        ("LOG_LEVEL", "chatty"),
        ("WEBHOOK_URL", "ftp://x"),
        ("WEBHOOK_SECRET", "has spaces"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org"),
    ],
)
def test_malformed_settings_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value}, env_file=None)


@pytest.mark.parametrize(
    "given, expected",
    [
        ("https://api.telegram.org", "https://api.telegram.org/bot"),
        ("https://api.telegram.org/bot/", "https://api.telegram.org/bot"),
        ("http://127.0.0.1:8081", "http://127.0.0.1:8081/bot"),
    ],
)
def test_api_base_url_accepts_both_forms(given: str, expected: str) -> None:
    assert load_settings({"TELEGRAM_API_BASE_URL": given}, env_file=None).api_base_url == expected


def test_store_url_picks_the_store_and_hides_a_redis_password() -> None:
    settings = load_settings({"STORE_URL": "redis://:hunter2-redis@redis.internal:6379/0"}, env_file=None)
    assert settings.uses_redis
    assert "hunter2-redis" not in repr(settings) and "hunter2-redis" in settings.secrets()
    assert not load_settings({"STORE_URL": "sqlite:///data/x.sqlite3"}, env_file=None).uses_redis
    assert not load_settings({}, env_file=None).uses_redis  # unset: SQLite, as before


@pytest.mark.parametrize("url", ["postgres://db/rolefit", "data/rolefit.sqlite3", "http://redis:6379"])
def test_an_unknown_store_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError, match="STORE_URL"):
        load_settings({"STORE_URL": url}, env_file=None)


def test_flood_limit_is_burst_per_second_or_off() -> None:
    assert load_settings({}, env_file=None).flood_limit == (20, 3.0)
    assert load_settings({"FLOOD_LIMIT": "5/0.5"}, env_file=None).flood_limit == (5, 0.5)
    assert load_settings({"FLOOD_LIMIT": "off"}, env_file=None).flood_limit is None
    for bad in ("lots", "0/3", "20/0", "20"):
        with pytest.raises(ConfigError, match="FLOOD_LIMIT"):
            load_settings({"FLOOD_LIMIT": bad}, env_file=None)


def test_set_webhook_without_a_url_is_a_one_line_error(tmp_path: Path) -> None:
    done = run_bot(["set-webhook"], tmp_path, TELEGRAM_BOT_TOKEN=GOOD_TOKEN, WEBHOOK_URL="")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "WEBHOOK_URL is not set" in done.stderr
