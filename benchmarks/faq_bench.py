"""FAQ matcher speed: build time, p50/p99 latency per question, and peak RSS.

Runs the shipped content, then the same content multiplied to ~1,000 topics (synthetic
copies whose phrasings carry a distinct suffix). Prints numbers; asserts nothing.

    python -m benchmarks.faq_bench [--topics 1000] [--questions FILE.yaml] [--cache DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from benchmarks._common import write_json  # noqa: E402
from bot.content import Content, load_content  # noqa: E402
from bot.faq import build_matcher  # noqa: E402
from bot.faq.types import Matcher  # noqa: E402

DEFAULT_QUESTIONS = ROOT / "tests" / "faq" / "fixture_holdout.yaml"
TEAMS = ["in fintech", "at a bank", "in healthcare", "in gaming", "at a startup", "in retail", "in government"]


def questions_from(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = [q for qs in (data.get("topics") or {}).values() for q in qs]
    return out + list(data.get("out_of_scope") or []) + list(data.get("near_domain") or [])


def multiplied(content: Content, topics: int) -> Content:
    """Synthetic copies of every topic until there are `topics` of them."""
    out = list(content.topics)
    copy = 0
    while len(out) < topics:
        copy += 1
        suffix = f"{TEAMS[copy % len(TEAMS)]} (team {copy})"
        for topic in content.topics:
            if len(out) >= topics:
                break
            phrasings = tuple(f"{p} {suffix}" for p in topic.phrasings)
            out.append(dataclasses.replace(topic, id=f"{topic.id}_copy{copy}", phrasings=phrasings, related=()))
    return dataclasses.replace(content, topics=tuple(out))


def latencies(matcher: Matcher, questions: list[str], rounds: int) -> list[float]:
    times: list[float] = []
    for _ in range(rounds):
        for question in questions:
            start = time.perf_counter()
            matcher.match(question)
            times.append((time.perf_counter() - start) * 1000)
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(label: str, content: Content, questions: list[str], cache: Path | None, rounds: int) -> dict[str, object]:
    start = time.perf_counter()
    matcher = build_matcher(content, cache_dir=cache)
    built = time.perf_counter() - start
    times = latencies(matcher, questions, rounds)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    phrasings = sum(len(t.phrasings) for t in content.topics)
    print(
        f"{label:>22}: {len(content.topics):5d} topics {phrasings:6d} phrasings | build {built:6.2f} s | "
        f"p50 {percentile(times, 0.5):5.1f} ms  p99 {percentile(times, 0.99):5.1f} ms  "
        f"mean {statistics.fmean(times):5.1f} ms  ({len(times)} questions) | peak RSS {rss:.0f} MB | "
        f"{type(matcher).__name__}"
    )
    return {
        "label": label,
        "topics": len(content.topics),
        "phrasings": phrasings,
        "build_s": built,
        "questions": len(times),
        "p50_ms": percentile(times, 0.5),
        "p99_ms": percentile(times, 0.99),
        "mean_ms": statistics.fmean(times),
        "peak_rss_mb": rss,
        "matcher": type(matcher).__name__,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=1000)
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--cache", type=Path, default=None, help="vector cache dir (default: none, encode every run)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", metavar="FILE", help="also write the numbers to FILE")
    args = parser.parse_args()
    content = load_content(ROOT / "dialogues")
    questions = questions_from(args.questions)
    runs = [run("shipped content", content, questions, args.cache, args.rounds)]
    if args.cache:
        runs.append(run("shipped, cache warm", content, questions, args.cache, 1))
    runs.append(
        run(f"x{args.topics} topics", multiplied(content, args.topics), questions, args.cache, max(1, args.rounds // 2))
    )
    write_json(args.json, {"runs": runs})


if __name__ == "__main__":
    main()
