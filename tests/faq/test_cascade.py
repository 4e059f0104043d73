"""The bot's cascade answers exactly what the model answers, and remembers within a bound."""

from __future__ import annotations

import pytest
import yaml

from bot.faq.cascade import CascadeMatcher
from bot.faq.examples import examples_from
from bot.faq.memo import LruMemo
from bot.faq.types import Match
from tests.faq.conftest import HERE
from tests.faq.test_cache import CountingEncoder


def _same(a: Match, b: Match) -> bool:
    """Same outcome for the user; the score is for logs and may differ in the last float bits."""
    return (a.topic, a.suggestions, a.declined) == (b.topic, b.suggestions, b.declined)


def _holdout() -> tuple[list[str], list[str]]:
    data = yaml.safe_load((HERE / "fixture_holdout.yaml").read_text(encoding="utf-8"))
    in_scope = [q for questions in data["topics"].values() for q in questions]
    return in_scope, list(data["out_of_scope"]) + list(data.get("near_domain") or [])


@pytest.fixture(scope="module")
def cascade(semantic) -> CascadeMatcher:
    return CascadeMatcher(semantic)


def test_content_phrasings_get_the_models_answer_without_running_it(cascade, semantic) -> None:
    for text in semantic.examples.texts:
        stage, match = cascade.decide(text)
        assert stage == "phrasing", text
        assert _same(match, semantic.match(text)), text


def test_held_out_and_out_of_scope_questions_get_the_models_answer(cascade, semantic) -> None:
    in_scope, out_of_scope = _holdout()
    for text in in_scope + out_of_scope:
        assert _same(cascade.match(text), semantic.match(text)), text


def test_out_of_scope_text_is_never_answered_by_a_cheap_stage(semantic) -> None:
    cascade = CascadeMatcher(semantic)
    for text in _holdout()[1]:
        stage, match = cascade.decide(text)
        assert stage == "model", text  # none of them is a content phrasing, none was asked before
        assert _same(match, semantic.match(text)), text


def test_a_repeated_question_is_answered_from_the_memo(cascade) -> None:
    first = cascade.decide("hey, who writes the user stories for the team")
    again = cascade.decide("Hey, who writes the user stories for the team?!")  # the same words once cleaned up
    assert (first[0], again[0]) == ("model", "memo")
    assert again[1] == first[1]


def test_the_memo_spares_the_encoder(faq_content) -> None:
    from bot.faq.semantic import SemanticMatcher

    encoder = CountingEncoder()
    cascade = CascadeMatcher(SemanticMatcher(examples_from(faq_content), encoder), memo_size=2)
    encoded = encoder.texts
    cascade.match("which role talks to customers")
    cascade.match("which role talks to customers")
    assert encoder.texts == encoded + 1
    cascade.match(faq_content.topics[0].phrasings[0])  # a content phrasing: no model run at all
    assert encoder.texts == encoded + 1
    assert cascade.stages == {"model": 1, "memo": 1, "phrasing": 1}


def test_empty_text_is_out_of_scope_without_the_model(cascade) -> None:
    assert cascade.decide("?!  ...") == ("empty", Match(None, (), 0.0))


def test_memo_is_bounded_and_forgets_the_least_recently_used() -> None:
    memo = LruMemo(2)
    a, b, c = (Match(t, (), 0.5) for t in ("a", "b", "c"))
    memo.put("a", a)
    memo.put("b", b)
    assert memo.get("a") is a  # "a" is now the most recently used
    memo.put("c", c)
    assert len(memo) == 2
    assert memo.get("b") is None
    assert memo.get("a") is a and memo.get("c") is c


def test_memo_needs_room_for_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        LruMemo(0)
