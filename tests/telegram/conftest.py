"""Fixtures for the Telegram end-to-end tests: a fake Bot API on 127.0.0.1, the bot running
in-process (real PTB Application, polling the fake), and the bot started as a subprocess with
`python -m bot run` exactly as a user starts it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.channels.telegram.app import build_application
from bot.config import load_settings
from bot.content import Content
from bot.engine import Engine
from bot.store import SqliteStore
from fake_telegram import FakeBotApi
from tests.matching import ROOT, FakeMatch, TableMatcher
from tests.telegram.driver import DB_NAME, Allowed, ChatDriver, assert_no_api_errors

START_TIMEOUT = 60.0  # loading the FAQ model on a busy 2-core CI box can take a while
STOP_TIMEOUT = 10.0


# -- the fake Bot API -----------------------------------------------------------------------
@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


# -- the FAQ matcher (the real one once bot.faq exists) ------------------------------------
@pytest.fixture(scope="session")
def faq_matcher(content: Content, tmp_path_factory: pytest.TempPathFactory) -> object:
    try:
        from bot.faq import build_matcher
    except ImportError:  # bot.faq not written yet: a table answering the phrases used here
        return TableMatcher({"what does a project manager do": FakeMatch("project_manager_role", score=0.9)})
    return build_matcher(content, cache_dir=tmp_path_factory.mktemp("faq-cache"))


# -- the bot in-process -----------------------------------------------------------------------
class InProcessBot:
    """The real PTB Application from build_application, polling the fake from its own thread
    and event loop, so tests stay synchronous and share their helpers with subprocess tests."""

    def __init__(self, application: Application) -> None:
        self.application = application
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._thread_main, name="rolefit-bot", daemon=True)

    def start(self) -> None:
        self._thread.start()
        assert self._ready.wait(START_TIMEOUT), "the bot did not start polling"
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(STOP_TIMEOUT)
        assert not self._thread.is_alive(), "the bot did not stop"
        if self._error is not None:
            raise self._error

    def _thread_main(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported to the test thread by start()/stop()
            self._error = exc
        finally:
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        app = self.application
        async with app:
            if app.post_init is not None:  # as run_polling does: commands and profile texts
                await app.post_init(app)
            await app.start()
            # As run_polling does: errors while fetching updates go to the error handler.
            await app.updater.start_polling(
                poll_interval=0,
                timeout=1,
                error_callback=lambda exc: app.create_task(app.process_error(update=None, error=exc)),
            )
            self._ready.set()
            await self._stop.wait()
            await app.updater.stop()
            await app.stop()


@dataclass
class BotHarness:
    fake: FakeBotApi
    content: Content
    data_dir: Path
    allowed_errors: list[Allowed] = field(default_factory=list)  # failures a test injected
    application: Application | None = field(default=None, repr=False)  # the running PTB app (its repr holds the token)

    def chat(self, chat_id: int) -> ChatDriver:
        return ChatDriver(self.fake, chat_id, self.content)

    def allow(self, allowed: Allowed) -> None:
        self.allowed_errors.append(allowed)


@pytest.fixture
def bot(fake: FakeBotApi, content: Content, faq_matcher: object, tmp_path: Path) -> Iterator[BotHarness]:
    """The bot running in-process against `fake`, state in tmp_path/rolefit.sqlite3.

    On the way out it checks that the fake refused no request except the ones the test
    declared with `allow()`."""
    settings = load_settings(
        {"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.api_root, "DATA_DIR": str(tmp_path)},
        env_file=None,
    )
    store = SqliteStore(tmp_path / DB_NAME)
    application = build_application(settings, fake.token, Engine(content, faq_matcher), store)  # type: ignore[arg-type]
    runner = InProcessBot(application)
    harness = BotHarness(fake, content, tmp_path, application=application)
    try:
        runner.start()
        yield harness
        fake.wait_quiet(quiet=0.2)  # nothing still in flight when the call log is checked
        assert_no_api_errors(fake, harness.allowed_errors)
    finally:
        runner.stop()
        store.close()


# -- the bot as a subprocess -------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class BotProcess:
    """`python -m bot run` with stderr (and stdout, beside it as .stdout) captured to files."""

    def __init__(self, env: dict[str, str], stderr_path: Path, secrets: list[str]) -> None:
        self.stderr_path = stderr_path
        self.stdout_path = stderr_path.with_suffix(".stdout")
        self.secrets = secrets
        self.allowed_tracebacks: tuple[str, ...] = ()
        self._stderr = stderr_path.open("wb")
        self._stdout = self.stdout_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._stdout,
            stderr=self._stderr,
        )

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stdout(self) -> str:
        return self.stdout_path.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float = START_TIMEOUT) -> int:
        try:
            return self.proc.wait(timeout)
        finally:
            self._stderr.close()
            self._stdout.close()

    def terminate(self) -> int:
        """SIGTERM, as a service manager stops it: must exit 0 within STOP_TIMEOUT seconds."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.wait()
            raise AssertionError(f"no exit within {STOP_TIMEOUT}s of SIGTERM") from None
        assert code == 0, f"exit code {code} after SIGTERM:\n{self.stderr()[-3000:]}"
        return code

    def kill9(self) -> None:
        self.proc.kill()  # SIGKILL: no cleanup of any kind
        assert self.wait() == -signal.SIGKILL

    def assert_clean_log(self) -> None:
        """No secret in what the bot wrote to stderr or stdout, and no traceback (except those a test
        declared in `allowed_tracebacks`: prefixes of the traceback's exception line)."""
        text, out = self.stderr(), self.stdout()
        for secret in self.secrets:
            assert secret not in text, "a secret reached the log"
            assert secret not in out, "a secret reached stdout"
        for exception in traceback_exceptions(text):
            assert self.allowed_tracebacks and exception.startswith(self.allowed_tracebacks), text[-3000:]


def traceback_exceptions(log: str) -> list[str]:
    """The final exception line of every traceback in a log."""
    found, inside = [], False
    for line in log.splitlines():
        if line.startswith("Traceback (most recent call last):"):
            inside = True
        elif inside and line and not line[0].isspace():  # noqa: SIM102
            if not line.startswith(("During handling", "The above exception")):
                found.append(line)
                inside = False
    return found


def bot_env(fake: FakeBotApi, data_dir: Path, **overrides: str) -> dict[str, str]:
    """The user's environment with only our settings set; empty values shadow any .env."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.api_root,
            "DATA_DIR": str(data_dir),
            "LOG_LEVEL": "DEBUG",
            "WEBHOOK_URL": "",
            "WEBHOOK_SECRET": "",
            "PORT": "8443",
            "WEBHOOK_LISTEN": "127.0.0.1",
            "CONTENT_DIR": "",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides)
    return env


Launch = Callable[..., BotProcess]


def polls_started(fake: FakeBotApi) -> int:
    """getUpdates requests the fake has received, including a long poll still waiting (its
    call log records a request only when it is answered)."""
    return fake.state.poll_generation


@pytest.fixture
def launch(fake: FakeBotApi, tmp_path: Path) -> Iterator[Launch]:
    """Start `python -m bot run` against `fake`; by default wait until it polls.

    `launch(wait_for="setWebhook", WEBHOOK_URL=...)` waits for another call instead, and
    `wait_for=None` does not wait. At teardown every process still running gets SIGTERM and
    must exit 0 within 10 s, and no log may hold a secret or a traceback."""
    pytest.importorskip("bot.faq", reason="start-up needs the FAQ matcher (bot.faq)")
    started: list[BotProcess] = []

    def _launch(wait_for: str | None = "getUpdates", **env: str) -> BotProcess:
        full_env = bot_env(fake, tmp_path, **env)
        token = full_env["TELEGRAM_BOT_TOKEN"]
        secrets = [s for s in (token, token.partition(":")[2], full_env.get("WEBHOOK_SECRET", "")) if len(s) >= 6]
        seen = polls_started(fake) if wait_for == "getUpdates" else len(fake.calls_to(wait_for or ""))
        process = BotProcess(full_env, tmp_path / f"bot-{len(started) + 1}.stderr", secrets)
        started.append(process)
        try:
            if wait_for == "getUpdates":
                fake.wait_until(lambda: polls_started(fake) > seen or not process.running, START_TIMEOUT)
                assert process.running, f"the bot exited with {process.proc.returncode}"
            elif wait_for:
                fake.wait_for_call(wait_for, count=seen + 1, timeout=START_TIMEOUT)
        except (TimeoutError, AssertionError) as exc:
            raise AssertionError(f"the bot never called {wait_for} ({exc}):\n{process.stderr()[-3000:]}") from None
        return process

    yield _launch
    try:
        for process in started:
            if process.running:
                process.terminate()
    finally:
        for process in started:
            if process.running:
                process.proc.kill()
                process.wait()
    for process in started:
        process.assert_clean_log()
