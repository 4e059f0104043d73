"""Odd, huge or hostile input: a polite bounded reply, the quiz place kept, nothing echoed raw."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.content.html_check import html_problems
from bot.engine import CommandEvent, Engine, SessionState, TextEvent
from bot.engine.events import text_to_event
from tests.engine.helpers import is_question, place, quiz_at
from tests.matching import KNOWN_COMMANDS

IDLE = SessionState()
HOSTILE = "<b> & text"


def test_forget_asks_the_channel_to_delete_everything(engine: Engine, content: Content) -> None:
    t = engine.step(quiz_at(content, 6), CommandEvent("forget"))
    assert t.forget and t.changed
    assert place(t.state) == place(IDLE)
    assert [r.text for r in t.replies] == [content.text("forgotten")]


def test_unknown_command_is_named_escaped(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, CommandEvent("<script>"))
    assert place(t.state) == place(IDLE)
    assert t.replies[0].text == content.text("unknown_command", command="/&lt;script&gt;")
    assert "<script>" not in t.replies[0].text
    assert html_problems(t.replies[0].text) == []


def test_unknown_command_echo_is_short(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, CommandEvent("x" * 5000))
    assert len(t.replies[0].text) < len(content.messages["unknown_command"]) + 100


def test_unknown_command_during_the_quiz_keeps_the_place(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 2)
    t = engine.step(state, CommandEvent("frobnicate"))
    assert place(t.state) == place(state)
    assert "/frobnicate" in t.replies[0].text
    assert is_question(content, t.replies[-1], 2)


@pytest.mark.parametrize("state_at", [None, 4])
def test_ten_thousand_characters_get_a_bounded_polite_reply(engine: Engine, content: Content, state_at) -> None:
    state = IDLE if state_at is None else quiz_at(content, state_at)
    huge = "why " * 2500
    t = engine.step(state, TextEvent(huge))
    assert place(t.state) == place(state)
    assert t.replies[0].text == content.text("too_long", limit=500)
    assert all(len(r.text) < 1000 for r in t.replies[:1])
    assert "why why why" not in t.replies[0].text
    if state_at is not None:
        assert len(t.replies) == 2 and is_question(content, t.replies[1], state_at)


def test_a_huge_yes_is_not_an_answer(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 1)
    t = engine.step(state, TextEvent("yes" * 4000))
    assert place(t.state) == place(state)


@pytest.mark.parametrize("text", ["", "   ", "\u200b", "\u200b\u200c\u200d\ufeff", "\n\t\u2060 \u00ad"])
def test_blank_or_zero_width_only_text_asks_for_words(engine: Engine, content: Content, text: str) -> None:
    state = quiz_at(content, 3)
    t = engine.step(state, TextEvent(text))
    assert place(t.state) == place(state)
    assert t.replies[0].text == content.text("empty_text")
    assert is_question(content, t.replies[1], 3)


def test_zero_width_characters_around_an_answer_still_count(engine: Engine, content: Content) -> None:
    t = engine.step(quiz_at(content, 0), TextEvent("\u200byes\u200b"))
    assert t.state.position == 1


@pytest.mark.parametrize(
    "event",
    [
        TextEvent(HOSTILE),
        TextEvent(f"what about {HOSTILE}?"),
        TextEvent(HOSTILE * 200),
        CommandEvent("start", HOSTILE),
        text_to_event(f"/{HOSTILE}"),
        CommandEvent("b", HOSTILE),
    ],
)
@pytest.mark.parametrize("in_quiz", [False, True])
def test_what_a_user_wrote_is_never_echoed_unescaped(engine: Engine, content: Content, event, in_quiz: bool) -> None:
    state = quiz_at(content, 2) if in_quiz else IDLE
    t = engine.step(state, event)
    for reply in t.replies:
        assert HOSTILE not in reply.text
        assert html_problems(reply.text) == [], reply.text
        assert all(HOSTILE not in b.label for row in reply.buttons for b in row)


@pytest.mark.parametrize("typed", ["/", "/ help", "/he-lp", "/help@SomeOtherBot"])
def test_things_that_only_look_like_commands_are_text(typed: str) -> None:
    assert isinstance(text_to_event(typed, bot_username="RoleFitBot"), TextEvent)


@pytest.mark.parametrize(
    "typed, name, argument",
    [("/help", "help", ""), ("/START quiz", "start", "quiz"), ("/start@RoleFitBot  quiz ", "start", "quiz")],
)
def test_commands_are_read_case_insensitively_with_their_argument(typed: str, name: str, argument: str) -> None:
    assert text_to_event(typed, bot_username="rolefitbot") == CommandEvent(name, argument)


@pytest.mark.parametrize("name", KNOWN_COMMANDS)
@pytest.mark.parametrize("state_at", [None, 3])
def test_every_known_command_is_acted_on(engine: Engine, content: Content, name: str, state_at: int | None) -> None:
    # In a group a bare command outside this list is left to other bots, and one in it is
    # answered: a listed command the engine met with "I don't know that command" would be both.
    state = IDLE if state_at is None else quiz_at(content, state_at)
    t = engine.step(state, CommandEvent(name))
    unknown = content.text("unknown_command", command=f"/{name}")
    assert t.replies and all(r.text != unknown for r in t.replies)
