"""After a suggestions-only reply ("did you mean...?") the chat remembers what was offered and
the role the user named: "tell me more" takes the first offer, "and the other role?" offers the
same subjects for the other role, where both used to lean on whatever came before the question."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.engine import Engine, SessionState, TextEvent
from bot.engine.state import Memory
from tests.matching import FakeMatch, TableMatcher

GROWTH = ("job_outlook", "product_management_career", "salaries")


@pytest.fixture
def engine(content: Content) -> Engine:
    table = {
        "what does a project manager do": FakeMatch("project_manager_role", score=0.9),
        # Unsure between three subjects, one of them about product managers only.
        "product manager growth": FakeMatch(None, GROWTH, 0.81),
    }
    return Engine(content, TableMatcher(table))


def offered(engine: Engine, *before: str) -> SessionState:
    state = SessionState()
    for text in (*before, "product manager growth"):
        state = engine.step(state, TextEvent(text)).state
    assert state.memory.last == "suggest"
    return state


def test_the_role_named_in_a_question_that_got_suggestions_is_in_focus(engine: Engine) -> None:
    state = offered(engine, "what does a project manager do")
    assert state.memory.focus == "product_manager", "the project manager from the turn before"
    assert state.memory.suggested == GROWTH


def test_tell_me_more_after_suggestions_takes_the_first_offer(engine: Engine) -> None:
    t = engine.step(offered(engine, "what does a project manager do"), TextEvent("tell me more"))
    assert t.outcome.topic == "job_outlook", "was the next topic after the project manager overview"


def test_the_other_role_after_suggestions_offers_them_for_that_role(engine: Engine, content: Content) -> None:
    t = engine.step(offered(engine), TextEvent("and the other role?"))
    assert t.outcome.action == "suggest", "was 'I've lost the thread'"
    assert t.outcome.suggestions == ("job_outlook", "project_management_career", "salaries")
    assert t.state.memory.focus == "project_manager"
    # Said as an offer for that role, not as "I'm not quite sure what you mean".
    assert t.replies[0].text == content.text("offers_for_role", role="project management")


def test_an_answer_after_suggestions_forgets_them(engine: Engine) -> None:
    t = engine.step(offered(engine), TextEvent("what does a project manager do"))
    assert t.state.memory.suggested == ()
    assert SessionState.from_json(offered(engine).to_json()).memory.suggested == GROWTH
    assert "suggested" not in SessionState(memory=Memory(topic="salaries")).to_json()
