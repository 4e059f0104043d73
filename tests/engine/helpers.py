"""Small readers for transitions, so table tests say what a user would see."""

from __future__ import annotations

from bot.content import Content
from bot.content.html_check import strip_tags
from bot.engine import Button, Reply, SessionState, Transition
from bot.engine.callbacks import answer_data, menu_data, topic_data

__all__ = [
    "all_buttons",
    "answer_data",
    "buttons",
    "datas",
    "is_menu",
    "is_question",
    "labels",
    "menu_data",
    "place",
    "plain",
    "quiz_at",
    "topic_data",
]


def buttons(reply: Reply) -> list[Button]:
    return [b for row in reply.buttons for b in row]


def all_buttons(transition: Transition) -> list[Button]:
    return [b for reply in transition.replies for b in buttons(reply)]


def labels(reply: Reply) -> list[str]:
    return [b.label for b in buttons(reply)]


def datas(reply: Reply) -> list[str]:
    return [b.data for b in buttons(reply)]


def plain(transition: Transition) -> str:
    """Everything the user reads, as plain text."""
    return "\n\n".join(strip_tags(r.text) for r in transition.replies)


def quiz_at(content: Content, position: int, answer: str = "yes") -> SessionState:
    """Mid-quiz at `position`, every earlier statement answered `answer`."""
    answers = tuple((s.id, answer) for s in content.statements[:position])
    return SessionState(mode="quiz", position=position, answers=answers)


def is_question(content: Content, reply: Reply, position: int) -> bool:
    """The reply asks statement `position` with its answer buttons."""
    statement = content.statements[position]
    expected = [answer_data(statement.id, a.id) for a in content.answers]
    return (
        f"Question {position + 1} of {len(content.statements)}" in strip_tags(reply.text)
        and statement.text in reply.text
        and datas(reply)[: len(expected)] == expected
    )


def is_menu(reply: Reply) -> bool:
    return menu_data("quiz") in datas(reply) and menu_data("help") in datas(reply)


def place(state: SessionState) -> tuple[str, int, tuple[tuple[str, str], ...]]:
    """Where a chat is in the checklist: mode, statement and answers (not the chat's memory of
    the last topic, which every reply updates)."""
    return state.mode, state.position, state.answers
