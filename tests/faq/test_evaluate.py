from __future__ import annotations

from pathlib import Path

from bot.evaluate.single import evaluate, format_report
from bot.faq.types import Match

TABLE = {
    "q right": Match("a", (), 0.9),
    "q wrong": Match("b", (), 0.8),
    "q unsure": Match(None, ("b", "a"), 0.6),
    "q missed": Match(None, (), 0.2),
    "joke": Match(None, (), 0.1),
    "salary": Match("a", (), 0.5),
}


class Table:
    def match(self, text: str) -> Match:
        return TABLE[text]


def test_evaluate_counts_every_outcome(tmp_path: Path) -> None:
    path = tmp_path / "eval.yaml"
    path.write_text(
        "topics:\n  a: [q right, q wrong, q unsure, q missed]\nout_of_scope: [joke]\nnear_domain: [salary]\n"
    )
    report = evaluate(Table(), path)
    assert (report.in_scope, report.right, report.wrong, report.top1, report.top3) == (4, 1, 1, 1, 2)
    assert (report.suggested, report.rejected) == (1, 1)
    assert (report.unrelated_answered, report.near_answered) == (0, 1)
    assert report.confusions[("a", "b")] == 1 and report.confusions[("a", "?b")] == 1
    assert report.confusions[("(near-domain)", "a")] == 1
    text = format_report(report)
    for label in (
        "top-1",
        "top-3",
        "right answer",
        "wrong answer",
        "out-of-scope precision",
        "out-of-scope recall",
        "useful",
        "p99",
        "a -> b",
    ):
        assert label in text
