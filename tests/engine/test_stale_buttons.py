"""A button is a claim, not a command: stale or forged data leaves the state exactly as it was and
answers the press with a quiet toast. Nothing else is sent: the current step already is the
latest message in the chat, so another copy of it would only clutter the chat."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.engine import ButtonEvent, Engine, SessionState
from tests.engine.helpers import answer_data, place, quiz_at

POSITION = 3


def forged(content: Content) -> dict[str, str]:
    current, previous, following = (content.statements[i].id for i in (POSITION, POSITION - 1, POSITION + 1))
    return {
        "answer for the previous statement": answer_data(previous, "yes"),
        "answer for the first statement": answer_data(content.statements[0].id, "no"),
        "answer for a later statement": answer_data(following, "yes"),
        "answer for an unknown statement": answer_data("no_such_statement", "yes"),
        "unknown prefix": f"v2:a:{current}:yes",
        "no prefix": f"a:{current}:yes",
        "unknown kind": f"v1:x:{current}",
        "unknown topic": "v1:t:no_such_topic",
        "topic id with different case": "v1:t:Difference",
        "unknown menu action": "v1:m:launch",
        "option out of range": answer_data(current, "maybe"),
        "option as a number": answer_data(current, "3"),
        "option with capitals": answer_data(current, "YES"),
        "answer without option": f"v1:a:{current}",
        "answer with an extra part": answer_data(current, "yes") + ":extra",
        "empty": "",
        "separators only": ":::",
        "64 bytes of junk": "Z" * 64,
        "64 bytes of control characters": "".join(chr(i) for i in range(1, 65)),
        "html in data": "<b>v1:t:&amp;</b>",
    }


NAMES = [
    "answer for the previous statement",
    "answer for the first statement",
    "answer for a later statement",
    "answer for an unknown statement",
    "unknown prefix",
    "no prefix",
    "unknown kind",
    "unknown topic",
    "topic id with different case",
    "unknown menu action",
    "option out of range",
    "option as a number",
    "option with capitals",
    "answer without option",
    "answer with an extra part",
    "empty",
    "separators only",
    "64 bytes of junk",
    "64 bytes of control characters",
    "html in data",
]


def test_every_forged_case_is_run(content: Content) -> None:
    assert sorted(forged(content)) == sorted(NAMES)
    assert all(len(data.encode()) <= 64 for data in forged(content).values())


@pytest.mark.parametrize("name", NAMES)
def test_a_forged_button_mid_quiz_changes_nothing_and_only_shows_a_toast(
    engine: Engine, content: Content, name: str
) -> None:
    data = forged(content)[name]
    state = quiz_at(content, POSITION, "somewhat")
    t = engine.step(state, ButtonEvent(data))
    assert t.state.to_json() == state.to_json(), name
    assert not t.changed and not t.forget
    assert t.notice == content.text("stale_button_notice")
    assert t.edit_pressed is None and t.edit_question is None
    assert t.replies == ()


@pytest.mark.parametrize("name", NAMES)
def test_a_forged_button_outside_the_quiz_only_shows_a_toast(engine: Engine, content: Content, name: str) -> None:
    data = forged(content)[name]
    t = engine.step(SessionState(), ButtonEvent(data))
    assert t.state.to_json() == SessionState().to_json(), name
    assert t.notice == content.text("stale_button_notice")
    assert t.replies == ()


def test_an_answer_button_after_the_quiz_ended_has_expired(engine: Engine, content: Content) -> None:
    last = content.statements[-1].id
    finished = engine.step(quiz_at(content, 8), ButtonEvent(answer_data(last, "no"))).state
    t = engine.step(finished, ButtonEvent(answer_data(last, "yes")))  # a double tap on the last answer
    assert t.state == finished and place(finished) == place(SessionState()) and len(finished.results) == 1
    assert t.notice == content.text("stale_button_notice") and t.replies == ()


def test_a_double_tap_on_an_answer_is_not_counted_twice(engine: Engine, content: Content) -> None:
    data = answer_data(content.statements[0].id, "yes")
    once = engine.step(quiz_at(content, 0), ButtonEvent(data)).state
    twice = engine.step(once, ButtonEvent(data))
    assert twice.state == once and once.position == 1
    assert twice.notice == content.text("stale_button_notice")
