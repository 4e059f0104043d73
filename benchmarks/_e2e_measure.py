"""What the end-to-end benchmark measures besides replies: CPU time of the bot, of this process and of its
threads, everyone else's CPU on the machine (all from /proc), and this process's own garbage collections."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from fake_telegram import FakeBotApi

TICK = os.sysconf("SC_CLK_TCK")


def fake_thread_id(fake: FakeBotApi) -> int:
    thread = fake._server._thread
    assert thread is not None and thread.native_id is not None, "the fake Bot API is not running"
    return thread.native_id


def cpu_seconds(pid: int | str = "self", tid: int | None = None) -> float:
    """utime+stime of a process (all threads) or of one thread, in seconds."""
    path = f"/proc/{pid}/task/{tid}/stat" if tid else f"/proc/{pid}/stat"
    try:
        with open(path, encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return float("nan")


def system_busy_seconds() -> float:
    """CPU seconds all CPUs spent busy since boot (everything but idle and iowait), from /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(x) for x in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / TICK


class CpuSampler(threading.Thread):
    """Once a second: the bot's CPU, this process's CPU and everyone else's, as shares of a core."""

    def __init__(self, bot_pid: int) -> None:
        super().__init__(name="cpu-sampler", daemon=True)
        self.bot_pid = bot_pid
        self.samples: list[tuple[float, float, float, float]] = []  # (t, bot, harness, others)
        self.stopping = threading.Event()

    def run(self) -> None:
        began = time.monotonic()
        last = (time.monotonic(), cpu_seconds(self.bot_pid), cpu_seconds(), system_busy_seconds())
        while not self.stopping.wait(1.0):
            now = (time.monotonic(), cpu_seconds(self.bot_pid), cpu_seconds(), system_busy_seconds())
            span = now[0] - last[0]
            bot, harness = (now[1] - last[1]) / span, (now[2] - last[2]) / span
            others = max(0.0, (now[3] - last[3]) / span - bot - harness)
            self.samples.append((round(now[0] - began, 1), round(bot, 2), round(harness, 2), round(others, 2)))
            last = now

    def stop(self) -> list[tuple[float, float, float, float]]:
        self.stopping.set()
        self.join(3)
        return self.samples


class QuietHarnessGc:
    """No garbage collection in this process (fake server + simulated users) while measuring:
    a full collection over the fake's call log would stall the fake server for tens of ms and
    show up as bot latency. Objects created before are frozen; collection resumes afterwards."""

    def __enter__(self) -> QuietHarnessGc:
        import gc

        gc.collect()
        gc.freeze()
        gc.disable()
        return self

    def __exit__(self, *exc: object) -> None:
        import gc

        gc.enable()
        gc.unfreeze()


class GcPauses:
    """Collects the duration of this process's garbage collections (the harness's own pauses,
    which would stall the fake server and inflate the latencies it records)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._start = 0.0

    def __enter__(self) -> GcPauses:
        import gc

        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        import gc

        gc.callbacks.remove(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses.append((info.get("generation", -1), time.perf_counter() - self._start))

    def summary(self) -> dict[str, Any]:
        return {
            "count": len(self.pauses),
            "gen2": sum(1 for g, _ in self.pauses if g == 2),
            "max_ms": max((p for _, p in self.pauses), default=0.0) * 1000,
            "total_ms": sum(p for _, p in self.pauses) * 1000,
        }
