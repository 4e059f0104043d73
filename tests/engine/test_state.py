"""Session state is small, versioned JSON that survives round trips and content changes."""

from __future__ import annotations

import json

import pytest

from bot.content import Content
from bot.engine import CommandEvent, Engine, SessionState, StateError, TextEvent
from bot.engine.state import Memory
from tests.engine.helpers import is_question, quiz_at


def test_state_round_trips_through_json(content: Content) -> None:
    for state in (SessionState(), quiz_at(content, 0), quiz_at(content, 5, "somewhat")):
        assert SessionState.from_json(state.to_json()) == state


def test_state_json_holds_ids_and_a_version_only(content: Content) -> None:
    payload = json.loads(quiz_at(content, 2).to_json())
    assert payload == {
        "v": 1,
        "mode": "quiz",
        "position": 2,
        "answers": [[content.statements[0].id, "yes"], [content.statements[1].id, "yes"]],
    }


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not json",
        "null",
        "[]",
        "42",
        '"text"',
        "{}",
        '{"v": 2, "mode": "idle", "position": 0, "answers": []}',
        '{"v": 1, "mode": "dancing", "position": 0, "answers": []}',
        '{"v": 1, "mode": "quiz", "position": "3", "answers": []}',
        '{"v": 1, "mode": "quiz", "position": 0, "answers": {}}',
        '{"v": 1, "mode": "quiz", "position": 0, "answers": [["a"]]}',
        '{"v": 1, "mode": "quiz", "position": 0, "answers": [["a", 1]]}',
    ],
)
def test_unreadable_state_is_a_state_error(raw: str) -> None:
    with pytest.raises(StateError):
        SessionState.from_json(raw)


def test_a_state_from_older_content_is_fitted_not_crashed(engine: Engine, content: Content) -> None:
    """A statement removed in a new deployment: its answer is dropped, the position stays in range."""
    old = SessionState(
        mode="quiz",
        position=40,
        answers=(("removed_statement", "yes"), (content.statements[0].id, "maybe"), (content.statements[1].id, "no")),
    )
    t = engine.step(old, CommandEvent("quiz"))
    assert t.state.position == len(content.statements) - 1
    assert t.state.answers == ((content.statements[1].id, "no"),)
    assert is_question(content, t.replies[-1], len(content.statements) - 1)


def test_a_negative_position_is_fitted_to_the_first_statement(engine: Engine, content: Content) -> None:
    t = engine.step(SessionState(mode="quiz", position=-3), CommandEvent("quiz"))
    assert t.state.position == 0 and is_question(content, t.replies[-1], 0)


def test_kept_results_and_the_tie_break_flag_round_trip_as_optional_keys(content: Content) -> None:
    from bot.engine.state import SavedResult

    kept = SavedResult(
        answers=((content.statements[0].id, "yes"),),
        scores=(("product_manager", 20), ("project_manager", 0)),
        verdict="product_manager",
        date="2026-11-03",
    )
    state = SessionState(mode="quiz", position=8, answers=quiz_at(content, 9).answers, tiebreak=True, results=(kept,))
    assert SessionState.from_json(state.to_json()) == state
    payload = json.loads(state.to_json())
    assert payload["v"] == 1 and payload["tiebreak"] is True and payload["results"][0]["date"] == "2026-11-03"
    assert "results" not in json.loads(SessionState().to_json())  # unset: the JSON is as before


@pytest.mark.parametrize(
    "results",
    [
        '{"answers": [], "scores": []}',  # a dict, not a list
        '[{"answers": [["a"]], "scores": []}]',
        '[{"answers": [], "scores": [["product_manager", "60"]]}]',
        '[{"answers": [], "scores": [], "date": 20261103}]',
        "[42]",
    ],
)
def test_malformed_kept_results_are_a_state_error(results: str) -> None:
    with pytest.raises(StateError):
        SessionState.from_json('{"v": 1, "mode": "idle", "position": 0, "answers": [], "results": ' + results + "}")


# A row in the exact format the version before chat memory wrote (keys sorted, no spaces).
SAVED_BEFORE_MEMORY = (
    '{"answers":[["big_ideas_to_steps","yes"],["steps_done_on_time","no"]],"mode":"quiz","position":2,"v":1}'
)


def test_a_state_saved_before_chat_memory_still_loads_and_resumes(engine, content) -> None:
    state = SessionState.from_json(SAVED_BEFORE_MEMORY)
    assert state.mode == "quiz" and state.position == 2 and len(state.answers) == 2
    assert state.memory == Memory() and state.pending is None
    t = engine.step(state, TextEvent("yes"))  # the quiz carries on where it was
    assert t.state.position == 3 and len(t.state.answers) == 3


def test_memory_and_a_pending_question_survive_a_round_trip() -> None:
    state = SessionState(
        mode="quiz",
        position=1,
        answers=(("big_ideas_to_steps", "yes"),),
        memory=Memory(topic="salary", focus="project_manager", last="topic", fallbacks=1),
        pending="restart",
    )
    assert SessionState.from_json(state.to_json()) == state


@pytest.mark.parametrize(
    "raw",
    [
        '{"v":1,"mode":"idle","position":0,"answers":[],"memory":[]}',
        '{"v":1,"mode":"idle","position":0,"answers":[],"memory":{"topic":5}}',
        '{"v":1,"mode":"quiz","position":0,"answers":[],"pending":"explode"}',
    ],
)
def test_malformed_memory_is_refused(raw: str) -> None:
    with pytest.raises(StateError):
        SessionState.from_json(raw)


def test_memory_of_a_topic_the_content_no_longer_has_is_dropped(content) -> None:
    state = SessionState(memory=Memory(topic="retired_topic", focus="astronaut", last="topic"))
    fitted = state.fitted_to(content)
    assert fitted.memory.topic is None and fitted.memory.focus is None
