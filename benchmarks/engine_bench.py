"""Engine.step throughput on one core over a realistic mix of events.

    python -m benchmarks.engine_bench                 # default: ~30 s
    python -m benchmarks.engine_bench --chats 2000 --repeat 7 --json engine.json

Simulated chats each run a scripted conversation (/start, the quiz by buttons, FAQ questions
typed along the way, /help, /back, a stale button, a typed "yes", a topic button after the
result) and the state returned by one step is the state passed to the next, chat by chat,
with chats interleaved as a bot serving many people would see them. No I/O: this is the pure
engine (DESIGN rule 1), i.e. the CPU cost per update before storage and Telegram.

Two runs over the identical event schedule:
  * constant-time matcher: a dict lookup that replays the real matcher's answers, so the
    engine takes the same branches and only its own cost is measured (target >= 20,000/s);
  * real FAQ matcher (bot.faq.build_matcher): FAQ events then
    cost whatever the matcher costs, which dominates.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks._common import (
    ConstMatch,
    ReplayMatcher,
    load_shipped_content,
    machine_note,
    print_machine,
    real_matcher,
    summary_ms,
    write_json,
)
from bot.engine import ButtonEvent, CommandEvent, Engine, Event, SessionState, TextEvent, UnsupportedEvent
from bot.engine.callbacks import EVEN, answer_data, menu_data, tiebreak_data, topic_data

TARGET_PER_SECOND = 20_000

# What people type at a careers bot: paraphrases, shorthand, typos, off-topic chatter.
FAQ_QUESTIONS = (
    "what does a product manager actually do all day",
    "whats the difference between product and project manager",
    "project manager vs product manager??",
    "how do i become a project manager",
    "do product managers need to code",
    "what skills does a product manager need",
    "is PMP certification worth it",
    "product manager salary",
    "how do product and project managers work together",
    "which role is more technical",
    "give me an example of a product manager's week",
    "what does a projct manger do",
    "can i switch from project management to product",
    "who decides the deadlines",
    "is there a quiz to find out which fits me",
    "what does a scrum master do",
    "whats the weather like today",
    "hello",
    "thanks!",
    "what tools do project managers use",
    "do i need an MBA for product management",
    "who owns the roadmap",
    "help me choose between product and project management",
    "what is a product owner",
)


@dataclass(frozen=True)
class Step:
    chat: int
    kind: str  # for the printed mix
    event: Event


class Script:
    """One chat's conversation, chosen as it goes from the state the engine returns."""

    def __init__(self, engine: Engine, rng: random.Random, lean: str) -> None:
        self.c = engine.content
        self.rng = rng
        self.lean = lean  # "product" | "project" | "mixed": which answers this person gives

    def answer_for(self, statement_index: int) -> str:
        statement = self.c.statements[statement_index]
        if self.lean == "mixed":
            return self.rng.choice(("yes", "somewhat", "no"))
        favoured = statement.role.startswith(self.lean)
        return self.rng.choice(("yes", "yes", "somewhat")) if favoured else self.rng.choice(("no", "no", "somewhat"))

    def events(self, state_of: Callable[[], SessionState]) -> Any:
        rng, c = self.rng, self.c
        yield "command", CommandEvent("start")
        if rng.random() < 0.3:
            yield "faq", TextEvent(rng.choice(FAQ_QUESTIONS))
        yield "menu_button", ButtonEvent(menu_data("quiz"))
        while state_of().mode == "quiz":
            if state_of().tiebreak:  # level scores: the either/or question, answered by its button
                yield "answer_button", ButtonEvent(tiebreak_data(rng.choice([*(r.id for r in c.roles), EVEN])))
                continue
            position = state_of().position
            roll = rng.random()
            if roll < 0.12:
                yield "faq", TextEvent(rng.choice(FAQ_QUESTIONS))
            elif roll < 0.17:
                yield "command", CommandEvent("help")
            elif roll < 0.22 and position > 0:
                yield "command", CommandEvent("back")  # and answer the previous statement again
            elif roll < 0.25 and position > 0:
                stale = c.statements[position - 1]
                yield "stale_button", ButtonEvent(answer_data(stale.id, "yes"))
            elif roll < 0.27:
                yield "other", UnsupportedEvent("sticker")
            position = state_of().position
            if state_of().mode != "quiz":
                break
            if rng.random() < 0.08:
                typed = {"yes": "yes", "somewhat": "sort of", "no": "nope"}[self.answer_for(position)]
                yield "typed_answer", TextEvent(typed)
            else:
                yield "answer_button", ButtonEvent(answer_data(c.statements[position].id, self.answer_for(position)))
        # After the result: a topic it offered, maybe a question, maybe the menu.
        role = c.roles[0] if self.lean == "product" else c.roles[-1]
        if role.next_topics:
            yield "topic_button", ButtonEvent(topic_data(rng.choice(role.next_topics)))
        if rng.random() < 0.5:
            yield "faq", TextEvent(rng.choice(FAQ_QUESTIONS))
        if rng.random() < 0.3:
            yield "command", CommandEvent(rng.choice(("menu", "about", "compare")))


def build_schedule(engine: Engine, chats: int, seed: int) -> list[Step]:
    """Every chat's events, interleaved at random (each chat's order kept). The engine is
    deterministic, so replaying these events from fresh states repeats the same states."""
    rng = random.Random(seed)
    per_chat: list[list[Step]] = []
    leans = ("product", "project", "mixed")
    for chat in range(chats):
        state = SessionState()
        script = Script(engine, random.Random(rng.random()), leans[chat % 3])
        steps: list[Step] = []
        for kind, event in script.events(lambda: state):  # noqa: B023
            steps.append(Step(chat, kind, event))
            state = engine.step(state, event).state
        per_chat.append(steps)
    cursors = [0] * chats
    live = list(range(chats))
    schedule: list[Step] = []
    while live:
        i = rng.randrange(len(live))
        chat = live[i]
        schedule.append(per_chat[chat][cursors[chat]])
        cursors[chat] += 1
        if cursors[chat] == len(per_chat[chat]):
            live[i] = live[-1]
            live.pop()
    return schedule


def run_once(engine: Engine, schedule: list[Step], chats: int) -> float:
    """Seconds for one pass over the schedule, state threaded per chat."""
    states = [SessionState()] * chats
    step = engine.step
    start = time.perf_counter()
    for item in schedule:
        states[item.chat] = step(states[item.chat], item.event).state
    return time.perf_counter() - start


def per_kind_cost(engine: Engine, schedule: list[Step], chats: int) -> dict[str, dict[str, float]]:
    """Latency of a single step by kind of event (a separate pass; timer overhead included)."""
    states = [SessionState()] * chats
    samples: dict[str, list[float]] = {}
    clock = time.perf_counter
    for item in schedule:
        begin = clock()
        states[item.chat] = engine.step(states[item.chat], item.event).state
        samples.setdefault(item.kind, []).append(clock() - begin)
    return {kind: summary_ms(values) for kind, values in sorted(samples.items())}


def pin_to_one_core() -> str:
    try:
        cpu = sorted(os.sched_getaffinity(0))[-1]
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError) as exc:
        return f"not pinned ({exc})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chats", type=int, default=400, help="simulated chats in the schedule (default 400, ~7k events)")
    ap.add_argument(
        "--repeat", type=int, default=5, help="timed passes with the constant-time matcher (best and median shown)"
    )
    ap.add_argument("--real-passes", type=int, default=1, help="timed passes with the real FAQ matcher")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    ap.add_argument("--skip-real", action="store_true", help="only the constant-time matcher")
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args(argv)

    note = machine_note()
    print_machine(note)
    pinned = "not pinned" if args.no_pin else pin_to_one_core()
    print(f"process: {pinned}; single thread; gc enabled")

    content = load_shipped_content()
    schedule = build_schedule(Engine(content, ReplayMatcher({})), args.chats, args.seed)
    mix = Counter(s.kind for s in schedule)
    total = len(schedule)
    print(f"\nschedule: {total} events over {args.chats} chats ({total / args.chats:.1f} per chat), interleaved")
    print("mix:", ", ".join(f"{kind} {n} ({100 * n / total:.1f}%)" for kind, n in mix.most_common()))

    began = time.perf_counter()
    matcher, matcher_name = real_matcher(content)
    load_seconds = time.perf_counter() - began
    print(f"\nreal FAQ matcher: {matcher_name} (built in {load_seconds:.1f} s)")
    faq_texts = sorted({s.event.text for s in schedule if isinstance(s.event, TextEvent)})
    table = {}
    for text in faq_texts:
        m = matcher.match(text)
        table[text] = ConstMatch(
            m.topic, tuple(m.suggestions), float(getattr(m, "score", 0.0)), getattr(m, "declined", None)
        )
    answered = sum(1 for m in table.values() if m.topic)
    suggested = sum(1 for m in table.values() if not m.topic and m.suggestions)
    print(
        f"FAQ texts: {len(table)} distinct; real matcher: {answered} answered, {suggested} suggestions, "
        f"{len(table) - answered - suggested} out of scope (the constant-time matcher replays these)"
    )

    fast = Engine(content, ReplayMatcher(table))
    run_once(fast, schedule, args.chats)  # warm-up
    gc.collect()
    times = [run_once(fast, schedule, args.chats) for _ in range(args.repeat)]
    best, median = min(times), statistics.median(times)
    fast_rate, fast_median = total / best, total / median
    print(f"\n[constant-time matcher] {args.repeat} passes of {total} events")
    print(
        f"  updates/s: best {fast_rate:,.0f}   median {fast_median:,.0f}   "
        f"({1e6 * best / total:.1f} us per update)   target >= {TARGET_PER_SECOND:,}: "
        f"{'MET' if fast_median >= TARGET_PER_SECOND else 'NOT MET'}"
    )
    fast_kinds = per_kind_cost(fast, schedule, args.chats)
    print("  per event kind (single-step latency, timer included):")
    for kind, st in fast_kinds.items():
        print(f"    {kind:<14} n={st['n']:<6} mean {1000 * st['mean']:7.1f} us   p99 {1000 * st['p99']:7.1f} us")

    payload: dict[str, Any] = {
        "machine": note,
        "pinned": pinned,
        "events": total,
        "chats": args.chats,
        "mix": dict(mix),
        "matcher": matcher_name,
        "constant_matcher": {
            "updates_per_s_best": fast_rate,
            "updates_per_s_median": fast_median,
            "per_kind_ms": fast_kinds,
            "target": TARGET_PER_SECOND,
        },
    }
    if not args.skip_real:
        real = Engine(content, matcher)
        real_times = [run_once(real, schedule, args.chats) for _ in range(args.real_passes)]
        real_rate = total / min(real_times)
        real_kinds = per_kind_cost(real, schedule, args.chats)
        faq_mean = real_kinds.get("faq", {}).get("mean", float("nan"))
        print(f"\n[real matcher: {matcher_name}] {args.real_passes} pass(es) of {total} events")
        print(
            f"  updates/s over the mix: {real_rate:,.0f}   target >= {TARGET_PER_SECOND:,}: "
            f"{'MET' if real_rate >= TARGET_PER_SECOND else 'NOT MET'} (FAQ events dominate)"
        )
        print(
            f"  FAQ event: mean {faq_mean:.2f} ms  p50 {real_kinds['faq']['p50']:.2f} "
            f"ms  p99 {real_kinds['faq']['p99']:.2f} ms"
            f"  -> at most {1000 / faq_mean:,.0f} FAQ questions/s per core"
        )
        print("  (button and command events never call the matcher: they cost what the constant-time run shows)")
        payload["real_matcher"] = {"updates_per_s": real_rate, "per_kind_ms": real_kinds}
    write_json(args.json, payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
