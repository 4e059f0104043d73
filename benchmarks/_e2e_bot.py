"""The bot under test for the end-to-end benchmark: RoleFit or an echo baseline in its own process."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks._common import DIALOGUES, ROOT, proc_status
from benchmarks._e2e_measure import cpu_seconds
from fake_telegram import FakeBotApi


class BotProcess:
    """The bot under test in its own process (its own GIL and core, like production)."""

    def __init__(
        self,
        kind: str,
        fake: FakeBotApi,
        workdir: Path,
        log_level: str,
        profile: Path | None = None,
        bot_env: dict[str, str] | None = None,
    ) -> None:
        bot_env = bot_env or {}
        self.kind = kind
        self.fake = fake
        self.data_dir = workdir / f"data-{kind}-{time.monotonic_ns()}"
        self.log_path = workdir / f"{kind}-{time.monotonic_ns()}.log"
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "DATA_DIR": str(self.data_dir),
            "CONTENT_DIR": str(DIALOGUES),  # the results are checked against the shipped content
            "WEBHOOK_URL": "",  # long polling, whatever a local .env says
            "LOG_LEVEL": log_level,
            "PYTHONUNBUFFERED": "1",
            **bot_env,
        }
        self.probe_path: Path | None = None
        if bot_env.get("BENCH_PROBE_OUT") == "auto":
            self.probe_path = workdir / f"probe-{kind}-{time.monotonic_ns()}.json"
            env["BENCH_PROBE_OUT"] = str(self.probe_path)
        if kind == "echo-aio":
            env["ECHO_TRANSPORT"] = "aiohttp"
        if "BENCH_PROBE_OUT" in bot_env:
            # Experiment: the same bot, started through benchmarks/_bot_probe.py.
            argv = [sys.executable, "-m", "benchmarks._bot_probe", "rolefit" if kind == "rolefit" else "echo"]
            argv += ["run"] if kind == "rolefit" else []
        else:
            module = "bot" if kind == "rolefit" else "benchmarks._echo_bot"
            argv = [sys.executable, "-m", module] + (["run"] if kind == "rolefit" else [])
        self.profile = profile
        if profile is not None:  # cProfile writes its file when run_polling returns after SIGTERM
            argv[1:1] = ["-m", "cProfile", "-o", str(profile)]
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        began = time.monotonic()
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            # A long poll is logged only when it returns; the poll generation counts it as it starts.
            start_generation = fake.state.poll_generation
            fake.wait_until(lambda: fake.state.poll_generation > start_generation or self.proc.poll() is not None, 120)
            if self.proc.poll() is not None:
                raise TimeoutError
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"{kind} bot did not start polling; log:\n{self.log_tail()}") from None
        self.startup_seconds = time.monotonic() - began
        time.sleep(0.5)  # let start-up settle
        self.rss_ready = proc_status(self.proc.pid)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def memory(self) -> dict[str, int]:
        return proc_status(self.proc.pid)

    def cpu(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()
        return self.proc.returncode

    def probe(self) -> dict[str, Any] | None:
        if self.probe_path is None:
            return None
        try:
            return json.loads(self.probe_path.read_text())
        except (OSError, ValueError):
            return None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_problems(self) -> list[str]:
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return []
        return [line for line in text if " ERROR " in line or " WARNING " in line or "Traceback" in line]


def bot_env(args: argparse.Namespace) -> dict[str, str]:
    pairs = [item.partition("=") for item in args.bot_env or []]
    env = {key: value for key, _, value in pairs}
    if args.probe:
        env["BENCH_PROBE_OUT"] = "auto"
    return env


def profile_path(args: argparse.Namespace, name: str) -> Path | None:
    if not args.profile:
        return None
    folder = Path(args.profile)
    folder.mkdir(parents=True, exist_ok=True)
    return folder.resolve() / f"{name}.prof"
