"""Run `python -m bot ...` as a user would: from the repo root, no token, data in a temp folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIALOGUES = ROOT / "dialogues"
# Settings the bot reads; none may leak in from the developer's shell.
SETTINGS = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "DATA_DIR",
    "CONTENT_DIR",
    "LOG_LEVEL",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_LISTEN",
    "PORT",
)


def bot_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env["DATA_DIR"] = str(data_dir)
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def run_bot(
    args: list[str], data_dir: Path, stdin: str | None = None, timeout: float = 120, **extra: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=bot_env(data_dir, **extra),
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def require_faq() -> None:
    """`chat` and `ask` build the FAQ matcher; skip them until bot.faq provides one."""
    faq = pytest.importorskip("bot.faq")
    if not hasattr(faq, "build_matcher"):
        pytest.skip("bot.faq has no build_matcher yet")


def session(data_dir: Path, lines: list[str]) -> list[dict[str, object]]:
    """One chat through `ask --json --session` (the real FAQ model): one record per line."""
    done = run_bot(["ask", "--json", "--session"], data_dir, stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.strip().splitlines()]


def chats(data_dir: Path, conversations: list[list[str]]) -> list[list[dict[str, object]]]:
    """Several chats in one run (a blank line starts the next chat): one model load for all."""
    said = session(data_dir, [line for chat in conversations for line in [*chat, ""]][:-1])
    out, start = [], 0
    for chat in conversations:
        out.append(said[start : start + len(chat)])
        start += len(chat)
    return out
