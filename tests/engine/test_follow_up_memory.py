""" "Tell me more" again and again moves on to topics not shown recently, instead of bouncing
between two topics that list each other as related (salaries <-> job outlook)."""

from __future__ import annotations

from itertools import pairwise

import pytest

from bot.content import Content
from bot.content.html_check import strip_tags
from bot.engine import ButtonEvent, Engine, SessionState, TextEvent
from bot.engine.callbacks import topic_data
from bot.engine.state import MAX_SHOWN, Memory

IDLE = SessionState()


def topic_shown(content: Content, text: str) -> str | None:
    """The topic whose answer this message shows, read from the text the user sees."""
    return next((t.id for t in content.topics if strip_tags(text).startswith(strip_tags(t.answer)[:80])), None)


def walk(engine: Engine, content: Content, first: str, more: int) -> list[str | None]:
    t = engine.step(IDLE, ButtonEvent(topic_data(first)))
    seen = [topic_shown(content, t.replies[0].text)]
    for _ in range(more):
        t = engine.step(t.state, TextEvent("tell me more"))
        seen.append(topic_shown(content, t.replies[0].text))
    return seen


@pytest.mark.parametrize(
    "first",
    ["salaries", "job_outlook", "agile_and_scrum", "waterfall_and_agile", "product_manager_role"],
)
def test_tell_me_more_three_times_shows_four_different_topics(engine: Engine, content: Content, first: str) -> None:
    seen = walk(engine, content, first, 3)
    assert None not in seen, seen
    assert len(set(seen)) == len(seen), f"a topic came back: {seen}"


def test_tell_me_more_keeps_going_when_everything_near_was_shown(engine: Engine, content: Content) -> None:
    seen = walk(engine, content, "salaries", 12)
    assert None not in seen, seen
    # Never the same topic twice in a row, and no two-topic ping-pong.
    assert all(a != b for a, b in pairwise(seen)), seen
    assert all(seen[i] != seen[i + 2] or seen[i + 1] != seen[i + 3] for i in range(len(seen) - 3)), seen


def test_the_recent_topics_list_is_bounded_and_round_trips(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, ButtonEvent(topic_data("salaries")))
    for _ in range(MAX_SHOWN + 4):
        t = engine.step(t.state, TextEvent("tell me more"))
    shown = t.state.memory.shown
    assert 0 < len(shown) <= MAX_SHOWN and shown[-1] == t.state.memory.topic
    assert SessionState.from_json(t.state.to_json()) == t.state


def test_memory_saved_without_the_recent_list_loads_and_follows_up() -> None:
    # The exact row a state with memory was written as before the recent-topics key existed.
    raw = '{"answers":[],"memory":{"focus":"both","last":"topic","topic":"salaries"},"mode":"idle","position":0,"v":1}'
    state = SessionState.from_json(raw)
    assert state.memory == Memory(topic="salaries", focus="both", last="topic")
    assert "shown" not in SessionState().to_json()


def test_malformed_recent_list_is_refused() -> None:
    from bot.engine.state import StateError

    with pytest.raises(StateError):
        SessionState.from_json('{"v":1,"mode":"idle","position":0,"answers":[],"memory":{"shown":[1]}}')
