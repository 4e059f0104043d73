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
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks._common import (
    DIALOGUES,
    ROOT,
    fmt_ms,
    load_shipped_content,
    machine_note,
    mib,
    print_machine,
    proc_status,
    summary_ms,
    write_json,
)
from benchmarks._typed import stream as typed_stream
from benchmarks.engine_bench import FAQ_QUESTIONS
from bot.engine import SessionState
from bot.engine.callbacks import answer_data, menu_data
from bot.engine.results import finish
from bot.recommend import recommend
from fake_telegram import FakeBotApi
from fake_telegram.model import CallRecord

REPLY_METHODS = ("sendMessage", "editMessageText")
TARGET_RATIO = 0.8
TARGET_OPEN_P99_MS = 50.0
CHAT_BASE = 500_000_000
TICK = os.sysconf("SC_CLK_TCK")


# -- processes and CPU --------------------------------------------------------------------


def _thread_id(fake: FakeBotApi) -> int:
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


class BotProcess:
    """The bot under test in its own process (its own GIL and core, like production)."""

    def __init__(
        self,
        kind: str,
        fake: FakeBotApi,
        workdir: Path,
        log_level: str,
        profile: Path | None = None,
        bot_env: dict[str, str] | None = None,
    ) -> None:
        bot_env = bot_env or {}
        self.kind = kind
        self.fake = fake
        self.data_dir = workdir / f"data-{kind}-{time.monotonic_ns()}"
        self.log_path = workdir / f"{kind}-{time.monotonic_ns()}.log"
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "DATA_DIR": str(self.data_dir),
            "CONTENT_DIR": str(DIALOGUES),  # the results are checked against the shipped content
            "WEBHOOK_URL": "",  # long polling, whatever a local .env says
            "LOG_LEVEL": log_level,
            "PYTHONUNBUFFERED": "1",
            **bot_env,
        }
        self.probe_path: Path | None = None
        if bot_env.get("BENCH_PROBE_OUT") == "auto":
            self.probe_path = workdir / f"probe-{kind}-{time.monotonic_ns()}.json"
            env["BENCH_PROBE_OUT"] = str(self.probe_path)
        if kind == "echo-aio":
            env["ECHO_TRANSPORT"] = "aiohttp"
        if "BENCH_PROBE_OUT" in bot_env:
            # Experiment: the same bot, started through benchmarks/_bot_probe.py.
            argv = [sys.executable, "-m", "benchmarks._bot_probe", "rolefit" if kind == "rolefit" else "echo"]
            argv += ["run"] if kind == "rolefit" else []
        else:
            module = "bot" if kind == "rolefit" else "benchmarks._echo_bot"
            argv = [sys.executable, "-m", module] + (["run"] if kind == "rolefit" else [])
        self.profile = profile
        if profile is not None:  # cProfile writes its file when run_polling returns after SIGTERM
            argv[1:1] = ["-m", "cProfile", "-o", str(profile)]
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        began = time.monotonic()
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            # A long poll is logged only when it returns; the poll generation counts it as it starts.
            start_generation = fake.state.poll_generation
            fake.wait_until(lambda: fake.state.poll_generation > start_generation or self.proc.poll() is not None, 120)
            if self.proc.poll() is not None:
                raise TimeoutError
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"{kind} bot did not start polling; log:\n{self.log_tail()}") from None
        self.startup_seconds = time.monotonic() - began
        time.sleep(0.5)  # let start-up settle
        self.rss_ready = proc_status(self.proc.pid)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def memory(self) -> dict[str, int]:
        return proc_status(self.proc.pid)

    def cpu(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()
        return self.proc.returncode

    def probe(self) -> dict[str, Any] | None:
        if self.probe_path is None:
            return None
        try:
            return json.loads(self.probe_path.read_text())
        except (OSError, ValueError):
            return None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_problems(self) -> list[str]:
        try:
            text = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return []
        return [line for line in text if " ERROR " in line or " WARNING " in line or "Traceback" in line]


class CallFeed(threading.Thread):
    """Hands every request the bot makes to `on_call`, in order, as soon as the fake logs it,
    then calls `after_batch` (where the closed loop pushes the next taps)."""

    def __init__(
        self, fake: FakeBotApi, on_call: Callable[[CallRecord], None], after_batch: Callable[[], None]
    ) -> None:
        super().__init__(name="call-feed", daemon=True)
        self.fake = fake
        self.on_call = on_call
        self.after_batch = after_batch
        self.stopping = threading.Event()
        self.cursor = len(fake.state.calls)
        self.cpu = float("nan")

    def run(self) -> None:
        state = self.fake.state
        while not self.stopping.is_set():
            with state.changed:
                if len(state.calls) <= self.cursor:
                    state.changed.wait(0.02)
                new = state.calls[self.cursor :]
                self.cursor += len(new)
            for record in new:
                self.on_call(record)
            self.after_batch()
        self.cpu = time.thread_time()

    def stop(self) -> None:
        self.stopping.set()
        self.join(5)


def last_bot_message(fake: FakeBotApi, chat_id: int) -> Any:
    with fake.state.lock:
        messages = fake.state.chat_messages.get(chat_id, {})
        for message in reversed(list(messages.values())):
            if message.from_bot and not message.deleted:
                return message
    return None


def callback_data_of(message: Any) -> list[str]:
    rows = ((message.reply_markup or {}).get("inline_keyboard") or []) if message is not None else []
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


# -- users --------------------------------------------------------------------------------


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


@dataclass
class RunResult:
    label: str
    data: dict[str, Any]


def closed_loop(kind: str, users: int, args: argparse.Namespace, content: Any, workdir: Path) -> dict[str, Any]:
    rng = random.Random(1000 + users)
    typed = args.mix != "quiz"
    texts = typed_stream(users * args.typed_per_user, unique=args.mix == "typed-unique") if typed else []
    with FakeBotApi() as fake:
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
        bot = BotProcess(
            kind, fake, workdir, args.log_level, profile_path(args, f"{kind}-closed-{users}"), bot_env(args)
        )
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
        fake_tid = _thread_id(fake)
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


# -- open loop ----------------------------------------------------------------------------


@dataclass
class InFlight:
    pushed_at: float
    kind: str
    query_id: str | None = None
    first: float | None = None
    acked: bool = False


def open_loop(kind: str, args: argparse.Namespace, content: Any, workdir: Path) -> dict[str, Any]:
    users, rate, seconds = args.open_users, args.open_rate, args.open_seconds
    rng = random.Random(77)
    typed = deque(typed_stream(int(rate * seconds * 1.1) + 100, unique=args.mix == "typed-unique"))
    slow_down = content.text("slow_down")
    with FakeBotApi() as fake:
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
        fake_tid = _thread_id(fake)
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


def print_probe(probe: dict[str, Any] | None, indent: str) -> None:
    if not probe:
        return
    print(f"{indent}inside the bot process (probe):")
    for name in ("loop_lag", "engine_step", "faq_match", "sqlite_save", "sqlite_load", "gc_gen0", "gc_gen1", "gc_gen2"):
        st = probe.get(name)
        if st:
            print(
                f"{indent}  {name:<12} n={st['n']:<6} p50 {st['p50']:7.2f} "
                f"ms  p99 {st['p99']:7.2f} ms  max {st['max']:7.2f} ms  "
                f"total {st['total']:8.0f} ms  >5ms {st['over_5ms']}  >20ms {st['over_20ms']}"
            )


def bot_env(args: argparse.Namespace) -> dict[str, str]:
    pairs = [item.partition("=") for item in args.bot_env or []]
    env = {key: value for key, _, value in pairs}
    if args.probe:
        env["BENCH_PROBE_OUT"] = "auto"
    return env


def profile_path(args: argparse.Namespace, name: str) -> Path | None:
    if not args.profile:
        return None
    folder = Path(args.profile)
    folder.mkdir(parents=True, exist_ok=True)
    return folder.resolve() / f"{name}.prof"


# -- reporting ------------------------------------------------------------------------------


def print_closed(r: dict[str, Any]) -> None:
    cpu = r["cpu_s"]
    wall = r["wall_s"]
    print(
        f"  {r['kind']:<8} {r['users']:>5} users: {r['updates']:>6} "
        f"updates in {wall:6.2f} s = {r['updates_per_s']:7.1f} updates/s"
        f" ({r['updates_per_cpu_s']:.0f} per bot CPU-second)"
        f"{'' if r['finished'] else '  (TIMED OUT)'}"
    )
    print(f"           reply (step) latency {fmt_ms(r['step_latency_ms'])}")
    print(f"           first reply latency  {fmt_ms(r['first_latency_ms'])}")
    print(
        f"           bot RSS ready {mib(r['bot_rss_ready_kib'] or 0):.0f} "
        f"MiB, peak {mib(r['bot_peak_rss_kib'] or 0):.0f} MiB; "
        f"CPU busy: bot process {100 * cpu['bot'] / wall:.0f}%, fake "
        f"server thread {100 * cpu['fake_server_thread'] / wall:.0f}%, "
        f"user simulation thread {100 * cpu['feed_thread'] / wall:.0f}% of one core; "
        f"other processes on the machine {cpu['others'] / wall:.2f} cores"
    )
    calls = r["calls"]
    per_update = {
        m: calls.get(m, 0) / max(r["updates"], 1) for m in ("sendMessage", "editMessageText", "answerCallbackQuery")
    }
    print(
        "           Bot API calls per update: "
        + ", ".join(f"{m} {v:.2f}" for m, v in per_update.items())
        + f"; getUpdates {calls.get('getUpdates', 0)}"
    )
    failed = {k: v for k, v in calls.items() if k.endswith("failed")}
    if failed or r["errors"]:
        print(f"           FAILED CALLS: {failed} {r['errors']}")
    if r["kind"] == "rolefit":
        print(
            f"           correct results: {r['correct_results']}/{r['users']} "
            f"(expected winners {r['expected_winners']}); failed users {r['failed_users']}"
        )
        for line in r["wrong"]:
            print(f"             {line}")
    if r["unfinished_users"]:
        print(f"           UNFINISHED users: {r['unfinished_users']}")
    print_probe(r.get("probe"), "           ")
    if r["bot_log_problem_count"]:
        print(f"           bot log: {r['bot_log_problem_count']} warning/error lines, e.g. {r['bot_log_problems'][:2]}")


def print_open(r: dict[str, Any]) -> None:
    lat = r["latency_ms"]
    print(
        f"  {r['kind']}: {r['users']} users, {r['offered']} updates offered over {r['seconds']:.0f} s "
        f"({r['offered_rate']:.1f}/s, {r['schedule']} schedule); mix {r['mix']}"
    )
    print(
        f"    reply latency {fmt_ms(lat)}   target p99 < {TARGET_OPEN_P99_MS:.0f} ms: "
        f"{'MET' if lat.get('p99', 1e9) < TARGET_OPEN_P99_MS else 'NOT MET'}"
    )
    for kind, st in sorted(r["latency_by_kind_ms"].items()):
        print(f"      {kind:<14} {fmt_ms(st, ('p50', 'p99', 'max'))}  (n={st.get('n', 0)})")
    print(
        f"    backlog after the last push drained in {r['backlog_drain_s']:.1f} s;"
        f"  dropped (never answered): {r['dropped']}   still queued at the fake: {r['pending_at_fake']}   "
        f"unanswered callback queries: {r['unanswered_callbacks']}   throttled chats: {r['throttled_chats']}   "
        f"same-chat overlaps: {r['same_chat_overlaps']}"
    )
    seconds = r["seconds"]
    per_update = 1000 * r["cpu_s"]["bot"] / max(r["answered"], 1)
    print(
        f"    bot CPU {100 * r['cpu_s']['bot'] / seconds:.0f}% of a "
        f"core ({per_update:.1f} ms per update), fake server thread "
        f"{100 * r['cpu_s']['fake_server_thread'] / seconds:.0f}%, other processes "
        f"{r['cpu_s']['others'] / seconds:.2f} cores; bot peak RSS {mib(r['bot_peak_rss_kib'] or 0):.0f} MiB; "
        f"schedule slip p99 {r['schedule_late_ms'].get('p99', 0.0):.1f} "
        f"ms, one push p99 {r['push_ms'].get('p99', 0.0):.1f} ms"
    )
    worst = r.get("worst_window")
    if worst:
        print(
            f"    worst {worst['to_s'] - worst['from_s']:.0f}-s window "
            f"({worst['from_s']:.0f}-{worst['to_s']:.0f} s): p99 "
            f"{worst['p99_ms']:.0f} ms while the bot used {worst['bot_cores']:.2f} cores, the harness "
            f"{worst['harness_cores']:.2f}, other processes {worst['other_cores']:.2f} (of {os.cpu_count()})"
        )
    if r["schedule_late_ms"].get("p99", 0.0) > 10:
        print(
            "    note: the load generator fell behind its schedule at times (this machine was busy); "
            "latencies are measured from each actual push, so they stay valid"
        )
    gc_info = r["harness_gc"]
    print(
        f"    harness (fake + users) GC: {gc_info['count']} collections, {gc_info['gen2']} full, "
        f"longest {gc_info['max_ms']:.1f} ms, total {gc_info['total_ms']:.0f} ms"
    )
    print_probe(r.get("probe"), "    ")
    if r["bot_log_problem_count"]:
        print(f"    bot log: {r['bot_log_problem_count']} warning/error lines, e.g. {r['bot_log_problems'][:2]}")


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
                        result = closed_loop(kind, n, args, content, workdir)
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
                result = open_loop(kind, args, content, workdir)
                print_open(result)
                payload["open"].append(result)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    write_json(args.json, payload)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
