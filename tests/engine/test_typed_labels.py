"""Typing a button's label ("Yes, that's me") answers the statement as pressing it does: people
copy what they see. The longest label was read as a question and got "To answer, tap a button
or type Yes, Somewhat or No"."""

from __future__ import annotations

from bot.content import Content
from bot.engine import Engine, TextEvent
from tests.engine.helpers import is_question, quiz_at


def test_each_answer_label_typed_answers_the_statement(engine: Engine, content: Content) -> None:
    for option in content.answers:
        for typed in (option.label, option.label.lower().replace(",", "").replace("'", "")):
            t = engine.step(quiz_at(content, 0), TextEvent(typed))
            assert t.state.answer_map() == {content.statements[0].id: option.id}, typed
            assert is_question(content, t.replies[-1], 1)
