"""End to end: simulated Telegram users against the real RoleFit bot over HTTP.

    python -m benchmarks.e2e_bench                       # 50 and 200 users + 20 s open loop, ~2 min
    python -m benchmarks.e2e_bench --full                # adds 1,000 users; open loop 60 s
    python -m benchmarks.e2e_bench --users 1000 --open-seconds 60 --json e2e.json

The bot is the real thing: `python -m bot run` in a subprocess (PTB Application, long
polling, SqliteStore in a temporary DATA_DIR, the FAQ matcher it builds itself) talking
to the fake Bot API server (fake_telegram/) that runs in this process together with
the simulated users. The baselines are a bare PTB echo bot (benchmarks/_echo_bot.py) with
PTB's defaults (httpx), the issue's target of 0.8, and the same echo bot on RoleFit's aiohttp
transport ("echo-aio"), the like-for-like view; all run the same way against the same fake.

Closed loop: N users start at once; each sends /start, taps "Take the quiz", then taps an
answer for each of the 9 statements, each tap only after the bot's reply to the previous
one arrived. Every user answers with a lean (product or project, some "somewhat"s), and
its final message must be exactly the result the engine renders for its own answers.
The echo bot gets the same updates (button taps on its last message).

Open loop: U users (default 1,000) offer R updates/s in total (default 100, i.e. 0.1/s per
user, far under the per-chat flood gate of burst 20 / 3 per s) on an even or Poisson
schedule, whether or not the bot keeps up: /start, quiz taps and typed FAQ questions.

Reply latency: from just before the update is queued at the fake to the moment the fake
records the bot's sendMessage/editMessageText for that chat (first = first visible reply;
step = the message a user needs for its next tap). Timestamps come from one monotonic clock.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks._common import load_shipped_content, machine_note, print_machine, write_json
from benchmarks._e2e_closed import closed_loop
from benchmarks._e2e_open import open_loop
from benchmarks._e2e_report import print_closed, print_open
from fake_telegram import FakeBotApi

TARGET_RATIO = 0.8


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--users", type=int, action="append", help="closed-loop user counts (repeatable; default 50 and 200)"
    )
    ap.add_argument("--full", action="store_true", help="50, 200 and 1,000 users; open loop 60 s")
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="closed-loop runs per bot and user count, interleaved; the best counts (use 3 on a shared machine)",
    )
    ap.add_argument(
        "--mix",
        choices=("quiz", "typed", "typed-unique"),
        default="quiz",
        help="quiz: /start, quiz taps and some FAQ questions (default); typed: every update a typed message from "
        "benchmarks/typed_questions.yaml (questions, greetings, off-topic), repeating as real traffic does; "
        "typed-unique: the same, but no message is sent twice",
    )
    ap.add_argument("--typed-per-user", type=int, default=10, help="closed loop, typed mixes: messages per user")
    ap.add_argument("--open-users", type=int, default=1000)
    ap.add_argument("--open-rate", type=float, default=100.0, help="updates/s offered in total in the open loop")
    ap.add_argument("--open-seconds", type=float, default=None, help="open-loop duration (default 20, 60 with --full)")
    ap.add_argument("--schedule", choices=("even", "poisson"), default="poisson")
    ap.add_argument(
        "--faq-share", type=float, default=0.2, help="share of open-loop updates that are typed FAQ questions"
    )
    ap.add_argument(
        "--grace",
        type=float,
        default=10.0,
        help="after the open loop, stop waiting for replies once none "
        "arrived for this many seconds; updates still unanswered then count as dropped",
    )
    ap.add_argument("--closed-timeout", type=float, default=300.0)
    ap.add_argument("--skip-closed", action="store_true")
    ap.add_argument("--skip-open", action="store_true")
    ap.add_argument("--skip-echo", action="store_true", help="closed loop: no PTB-default echo baseline")
    ap.add_argument("--skip-echo-aio", action="store_true", help="closed loop: no echo baseline on RoleFit's transport")
    ap.add_argument("--skip-rolefit", action="store_true", help="closed loop: only the echo bot")
    ap.add_argument("--open-echo", action="store_true", help="also run the open loop against the echo bot")
    ap.add_argument(
        "--log-level", default="INFO", help="LOG_LEVEL of the RoleFit process (default INFO, the real default)"
    )
    ap.add_argument(
        "--profile",
        metavar="DIR",
        help="run each bot under cProfile, writing DIR/<kind>-<run>.prof "
        "(read with: python -m pstats FILE); profiling slows the bot, so numbers are not comparable",
    )
    ap.add_argument(
        "--bot-env",
        action="append",
        metavar="KEY=VALUE",
        help="extra environment for both bot processes, for experiments (e.g. PYTHONPATH=DIR)",
    )
    ap.add_argument(
        "--probe",
        action="store_true",
        help="experiment: run the bots through benchmarks/_bot_probe.py and "
        "print event-loop lag, GC pauses, SQLite/matcher/engine times measured inside the bot process",
    )
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args(argv)
    user_counts = args.users or ([50, 200, 1000] if args.full else [50, 200])
    if args.open_seconds is None:
        args.open_seconds = 60.0 if args.full else 20.0

    note = machine_note()
    print_machine(note)
    # The fake server, the simulated users and the call feed share this process's GIL: hand it
    # over more often than the default 5 ms so the fake answers the bot promptly.
    sys.setswitchinterval(0.0005)
    content = load_shipped_content()
    workdir = Path(tempfile.mkdtemp(prefix="rolefit-e2e-"))
    print(
        f"bot under test: `python -m bot run` (subprocess), DATA_DIR in {workdir}; "
        f"fake Bot API + simulated users in this process (pid {os.getpid()})"
    )
    payload: dict[str, Any] = {"machine": note, "closed": [], "open": []}
    try:
        if not args.skip_closed:
            if args.mix == "quiz":
                print("\nclosed loop: each user /start, 'Take the quiz', 9 answers; next tap after the reply")
            else:
                print(
                    f"\nclosed loop ({args.mix}): each user types {args.typed_per_user} messages; next after the reply"
                )
            for n in user_counts:
                best: dict[str, dict[str, Any]] = {}
                kinds = [k for k in ("echo", "echo-aio", "rolefit") if not getattr(args, "skip_" + k.replace("-", "_"))]
                for attempt in range(args.repeat):
                    for kind in kinds:  # interleaved, so a burst of outside load hits all alike
                        with FakeBotApi() as fake:  # a fresh fake Bot API for every run
                            result = closed_loop(kind, n, args, content, workdir, fake)
                        result["attempt"] = attempt + 1
                        print_closed(result)
                        payload["closed"].append(result)
                        if kind not in best or result["updates_per_s"] > best[kind]["updates_per_s"]:
                            best[kind] = result
                which = f"best of {args.repeat} each" if args.repeat > 1 else "one run each"
                for baseline, label in (
                    ("echo", "PTB echo bot (httpx, PTB's defaults)"),
                    ("echo-aio", "echo bot on RoleFit's aiohttp transport"),
                ):
                    if baseline not in best or "rolefit" not in best:
                        continue
                    echo, rolefit = best[baseline], best["rolefit"]
                    ratio = rolefit["updates_per_s"] / echo["updates_per_s"]
                    cpu_ratio = rolefit["updates_per_cpu_s"] / echo["updates_per_cpu_s"]
                    target = (
                        f" (target >= {TARGET_RATIO}: {'MET' if ratio >= TARGET_RATIO else 'NOT MET'})"
                        if baseline == "echo"
                        else ""
                    )
                    print(
                        f"  -> RoleFit / {label} at {n} users ({which}): throughput "
                        f"{rolefit['updates_per_s']:.1f}/{echo['updates_per_s']:.1f} "
                        f"= {ratio:.2f}{target}; per bot CPU-second "
                        f"{rolefit['updates_per_cpu_s']:.0f}/{echo['updates_per_cpu_s']:.0f} = {cpu_ratio:.2f}"
                    )
                    payload.setdefault("ratios", []).append(
                        {
                            "users": n,
                            "baseline": baseline,
                            "throughput_ratio": ratio,
                            "cpu_ratio": cpu_ratio,
                            "rolefit_per_s": rolefit["updates_per_s"],
                            "echo_per_s": echo["updates_per_s"],
                        }
                    )
                print()
        if not args.skip_open:
            print(
                f"\nopen loop: {args.open_users} users offering "
                f"{args.open_rate:g} updates/s for {args.open_seconds:g} s"
            )
            for kind in ("rolefit", "echo", "echo-aio") if args.open_echo else ("rolefit",):
                with FakeBotApi() as fake:
                    result = open_loop(kind, args, content, workdir, fake)
                print_open(result)
                payload["open"].append(result)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    write_json(args.json, payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
