""" "What should I do next?" after a result opens the way into the role it recommends; after a
topic it is "tell me more"; with nothing before it, the bot says it is unsure what is meant.
"What now?" is the same question, though "what" alone (or with words left out) reads as help."""

from __future__ import annotations

from bot.content import Content
from bot.engine import ButtonEvent, CommandEvent, Engine, SessionState, TextEvent
from tests.engine.helpers import answer_data, is_question, place, plain, quiz_at


def finished(engine: Engine, content: Content, role: str):
    t = engine.step(SessionState(), CommandEvent("quiz"))
    for statement in content.statements:
        answer = "yes" if statement.role == role else "no"
        t = engine.step(t.state, ButtonEvent(answer_data(statement.id, answer)))
    assert t.state.results[-1].verdict == role
    return t


def test_next_steps_after_a_result_open_the_first_way_into_the_recommended_role(
    engine: Engine, content: Content
) -> None:
    for role in ("product_manager", "project_manager"):
        result = finished(engine, content, role)
        first_step = content.topic(content.role(role).next_topics[0])
        assert first_step is not None
        for words in ("What should I do next?", "where do I go from here", "what now?", "ok, what now", "what next"):
            t = engine.step(result.state, TextEvent(words))
            assert t.state.memory.topic == first_step.id, (role, words)
            assert first_step.title in plain(t)
            assert t.state.results == result.state.results, "the result is kept"


def test_next_steps_after_a_topic_is_the_next_topic(engine: Engine, content: Content) -> None:
    asked = engine.step(SessionState(), TextEvent("what does a project manager do"))
    assert asked.state.memory.topic == "project_manager_role"
    t = engine.step(asked.state, TextEvent("what are my next steps"))
    assert t.state.memory.topic not in (None, "project_manager_role")


def test_next_steps_out_of_the_blue_say_the_bot_is_unsure(engine: Engine, content: Content) -> None:
    t = engine.step(SessionState(), TextEvent("what should I do next"))
    assert t.state.memory.topic is None
    assert plain(t).startswith(plain_first_line(content.text("follow_up_unclear")))


def plain_first_line(html_text: str) -> str:
    from bot.content.html_check import strip_tags

    return strip_tags(html_text).splitlines()[0]


def test_what_now_with_nothing_to_follow_or_mid_quiz_is_still_help(engine: Engine, content: Content) -> None:
    # "now" left out, "what now" reads as "what do I do": help. Only a result or a topic before
    # it makes it a follow-up of its own.
    first = engine.step(SessionState(), TextEvent("what now"))
    assert first.outcome.command == "help"
    state = quiz_at(content, 3)
    mid_quiz = engine.step(state, TextEvent("what now?"))
    assert mid_quiz.outcome.command == "help" and place(mid_quiz.state) == place(state)
    assert is_question(content, mid_quiz.replies[-1], 3)


def test_now_is_still_left_out_in_front_of_a_command(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 2)
    stopped = engine.step(state, TextEvent("stop now"))
    assert stopped.outcome.command == "cancel"
    result = finished(engine, content, "project_manager")
    assert engine.step(result.state, TextEvent("help me now")).outcome.command == "help"
