"""Experiment only: run a bot (`python -m bot run`, or the echo baseline) with measuring
probes and optional tweaks applied from outside, without touching bot/:

    BENCH_PROBE_OUT=probe.json python -m benchmarks._bot_probe rolefit run
    BENCH_PROBE_OUT=probe.json python -m benchmarks._bot_probe echo

Probes (written as JSON to BENCH_PROBE_OUT when the bot exits after SIGTERM):
  * event-loop lag: a thread posts a callback every 10 ms and records how late it runs;
  * garbage collections of this process: duration per generation;
  * RoleFit only: time of each SqliteStore.save/load, each FAQ matcher call, each Engine.step.
e2e_bench uses this for --probe; its default runs never do.
"""

from __future__ import annotations

import array
import asyncio
import atexit
import functools
import gc
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from telegram.ext import Application

SAMPLES: dict[str, array.array] = {}


def record(name: str, seconds: float) -> None:
    SAMPLES.setdefault(name, array.array("d")).append(seconds)


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            record(name, time.perf_counter() - began)

    return wrapper


def install_gc_probe() -> None:
    started = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            record(f"gc_gen{info.get('generation', -1)}", time.perf_counter() - started[0])

    gc.callbacks.append(callback)


def start_lag_probe(loop: asyncio.AbstractEventLoop, interval: float = 0.01) -> None:
    def tick(sent: float) -> None:
        record("loop_lag", time.perf_counter() - sent)

    def run() -> None:
        while not loop.is_closed():
            try:
                loop.call_soon_threadsafe(tick, time.perf_counter())
            except RuntimeError:
                return
            time.sleep(interval)

    threading.Thread(target=run, name="lag-probe", daemon=True).start()


def summary(values: array.array) -> dict[str, float]:
    data = sorted(values)
    n = len(data)
    pick = lambda q: data[min(n - 1, max(0, int(q * n + 0.5) - 1))] * 1000
    return {
        "n": n,
        "p50": pick(0.5),
        "p99": pick(0.99),
        "max": data[-1] * 1000,
        "total": sum(data) * 1000,
        "over_5ms": sum(1 for v in data if v > 0.005),
        "over_20ms": sum(1 for v in data if v > 0.020),
    }


def write_out() -> None:
    path = os.environ.get("BENCH_PROBE_OUT")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({name: summary(values) for name, values in SAMPLES.items() if len(values)}, handle)


def main() -> int:
    kind, argv = sys.argv[1], sys.argv[2:]  # rolefit, or echo (ECHO_TRANSPORT picks its transport)
    initialize = Application.initialize

    async def initialize_with_probes(self: Application) -> None:
        SAMPLES.clear()  # measure serving, not start-up (the matcher's warm-up call, imports)
        if os.environ.get("BENCH_PROBE_OUT"):
            start_lag_probe(asyncio.get_running_loop())
        await initialize(self)

    Application.initialize = initialize_with_probes  # type: ignore[method-assign]
    if os.environ.get("BENCH_PROBE_OUT"):
        install_gc_probe()
        atexit.register(write_out)
        if kind == "rolefit":
            from bot.engine import Engine
            from bot.faq.lexical import LexicalMatcher
            from bot.store.sqlite import SqliteStore

            SqliteStore.save = timed("sqlite_save", SqliteStore.save)  # type: ignore[method-assign]
            SqliteStore.load = timed("sqlite_load", SqliteStore.load)  # type: ignore[method-assign]
            Engine.step = timed("engine_step", Engine.step)  # type: ignore[method-assign]
            LexicalMatcher.match = timed("faq_match", LexicalMatcher.match)  # type: ignore[method-assign]
            try:
                from bot.faq.semantic import SemanticMatcher

                SemanticMatcher.match = timed("faq_match", SemanticMatcher.match)  # type: ignore[method-assign]
            except ImportError:
                pass
    if kind == "rolefit":
        from bot.__main__ import main as bot_main

        return bot_main(argv)
    from benchmarks._echo_bot import main as echo_main

    return echo_main()


if __name__ == "__main__":
    sys.exit(main())
