"""Helpers shared by the benchmarks: memory readings, percentiles, the FAQ matcher choice,
a machine note and JSON output. Nothing here asserts a timing."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DIALOGUES = ROOT / "dialogues"

# -- memory -------------------------------------------------------------------------------


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """VmRSS / VmHWM / VmSize of a process in KiB, from /proc/<pid>/status (Linux)."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM", "VmSize"):
                    values[key] = int(rest.split()[0])
    except OSError:
        pass
    if pid == "self" and "VmHWM" not in values:  # not Linux: ru_maxrss is KiB on Linux, bytes on macOS
        values["VmHWM"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return values


def mib(kib: float) -> float:
    return kib / 1024.0


# -- statistics -----------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), nearest-rank on sorted data; NaN for no data."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100.0 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary_ms(seconds: Iterable[float]) -> dict[str, float]:
    """p50/p95/p99/max/mean in milliseconds of a list of durations in seconds."""
    data = [s * 1000.0 for s in seconds]
    if not data:
        return {"n": 0}
    return {
        "n": len(data),
        "p50": percentile(data, 50),
        "p95": percentile(data, 95),
        "p99": percentile(data, 99),
        "max": max(data),
        "mean": statistics.fmean(data),
    }


def fmt_ms(stats: dict[str, float], keys: Sequence[str] = ("p50", "p95", "p99", "max")) -> str:
    if not stats.get("n"):
        return "no samples"
    return "  ".join(f"{k} {stats[k]:.2f} ms" for k in keys)


# -- the machine ------------------------------------------------------------------------------


def machine_note() -> dict[str, Any]:
    """What the numbers were measured on: cores, CPU model, load average at the time."""
    model = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = (float("nan"),) * 3
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "loadavg_1_5_15": [round(x, 2) for x in load],
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }


def print_machine(note: dict[str, Any]) -> None:
    load = note["loadavg_1_5_15"]
    print(
        f"machine: {note['cpus']} CPUs ({note['cpu_model']}), Python {note['python']}, "
        f"load average {load[0]} / {load[1]} / {load[2]} (1/5/15 min) at start, {note['date']}"
    )


# -- FAQ matcher ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConstMatch:
    topic: str | None = None
    suggestions: tuple[str, ...] = ()
    score: float = 0.0
    declined: str | None = None  # the not_covered group, as the real matcher reports it


class ReplayMatcher:
    """Constant-time matcher: one dict lookup. Filled with another matcher's answers, so the
    engine takes exactly the same branches while the matcher's own cost disappears."""

    def __init__(self, table: dict[str, ConstMatch]) -> None:
        self.table = table

    def match(self, text: str) -> ConstMatch:
        return self.table.get(text, ConstMatch())


def real_matcher(content: Any) -> tuple[Any, str]:
    """(matcher, description): the bot's own matcher. bot.faq ships with the package, so there
    is no fallback: a benchmark that quietly measured a stand-in would print the wrong number."""
    from bot.faq import build_matcher

    matcher = build_matcher(content)
    return matcher, f"bot.faq.build_matcher -> {type(matcher).__name__}"


def load_shipped_content() -> Any:
    from bot.content import load_content

    return load_content(DIALOGUES)


# -- output -----------------------------------------------------------------------------------


def write_json(path: str | None, payload: dict[str, Any]) -> None:
    if not path:
        return
    Path(path).write_text(json.dumps(payload, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    print(f"wrote {path}")
