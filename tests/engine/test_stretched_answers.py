"""Chat spelling stretches short answers ("nooo", "yeees"); during the checklist they are the
answer, not "To answer, tap a button or type Yes, Somewhat or No"."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.engine import Engine, TextEvent
from tests.engine.helpers import is_question, quiz_at


@pytest.mark.parametrize(
    ("typed", "answer"),
    [("nooo", "no"), ("Noooo!", "no"), ("nahh", "no"), ("yeees", "yes"), ("yeahh", "yes"), ("noo, not me", "no")],
)
def test_a_stretched_yes_or_no_answers_the_statement(engine: Engine, content: Content, typed: str, answer: str) -> None:
    t = engine.step(quiz_at(content, 0), TextEvent(typed))
    assert t.state.answer_map() == {content.statements[0].id: answer}
    assert is_question(content, t.replies[-1], 1)
