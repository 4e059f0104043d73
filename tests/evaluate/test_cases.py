"""`bot eval` scores multi-turn and behaviour cases by what the bot really answered."""

from __future__ import annotations

from pathlib import Path

from bot.content import Content
from bot.engine import Engine
from bot.evaluate.cases import evaluate_cases, format_cases
from tests.matching import FakeMatch, TableMatcher

CASES = """
conversations:
  - name: day, then the other role, then more
    turns:
      - {say: "what does a project manager do all day", topic: [project_manager_example]}
      - {say: "and product managers?", topic: [product_manager_example]}
      - {say: "tell me more", topic: any_same_role}
  - name: a miss
    turns:
      - {say: "what does a project manager do all day", topic: [difference]}
  - name: an aside is declined, and an aside answered with a topic is a miss
    turns:
      - {say: "what's the capital of peru", topic: no_topic}
      - {say: "what does a project manager do all day", topic: no_topic}
role_probes:
  - {say: "is product management a good career?", role: product, topic: [product_management_career]}
  - {say: "what does a project manager do all day", role: product, topic: [product_manager_example]}
commands_in_words:
  - {say: "help me", expect: help}
  - {say: "start over", expect: restart}
  - {say: "what was my result", expect: result}
  - {say: "quit", expect: cancel, setup: ["/quiz", "yes"]}
non_english:
  - {say: "что делает менеджер проектов?"}
frustration:
  - {say: "you are useless"}
"""


def test_cases_are_scored_turn_by_turn(content: Content, tmp_path: Path) -> None:
    matcher = TableMatcher(
        {
            "what does a project manager do all day": FakeMatch("project_manager_example", score=0.9),
            "is product management a good career?": FakeMatch("project_management_career", score=0.8),
        }
    )
    path = tmp_path / "cases.yaml"
    path.write_text(CASES, encoding="utf-8")
    report = evaluate_cases(Engine(content, matcher), path)
    assert (report.turns.right, report.turns.total) == (4, 6)
    assert (report.follow_ups.right, report.follow_ups.total) == (2, 3)
    # The second probe names product but the table answers a project topic: the guard is not
    # asked there (the text names "project manager"), so it counts as a swap, and is reported.
    assert (report.role_right.right, report.role_right.total) == (1, 2)
    assert len(report.swaps) == 1
    assert (report.commands.right, report.commands.total) == (4, 4)
    assert report.non_english.rate == 1.0 and report.frustration.rate == 1.0
    text = format_cases(report)
    assert "follow-up turns answered right" in text and "SWAP" in text and "a miss" in text
