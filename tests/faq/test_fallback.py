"""Without the model stack, build_matcher falls back to the lexical matcher with ONE warning."""

from __future__ import annotations

import logging
import sys

import pytest

from bot.faq import build_matcher
from bot.faq.lexical import LexicalMatcher


def test_lexical_fallback_when_the_model_cannot_be_imported(monkeypatch, caplog, faq_content) -> None:
    monkeypatch.delitem(sys.modules, "bot.faq.encoder", raising=False)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime -> ImportError
    with caplog.at_level(logging.DEBUG):
        matcher = build_matcher(faq_content)
    assert isinstance(matcher, LexicalMatcher)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "lexical" in warnings[0].getMessage()


def test_semantic_when_the_model_loads(caplog, faq_content, tmp_path) -> None:
    pytest.importorskip("onnxruntime")
    with caplog.at_level(logging.WARNING):
        matcher = build_matcher(faq_content, cache_dir=tmp_path)
    assert not isinstance(matcher, LexicalMatcher)
    assert not caplog.records


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("what does a project manager do", "project_manager_role"),
        ("what does a prodct manager do", "product_manager_role"),
    ],
)
def test_lexical_offers_the_right_topic(lexical, question: str, topic: str) -> None:
    match = lexical.match(question)
    assert topic == match.topic or topic in match.suggestions


@pytest.mark.parametrize("question", ["tell me a joke", "how do I bake sourdough bread", "", "привет"])
def test_lexical_rejects_unrelated(lexical, question: str) -> None:
    assert lexical.match(question).topic is None
