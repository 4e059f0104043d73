"""FAQ matcher speed: CPU time per question by cascade stage, build time, latency, peak RSS.

First the cascade the bot uses (bot/faq/cascade.py) on the shipped content: the CPU time of
each question (this thread's CPU, so other load on the machine hardly moves it), split by the
stage that decided it, and each stage's share ("decide rate"); then the same cascade without
its student stage, on the same texts, as the baseline of a ratio. Two streams: no repeats (the
--questions files plus distinct typed messages, each asked once, memo empty) and with repeats
(typed messages drawn with Zipf-like popularity). Then wall-clock latency with the shipped
content and with the content multiplied to ~1,000 topics. Prints numbers; asserts nothing.

    python -m benchmarks.faq_bench [--topics 1000] [--questions FILE.yaml ...] [--cache DIR] [--json FILE]
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
from benchmarks._typed import stream  # noqa: E402
from bot.content import Content, load_content  # noqa: E402
from bot.faq import build_matcher  # noqa: E402
from bot.faq.cascade import CascadeMatcher  # noqa: E402
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


def stage_costs(label: str, matcher: Matcher, texts: list[str]) -> dict[str, object]:
    """CPU time per question, by the cascade stage that decided it."""

    def whole(text: str) -> tuple[str, object]:
        return "model", matcher.match(text)

    # A matcher without stages (an older checkout, the lexical fallback) counts as one stage.
    decide = getattr(matcher, "decide", whole)
    normalizer = getattr(matcher, "normalizer", lambda text: text)
    by_stage: dict[str, list[float]] = {}
    everything: list[float] = []
    cleanup: list[float] = []
    for text in texts:
        start = time.thread_time_ns()
        normalizer(text)
        cleanup.append((time.thread_time_ns() - start) / 1e6)
    for text in texts:
        start = time.thread_time_ns()
        stage, _ = decide(text)
        spent = (time.thread_time_ns() - start) / 1e6
        by_stage.setdefault(stage, []).append(spent)
        everything.append(spent)
    shares = {stage: len(times) / len(texts) for stage, times in by_stage.items()}
    cheap = 1 - shares.get("model", 0.0)
    print(
        f"{label:>22}: {len(texts)} questions | CPU per question p50 {percentile(everything, 0.5):5.2f} ms  "
        f"p99 {percentile(everything, 0.99):5.2f} ms  mean {statistics.fmean(everything):5.2f} ms | "
        f"decided without the model {cheap:.0%}"
    )
    print(f"{'':>22}  clean-up alone: p50 {percentile(cleanup, 0.5):.3f} ms  p99 {percentile(cleanup, 0.99):.3f} ms")
    for stage, times in sorted(by_stage.items(), key=lambda item: -len(item[1])):
        print(
            f"{'':>22}  {stage:<9} {shares[stage]:6.1%} of questions  p50 {percentile(times, 0.5):6.3f} ms  "
            f"p99 {percentile(times, 0.99):6.3f} ms  mean {statistics.fmean(times):6.3f} ms"
        )
    return {
        "label": label,
        "questions": len(texts),
        "p50_ms": percentile(everything, 0.5),
        "p99_ms": percentile(everything, 0.99),
        "mean_ms": statistics.fmean(everything),
        "cleanup_p50_ms": percentile(cleanup, 0.5),
        "stages": {
            stage: {"share": shares[stage], "p50_ms": percentile(t, 0.5), "p99_ms": percentile(t, 0.99)}
            for stage, t in by_stage.items()
        },
    }


def cascade_runs(content: Content, files: list[Path], cache: Path | None, typed: int) -> list[dict[str, object]]:
    once = [q for path in files for q in questions_from(path)] + [t for _, t in stream(typed, unique=True)]
    repeated = [t for _, t in stream(typed * 2)]
    runs = []
    for label, texts in (("no repeats", once), ("typed, with repeats", repeated)):
        if not texts:
            continue
        matcher = build_matcher(content, cache_dir=cache)  # a fresh memo for each stream
        runs.append(stage_costs(label, matcher, texts))
        if isinstance(matcher, CascadeMatcher) and matcher.student is not None:
            # The baseline, measured right after on the same texts: the same cascade and model
            # without the student stage (what every question cost before it), and the ratio.
            baseline = stage_costs(f"{label}, no student", CascadeMatcher(matcher.model), texts)
            runs.append(baseline)
            ratios = {k: float(str(runs[-2][k])) / float(str(baseline[k])) for k in ("p50_ms", "p99_ms", "mean_ms")}
            print(f"{'':>22}  with the student / without: " + "  ".join(f"{k} {v:.2f}x" for k, v in ratios.items()))
    return runs


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
    parser.add_argument(
        "--questions",
        type=Path,
        action="append",
        help="evaluation-format YAML whose questions are timed (repeatable; default tests/faq/fixture_holdout.yaml; "
        "e.g. ../shared/eval/faq-dev.yaml)",
    )
    parser.add_argument("--typed", type=int, default=1000, help="distinct typed messages added to the no-repeat run")
    parser.add_argument("--skip-topics", action="store_true", help="only the cascade runs, not the 1,000-topic one")
    parser.add_argument("--cache", type=Path, default=None, help="vector cache dir (default: none, encode every run)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", metavar="FILE", help="also write the numbers to FILE")
    args = parser.parse_args()
    content = load_content(ROOT / "dialogues")
    files = args.questions or [DEFAULT_QUESTIONS]
    print("the bot's matcher, CPU time per question by the stage that decided it:")
    stages = cascade_runs(content, files, args.cache, args.typed)
    print("wall-clock latency of match():")
    questions = [q for path in files for q in questions_from(path)]
    runs = [run("shipped content", content, questions, args.cache, args.rounds)]
    if args.cache:
        runs.append(run("shipped, cache warm", content, questions, args.cache, 1))
    if not args.skip_topics:
        topics = multiplied(content, args.topics)
        runs.append(run(f"x{args.topics} topics", topics, questions, args.cache, max(1, args.rounds // 2)))
    write_json(args.json, {"stages": stages, "runs": runs})


if __name__ == "__main__":
    main()
