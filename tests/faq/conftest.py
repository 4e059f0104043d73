"""Fixtures for the FAQ matcher: a stand-in content (fixture_faq.yaml) and matchers built on it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content.model import Content, NotCovered, Topic
from bot.faq.examples import examples_from

HERE = Path(__file__).resolve().parent


def make_content(topics: dict[str, list[str]], not_covered: dict[str, list[str]] | None = None) -> Content:
    return Content(
        roles=(),
        answers=(),
        statements=(),
        topics=tuple(
            Topic(id=i, title=i.replace("_", " "), answer=f"About {i}.", phrasings=tuple(p), related=())
            for i, p in topics.items()
        ),
        not_covered=tuple(NotCovered(id=i, phrasings=tuple(p)) for i, p in (not_covered or {}).items()),
        messages={},
        menu_topics=(),
        compare_topics=(),
        language=_shipped_language(),  # how to read text is not what this stand-in varies
    )


def _shipped_language():
    from bot.content import load_content

    return load_content(HERE.parents[1] / "dialogues").language


def fixture_data() -> dict:
    return yaml.safe_load((HERE / "fixture_faq.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def faq_content() -> Content:
    data = fixture_data()
    return make_content(data["topics"], data["not_covered"])


@pytest.fixture(scope="session")
def semantic(faq_content: Content):
    pytest.importorskip("onnxruntime")
    from bot.faq.encoder import Encoder
    from bot.faq.semantic import SemanticMatcher

    return SemanticMatcher(examples_from(faq_content), Encoder())


@pytest.fixture(scope="session")
def lexical(faq_content: Content):
    from bot.faq.lexical import LexicalMatcher

    return LexicalMatcher(examples_from(faq_content))
