"""A floor on our own multi-turn cases with the real FAQ model: follow-ups lean on memory, and
no probe naming one role is answered with the other role's topic."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Content
from bot.engine import Engine
from bot.evaluate.cases import evaluate_cases

CASES = Path(__file__).with_name("fixture_followups.yaml")
CONVERSATIONS = Path(__file__).with_name("fixture_conversations.yaml")


@pytest.fixture(scope="module")
def engine(content: Content, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    pytest.importorskip("onnxruntime")
    from bot.faq import build_matcher

    return Engine(content, build_matcher(content, cache_dir=tmp_path_factory.mktemp("faq-cache")))


def test_follow_ups_and_role_probes_hold_their_floor(engine: Engine) -> None:
    report = evaluate_cases(engine, CASES)
    assert report.follow_ups.rate >= 0.9, report.follow_ups.failures
    assert report.swaps == [], "a question naming one role got the other role's topic"
    assert report.role_right.rate >= 0.75, report.role_right.failures
    assert report.commands.rate >= 0.9 and report.non_english.rate >= 0.8 and report.frustration.rate >= 0.8


def test_counselling_conversations_hold_their_floor(engine: Engine) -> None:
    """Career changers' conversations of 3-6 turns; the fixture keeps its known gaps with the
    answer we want (107 of 112 turns right when written). Every turn passes since "that"
    compared with a role reads as the last subject, a credential as a subject, "which is
    better?" as a choice between what was just compared, and a lost follow-up with both roles
    open as one subject for either role, so the floor is all of them."""
    report = evaluate_cases(engine, CONVERSATIONS)
    assert report.turns.rate == 1.0, report.turns.failures
    assert report.follow_ups.rate == 1.0, report.follow_ups.failures
