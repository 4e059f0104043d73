"""Scale-out: the same webhook load against 1 process on SQLite, 1 replica on Redis and 2
replicas on Redis behind a small round-robin front, all on this machine, run back to back.

    python -m benchmarks.scale_bench                    # 200 chats x 11 updates per setup
    python -m benchmarks.scale_bench --chats 400 --rounds 2 --json scale.json

Each chat sends `/start quiz` and its 9 typed answers and a `/help`, one update at a time (as
Telegram delivers a chat's messages: the next after the previous got its 2xx); up to
--connections chats are in flight at once (setWebhook's max_connections). The replicas are
real `python -m bot run` processes in webhook mode; their replies go to a minimal Bot API
(benchmarks/_bot_api_sink.py, a process of its own); Redis is a redis-server this script
starts with AOF on (appendfsync everysec). Typed answers and commands do not reach the FAQ
model, so the numbers are the transport, the commit protocol and the store, not the matcher.

Printed per setup: updates/s, the POST latency p50/p99 (the webhook answers after commit and
replies, so this is end to end), and for Redis the commands per update (INFO commandstats)
and the memory per chat and per update marker (MEMORY USAGE). Ratios against the runs made
at the same time: 2 replicas / 1 replica (scaling), Redis p50 - SQLite p50. Nothing here
asserts a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks._common import ROOT, machine_note, print_machine, summary_ms, write_json
from benchmarks._fleet import SECRET, Redis, Replica, free_port, round_robin_front, wait_http

ANSWERS = ("yes", "no", "somewhat")


def update(update_id: int, chat: int, text: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": chat, "type": "private", "first_name": "U"},
        "from": {"id": chat, "is_bot": False, "first_name": "U"},
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


async def drive(url: str, chats: int, connections: int, first_chat: int) -> tuple[float, list[float], int]:
    """Every chat's script, a chat's updates one after another; returns (seconds, latencies, retries)."""
    ids = itertools.count(first_chat * 100)
    latencies: list[float] = []
    retries = 0
    slots = asyncio.Semaphore(connections)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

    async def chat_script(session: aiohttp.ClientSession, chat: int) -> None:
        nonlocal retries
        texts = ["/start quiz", *(ANSWERS[(chat + i) % 3] for i in range(9)), "/help"]
        for text in texts:
            body = update(next(ids), chat, text)
            while True:
                async with slots:
                    started = time.perf_counter()
                    async with session.post(url, json=body, headers=headers) as answer:
                        await answer.read()
                        status = answer.status
                    latencies.append(time.perf_counter() - started)
                if status == 200:
                    break
                retries += 1
                await asyncio.sleep(0.2)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(chat_script(session, first_chat + c) for c in range(chats)))
        return time.perf_counter() - started, latencies, retries


async def measure(name: str, replicas: list[Replica], args: argparse.Namespace, first_chat: int) -> dict[str, Any]:
    port = free_port()
    front = await round_robin_front([r.url for r in replicas], port)
    url = f"http://127.0.0.1:{port}/hook"
    try:
        await drive(url, 20, args.connections, first_chat + 900_000)  # warm-up
        # One update at a time: what the store adds to one update, with no queueing in front.
        _, alone, _ = await drive(url, args.latency_chats, 1, first_chat + 800_000)
        cpu = sum(r.cpu_seconds() for r in replicas)
        seconds, latencies, retries = await drive(url, args.chats, args.connections, first_chat)
        cpu = sum(r.cpu_seconds() for r in replicas) - cpu
    finally:
        await front.cleanup()
    updates = args.chats * 11
    return {"setup": name, "updates": updates, "seconds": seconds, "updates_per_s": updates / seconds,
            "latency_ms": summary_ms(latencies), "alone_ms": summary_ms(alone), "retries": retries,
            "replica_cpu_ms_per_update": cpu * 1000 / updates}  # fmt: skip


def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="rf-scale-"))
    data_dir = workdir / "data"
    api_port = free_port()
    sink = subprocess.Popen([sys.executable, "-m", "benchmarks._bot_api_sink", str(api_port)], cwd=ROOT)
    redis = Redis(Path(tempfile.mkdtemp(prefix="rf-b-")))
    results: list[dict[str, Any]] = []
    try:
        wait_http(f"http://127.0.0.1:{api_port}/botX/getMe")
        setups = [
            ("sqlite, 1 process", f"sqlite:///{workdir}/rolefit.sqlite3", 1),
            ("redis, 1 replica", redis.url, 1),
            ("redis, 2 replicas", redis.url, 2),
        ]
        for round_no in range(args.rounds):
            for index, (name, store_url, count) in enumerate(setups):
                replicas = [Replica(workdir, api_port, store_url, data_dir) for _ in range(count)]
                commands = redis.commands()
                try:
                    first_chat = (round_no * len(setups) + index + 1) * 1_000_000
                    result = asyncio.run(measure(name, replicas, args, first_chat))
                finally:
                    for replica in replicas:
                        replica.stop()
                if store_url == redis.url:
                    sent = result["updates"] + 220 + args.latency_chats * 11
                    result["redis_commands_per_update"] = (redis.commands() - commands) / sent
                results.append(result)
                print_result(result)
        redis_bytes = {"chat": redis.bytes_per("rolefit:chat:*"), "marker": redis.bytes_per("rolefit:upd:*")}
    finally:
        redis.stop()
        sink.terminate()
        sink.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    return {"results": results, "redis_bytes": redis_bytes}


def print_result(r: dict[str, Any]) -> None:
    lat, alone = r["latency_ms"], r["alone_ms"]
    extra = f", {r['redis_commands_per_update']:.1f} Redis commands/update" if "redis_commands_per_update" in r else ""
    print(
        f"{r['setup']:<20} {r['updates_per_s']:5.0f} updates/s  loaded p50 {lat['p50']:.1f} ms p99 {lat['p99']:.1f} ms"
        f" | one at a time p50 {alone['p50']:.2f} ms p99 {alone['p99']:.2f} ms"
        f" | replica CPU {r['replica_cpu_ms_per_update']:.2f} ms/update"
        f"   ({r['updates']} updates in {r['seconds']:.1f} s, {r['retries']} retried{extra})",
        flush=True,
    )


def best(results: list[dict[str, Any]], setup: str) -> dict[str, Any]:
    return max((r for r in results if r["setup"] == setup), key=lambda r: r["updates_per_s"])


def median_of(results: list[dict[str, Any]], setup: str, what: str) -> float:
    values = [r["alone_ms"]["p50"] if what == "alone_p50" else r["replica_cpu_ms_per_update"] for r in results]
    return statistics.median(v for r, v in zip(results, values, strict=True) if r["setup"] == setup)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--connections", type=int, default=40, help="requests in flight (max_connections)")
    parser.add_argument("--latency-chats", type=int, default=20, help="chats sent one update at a time")
    parser.add_argument("--rounds", type=int, default=1, help="run the three setups this many times; best kept")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    note = machine_note()
    print_machine(note)
    measured = run(args)
    results = measured["results"]
    sqlite, one, two = (best(results, s) for s in ("sqlite, 1 process", "redis, 1 replica", "redis, 2 replicas"))
    scaling = two["updates_per_s"] / one["updates_per_s"]
    # Latency and CPU: the median over the rounds (one noisy round must not decide).
    redis_p50 = median_of(results, "redis, 1 replica", "alone_p50")
    overhead = redis_p50 - median_of(results, "sqlite, 1 process", "alone_p50")
    throughputs = " / ".join(f"{r['updates_per_s']:.0f}" for r in (sqlite, one, two))
    print(f"updates/s, best of {args.rounds} (sqlite / redis 1 replica / redis 2 replicas): {throughputs}")
    print(f"scaling, 2 replicas / 1 replica: {scaling:.2f}x   (goal >= 1.6x where cores allow)")
    cpu_extra = median_of(results, "redis, 1 replica", "cpu") - median_of(results, "sqlite, 1 process", "cpu")
    print(f"Redis replica CPU over SQLite: {cpu_extra:+.2f} ms per update (less noisy than latency on a busy machine)")
    print(f"Redis p50 over SQLite p50, one update at a time: {overhead:+.2f} ms per update   (goal <= 1 ms)")
    print(
        f"Redis memory: {measured['redis_bytes']['chat']:.0f} bytes per chat, "
        f"{measured['redis_bytes']['marker']:.0f} bytes per update marker (kept 25 h)"
    )
    print(
        f"{note['cpus']} CPUs for the replicas, the Bot API sink, the front, the load and Redis together: "
        "with 2 cores, 2 replicas can only scale as far as the other processes leave them CPU."
    )
    if args.json:
        write_json(args.json, {"machine": note, **measured, "scaling": scaling, "redis_p50_overhead_ms": overhead})


if __name__ == "__main__":
    main()
