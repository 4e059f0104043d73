"""Shared fixtures: the shipped content, and a small deterministic matcher for engine tests."""

from __future__ import annotations

import pytest

from bot.content import Content, load_content
from bot.engine import Engine
from tests.matching import DIALOGUES, FakeMatch, TableMatcher


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(DIALOGUES)


@pytest.fixture
def matcher() -> TableMatcher:
    return TableMatcher(
        {
            "what does a project manager do": FakeMatch("project_manager_role", score=0.9),
            "manager stuff": FakeMatch(None, ("product_manager_role", "project_manager_role"), 0.5),
        }
    )


@pytest.fixture
def engine(content: Content, matcher: TableMatcher) -> Engine:
    return Engine(content, matcher)
