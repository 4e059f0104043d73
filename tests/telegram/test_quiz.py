"""The dialogue through Telegram, in-process: welcome, deep link, the quiz by buttons, FAQ
questions in the middle of the quiz, /back, and two people quizzing at once."""

from __future__ import annotations

from bot.content import Content
from bot.engine.callbacks import menu_data
from tests.engine.helpers import place
from tests.telegram.conftest import BotHarness
from tests.telegram.driver import (
    assert_result_for,
    leaning,
    plain,
    question_number,
    stored_state,
)

MENU_KEYS = ("button_quiz", "button_ask", "button_compare", "button_help", "button_about")


def test_start_shows_welcome_and_menu_buttons(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(101)
    [welcome] = chat.send("/start")
    assert welcome.html == content.text("welcome")
    assert welcome.parse_mode == "HTML" and welcome.entities, "authored HTML is sent as HTML"
    labels = [label for row in welcome.buttons for label in row]
    assert labels == [content.text(key) for key in MENU_KEYS]


def test_menu_button_starts_the_quiz(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(102)
    chat.send("/start")
    _toast, [question] = chat.press(content.text("button_quiz"))
    assert question_number(question) == 1
    assert bot.fake.unanswered_callbacks() == []


def test_deep_link_start_quiz_asks_the_first_statement_at_once(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(103)
    [question] = chat.send("/start quiz")
    assert question_number(question) == 1
    assert content.statements[0].text in question.text
    assert [label for label in question.buttons[0]] == [a.label for a in content.answers]


def test_full_quiz_by_buttons_ends_in_the_recommendation(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(104)
    chat.send("/start quiz")
    plan = leaning(content, product="yes", project="no")
    result = chat.answer_all(plan)

    assert_result_for(content, result, "product_manager")
    product = [s for s in content.statements if s.role == "product_manager"]
    assert any(s.reason in result.text for s in product), "the result explains itself with the answers given"
    assert bot.fake.unanswered_callbacks() == []
    # Every answered statement was edited in place: it shows the choice and has no keyboard.
    questions = [m for m in chat.messages() if question_number(m)]
    assert len(questions) == len(content.statements)
    for message in questions:
        statement = content.statements[question_number(message) - 1]
        assert message.edited and message.reply_markup is None, message.text
        assert plain(statement.text) in message.text
        assert chat.label(plan[statement.id]) in message.text
    assert stored_state(bot.data_dir, 104).mode == "idle"  # the quiz is over; answers cleared


def test_each_answer_gets_a_toast_naming_it(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(105)
    [question] = chat.send("/start quiz")
    toast, [following] = chat.press(chat.label("somewhat"), message_id=question.message_id)
    assert toast == content.text("answer_notice", answer=chat.label("somewhat"))
    assert question_number(following) == 2


def test_faq_question_mid_quiz_is_answered_and_the_statement_asked_again(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(106)
    chat.send("/start quiz")
    plan = leaning(content, product="no", project="yes")
    for statement in content.statements[:3]:
        chat.answer(plan[statement.id])
    before = stored_state(bot.data_dir, 106)
    assert before is not None and before.position == 3 and len(before.answers) == 3

    answer, again = chat.send("what does a project manager do", replies=2)

    assert answer.html.startswith(content.topic("project_manager_role").answer)
    assert question_number(again) == 4 and plain(content.statements[3].text) in again.text
    assert again.callback_data, "the statement comes back with its buttons"
    assert place(stored_state(bot.data_dir, 106)) == place(before), "the question changed nothing in the quiz"
    assert not any(d == menu_data("resume") for d in answer.callback_data), "one way back: the statement itself"

    result = chat.answer_all(plan)
    assert_result_for(content, result, "project_manager")


def test_back_returns_to_the_previous_statement_and_the_new_answer_counts(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(107)
    chat.send("/start quiz")
    first, second = content.statements[0], content.statements[1]
    chat.answer("yes")
    chat.answer("yes")

    [question] = chat.send("/back")
    assert question_number(question) == 2 and plain(second.text) in question.text
    state = stored_state(bot.data_dir, 107)
    assert state.position == 1 and state.answer_map() == {first.id: "yes", second.id: "yes"}

    chat.answer("no")  # change the answer to statement 2
    state = stored_state(bot.data_dir, 107)
    assert state.position == 2 and state.answer_map() == {first.id: "yes", second.id: "no"}

    # The "previous question" button does the same as /back, in place: the pressed statement
    # turns into the earlier one instead of a new copy being sent.
    pressed = chat.current_question()
    shown = len(chat.messages())
    chat.press(content.text("button_back"), replies=0, message_id=pressed.message_id)
    bot.fake.wait_until(lambda: question_number(chat.message(pressed.message_id)) == 2, 15)
    assert len(chat.messages()) == shown and chat.message(pressed.message_id).callback_data
    assert stored_state(bot.data_dir, 107).position == 1


def test_back_at_the_first_statement_says_so(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(108)
    chat.send("/start quiz")
    note, question = chat.send("/back", replies=2)
    assert note.html == content.text("back_at_first")
    assert question_number(question) == 1


def test_two_users_quizzing_at_once_do_not_mix(bot: BotHarness, content: Content) -> None:
    alice, bob = bot.chat(201), bot.chat(202)
    plans = {
        201: leaning(content, product="yes", project="no"),
        202: leaning(content, product="no", project="yes"),
    }
    for chat in (alice, bob):
        chat.send("/start quiz")
    fake = bot.fake
    for statement in content.statements:
        # Both presses are queued before either is handled, so the bot sees them interleaved.
        waits = []
        for chat in (alice, bob):
            question = chat.current_question()
            before = len(chat.messages())
            query = fake.press_button(chat.chat_id, chat.label(plans[chat.chat_id][statement.id]), question.message_id)
            waits.append((chat, before, query))
        for chat, before, query in waits:
            chat.wait_new(before, 1)
            chat.wait_answered(query)

    assert_result_for(content, alice.messages()[-1], "product_manager")
    assert_result_for(content, bob.messages()[-1], "project_manager")
    assert fake.unanswered_callbacks() == []


def test_cancel_and_restart(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(109)
    chat.send("/start quiz")
    chat.answer("yes")
    [asked] = chat.send("/cancel")  # one answer would be lost: ask first
    assert asked.html == content.text("confirm_cancel", count=1)
    assert stored_state(bot.data_dir, 109).mode == "quiz"
    _toast, [cancelled] = chat.press(content.text("button_confirm_cancel"))
    assert cancelled.html == content.text("quiz_cancelled")
    assert stored_state(bot.data_dir, 109).mode == "idle"
    chat.send("/quiz")
    chat.answer("no")
    [asked] = chat.send("start over")  # in words, the same as /restart
    assert asked.html == content.text("confirm_restart", count=1)
    _toast, [kept, question] = chat.press(content.text("button_keep_going"), replies=2)
    assert kept.html == content.text("kept_going") and question_number(question) == 2
    [asked] = chat.send("/restart")
    _toast, [question] = chat.press(content.text("button_confirm_restart"), message_id=asked.message_id)
    assert question_number(question) == 1
    assert stored_state(bot.data_dir, 109).answers == ()


def test_a_typed_answer_retires_the_statement_like_a_press(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(112)
    [first] = chat.send("/start quiz")
    [second] = chat.send("I think so")
    assert question_number(second) == 2
    # The first statement now shows the answer and has no buttons left to press.
    bot.fake.wait_until(lambda: not chat.message(first.message_id).callback_data, 15)
    edited = chat.message(first.message_id)
    assert plain(content.statements[0].text) in edited.text and chat.label("yes") in edited.text
    assert stored_state(bot.data_dir, 112).answer_map() == {content.statements[0].id: "yes"}


def test_a_thumbs_up_or_down_answers_the_statement(bot: BotHarness, content: Content) -> None:
    # Telegram users answer yes/no with 👍 and 👎; "I didn't catch any words" ignored them.
    chat = bot.chat(113)
    chat.send("/start quiz")
    [second] = chat.send("👍")
    [third] = chat.send("👎🏻")
    assert (question_number(second), question_number(third)) == (2, 3)
    first, then = content.statements[0].id, content.statements[1].id
    assert stored_state(bot.data_dir, 113).answer_map() == {first: "yes", then: "no"}


def test_start_mid_quiz_offers_to_carry_on(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(110)
    chat.send("/start quiz")
    chat.answer("yes")
    welcome, offer = chat.send("/start", replies=2)
    assert welcome.html == content.text("welcome")
    assert offer.html == content.text("resume_offer", number=2, total=len(content.statements))
    _toast, [question] = chat.press(content.text("button_resume"))
    assert question_number(question) == 2


def test_a_greeting_gets_a_greeting_with_the_menu_and_thanks_mid_quiz_keeps_the_place(
    bot: BotHarness, content: Content
) -> None:
    chat = bot.chat(111)
    [hello] = chat.send("Hi! 👋")
    greeting = next(g for g in content.small_talk if g.id == "greeting")
    assert hello.html == greeting.reply
    assert [label for row in hello.buttons for label in row] == [content.text(key) for key in MENU_KEYS]

    chat.send("/start quiz")
    chat.answer("yes")
    thanks = next(g for g in content.small_talk if g.id == "thanks")
    reply, again = chat.send("thanks", replies=2)
    assert reply.html == thanks.in_quiz
    assert question_number(again) == 2 and again.callback_data
    assert stored_state(bot.data_dir, 111).position == 1


def test_right_or_true_asked_back_mid_quiz_is_no_answer_but_said_plainly_is_yes(
    bot: BotHarness, content: Content
) -> None:
    chat = bot.chat(111)
    chat.send("/start quiz")
    chat.answer("yes")
    before = stored_state(bot.data_dir, 111)
    assert before is not None and before.position == 1
    for typed in ("right?", "true?"):
        *_, again = chat.send(typed, replies=2)
        assert question_number(again) == 2 and plain(content.statements[1].text) in again.text
        assert place(stored_state(bot.data_dir, 111)) == place(before), f"{typed!r} recorded an answer"
    [following] = chat.send("true")
    assert question_number(following) == 3
    after = stored_state(bot.data_dir, 111)
    assert after is not None and after.answer_map()[content.statements[1].id] == "yes"
