"""The closed loop of the end-to-end benchmark: every user sends its next update only after the bot
answered the previous one, so the run measures how fast the bot gets through a fixed amount of work."""

from __future__ import annotations

import argparse
import random
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks._common import summary_ms
from benchmarks._e2e_bot import BotProcess, bot_env, profile_path
from benchmarks._e2e_measure import QuietHarnessGc, cpu_seconds, fake_thread_id, system_busy_seconds
from benchmarks._e2e_users import CHAT_BASE, REPLY_METHODS, CallFeed, last_bot_message
from benchmarks._typed import stream as typed_stream
from bot.engine import SessionState
from bot.engine.callbacks import answer_data, menu_data
from bot.engine.results import finish
from bot.recommend import recommend
from fake_telegram import FakeBotApi
from fake_telegram.model import CallRecord


def lean_answers(content: Any, rng: random.Random, lean: str) -> list[str]:
    """Answers of someone leaning to `lean` ("product"/"project"), with some hesitation; never
    level scores, which would ask the tie-break question instead of giving the result."""
    while True:
        out = []
        for statement in content.statements:
            if statement.role.startswith(lean):
                out.append(rng.choice(("yes", "yes", "yes", "somewhat")))
            else:
                out.append(rng.choice(("no", "no", "somewhat")))
        if not recommend(content, {s.id: a for s, a in zip(content.statements, out, strict=True)}).tie:
            return out


@dataclass
class ClosedUser:
    chat: int
    lean: str
    answers: list[str]
    steps: list[tuple[str, str]]  # ("text", "/start") | ("press", callback data)
    index: int = -1  # step in flight
    sends_expected: int = 0
    sends_seen: int = 0
    pushed_at: float = 0.0
    first_seen: bool = True
    finished: bool = False
    failed: str | None = None
    ready: bool = True
    step_latency: list[float] = field(default_factory=list)
    first_latency: list[float] = field(default_factory=list)


def closed_loop(
    kind: str, users: int, args: argparse.Namespace, content: Any, workdir: Path, fake: FakeBotApi
) -> dict[str, Any]:
    """One closed-loop run of `users` users against the `kind` bot; `fake` is a fresh fake Bot API for this run."""
    rng = random.Random(1000 + users)
    typed = args.mix != "quiz"
    texts = typed_stream(users * args.typed_per_user, unique=args.mix == "typed-unique") if typed else []
    population: dict[int, ClosedUser] = {}
    for u in range(users):
        chat = CHAT_BASE + u
        fake.user(chat, f"User{u}")
        lean = "product" if u % 2 == 0 else "project"
        answers = lean_answers(content, rng, lean)
        if typed:  # every update a typed message: questions, greetings, off-topic
            mine = texts[u * args.typed_per_user : (u + 1) * args.typed_per_user]
            steps = [("text", text) for _, text in mine]
        else:
            steps = [("text", "/start"), ("press", menu_data("quiz"))]
            steps += [("press", answer_data(s.id, a)) for s, a in zip(content.statements, answers, strict=False)]
        population[chat] = ClosedUser(chat, lean, answers, steps)
    bot = BotProcess(kind, fake, workdir, args.log_level, profile_path(args, f"{kind}-closed-{users}"), bot_env(args))
    counts: Counter[str] = Counter()
    ready: deque[ClosedUser] = deque(population.values())
    done = threading.Event()
    remaining = [users]
    errors: list[str] = []

    def push_next(user: ClosedUser) -> None:
        user.index += 1
        if user.index >= len(user.steps):
            user.finished = True
            remaining[0] -= 1
            if remaining[0] == 0:
                done.set()
            return
        what, value = user.steps[user.index]
        user.sends_expected += 1
        user.first_seen = False
        try:
            if what == "text":
                user.pushed_at = time.monotonic()
                fake.push_text(user.chat, value)
            else:
                message = last_bot_message(fake, user.chat)
                user.pushed_at = time.monotonic()
                # RoleFit: the tapped button must be on the bot's latest message (it shows
                # this user's next statement); the echo bot has no buttons, tap its text.
                fake.push_callback(user.chat, message.message_id, value, check_button=(kind == "rolefit"))
        except (ValueError, AttributeError) as exc:
            user.failed = f"step {user.index} {value}: {exc}"
            user.finished = True
            remaining[0] -= 1
            if remaining[0] == 0:
                done.set()

    def on_call(record: CallRecord) -> None:
        counts[record.method] += 1
        if not record.response_ok:
            counts[f"{record.method} failed"] += 1
            if len(errors) < 5:
                errors.append(f"{record.method}: {record.error_description}")
        if record.method not in REPLY_METHODS:
            return
        user = population.get(record.params.get("chat_id"))  # type: ignore[arg-type]
        if user is None or user.finished:
            return
        if not user.first_seen:
            user.first_seen = True
            user.first_latency.append(record.at - user.pushed_at)
        if record.method == "sendMessage":
            user.sends_seen += 1
            if user.sends_seen >= user.sends_expected:
                user.step_latency.append(record.at - user.pushed_at)
                ready.append(user)

    def after_batch() -> None:
        while ready:
            push_next(ready.popleft())

    cpu_bot0, cpu_self0, busy0 = bot.cpu(), cpu_seconds(), system_busy_seconds()
    fake_tid = fake_thread_id(fake)
    cpu_fake0 = cpu_seconds("self", fake_tid)
    feed = CallFeed(fake, on_call, after_batch)
    with QuietHarnessGc():
        began = time.monotonic()
        feed.start()
        with fake.state.changed:
            fake.state.changed.notify_all()  # start: the feed pushes every user's /start
        finished = done.wait(args.closed_timeout)
        wall = time.monotonic() - began
        feed.stop()
    cpu = {
        "bot": bot.cpu() - cpu_bot0,
        "fake_server_thread": cpu_seconds("self", fake_tid) - cpu_fake0,
        "feed_thread": feed.cpu,
        "this_process": cpu_seconds() - cpu_self0,
    }
    cpu["others"] = max(0.0, system_busy_seconds() - busy0 - cpu["bot"] - cpu["this_process"])
    memory = bot.memory()

    correct, wrong, winners = 0, list[str](), Counter[str]()
    if kind == "rolefit" and typed:  # one reply per message, and every user got all of theirs
        correct = sum(1 for u in population.values() if u.failed is None and len(u.step_latency) == len(u.steps))
    elif kind == "rolefit":
        for user in population.values():
            given = tuple((s.id, a) for s, a in zip(content.statements, user.answers, strict=False))
            winners[recommend(content, dict(given)).best.role.id] += 1
            _, expected = finish(content, SessionState(answers=given))
            message = last_bot_message(fake, user.chat)
            if user.failed is None and message is not None and message.html == expected.text:
                correct += 1
            elif len(wrong) < 5:
                wrong.append(f"chat {user.chat}: {user.failed or 'final message is not its own result'}")
    bot.stop()
    problems = bot.log_problems()
    probe = bot.probe()

    pushed = sum(max(u.index, 0) + (0 if u.index >= len(u.steps) else 1) for u in population.values())
    completed = sum(len(u.step_latency) for u in population.values())
    return {
        "kind": kind,
        "users": users,
        "finished": finished,
        "wall_s": wall,
        "updates": completed,
        "pushed": pushed,
        "updates_per_s": completed / wall if wall else 0.0,
        "updates_per_cpu_s": completed / cpu["bot"] if cpu["bot"] else 0.0,
        "step_latency_ms": summary_ms(x for u in population.values() for x in u.step_latency),
        "first_latency_ms": summary_ms(x for u in population.values() for x in u.first_latency),
        "calls": dict(counts),
        "errors": errors,
        "cpu_s": cpu,
        "bot_rss_ready_kib": bot.rss_ready.get("VmRSS"),
        "bot_rss_end_kib": memory.get("VmRSS"),
        "bot_peak_rss_kib": memory.get("VmHWM"),
        "startup_s": bot.startup_seconds,
        "correct_results": correct if kind == "rolefit" else None,
        "wrong": wrong,
        "expected_winners": dict(winners),
        "failed_users": sum(1 for u in population.values() if u.failed),
        "unfinished_users": sum(1 for u in population.values() if not u.finished),
        "bot_log_problems": problems[:10],
        "bot_log_problem_count": len(problems),
        "probe": probe,
    }
