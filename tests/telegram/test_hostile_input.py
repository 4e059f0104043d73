"""What people (and broken clients) send that the bot did not ask for, in-process: forged and
stale buttons, huge and HTML-laden text, media, edits, group chatter, re-delivered updates.
Telegram's own failures (429, blocked users, floods, polling trouble) are in test_telegram_failures.py."""

from __future__ import annotations

import pytest

from bot.content import Content
from tests.engine.helpers import place
from tests.telegram.conftest import BotHarness
from tests.telegram.driver import (
    leaning,
    question_number,
    session_rows,
    stored_state,
)

GROUP = -100_123


# -- buttons ---------------------------------------------------------------------------------
def forged_data(content: Content) -> dict[str, str]:
    first = content.statements[0].id
    return {
        "old statement": f"v1:a:{first}:yes",
        "junk": "}{ not ours",
        "unknown answer": f"v1:a:{content.statements[1].id}:maybe_later",
        "unknown topic": "v1:t:astrology",
        "64 bytes": ("v1:a:" + "x" * 64)[:64],
    }


@pytest.mark.parametrize("kind", ["old statement", "junk", "unknown answer", "unknown topic", "64 bytes"])
def test_forged_or_stale_button_is_answered_and_changes_nothing(bot: BotHarness, content: Content, kind: str) -> None:
    chat = bot.chat(301)
    [first] = chat.send("/start quiz")
    chat.answer("yes")  # statement 1 answered: its buttons are gone; statement 2 is open
    before = stored_state(bot.data_dir, 301)
    data = forged_data(content)[kind]
    assert len(data.encode()) <= 64

    shown = len(chat.messages())
    toast, _ = chat.press_data(first.message_id, data, replies=0)
    bot.fake.wait_quiet()

    assert toast == content.text("stale_button_notice")
    assert len(chat.messages()) == shown, "a quiet toast: the open statement already is the latest message"
    assert question_number(chat.current_question()) == 2
    assert stored_state(bot.data_dir, 301) == before
    assert bot.fake.unanswered_callbacks() == []
    # The next real answer still works.
    following = chat.answer("no")
    assert question_number(following) == 3
    assert stored_state(bot.data_dir, 301).answer_map()[content.statements[1].id] == "no"


@pytest.mark.parametrize("button", ["answer", "previous question"])
def test_buttons_left_on_screen_by_back_are_stale(bot: BotHarness, content: Content, button: str) -> None:
    chat = bot.chat(305)
    chat.send("/start quiz")
    chat.answer("yes")
    second = chat.current_question()  # question 2, with its keyboard still on screen after /back
    chat.send("/back")
    before = stored_state(bot.data_dir, 305)
    assert before.position == 0
    label = chat.label("no") if button == "answer" else content.text("button_back")

    shown = len(chat.messages())
    toast, _ = chat.press(label, replies=0, message_id=second.message_id)
    bot.fake.wait_quiet()

    assert toast == content.text("stale_button_notice") and len(chat.messages()) == shown
    assert stored_state(bot.data_dir, 305) == before


def test_stale_button_outside_the_quiz_is_a_quiet_toast(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(302)
    [question] = chat.send("/start quiz")
    [menu] = chat.send("/cancel")  # nothing answered yet: nothing to lose, so no question first
    data = question.callback_data[0]
    toast, _ = chat.press_data(question.message_id, data, replies=0)
    bot.fake.wait_quiet()
    assert toast == content.text("stale_button_notice")
    assert chat.messages()[-1].message_id == menu.message_id and menu.callback_data, "the menu stays the last word"
    assert stored_state(bot.data_dir, 302).mode == "idle"


def test_finished_quiz_buttons_are_stale(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(303)
    [first] = chat.send("/start quiz")
    chat.answer_all(leaning(content, product="yes", project="no"))
    shown = len(chat.messages())
    toast, _ = chat.press_data(first.message_id, first.callback_data[0], replies=0)
    bot.fake.wait_quiet()
    assert toast == content.text("stale_button_notice") and len(chat.messages()) == shown
    assert stored_state(bot.data_dir, 303).mode == "idle"


def test_redelivered_update_is_applied_once(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(304)
    chat.send("/start quiz")
    chat.answer("yes")
    before = len(chat.messages())
    update_id = bot.fake.push_text(304, "/back")
    [question] = chat.wait_new(before, 1)
    assert question_number(question) == 1
    assert stored_state(bot.data_dir, 304).position == 0
    chat.answer("yes")  # position 1 again
    before = len(chat.messages())
    bot.fake.push_duplicate(update_id)  # Telegram delivers the /back again
    bot.fake.wait_quiet()
    assert len(chat.messages()) == before, "a repeated update gets no second reply"
    assert stored_state(bot.data_dir, 304).position == 1, "and does not move the quiz back again"


# -- text --------------------------------------------------------------------------------------
def test_ten_thousand_character_command_gets_a_bounded_reply(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(310)
    [reply] = chat.send("/" + "x" * 9_999)
    assert reply.html.startswith(content.text("unknown_command", command="@@").split("@@")[0])
    assert len(reply.text) < 300


def test_ten_thousand_characters_get_a_polite_bounded_reply(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(311)
    chat.send("/start quiz")
    chat.answer("yes")
    before = stored_state(bot.data_dir, 311)
    huge = ("why is this so long " * 500)[:10_000]

    reply, again = chat.send(huge, replies=2)

    assert reply.html == content.text("too_long", limit=500)
    assert len(reply.text) < 500 and "why is this so long" not in reply.text
    assert question_number(again) == 2
    assert place(stored_state(bot.data_dir, 311)) == place(before)


@pytest.mark.parametrize(
    "text",
    [
        "<b>bold?</b> & <script>alert(1)</script> R&D",
        "what does a <i>project</i> manager do & why <3",
        "/start <b>x</b> & &amp;",
        "&lt;b&gt; & <a href='http://evil.example'>click</a>",
    ],
)
def test_html_in_user_text_is_never_echoed_unescaped(bot: BotHarness, text: str) -> None:
    chat = bot.chat(312)
    replies = chat.send(text)
    bot.fake.wait_quiet()
    for message in chat.messages():
        for raw in ("<b>bold?</b>", "<script>", "<i>project</i>", "<b>x</b>", "R&D", "<a href='http://evil", "<3"):
            assert raw not in message.html, message.html
    assert replies  # something was said; the teardown checks no request was refused


def test_unknown_command_is_named_escaped(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(313)
    [reply] = chat.send("/frobnicate")
    assert reply.html == content.text("unknown_command", command="/frobnicate")


@pytest.mark.parametrize("kind", ["sticker", "photo", "document", "edited"])
def test_media_and_edits_get_a_short_hint(bot: BotHarness, content: Content, kind: str) -> None:
    # Media without a caption; a caption is read as typed text (test_captions.py).
    chat = bot.chat(321)
    chat.send("/start quiz")
    own_text = bot.fake.push_text(321, "hello")  # a message of the user's to edit later
    chat.wait_new(0, 3)
    user_message_id = bot.fake.state.all_updates[own_text]["message"]["message_id"]
    before = stored_state(bot.data_dir, 321)
    push = {
        "sticker": lambda: bot.fake.push_sticker(321),
        "photo": lambda: bot.fake.push_photo(321),
        "document": lambda: bot.fake.push_document(321),
        "edited": lambda: bot.fake.push_edited_text(321, user_message_id, "what does a project manager do"),
    }[kind]

    hint, again = chat.push(push, replies=2)

    key = "unsupported_edited" if kind == "edited" else "unsupported"
    assert hint.html == content.text(key)
    assert len(hint.text) < 200
    assert question_number(again) == 1
    assert stored_state(bot.data_dir, 321) == before


# -- groups ------------------------------------------------------------------------------------
def test_group_chatter_not_addressed_to_the_bot_is_ignored(bot: BotHarness) -> None:
    fake = bot.fake
    for text in ("hello everyone", "what does a project manager do", "/start@some_other_bot", "/quiz@another_bot"):
        fake.push_group_text(GROUP, 401, text)
    fake.wait_quiet()
    assert fake.messages(GROUP) == []
    assert stored_state(bot.data_dir, GROUP) is None and stored_state(bot.data_dir, 401) is None
    assert GROUP not in session_rows(bot.data_dir)


def test_command_addressed_to_the_bot_in_a_group_is_answered(bot: BotHarness, content: Content) -> None:
    fake = bot.fake
    fake.push_group_text(GROUP, 402, f"/help@{fake.bot_username}")
    [reply] = fake.wait_for_messages(GROUP, 1)
    assert reply.html == content.text("help")
    fake.push_group_text(GROUP, 402, f"@{fake.bot_username} what does a project manager do")
    fake.wait_for_messages(GROUP, 2)
    assert fake.messages(GROUP)[1].html.startswith(content.topic("project_manager_role").answer)


# -- forget ------------------------------------------------------------------------------------
def test_forget_deletes_the_chats_row_and_says_so(bot: BotHarness, content: Content) -> None:
    chat, other = bot.chat(331), bot.chat(332)
    chat.send("/start quiz")
    chat.answer("yes")
    other.send("/start quiz")
    assert 331 in session_rows(bot.data_dir)

    [reply] = chat.send("/forget")

    assert reply.html == content.text("forgotten")
    assert session_rows(bot.data_dir) == [332], "only this chat's row is gone"
    [welcome] = chat.send("/start")  # and the chat starts afresh
    assert welcome.html == content.text("welcome") and len(chat.send("/quiz")) == 1
