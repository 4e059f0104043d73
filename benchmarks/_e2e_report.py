"""Printing the end-to-end benchmark's results, one run at a time."""

from __future__ import annotations

import os
from typing import Any

from benchmarks._common import fmt_ms, mib

TARGET_OPEN_P99_MS = 50.0


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
