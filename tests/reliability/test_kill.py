"""SIGKILL in the middle of a state write: the database stays intact and every chat's row is
exactly a state that was written, at least as new as the last save that had returned.

A helper process (state_writer) saves ~2 KB states through the bot's own SqliteStore in a
tight loop; it is killed with SIGKILL at random moments, 30 times over the same database, as a
crashing bot would be restarted on it."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.engine.state import SessionState
from bot.store import SqliteStore
from tests.matching import ROOT
from tests.reliability.state_writer import CHATS, state_for

pytestmark = pytest.mark.slow

KILLS = 30
RUN_IDS = 1_000_000  # run k writes states k * RUN_IDS, k * RUN_IDS + 1, ...


def acknowledged(progress: Path) -> list[int]:
    """State numbers whose save had returned (complete lines only: the last may be cut)."""
    text = progress.read_bytes().decode()
    lines = text.split("\n")[:-1]
    return [int(line) for line in lines]


def test_sigkill_mid_write_leaves_an_intact_database_with_written_states(tmp_path: Path) -> None:
    db_path = tmp_path / "rolefit.sqlite3"
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    latest: dict[int, int] = {}  # chat -> the newest state number read back after a kill

    for run in range(1, KILLS + 1):
        progress = tmp_path / f"progress-{run}.txt"
        with progress.open("wb") as out:
            writer = subprocess.Popen(
                [sys.executable, "-m", "tests.reliability.state_writer", str(db_path), str(run * RUN_IDS)],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.PIPE,
            )
            try:
                deadline = time.monotonic() + 30
                while not progress.stat().st_size:  # wait until it is writing
                    assert writer.poll() is None, writer.stderr.read().decode() if writer.stderr else ""
                    assert time.monotonic() < deadline, "the writer never saved a state"
                    time.sleep(0.005)
                time.sleep(rng.uniform(0, 0.2))  # then kill it somewhere in its loop
            finally:
                writer.send_signal(signal.SIGKILL)
                writer.wait(10)
                if writer.stderr:
                    writer.stderr.close()
        assert writer.returncode == -signal.SIGKILL
        done = acknowledged(progress)
        context = f"seed {seed}, kill {run}, {len(done)} saves acknowledged"

        db = sqlite3.connect(str(db_path))
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
            rows = {
                chat_id: (raw, number)
                for chat_id, raw, number in db.execute("SELECT chat_id, state, last_update_id FROM sessions")
            }
        finally:
            db.close()

        assert set(rows) <= set(CHATS), context
        in_flight = done[-1] + 1  # the save that may have committed before the kill, unacknowledged
        for chat_id, (raw, number) in rows.items():
            # The row is exactly state `number` as written, decoded strictly (not with the
            # store's forgiving load, which would turn garbage into a fresh state).
            assert isinstance(number, int) and CHATS[number % len(CHATS)] == chat_id, context
            assert raw == state_for(number).to_json(), context
            assert SessionState.from_json(raw) == state_for(number), context
            # The chat's last acknowledged save (or, if it had none this run, what it held
            # before), or the save in flight: nothing lost, nothing older, nothing invented.
            acked = [i for i in done if CHATS[i % len(CHATS)] == chat_id]
            expected = {acked[-1] if acked else latest.get(chat_id), in_flight}
            assert number in expected, f"{context}: chat {chat_id} holds state {number}, expected one of {expected}"
            latest[chat_id] = number
        assert all(chat_id in rows for chat_id in latest), f"{context}: a row disappeared"

        # And the bot's own store opens the database and loads every chat as written.
        store = SqliteStore(db_path)
        try:
            for chat_id, (_, number) in rows.items():
                loaded = store.load(chat_id)
                assert loaded.state == state_for(number) and loaded.last_update_id == number, context
        finally:
            store.close()

    assert set(latest) == set(CHATS), "every chat was written"
