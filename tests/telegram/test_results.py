"""The result people keep and share, over the real PTB Application and the fake Bot API: /result
shows it again, a second quiz shows how it moved, the card photo, inline sharing that is personal,
the profile texts, and the tie-break question on level scores."""

from __future__ import annotations

import io
import itertools

from PIL import Image

from bot.card import CARD_SIZE
from bot.channels.telegram.flood import FloodGate
from bot.content import Content
from fake_telegram import FakeBotApi
from tests.telegram.conftest import BotHarness, Launch
from tests.telegram.driver import ChatDriver, assert_result_for, leaning, plain, stored_state


def finish_quiz(chat: ChatDriver, content: Content, product: str, project: str):
    chat.send("/start quiz")
    return chat.answer_all(leaning(content, product=product, project=project))


def share_button(message) -> dict:
    rows = (message.reply_markup or {}).get("inline_keyboard") or []
    return next(b for row in rows for b in row if "switch_inline_query" in b)


def test_result_again_with_slash_result_gives_the_same_verdict(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(701)
    result = finish_quiz(chat, content, product="yes", project="no")
    assert_result_for(content, result, "product_manager")
    assert stored_state(bot.data_dir, 701).results[-1].verdict == "product_manager"

    [again] = chat.send("/result")
    assert plain(content.text("result_from_undated")) not in again.text, "the channel dates the result"
    verdict_line = next(line for line in again.text.splitlines() if "Product management" in line and "fit" in line)
    assert verdict_line == result.text.splitlines()[0]
    assert "%" in again.text and share_button(again)["switch_inline_query"] == ""


def test_result_before_any_quiz_says_there_is_none_and_offers_the_quiz(bot: BotHarness, content: Content) -> None:
    [reply] = bot.chat(702).send("/result")
    assert reply.text == plain(content.text("no_result_yet"))
    assert reply.buttons == [[content.text("button_quiz")]]


def test_a_second_quiz_keeps_the_first_and_result_shows_how_it_moved(bot: BotHarness, content: Content) -> None:
    # Two quizzes tapped at machine speed are past the per-chat flood limit; a clock that moves
    # a minute per update keeps the gate open, as a person's pace would.
    bot.application.bot_data["channel"].flood = FloodGate(clock=itertools.count(0, 60).__next__)
    chat = bot.chat(703)
    finish_quiz(chat, content, product="yes", project="no")  # product 100%, project 0%
    second = finish_quiz(chat, content, product="no", project="yes")  # product 0%, project 100%
    assert_result_for(content, second, "project_manager")
    [again] = chat.send("/result")
    assert "Product management 100% → 0%" in again.text and "Project management 0% → 100%" in again.text
    assert len(stored_state(bot.data_dir, 703).results) == 2


def test_the_result_comes_with_its_card_a_png_of_the_card_size(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(704)
    result = finish_quiz(chat, content, product="yes", project="somewhat")
    [photo] = chat.photos()
    assert photo.message_id == result.message_id - 1, "the card comes just before the result's text"
    png = bot.fake.file_bytes(photo.photo_file_id)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == CARD_SIZE
    image.verify()


def test_share_then_inline_query_gives_that_user_their_card_and_no_one_else(bot: BotHarness, content: Content) -> None:
    sharer, other = bot.chat(705), bot.chat(706)
    result = finish_quiz(sharer, content, product="yes", project="no")
    [photo] = sharer.photos()
    assert share_button(result)["text"] == content.text("button_share")

    mine = bot.fake.push_inline_query(705)  # the Share button puts "@bot " in the chat the user picks
    answer = bot.fake.wait_until(lambda: (a := bot.fake.inline_answer(mine)).answered and a, 15)
    assert answer.is_personal and answer.cache_time is not None and answer.cache_time <= 60
    card = next(r for r in answer.results if r["type"] == "photo")
    assert card["photo_file_id"] == photo.photo_file_id
    assert "Product management" in card["caption"] and "100%" in card["caption"]
    link = card["reply_markup"]["inline_keyboard"][0][0]
    assert link["url"] == f"https://t.me/{bot.fake.bot_username}?start=quiz"

    theirs = bot.fake.push_inline_query(706)
    answer = bot.fake.wait_until(lambda: (a := bot.fake.inline_answer(theirs)).answered and a, 15)
    assert answer.is_personal
    assert [r["type"] for r in answer.results] == ["article"], "no card for someone without a result"
    [intro] = answer.results
    assert intro["title"] == content.text("inline_intro_title")
    assert photo.photo_file_id not in str(answer.results) and "100%" not in str(answer.results)
    assert other.messages() == []


def test_inline_query_from_a_user_whose_card_was_not_sent_by_this_process_gets_text(
    bot: BotHarness, content: Content, tmp_path
) -> None:
    from bot.engine import SessionState
    from bot.engine.results import finish
    from bot.store import SqliteStore

    done, _ = finish(content, SessionState(answers=tuple((s.id, "yes") for s in content.statements)), "even")
    store = SqliteStore(bot.data_dir / "rolefit.sqlite3")  # a result kept before a restart
    try:
        from bot.store import StoredSession

        store.save(707, StoredSession(done))
    finally:
        store.close()
    query = bot.fake.push_inline_query(707)
    answer = bot.fake.wait_until(lambda: (a := bot.fake.inline_answer(query)).answered and a, 15)
    [article] = answer.results
    assert article["type"] == "article" and content.text("card_headline_even") in article["title"]


def test_description_and_short_description_are_set_at_start(bot: BotHarness, content: Content) -> None:
    bot.fake.wait_until(lambda: bot.fake.description(short=True) is not None, 15)
    assert bot.fake.description() == content.text("bot_description").strip()
    assert bot.fake.description(short=True) == content.text("bot_short_description").strip()


def test_level_scores_ask_the_tie_break_question_and_even_names_no_role_first(
    bot: BotHarness, content: Content
) -> None:
    chat = bot.chat(708)
    chat.send("/start quiz")
    question = chat.answer_all({s.id: "yes" for s in content.statements})
    assert question.text.startswith("Your scores are level"), question.text
    assert question.buttons == [[r.tiebreak_choice for r in content.roles], [content.text("button_tiebreak_even")]]
    assert chat.photos() == [], "no result yet"

    _toast, [result] = chat.press(content.text("button_tiebreak_even"), message_id=question.message_id)
    first = result.text.splitlines()[0]
    assert first == plain(content.text("result_title_even"))
    assert not any(role.name in first for role in content.roles)
    assert chat.message(question.message_id).reply_markup is None, "the either/or question is retired"
    assert stored_state(bot.data_dir, 708).results[-1].tiebreak == "even"


def test_the_tie_break_choice_decides_the_role(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(709)
    chat.send("/start quiz")
    question = chat.answer_all({s.id: "somewhat" for s in content.statements})
    project = content.role("project_manager")
    _toast, [result] = chat.press(project.tiebreak_choice, message_id=question.message_id)
    assert_result_for(content, result, "project_manager")


def test_kill_9_after_the_result_then_result_still_works(
    launch: Launch, fake: FakeBotApi, content: Content, tmp_path
) -> None:
    chat = ChatDriver(fake, 710, content)
    first = launch()
    result = finish_quiz(chat, content, product="no", project="yes")
    fake.wait_until(lambda: not fake.pending_updates())  # every update confirmed to Telegram
    first.kill9()

    launch()
    [again] = chat.send("/result")
    assert result.text.splitlines()[0] in again.text
    assert_result_for(content, result, "project_manager")


def test_retake_on_an_old_result_during_a_new_quiz_asks_first_and_keeps_the_answers(
    bot: BotHarness, content: Content
) -> None:
    chat = bot.chat(712)
    result = finish_quiz(chat, content, product="yes", project="no")
    chat.send("/quiz")
    chat.answer("no")
    _, [asked] = chat.press(content.text("button_retake"), message_id=result.message_id)
    assert asked.html == content.text("confirm_restart", count=1)
    state = stored_state(bot.data_dir, 712)
    assert state.position == 1 and state.answer_map() == {content.statements[0].id: "no"}
