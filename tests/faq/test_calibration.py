"""Thresholds come from the content: adding a topic recalibrates but leaves the others alone."""

from __future__ import annotations

import pytest

from bot.faq.examples import examples_from
from tests.faq.conftest import fixture_data, make_content

QUESTIONS = [
    "what does a project manager do",
    "what does a prodct manager do",
    "product vs project management",
    "which skills does a project manager need",
    "should i become a product manager",
    "how do product and project managers work together",
    "tell me a joke",
    "what does a nurse do",
]
EXTRA_TOPIC = {
    "office_hours": [
        "when are you available",
        "what are your opening hours",
        "can I talk to you on weekends",
        "are you online at night",
        "what time do you reply",
    ]
}


def _with_extra_topic() -> tuple:
    data = fixture_data()
    return make_content(data["topics"], data["not_covered"]), make_content(
        {**data["topics"], **EXTRA_TOPIC}, data["not_covered"]
    )


def test_adding_a_topic_changes_nothing_for_the_others() -> None:
    pytest.importorskip("onnxruntime")
    from bot.faq.encoder import Encoder
    from bot.faq.semantic import SemanticMatcher

    encoder = Encoder()
    before, after = (SemanticMatcher(examples_from(c), encoder) for c in _with_extra_topic())
    for question in QUESTIONS:
        assert before.match(question).topic == after.match(question).topic, question
    assert after.match("what are your opening hours on sunday").topic == "office_hours"


def test_lexical_thresholds_follow_the_content_too() -> None:
    from bot.faq.lexical import LexicalMatcher

    before, after = (LexicalMatcher(examples_from(c)) for c in _with_extra_topic())
    for question in QUESTIONS:
        assert before.match(question).topic == after.match(question).topic, question
    assert after.match("what are your opening hours").topic == "office_hours"


def test_not_covered_groups_act_as_negatives() -> None:
    pytest.importorskip("onnxruntime")
    from bot.faq.encoder import Encoder
    from bot.faq.semantic import SemanticMatcher

    data = fixture_data()
    topics = {"product_manager_role": data["topics"]["product_manager_role"]}
    salaries = {
        "salaries": [
            "how much does a product manager earn",
            "product manager salary",
            "what do product managers get paid",
        ]
    }
    without = SemanticMatcher(examples_from(make_content(topics)), Encoder())
    with_negatives = SemanticMatcher(examples_from(make_content(topics, salaries)), Encoder())
    question = "what is the average pay of a product manager"
    assert with_negatives.match(question).topic is None
    assert without.match(question).score == pytest.approx(with_negatives.match(question).score)


@pytest.mark.parametrize("kind", ["semantic", "lexical"])
def test_degenerate_contents_do_not_break(kind: str) -> None:
    if kind == "semantic":
        pytest.importorskip("onnxruntime")
        from bot.faq.encoder import Encoder
        from bot.faq.semantic import SemanticMatcher

        encoder = Encoder()
        build = lambda content: SemanticMatcher(examples_from(content), encoder)
    else:
        from bot.faq.lexical import LexicalMatcher

        build = lambda content: LexicalMatcher(examples_from(content))
    empty = build(make_content({}, {"chit_chat": ["hello", "thanks"]}))
    assert empty.match("what does a project manager do").topic is None
    single = build(
        make_content({"only": ["what does a project manager do"], "other": ["tell me about salaries", "pay"]})
    )
    assert single.match("what does a project manager do").topic in (None, "only")
    assert single.match("").topic is None
