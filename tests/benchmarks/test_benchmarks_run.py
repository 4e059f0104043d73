"""Each benchmark still runs end to end at a tiny size and writes its numbers. No timing is
asserted (benchmarks print numbers; tests assert behaviour): this catches a benchmark broken by
a change in the code it measures, which otherwise shows up only when someone needs the numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import ROOT, bot_env

pytestmark = pytest.mark.slow


def run_benchmark(module: str, args: list[str], tmp_path: Path) -> dict:
    out = tmp_path / "numbers.json"
    done = subprocess.run(
        [sys.executable, "-m", module, *args, "--json", str(out)],
        cwd=ROOT,
        env=bot_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    return json.loads(out.read_text())


def test_engine_bench_runs(tmp_path: Path) -> None:
    numbers = run_benchmark(
        "benchmarks.engine_bench", ["--chats", "10", "--repeat", "1", "--real-passes", "1", "--no-pin"], tmp_path
    )
    assert numbers


def test_storage_bench_runs(tmp_path: Path) -> None:
    numbers = run_benchmark(
        "benchmarks.storage_bench",
        ["--chats", "2000", "--small", "200", "--loads", "200", "--updates", "200", "--operations", "200"],
        tmp_path,
    )
    assert numbers


def test_e2e_bench_runs_with_every_user_getting_the_right_result(tmp_path: Path) -> None:
    numbers = run_benchmark(
        "benchmarks.e2e_bench",
        ["--users", "4", "--open-seconds", "2", "--open-users", "20", "--open-rate", "10", "--grace", "3"],
        tmp_path,
    )
    rolefit = next(r for r in numbers["closed"] if r["kind"] == "rolefit")
    assert rolefit["correct_results"] == 4
    assert {r["baseline"] for r in numbers["ratios"]} == {"echo", "echo-aio"}
    assert numbers["open"][0]["dropped"] == 0


def test_faq_bench_runs(tmp_path: Path) -> None:
    numbers = run_benchmark("benchmarks.faq_bench", ["--topics", "60", "--rounds", "1"], tmp_path)
    assert [r["label"] for r in numbers["runs"]] == ["shipped content", "x60 topics"]
    assert numbers["runs"][-1]["topics"] == 60  # more than the shipped store, so copies are made


def test_card_bench_runs(tmp_path: Path) -> None:
    numbers = run_benchmark("benchmarks.card_bench", ["--renders", "3"], tmp_path)
    assert set(numbers["cards"]) == {"clear", "close", "even"}
    assert all(card["png_bytes"] > 0 for card in numbers["cards"].values())
