"""The open loop of the end-to-end benchmark: updates arrive on a schedule whether or not the bot keeps up,
so the run measures reply latency under a given load, and where the worst of it came from."""

from __future__ import annotations

import argparse
import random
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks._common import summary_ms
from benchmarks._e2e_bot import BotProcess, bot_env, profile_path
from benchmarks._e2e_measure import (
    CpuSampler,
    GcPauses,
    QuietHarnessGc,
    cpu_seconds,
    fake_thread_id,
    system_busy_seconds,
)
from benchmarks._e2e_users import CHAT_BASE, REPLY_METHODS, CallFeed, callback_data_of, last_bot_message
from benchmarks._typed import stream as typed_stream
from benchmarks.engine_bench import FAQ_QUESTIONS
from bot.engine.callbacks import answer_data, menu_data
from fake_telegram import FakeBotApi
from fake_telegram.model import CallRecord


@dataclass
class InFlight:
    pushed_at: float
    kind: str
    query_id: str | None = None
    first: float | None = None
    acked: bool = False


def open_loop(kind: str, args: argparse.Namespace, content: Any, workdir: Path, fake: FakeBotApi) -> dict[str, Any]:
    """One open-loop run against the `kind` bot; `fake` is a fresh fake Bot API for this run."""
    users, rate, seconds = args.open_users, args.open_rate, args.open_seconds
    rng = random.Random(77)
    typed = deque(typed_stream(int(rate * seconds * 1.1) + 100, unique=args.mix == "typed-unique"))
    slow_down = content.text("slow_down")
    leans = {}
    for u in range(users):
        fake.user(CHAT_BASE + u, f"User{u}")
        leans[CHAT_BASE + u] = "product" if u % 2 == 0 else "project"
    # The arrival schedule: (offset in seconds, chat).
    per_user = rate / users
    schedule: list[tuple[float, int]] = []
    if args.schedule == "even":
        for k in range(int(rate * seconds)):
            schedule.append((k / rate, CHAT_BASE + k % users))
    else:  # each user a Poisson process of rate/users; together a Poisson process of `rate`
        for u in range(users):
            t = rng.expovariate(per_user)
            while t < seconds:
                schedule.append((t, CHAT_BASE + u))
                t += rng.expovariate(per_user)
        schedule.sort()
    bot = BotProcess(kind, fake, workdir, args.log_level, profile_path(args, f"{kind}-open"), bot_env(args))
    lock = threading.Lock()
    inflight: dict[int, deque[InFlight]] = {}
    by_query: dict[str, InFlight] = {}
    done: list[InFlight] = []
    started: set[int] = set()
    mix: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    throttled_chats: set[int] = set()
    overlaps = [0]
    user_rng = random.Random(5)

    def on_call(record: CallRecord) -> None:
        counts[record.method] += 1
        if not record.response_ok:
            counts[f"{record.method} failed"] += 1
        text = record.params.get("text")
        with lock:
            if record.method == "answerCallbackQuery":
                item = by_query.pop(str(record.params.get("callback_query_id")), None)
                if item is not None:
                    item.acked = True
                if text == slow_down:
                    throttled_chats.add(-1)
                return
            if record.method not in REPLY_METHODS:
                return
            chat = record.params.get("chat_id")
            if text == slow_down:
                throttled_chats.add(chat)  # type: ignore[arg-type]
            queue = inflight.get(chat)  # type: ignore[arg-type]
            if queue:
                item = queue.popleft()
                item.first = record.at
                done.append(item)

    def next_update(chat: int) -> tuple[str, str, int | None]:
        if args.mix != "quiz":  # every update a typed message; kind = its kind in the list
            what, text = typed.popleft()
            return what, text, None
        if chat not in started:
            started.add(chat)
            return "command", "/start", None
        if inflight.get(chat):  # no reply yet to this user's last update: it asks for /help
            return "while_waiting", "/help", None
        if user_rng.random() < args.faq_share:
            return "faq", user_rng.choice(FAQ_QUESTIONS), None
        message = last_bot_message(fake, chat)
        if kind != "rolefit":  # no keyboards: tap the echo's last message with quiz-like data
            return "button", menu_data("quiz"), message.message_id if message is not None else None
        data = callback_data_of(message)
        answers = [d for d in data if d.startswith("v1:a:")]
        if answers:
            statement = answers[0].split(":")[2]
            role = next(s.role for s in content.statements if s.id == statement)
            favoured = role.startswith(leans[chat])
            choice = user_rng.choice(("yes", "yes", "somewhat") if favoured else ("no", "no", "somewhat"))
            return "answer_button", answer_data(statement, choice), message.message_id
        for action in ("quiz", "restart"):
            if menu_data(action) in data:
                return "menu_button", menu_data(action), message.message_id
        return "command", user_rng.choice(("/start", "/help")), None

    feed = CallFeed(fake, on_call, lambda: None)
    feed.start()
    # The harness's own set-up (a full collection over what earlier runs left, the CPU
    # sampler) happens before the clock starts: done after it, it made the first pushes
    # late and then sent them as one burst, which showed as bot latency.
    quiet_gc = QuietHarnessGc().__enter__()
    gc_pauses = GcPauses().__enter__()
    sampler = CpuSampler(bot.pid)
    sampler.start()
    cpu_bot0, cpu_self0, busy0 = bot.cpu(), cpu_seconds(), system_busy_seconds()
    fake_tid = fake_thread_id(fake)
    cpu_fake0 = cpu_seconds("self", fake_tid)
    late: list[float] = []
    push_work: list[float] = []
    began = time.monotonic()
    for offset, chat in schedule:
        delay = began + offset - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        else:
            late.append(-delay)
        push_began = time.perf_counter()
        with lock:
            what, value, message_id = next_update(chat)
            mix[what] += 1
            if inflight.get(chat):
                overlaps[0] += 1
            item = InFlight(time.monotonic(), what)
            inflight.setdefault(chat, deque()).append(item)
            if message_id is None:
                fake.push_text(chat, value)
            else:
                item.query_id = fake.push_callback(chat, message_id, value, check_button=(kind == "rolefit"))
                by_query[item.query_id] = item
        push_work.append(time.perf_counter() - push_began)
    offered_s = time.monotonic() - began
    # Wait for the backlog: until every update is answered, or no reply came for `grace` s.
    answered_before, quiet_since = -1, time.monotonic()
    while True:
        with lock:
            waiting = sum(len(q) for q in inflight.values())
            answered_now = len(done)
        if waiting == 0:
            break
        if answered_now != answered_before:
            answered_before, quiet_since = answered_now, time.monotonic()
        elif time.monotonic() - quiet_since > args.grace:
            break
        time.sleep(0.05)
    drained_s = time.monotonic() - began - offered_s
    time.sleep(0.3)  # any late answerCallbackQuery
    feed.stop()
    gc_pauses.__exit__()
    quiet_gc.__exit__()
    cpu_timeline = sampler.stop()
    cpu = {
        "bot": bot.cpu() - cpu_bot0,
        "fake_server_thread": cpu_seconds("self", fake_tid) - cpu_fake0,
        "this_process": cpu_seconds() - cpu_self0,
    }
    cpu["others"] = max(0.0, system_busy_seconds() - busy0 - cpu["bot"] - cpu["this_process"])
    memory = bot.memory()
    pending = len(fake.pending_updates())
    unanswered_callbacks = len(fake.unanswered_callbacks())
    bot.stop()
    problems = bot.log_problems()
    probe = bot.probe()

    lost = sum(len(q) for q in inflight.values())
    latencies = [i.first - i.pushed_at for i in done if i.first is not None]
    by_kind = {k: summary_ms(i.first - i.pushed_at for i in done if i.kind == k and i.first is not None) for k in mix}
    return {
        "kind": kind,
        "users": users,
        "rate": rate,
        "seconds": seconds,
        "schedule": args.schedule,
        "offered": len(schedule),
        "offered_rate": len(schedule) / offered_s if offered_s else 0.0,
        "answered": len(latencies),
        "dropped": lost,
        "backlog_drain_s": drained_s,
        "pending_at_fake": pending,
        "unanswered_callbacks": unanswered_callbacks,
        "same_chat_overlaps": overlaps[0],
        "throttled_chats": len(throttled_chats),
        "mix": dict(mix),
        "calls": dict(counts),
        "latency_ms": summary_ms(latencies),
        "latency_by_kind_ms": by_kind,
        "cpu_timeline": cpu_timeline,
        "worst_window": worst_window(latencies_at(done, began), cpu_timeline),
        "timeline": [
            (round(i.pushed_at - began, 4), round((i.first - i.pushed_at) * 1000, 2), i.kind)
            for i in done
            if i.first is not None
        ],
        "schedule_late_ms": summary_ms(late),
        "push_ms": summary_ms(push_work),
        "cpu_s": cpu,
        "harness_gc": gc_pauses.summary(),
        "bot_peak_rss_kib": memory.get("VmHWM"),
        "bot_rss_end_kib": memory.get("VmRSS"),
        "bot_log_problems": problems[:10],
        "bot_log_problem_count": len(problems),
        "probe": probe,
    }


def latencies_at(done: list[InFlight], began: float) -> list[tuple[float, float]]:
    return [(i.pushed_at - began, i.first - i.pushed_at) for i in done if i.first is not None]


def worst_window(
    points: list[tuple[float, float]], cpu: list[tuple[float, float, float, float]], width: float = 5.0
) -> dict[str, Any] | None:
    """The `width`-second window with the highest p99 latency, and what the CPUs did then."""
    if not points:
        return None
    end = max(t for t, _ in points)
    best: dict[str, Any] | None = None
    start = 0.0
    while start <= end:
        inside = [lat for t, lat in points if start <= t < start + width]
        if len(inside) >= 20:
            p99 = summary_ms(inside)["p99"]
            if best is None or p99 > best["p99_ms"]:
                span = [c for c in cpu if start < c[0] <= start + width + 1]
                mean = lambda k: sum(c[k] for c in span) / len(span) if span else float("nan")  # noqa: B023
                best = {
                    "from_s": start,
                    "to_s": start + width,
                    "n": len(inside),
                    "p99_ms": p99,
                    "bot_cores": mean(1),
                    "harness_cores": mean(2),
                    "other_cores": mean(3),
                }
        start += width
    return best
