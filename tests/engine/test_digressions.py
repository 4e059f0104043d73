"""Questions, topics and menu actions in and out of the quiz: answered, and the quiz place kept."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.content.html_check import strip_tags
from bot.engine import ButtonEvent, CommandEvent, Engine, SessionState, TextEvent, UnsupportedEvent
from tests.engine.helpers import datas, is_menu, is_question, menu_data, place, plain, quiz_at, topic_data
from tests.matching import FakeMatch, TableMatcher

IDLE = SessionState()


def test_a_question_outside_the_quiz_gets_the_topic_answer(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, TextEvent("What does a project manager do"))
    topic = content.topic("project_manager_role")
    assert place(t.state) == place(IDLE)
    assert len(t.replies) == 1
    assert t.replies[0].text.startswith(topic.answer)
    assert datas(t.replies[0]) == [topic_data(r) for r in topic.related[:3]] + [menu_data("menu")]


def test_free_text_during_the_quiz_is_answered_then_the_statement_asked_again(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 4)
    t = engine.step(state, TextEvent("what does a project manager do"))
    assert place(t.state) == place(state)  # place and answers kept
    assert next(r.text for r in t.replies).startswith(content.topic("project_manager_role").answer)
    # The quiz statement follows: one way back is enough, so the answer has no "back" button.
    assert menu_data("resume") not in datas(t.replies[0]) and menu_data("menu") not in datas(t.replies[0])
    assert len(t.replies) == 2 and is_question(content, t.replies[1], 4)


def test_after_a_digression_the_quiz_continues_where_it_was(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 4)
    state = engine.step(state, TextEvent("what does a project manager do")).state
    t = engine.step(state, TextEvent("yes"))
    assert t.state.position == 5 and len(t.state.answers) == 5


def test_unclear_text_suggests_topics_as_buttons(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, TextEvent("manager stuff"))
    assert place(t.state) == place(IDLE)
    assert t.replies[0].text == content.text("did_you_mean")
    assert datas(t.replies[0]) == [topic_data("product_manager_role"), topic_data("project_manager_role")]
    assert [b.label for row in t.replies[0].buttons for b in row] == [
        content.topic("product_manager_role").title,
        content.topic("project_manager_role").title,
    ]


def test_suggestions_during_the_quiz_keep_the_place(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 1)
    t = engine.step(state, TextEvent("manager stuff"))
    assert place(t.state) == place(state)
    assert topic_data("product_manager_role") in datas(t.replies[0])
    assert menu_data("resume") not in datas(t.replies[0])
    assert is_question(content, t.replies[-1], 1)


def test_a_suggested_topic_button_opens_the_topic(engine: Engine, content: Content) -> None:
    suggested = engine.step(IDLE, TextEvent("manager stuff")).replies[0]
    t = engine.step(IDLE, ButtonEvent(datas(suggested)[1]))
    assert t.replies[0].text.startswith(content.topic("project_manager_role").answer)


def test_out_of_scope_text_gets_the_fallback_listing_topics(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, TextEvent("what's the weather in Paris"))
    assert place(t.state) == place(IDLE)
    assert len(t.replies) == 1
    shown = strip_tags(t.replies[0].text)
    for topic_id in content.menu_topics:
        assert content.topic(topic_id).title in shown
    assert datas(t.replies[0]) == [topic_data(i) for i in content.menu_topics]  # each one listed can be tapped


def test_out_of_scope_text_during_the_quiz_keeps_the_place(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 7, "somewhat")
    t = engine.step(state, TextEvent("tell me a joke"))
    assert place(t.state) == place(state)
    assert is_question(content, t.replies[-1], 7)


def test_topic_button_shows_the_answer_and_related_topics(engine: Engine, content: Content) -> None:
    topic = content.topic("difference")
    t = engine.step(IDLE, ButtonEvent(topic_data("difference")))
    assert t.replies[0].text.startswith(topic.answer)
    assert datas(t.replies[0]) == [topic_data(r) for r in topic.related[:3]] + [menu_data("menu")]


def test_the_help_me_choose_topic_offers_the_quiz_only_outside_it(engine: Engine, content: Content) -> None:
    outside = engine.step(IDLE, ButtonEvent(topic_data("quiz")))
    assert datas(outside.replies[0])[0] == menu_data("quiz")
    inside = engine.step(quiz_at(content, 2), ButtonEvent(topic_data("quiz")))
    assert menu_data("quiz") not in datas(inside.replies[0])
    assert is_question(content, inside.replies[-1], 2)


@pytest.mark.parametrize(
    "action, key", [("help", "help"), ("about", "about"), ("ask", "ask_prompt"), ("compare", "compare_intro")]
)
def test_menu_buttons_show_their_message(engine: Engine, content: Content, action: str, key: str) -> None:
    t = engine.step(IDLE, ButtonEvent(menu_data(action)))
    assert place(t.state) == place(IDLE) and t.replies[0].text == content.text(key)
    assert len(t.replies) == 1


@pytest.mark.parametrize("name", ["help", "about", "ask", "compare", "menu"])
def test_menu_commands_during_the_quiz_keep_the_place(engine: Engine, content: Content, name: str) -> None:
    state = quiz_at(content, 3)
    t = engine.step(state, CommandEvent(name))
    assert place(t.state) == place(state)
    assert len(t.replies) == 2 and is_question(content, t.replies[-1], 3)


def test_compare_lists_the_compare_topics(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, CommandEvent("compare"))
    assert datas(t.replies[0]) == [topic_data(i) for i in content.compare_topics]


def test_menu_button_shows_the_menu(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, ButtonEvent(menu_data("menu")))
    assert is_menu(t.replies[0]) and t.replies[0].text == content.text("menu_prompt")


@pytest.mark.parametrize(
    "kind, key", [("sticker", "unsupported"), ("photo", "unsupported"), ("edited", "unsupported_edited")]
)
def test_non_text_messages_get_a_polite_note_and_keep_the_place(
    engine: Engine, content: Content, kind: str, key: str
) -> None:
    state = quiz_at(content, 5)
    t = engine.step(state, UnsupportedEvent(kind))
    assert place(t.state) == place(state)
    assert t.replies[0].text == content.text(key)
    assert is_question(content, t.replies[-1], 5)


def test_non_text_outside_the_quiz_is_one_short_reply(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, UnsupportedEvent("voice"))
    assert place(t.state) == place(IDLE) and [r.text for r in t.replies] == [content.text("unsupported")]
    assert "Question" not in plain(t)


@pytest.mark.parametrize(
    "typed, answer",
    [("yes please", "yes"), ("No thanks!", "no"), ("I guess", "somewhat"), ("sort of, yes", "somewhat")],
)
def test_short_typed_replies_in_the_quiz_count_as_answers(
    engine: Engine, content: Content, typed: str, answer: str
) -> None:
    t = engine.step(quiz_at(content, 2), TextEvent(typed))
    assert t.state.position == 3
    assert t.state.answer_map()[content.statements[2].id] == answer


@pytest.mark.parametrize("typed", ["why?", "why is that", "Why"])
def test_asking_why_in_the_quiz_records_no_answer(engine: Engine, content: Content, typed: str) -> None:
    # "why" once counted as Yes: the shorthand "y" -> "why" also turned the answer word "y" into "why".
    state = quiz_at(content, 2)
    t = engine.step(state, TextEvent(typed))
    assert place(t.state) == place(state), "the statement is still waiting for an answer"
    assert is_question(content, t.replies[-1], 2)


@pytest.mark.parametrize("typed", ["no clue", "not a clue"])
def test_no_clue_in_the_quiz_is_unsure_not_no(engine: Engine, content: Content, typed: str) -> None:
    state = quiz_at(content, 2)
    t = engine.step(state, TextEvent(typed))
    assert place(t.state) == place(state), "'no clue' was recorded as No"
    unsure = next(g for g in content.small_talk if g.id == "unsure")
    assert t.replies[0].text == unsure.in_quiz


@pytest.mark.parametrize("typed", ["right?", "true?", "Right ?", "really?", "is that right?", "correct?"])
def test_asking_right_or_true_in_the_quiz_records_no_answer(engine: Engine, content: Content, typed: str) -> None:
    # "right?" checks back on the statement: a question like "why?", not a Yes.
    state = quiz_at(content, 2)
    t = engine.step(state, TextEvent(typed))
    assert place(t.state) == place(state), "the statement is still waiting for an answer"
    assert is_question(content, t.replies[-1], 2)


@pytest.mark.parametrize("typed", ["right", "true", "correct", "Right."])
def test_right_or_true_said_plainly_in_the_quiz_is_still_yes(engine: Engine, content: Content, typed: str) -> None:
    t = engine.step(quiz_at(content, 2), TextEvent(typed))
    assert t.state.answer_map()[content.statements[2].id] == "yes"


def test_y_alone_in_the_quiz_is_still_yes(engine: Engine, content: Content) -> None:
    t = engine.step(quiz_at(content, 2), TextEvent("y"))
    assert t.state.answer_map()[content.statements[2].id] == "yes"


def test_unmatched_text_in_the_quiz_gets_an_answering_hint_not_the_out_of_scope_list(
    engine: Engine, content: Content
) -> None:
    state = quiz_at(content, 2)
    t = engine.step(state, TextEvent("no idea what you mean by that"))
    assert place(t.state) == place(state)
    assert t.replies[0].text == content.text("quiz_answer_hint")
    assert is_question(content, t.replies[1], 2)


def test_a_topic_answer_outside_the_quiz_offers_the_way_home(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, TextEvent("what does a project manager do"))
    assert datas(t.replies[0])[-1] == menu_data("menu")


def test_a_declined_neighbouring_subject_gets_its_own_reply(content: Content) -> None:
    resume = next(n for n in content.not_covered if n.id == "job_search")
    assert resume.reply
    engine = Engine(content, TableMatcher({"fix my cv": FakeMatch(declined="job_search")}))
    t = engine.step(IDLE, TextEvent("fix my CV"))
    assert [r.text for r in t.replies] == [resume.reply]
    assert datas(t.replies[0])[0] == topic_data(content.menu_topics[0])
    in_quiz = engine.step(quiz_at(content, 3), TextEvent("fix my CV"))
    assert in_quiz.replies[0].text == resume.reply and is_question(content, in_quiz.replies[1], 3)


def test_help_during_the_quiz_comes_without_the_menu_and_the_statement_follows(
    engine: Engine, content: Content
) -> None:
    state = quiz_at(content, 5)
    t = engine.step(state, CommandEvent("help"))
    assert place(t.state) == place(state)
    assert t.replies[0].text == content.text("help") and t.replies[0].buttons == ()
    assert is_question(content, t.replies[1], 5)
    outside = engine.step(IDLE, CommandEvent("help"))
    assert is_menu(outside.replies[0])


def test_why_after_a_result_explains_it_from_the_users_own_answers(engine: Engine, content: Content) -> None:
    from tests.engine.helpers import answer_data

    state = quiz_at(content, 8, "no")
    last = content.statements[8]
    finished = engine.step(state, ButtonEvent(answer_data(last.id, "yes"))).state
    t = engine.step(finished, TextEvent("why?"))
    assert t.outcome.action == "result"
    assert t.replies[0].text.startswith(content.text("result_why"))
    assert last.reason in t.replies[0].text, "the one statement answered Yes is named as the reason"


def test_an_answer_ends_with_links_to_its_sources(engine: Engine, content: Content) -> None:
    topic = content.topic("salaries")
    assert topic is not None and len(topic.sources) > 1
    t = engine.step(IDLE, ButtonEvent(topic_data("salaries")))
    text = t.replies[0].text
    assert text.startswith(topic.answer)
    source_line = text[len(topic.answer) :]
    assert "Sources:" in source_line
    for source in topic.sources:  # each source is a link a user can follow to check a figure
        assert f'<a href="{source.url}">{source.title}</a>' in source_line
