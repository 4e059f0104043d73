"""A thumbs up is how many people say yes in a chat: during the checklist an emoji-only reply
from an answer's `emoji` list answers the statement; any other emoji-only reply does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Content
from bot.engine import Engine, SessionState, TextEvent
from tests.content.broken import Defect, assert_refused
from tests.engine.helpers import is_question, place, quiz_at


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("👍", "yes"),
        ("👍🏽", "yes"),  # a skin tone is the same thumbs up
        ("👍👍", "yes"),
        ("✅", "yes"),
        ("✔️", "yes"),  # with the emoji variation selector
        ("🤷", "somewhat"),
        ("🤷‍♀️", "somewhat"),  # a gendered shrug (zero-width joiner sequence)
        ("👎", "no"),
        ("❌", "no"),
        (" 👎 ", "no"),
    ],
)
def test_an_answer_emoji_answers_the_statement(engine: Engine, content: Content, typed: str, answer: str) -> None:
    t = engine.step(quiz_at(content, 0), TextEvent(typed))
    assert t.state.answer_map() == {content.statements[0].id: answer}
    assert is_question(content, t.replies[-1], 1)


@pytest.mark.parametrize("typed", ["👍👎", "😀", "🎉🎉", "!!!", "👍?"])
def test_other_or_mixed_emoji_answer_nothing(engine: Engine, content: Content, typed: str) -> None:
    state = quiz_at(content, 0)
    t = engine.step(state, TextEvent(typed))
    assert place(t.state) == place(state)
    assert is_question(content, t.replies[-1], 0)


def test_a_thumbs_up_outside_the_quiz_starts_nothing(engine: Engine, content: Content) -> None:
    t = engine.step(SessionState(), TextEvent("👍"))
    assert t.state.mode == "idle"
    assert t.replies[0].text == content.text("empty_text")


def test_a_word_in_an_emoji_list_is_a_content_error(tmp_path: Path) -> None:
    # Words there would never match (only text without letters reaches the emoji lists).
    assert_refused(
        tmp_path,
        Defect(
            "word among emoji",
            "checklist.yaml",
            'emoji: ["👍",',
            'emoji: ["yes", "👍",',
            "answers[0].emoji",
            "emoji only",
        ),
    )


@pytest.mark.parametrize(
    ("new", "problem"),
    [
        ('emoji: ["👍", "👎",', "already counts as yes"),  # silently counted as whichever came last
        ('emoji: ["👍\ufe0f", "👎",', "already counts as yes"),  # the same thumbs up, dressed
        ('emoji: ["🏽", "👎",', "skin tone"),  # only what is stripped before reading: never matches
    ],
    ids=["same emoji", "same emoji dressed", "nothing left"],
)
def test_an_emoji_no_reply_could_match_as_listed_is_a_content_error(tmp_path: Path, new: str, problem: str) -> None:
    assert_refused(tmp_path, Defect("emoji", "checklist.yaml", 'emoji: ["👎",', new, "answers[2].emoji", problem))
