"""Behaviour of the semantic matcher on the stand-in content (no timings asserted)."""

from __future__ import annotations

import pytest

from bot.faq.types import Match

ANSWERED = [
    ("what does a project manager do", "project_manager_role"),
    ("what does a product manager do", "product_manager_role"),
    ("What does a prodct manager do?", "product_manager_role"),
    ("whats a projct mangaer responsible for", "project_manager_role"),
    ("prodcut manager vs projct manager", "difference"),
    ("how do i become a projet manager", "become_project_manager"),
]


@pytest.mark.parametrize(("question", "topic"), ANSWERED)
def test_answers_clear_questions_including_typos(semantic, question: str, topic: str) -> None:
    assert semantic.match(question).topic == topic


@pytest.mark.parametrize("question", ["tell me a joke", "how do I bake sourdough bread", "what is the capital of peru"])
def test_unrelated_questions_get_nothing(semantic, question: str) -> None:
    assert semantic.match(question) == Match(None, (), semantic.match(question).score)


@pytest.mark.parametrize("question", ["how much money does a project manager make", "can you rewrite my resume"])
def test_not_covered_subjects_get_no_topic(semantic, question: str) -> None:
    assert semantic.match(question).topic is None


def test_product_and_project_are_not_confused(semantic) -> None:
    assert semantic.match("product managr job description").topic == "product_manager_role"
    assert semantic.match("project managr job description").topic == "project_manager_role"


@pytest.mark.parametrize("text", ["", "   ", "???", "привет", "🙂", "a" * 20_000, "manager " * 2_000])
def test_odd_input_never_raises(semantic, text: str) -> None:
    match = semantic.match(text)
    assert match.topic is None or match.topic in {t for t in semantic.examples.topic_ids}
    assert len(match.suggestions) <= 3


def test_unsure_zone_offers_at_most_three_known_topics(semantic) -> None:
    # a vague in-domain question: whatever zone it lands in, the shape is right
    match = semantic.match("managers")
    assert not (match.topic and match.suggestions)
    assert set(match.suggestions) <= set(semantic.examples.topic_ids)
    assert len(match.suggestions) <= 3


def test_thresholds_are_ordered(semantic) -> None:
    t = semantic.thresholds
    assert 0 < t.floor < 1 and 0 < t.sure_floor < 1
    assert t.margin > 0 and t.spread >= t.margin
