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


class _Counting:
    """Wraps an encoder and counts the texts it is asked to encode."""

    def __init__(self, inner) -> None:
        self.inner, self.model_id, self.texts = inner, inner.model_id, 0

    def encode(self, texts):
        self.texts += len(texts)
        return self.inner.encode(texts)


@pytest.fixture(scope="module")
def student(faq_content):
    pytest.importorskip("onnx")
    from bot.faq.encoder import Encoder
    from bot.faq.semantic import SemanticMatcher
    from bot.faq.student_file import SHIPPED

    return SemanticMatcher(examples_from(faq_content), Encoder(layers=SHIPPED))


def test_the_student_decides_clear_questions_without_the_full_model(faq_content, student) -> None:
    from bot.faq.encoder import Encoder
    from bot.faq.semantic import SemanticMatcher

    encoder = _Counting(Encoder())
    model = SemanticMatcher(examples_from(faq_content), encoder)
    cascade = CascadeMatcher(model, student=student)
    in_scope, out_of_scope = _holdout()
    before = encoder.texts
    stages = [cascade.decide(text)[0] for text in in_scope + out_of_scope]
    assert stages.count("student") >= len(stages) // 2  # most questions are clear
    assert encoder.texts - before == stages.count("model")  # the full model ran only for the rest


def test_a_student_verdict_is_an_answer_or_clearly_nothing_and_never_worse_than_the_models(semantic, student) -> None:
    data = yaml.safe_load((HERE / "fixture_holdout.yaml").read_text(encoding="utf-8"))
    expected = {q: topic for topic, questions in data["topics"].items() for q in questions}
    expected |= {q: None for q in list(data["out_of_scope"]) + list(data.get("near_domain") or [])}
    cascade = CascadeMatcher(semantic, student=student)
    decided = 0
    for text, topic in expected.items():
        stage, match = cascade.decide(text)
        if stage != "student":
            continue
        decided += 1
        assert not match.suggestions, text  # suggestions are near a boundary: the model decides them
        if not _same(match, semantic.match(text)):  # the two models may differ; then the student is right
            assert match.topic == topic, text
    assert decided


def test_a_damaged_student_file_leaves_the_full_model_answering(monkeypatch, caplog, faq_content, tmp_path) -> None:
    pytest.importorskip("onnx")
    import logging

    import bot.faq.student_file
    from bot.faq import build_matcher

    damaged = tmp_path / "layers.npz"
    damaged.write_bytes(b"not a numpy archive")
    monkeypatch.setattr(bot.faq.student_file, "SHIPPED", damaged)
    with caplog.at_level(logging.WARNING):
        matcher = build_matcher(faq_content, cache_dir=tmp_path / "cache")
    assert isinstance(matcher, CascadeMatcher) and matcher.student is None
    assert [r.getMessage() for r in caplog.records if "student" in r.getMessage()]
    assert matcher.match("what does a project manager do").topic == "project_manager_role"


def test_the_careful_matcher_is_the_full_model_and_keeps_its_own_memo(semantic, student) -> None:
    cascade = CascadeMatcher(semantic, student=student)
    in_scope, out_of_scope = _holdout()
    texts = in_scope + out_of_scope
    quick = {text: cascade.match(text) for text in texts}
    assert cascade.stages["student"]  # the quick path used the student for some of them
    for text in texts:
        assert _same(cascade.careful.match(text), semantic.match(text)), text
    for text in texts:  # each path stays a fixed function of the text, in any order of calls
        assert cascade.match(text) == quick[text], text


def test_a_question_the_model_answered_is_not_run_again_on_the_careful_path(faq_content) -> None:
    from bot.faq.semantic import SemanticMatcher

    encoder = CountingEncoder()
    cascade = CascadeMatcher(SemanticMatcher(examples_from(faq_content), encoder))  # no student: the model decides
    encoded = encoder.texts
    cascade.match("which role talks to customers")
    cascade.careful.match("which role talks to customers")
    assert encoder.texts == encoded + 1
