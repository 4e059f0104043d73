"""Table tests of (state, event) -> (state, replies) for starting, answering and moving through the quiz."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.content.html_check import strip_tags
from bot.engine import ButtonEvent, CommandEvent, Engine, SessionState, TextEvent
from bot.engine.callbacks import back_data
from tests.engine.helpers import answer_data, buttons, datas, is_menu, is_question, labels, menu_data, place, quiz_at

IDLE = SessionState()


# --- /start and the menu -------------------------------------------------------------------


def test_start_greets_with_the_menu_and_changes_nothing(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, CommandEvent("start"))
    assert place(t.state) == place(IDLE)
    assert len(t.replies) == 1
    assert t.replies[0].text == content.text("welcome")
    assert is_menu(t.replies[0])
    assert labels(t.replies[0])[0] == content.text("button_quiz")


def test_start_in_the_middle_of_the_quiz_offers_to_continue_or_start_over(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 4)
    t = engine.step(state, CommandEvent("start"))
    assert place(t.state) == place(state)
    assert t.replies[0].text == content.text("welcome")
    offer = t.replies[-1]
    assert offer.text == content.text("resume_offer", number=5, total=9)
    assert datas(offer) == [menu_data("resume"), menu_data("start_over")]


def test_start_quiz_deep_link_starts_the_quiz(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, CommandEvent("start", "quiz"))
    assert place(t.state) == place(SessionState(mode="quiz", position=0, answers=()))
    assert len(t.replies) == 1 and is_question(content, t.replies[0], 0)


@pytest.mark.parametrize(
    "event", [CommandEvent("quiz"), ButtonEvent(menu_data("quiz")), ButtonEvent(menu_data("restart"))]
)
def test_quiz_command_and_button_start_the_quiz(engine: Engine, content: Content, event) -> None:
    t = engine.step(IDLE, event)
    assert t.state.mode == "quiz" and t.state.position == 0 and t.state.answers == ()
    assert is_question(content, t.replies[-1], 0)


def test_first_question_reads_question_1_of_9_with_yes_somewhat_no(engine: Engine, content: Content) -> None:
    reply = engine.step(IDLE, CommandEvent("quiz")).replies[0]
    assert strip_tags(reply.text).startswith("Question 1 of 9")
    assert content.statements[0].text in reply.text
    first_words = [label.split()[0].strip(",.") for label in labels(reply)]
    assert first_words == ["Yes", "Somewhat", "No"]  # no "Previous question" on the first one
    assert datas(reply) == [answer_data(content.statements[0].id, a) for a in ("yes", "somewhat", "no")]


def test_later_questions_offer_a_previous_question_button(engine: Engine, content: Content) -> None:
    reply = engine.step(quiz_at(content, 2), CommandEvent("quiz")).replies[0]
    assert strip_tags(reply.text).startswith("Question 3 of 9")
    assert datas(reply)[-1] == back_data(content.statements[2].id)
    assert labels(reply)[-1] == content.text("button_back")


def test_an_old_previous_question_button_cannot_move_a_later_step(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 5)
    t = engine.step(state, ButtonEvent(back_data(content.statements[2].id)))
    assert t.state.to_json() == state.to_json()
    assert t.notice == content.text("stale_button_notice") and t.replies == ()


# --- answering -----------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["yes", "somewhat", "no"])
def test_pressing_an_answer_records_it_and_asks_the_next_statement(
    engine: Engine, content: Content, answer: str
) -> None:
    state = quiz_at(content, 2)
    current = content.statements[2]
    t = engine.step(state, ButtonEvent(answer_data(current.id, answer)))

    assert t.state.mode == "quiz" and t.state.position == 3
    assert t.state.answer_map() == {**state.answer_map(), current.id: answer}
    assert len(t.replies) == 1 and is_question(content, t.replies[0], 3)
    label = content.answer_option(answer).label
    # The pressed message is edited to show the statement and the chosen answer, its buttons gone.
    edited = t.edit_pressed
    assert edited is not None and edited.buttons == ()
    assert current.text in edited.text and label in edited.text and "Question 3 of 9" in strip_tags(edited.text)
    assert t.notice == content.text("answer_notice", answer=label)
    assert t.changed


@pytest.mark.parametrize(
    "typed, answer",
    [
        ("yes", "yes"),
        ("Yes", "yes"),
        ("YES!", "yes"),
        ("y", "yes"),
        ("yeah.", "yes"),
        ("somewhat", "somewhat"),
        ("sort of", "somewhat"),
        ("Maybe", "somewhat"),
        ("no", "no"),
        ("Nope", "no"),
        ("not really", "no"),
        ("absolutely not", "no"),
        ("Definitely not!", "no"),
        ("maybe not", "no"),
        ("not at all", "no"),
        ("kinda", "somewhat"),
        ("yes i guess", "yes"),
        ("that’s me", "yes"),
        ("sure, why not", "yes"),
        ("not really sure", "somewhat"),
        ("yeh", "yes"),
        ("yes, no problem", "yes"),
        ("sure no doubt", "yes"),
        ("No thanks!", "no"),
    ],
)
def test_typing_an_answer_during_the_quiz_answers_the_current_statement(
    engine: Engine, content: Content, typed: str, answer: str
) -> None:
    state = quiz_at(content, 0)
    t = engine.step(state, TextEvent(typed))
    assert t.state.position == 1
    assert t.state.answer_map() == {content.statements[0].id: answer}
    assert is_question(content, t.replies[-1], 1)
    assert t.edit_pressed is None  # nothing was pressed...
    # ...but the statement's message is confirmed as a press would: the answer shown, buttons gone.
    label = content.answer_option(answer).label
    assert t.edit_question is not None and t.edit_question.buttons == () and label in t.edit_question.text
    assert content.statements[0].text in t.edit_question.text


@pytest.mark.parametrize("typed", ["sure not", "yes not really", "absolutely never", "yes i don't"])
def test_a_positive_word_negated_later_is_not_taken_as_an_answer(engine: Engine, content: Content, typed: str) -> None:
    state = quiz_at(content, 0)
    t = engine.step(state, TextEvent(typed))
    assert place(t.state) == place(state)  # nothing recorded; the statement is asked again with a hint
    assert is_question(content, t.replies[-1], 0)


def test_typing_yes_outside_the_quiz_starts_it(engine: Engine, content: Content) -> None:
    # The quiz is the one offer the bot makes, so a typed "yes" takes it up.
    t = engine.step(IDLE, TextEvent("yes"))
    assert t.state.mode == "quiz" and t.state.position == 0 and t.state.answers == ()
    assert is_question(content, t.replies[-1], 0)


def test_the_last_answer_gives_the_result_and_ends_the_quiz(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 8)
    t = engine.step(state, ButtonEvent(answer_data(content.statements[8].id, "no")))
    assert place(t.state) == place(IDLE) and not t.state.tiebreak
    assert len(t.state.results) == 1 and t.state.results[0].verdict == "project_manager"
    assert len(t.replies) == 1
    first_line = strip_tags(t.replies[0].text).splitlines()[0]
    assert "Project management" in first_line  # project all Yes (100%), product 4 of 5 (80%)
    assert menu_data("restart") in datas(t.replies[0]) and menu_data("menu") in datas(t.replies[0])
    assert t.edit_pressed is not None and "Question 9 of 9" in strip_tags(t.edit_pressed.text)


def test_a_whole_quiz_of_button_presses_ends_in_a_result(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, CommandEvent("quiz"))
    for number in range(1, 10):
        reply = t.replies[-1]
        assert strip_tags(reply.text).startswith(f"Question {number} of 9")
        no = next(b for b in buttons(reply) if b.data.endswith(":no"))
        t = engine.step(t.state, ButtonEvent(no.data))
    assert place(t.state) == place(IDLE)  # the quiz is over; its result is kept
    assert [r.verdict for r in t.state.results] == [None]
    assert strip_tags(t.replies[0].text).startswith(content.text("result_title_none"))


# --- /back, /cancel, /restart, /quiz while in the quiz ---------------------------------------


@pytest.mark.parametrize("event", ["command", "button"])
def test_back_returns_to_the_previous_statement_keeping_answers(engine: Engine, content: Content, event) -> None:
    state = quiz_at(content, 3)
    event = CommandEvent("back") if event == "command" else ButtonEvent(back_data(content.statements[3].id))
    t = engine.step(state, event)
    assert t.state.position == 2
    assert t.state.answers == state.answers  # including the answer to the statement shown again
    if event == CommandEvent("back"):
        assert len(t.replies) == 1 and is_question(content, t.replies[0], 2)
    else:  # the pressed statement turns into the earlier one in place: no new message
        assert t.replies == () and t.edit_pressed is not None and is_question(content, t.edit_pressed, 2)


def test_answering_again_after_back_replaces_the_earlier_answer(engine: Engine, content: Content) -> None:
    state = engine.step(quiz_at(content, 3), CommandEvent("back")).state
    t = engine.step(state, ButtonEvent(answer_data(content.statements[2].id, "no")))
    assert t.state.position == 3
    assert len(t.state.answers) == 3
    assert t.state.answer_map()[content.statements[2].id] == "no"


def test_back_at_the_first_statement_says_so_and_asks_it_again(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 0)
    t = engine.step(state, CommandEvent("back"))
    assert place(t.state) == place(state)
    assert t.replies[0].text == content.text("back_at_first")
    assert is_question(content, t.replies[1], 0)


@pytest.mark.parametrize("name", ["back", "cancel"])
def test_back_and_cancel_outside_the_quiz_say_no_quiz_is_running(engine: Engine, content: Content, name: str) -> None:
    t = engine.step(IDLE, CommandEvent(name))
    assert place(t.state) == place(IDLE)
    assert t.replies[0].text == content.text("quiz_not_running")
    assert is_menu(t.replies[0])


def test_cancel_asks_first_then_leaves_the_quiz_and_clears_the_answers(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 5)
    asked = engine.step(state, CommandEvent("cancel"))
    assert place(asked.state) == place(state)  # nothing wiped yet
    assert asked.replies[0].text == content.text("confirm_cancel", count=5)
    assert datas(asked.replies[0]) == [menu_data("confirm_cancel"), menu_data("resume")]
    t = engine.step(asked.state, ButtonEvent(menu_data("confirm_cancel")))
    assert place(t.state) == place(IDLE) and t.changed
    assert t.replies[0].text == content.text("quiz_cancelled")
    assert is_menu(t.replies[0])


@pytest.mark.parametrize("event", [CommandEvent("restart"), CommandEvent("start", "quiz"), TextEvent("start over")])
def test_restart_mid_quiz_asks_before_wiping_the_answers(engine: Engine, content: Content, event) -> None:
    state = quiz_at(content, 6)
    asked = engine.step(state, event)
    assert place(asked.state) == place(state)
    assert asked.replies[0].text == content.text("confirm_restart", count=6)
    t = engine.step(asked.state, ButtonEvent(menu_data("confirm_restart")))
    assert place(t.state) == place(SessionState(mode="quiz", position=0, answers=()))
    assert is_question(content, t.replies[-1], 0)


def test_keep_going_after_a_restart_question_keeps_every_answer(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 6)
    asked = engine.step(state, CommandEvent("restart"))
    t = engine.step(asked.state, ButtonEvent(menu_data("resume")))
    assert place(t.state) == place(state) and t.state.pending is None
    assert is_question(content, t.replies[-1], 6)
    # The "yes, start over" button of that question has expired now.
    late = engine.step(t.state, ButtonEvent(menu_data("confirm_restart")))
    assert place(late.state) == place(state) and late.notice == content.text("stale_button_notice")


@pytest.mark.parametrize("typed, wiped", [("yes", True), ("no", False)])
def test_a_typed_yes_or_no_answers_the_restart_question_not_the_statement(
    engine: Engine, content: Content, typed: str, wiped: bool
) -> None:
    state = quiz_at(content, 4)
    asked = engine.step(state, TextEvent("start over"))
    t = engine.step(asked.state, TextEvent(typed))
    assert place(t.state) == (place(SessionState(mode="quiz")) if wiped else place(state))


def test_restart_with_nothing_answered_yet_starts_at_once(engine: Engine, content: Content) -> None:
    t = engine.step(quiz_at(content, 0), CommandEvent("restart"))
    assert place(t.state) == place(SessionState(mode="quiz")) and is_question(content, t.replies[-1], 0)


def test_the_start_over_button_of_the_resume_offer_acts_at_once(engine: Engine, content: Content) -> None:
    t = engine.step(quiz_at(content, 6), ButtonEvent(menu_data("start_over")))
    assert place(t.state) == place(SessionState(mode="quiz", position=0, answers=()))
    assert is_question(content, t.replies[-1], 0)


@pytest.mark.parametrize(
    "event", [CommandEvent("quiz"), ButtonEvent(menu_data("quiz")), ButtonEvent(menu_data("resume"))]
)
def test_quiz_or_resume_during_the_quiz_shows_the_current_statement_again(
    engine: Engine, content: Content, event
) -> None:
    state = quiz_at(content, 6)
    t = engine.step(state, event)
    assert place(t.state) == place(state)
    assert is_question(content, t.replies[-1], 6)


def test_resume_outside_the_quiz_points_to_quiz(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, ButtonEvent(menu_data("resume")))
    assert place(t.state) == place(IDLE) and t.replies[0].text == content.text("quiz_not_running")


def test_back_shows_the_answer_given_before(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 3, "somewhat")
    t = engine.step(state, CommandEvent("back"))
    label = content.answer_option("somewhat").label
    assert strip_tags(content.text("question_answered_before", answer=label)) in strip_tags(t.replies[0].text)
    fresh = engine.step(quiz_at(content, 3), TextEvent("what does a project manager do")).replies[-1]
    assert strip_tags(content.text("question_answered_before", answer=label)) not in strip_tags(fresh.text)
