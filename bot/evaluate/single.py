"""Measure a matcher against an evaluation YAML and print the numbers that matter.

The file holds `topics: {topic_id: [questions]}` (in scope), `out_of_scope: [questions]`
(unrelated; must get no topic) and optionally `near_domain: [questions]` (career questions
the content deliberately doesn't cover; must get no topic either).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.understand.matching import MatchResult as Match
from bot.understand.matching import TopicMatcher as Matcher

NONE = "(none)"


@dataclass
class Report:
    in_scope: int = 0
    right: int = 0  # topic == expected
    wrong: int = 0  # topic set to another topic
    top1: int = 0  # topic, else first suggestion, == expected
    top3: int = 0  # expected is the topic or among the suggestions
    suggested: int = 0  # unsure zone (suggestions, no topic)
    rejected: int = 0  # in-scope question declared out of scope
    unrelated: int = 0
    unrelated_answered: int = 0
    near: int = 0
    near_answered: int = 0
    out_predicted: int = 0  # all questions that got neither topic nor suggestions
    out_predicted_correct: int = 0  # ...of which were truly out of scope
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)

    def rate(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def useful(self) -> float:
        """In-scope: expected topic answered or suggested; out of scope: no topic given."""
        good = self.top3 + (self.unrelated - self.unrelated_answered) + (self.near - self.near_answered)
        return self.rate(good, self.in_scope + self.unrelated + self.near)


def _shown(match: Match) -> str:
    if match.topic:
        return match.topic
    return f"?{match.suggestions[0]}" if match.suggestions else NONE


def _timed(matcher: Matcher, text: str, report: Report) -> Match:
    start = time.perf_counter()
    match = matcher.match(text)
    report.latencies_ms.append((time.perf_counter() - start) * 1000)
    if not match.topic and not match.suggestions:
        report.out_predicted += 1
    return match


def evaluate(matcher: Matcher, *eval_yaml_paths: Path) -> Report:
    """One report over all the files, e.g. faq-dev.yaml plus the new topics of faq-dev-v2.yaml."""
    report = Report()
    for path in eval_yaml_paths:
        _evaluate_file(matcher, yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}, report)
    return report


def _evaluate_file(matcher: Matcher, data: dict[str, Any], report: Report) -> None:
    for expected, questions in (data.get("topics") or {}).items():
        for question in questions or ():
            match = _timed(matcher, str(question), report)
            report.in_scope += 1
            offered = ((match.topic,) if match.topic else ()) + match.suggestions
            first = offered[0] if offered else None
            report.right += match.topic == expected
            report.wrong += bool(match.topic) and match.topic != expected
            report.top1 += first == expected
            report.top3 += expected in offered[:3]
            report.suggested += not match.topic and bool(match.suggestions)
            report.rejected += not offered
            if match.topic != expected:
                report.confusions[(str(expected), _shown(match))] += 1
    for key, label in (("out_of_scope", "(unrelated)"), ("near_domain", "(near-domain)")):
        for question in data.get(key) or ():
            match = _timed(matcher, str(question), report)
            answered = match.topic is not None
            if key == "out_of_scope":
                report.unrelated += 1
                report.unrelated_answered += answered
            else:
                report.near += 1
                report.near_answered += answered
            report.out_predicted_correct += not match.topic and not match.suggestions
            if answered or match.suggestions:
                report.confusions[(label, _shown(match))] += 1


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def format_report(report: Report) -> str:
    r = report.rate
    out_total = report.unrelated + report.near
    unrelated = r(report.unrelated_answered, report.unrelated)
    p50, p99 = _percentile(report.latencies_ms, 0.5), _percentile(report.latencies_ms, 0.99)
    lines = [
        f"in-scope questions      {report.in_scope}",
        f"  top-1                 {r(report.top1, report.in_scope):.3f}   (topic, else first suggestion)",
        f"  top-3                 {r(report.top3, report.in_scope):.3f}   (expected answered or suggested)",
        f"  right answer          {r(report.right, report.in_scope):.3f}",
        f"  wrong answer          {r(report.wrong, report.in_scope):.3f}",
        f"  suggestions only      {r(report.suggested, report.in_scope):.3f}",
        f"  declared out of scope {r(report.rejected, report.in_scope):.3f}",
        f"unrelated questions     {report.unrelated}   answered with a topic {unrelated:.3f}",
        f"near-domain questions   {report.near}   answered with a topic {r(report.near_answered, report.near):.3f}",
        f"out-of-scope precision  {r(report.out_predicted_correct, report.out_predicted):.3f}",
        f"out-of-scope recall     {r(report.out_predicted_correct, out_total):.3f}",
        f"useful outcome          {report.useful:.3f}   (in scope: expected offered; out of scope: no topic)",
        f"latency ms              p50 {p50:.1f}   p99 {p99:.1f}",
        "confusions (expected -> got; ?x = suggested first, (none) = out of scope):",
    ]
    for (expected, got), count in report.confusions.most_common():
        lines.append(f"  {count:3d}  {expected} -> {got}")
    if not report.confusions:
        lines.append("  none")
    return "\n".join(lines)
