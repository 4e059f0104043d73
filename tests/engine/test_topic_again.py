"""A typed follow-up answered by the topic just shown ("and in Germany?" after the pay answer)
says so in one line above the answer, instead of sending the same message again unexplained."""

from __future__ import annotations

import html

from bot.content import Content
from bot.engine import ButtonEvent, Engine, SessionState, TextEvent
from bot.engine.callbacks import topic_data


def lead(content: Content, topic_id: str) -> str:
    topic = content.topic(topic_id)
    assert topic is not None
    return content.text("topic_again", title=html.escape(topic.title))


def test_a_follow_up_on_the_same_topic_gets_a_lead_in_then_the_answer(engine: Engine, content: Content) -> None:
    pay = engine.step(SessionState(), ButtonEvent(topic_data("salaries")))
    again = engine.step(pay.state, TextEvent("and in Germany?"))
    [reply] = again.replies
    answer = content.topic("salaries").answer  # type: ignore[union-attr]
    assert reply.text.startswith(lead(content, "salaries") + "\n\n"), reply.text[:120]
    assert answer in reply.text, "the whole answer follows the lead-in"
    assert again.outcome.topic == "salaries" and again.state.memory.topic == "salaries"
    assert reply.buttons == pay.replies[0].buttons, "the same next steps as the first time"


def test_a_first_answer_and_a_new_topic_have_no_lead_in(engine: Engine, content: Content) -> None:
    pay = engine.step(SessionState(), ButtonEvent(topic_data("salaries")))
    assert pay.replies[0].text.startswith(content.topic("salaries").answer)  # type: ignore[union-attr]
    day = engine.step(SessionState(), ButtonEvent(topic_data("project_manager_day")))
    stress = engine.step(day.state, TextEvent("what about the overtime?"))
    assert stress.outcome.topic == "stress_and_work_life"
    assert stress.replies[0].text.startswith(content.topic("stress_and_work_life").answer)  # type: ignore[union-attr]


def test_pressing_the_same_topic_button_again_shows_it_plainly(engine: Engine, content: Content) -> None:
    # A button is an explicit choice, not a follow-up that happened to land on the same topic.
    pay = engine.step(SessionState(), ButtonEvent(topic_data("salaries")))
    again = engine.step(pay.state, ButtonEvent(topic_data("salaries")))
    assert again.replies[0].text.startswith(content.topic("salaries").answer)  # type: ignore[union-attr]
