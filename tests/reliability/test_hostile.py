"""Hostile input against the bot in-process, beyond tests/telegram/test_hostile_input.py:
forged callback data judged byte-for-byte on the stored row (including a real button copied
from another chat, and presses on messages too old for the channel to check), hostile text,
a flood with another user in the same instant, and channel posts.

Already covered there and not repeated: a re-delivered update (one reply, state advanced
once), group chatter not addressed to the bot, the 10,000-character message and command,
HTML mixed into a question."""

from __future__ import annotations

import pytest

from bot.channels.telegram.flood import BURST, FloodGate
from bot.channels.telegram.limits import MAX_MESSAGE_UTF16, utf16_length
from bot.content import Content
from bot.engine import SessionState
from fake_telegram.model import Chat
from tests.engine.helpers import place
from tests.reliability.helpers import push_inaccessible_callback
from tests.telegram.conftest import BotHarness
from tests.telegram.driver import ChatDriver, api_errors, question_number, raw_state, session_rows

CHANNEL = -100_777
SUPERGROUP = -100_778


# -- forged callback data ----------------------------------------------------------------------
def forged(kind: str, content: Content, current: str, other_chat_data: str) -> str:
    statements = [s.id for s in content.statements]
    return {
        "unknown prefix": f"v2:a:{current}:yes",
        "foreign prefix": f"zz:a:{current}:yes",
        "old statement": f"v1:a:{statements[0]}:yes",
        "option out of range": f"v1:a:{current}:99",
        "empty option": f"v1:a:{current}:",
        "64 bytes of junk": ("\x00\x7f:;'\"<b>&amp;\u202e\u200b💥" * 8).encode()[:64].decode(errors="ignore"),
        "real button from another chat": other_chat_data,
    }[kind]


KINDS = [
    "unknown prefix",
    "foreign prefix",
    "old statement",
    "option out of range",
    "empty option",
    "64 bytes of junk",
    "real button from another chat",
]


@pytest.mark.parametrize("pressed_on", ["current question", "inaccessible message"])
@pytest.mark.parametrize("kind", KINDS)
def test_forged_button_leaves_the_stored_state_byte_for_byte(
    bot: BotHarness, content: Content, kind: str, pressed_on: str
) -> None:
    alice, bob = bot.chat(2101), bot.chat(2102)
    alice.send("/start quiz")
    alice.answer("yes")
    alice.answer("no")  # Alice is at statement 3
    bob.send("/start quiz")
    bob.answer("somewhat")  # Bob at statement 2: Alice's buttons name another statement
    alice_data = alice.current_question().callback_data[0]
    question = bob.current_question()
    data = forged(kind, content, content.statements[1].id, alice_data)
    assert len(data.encode()) <= 64 and data not in question.callback_data
    before = raw_state(bot.data_dir, 2102)
    alice_before = raw_state(bot.data_dir, 2101)
    shown = len(bob.messages())

    if pressed_on == "current question":
        query = bot.fake.push_callback(2102, question.message_id, data, check_button=False)
    else:
        query = push_inaccessible_callback(bot.fake, 2102, question.message_id, data)
    toast = bob.wait_answered(query)
    bot.fake.wait_quiet()

    assert raw_state(bot.data_dir, 2102) == before, "the stored state did not change by a byte"
    assert raw_state(bot.data_dir, 2101) == alice_before, "nor did the other chat's"
    assert toast is None or len(toast) <= 200
    new = bob.messages()[shown:]
    assert len(new) <= 2 and all(len(m.text) < 1000 for m in new), [m.text for m in new]
    if new:
        assert new[0].html == content.text("stale_button")
    assert all(question_number(m) in (None, 2) for m in new), "no other statement was asked"
    assert not bob.message(question.message_id).edited, "the question was not marked as answered"
    assert bot.fake.unanswered_callbacks() == []
    # The real button still works afterwards.
    assert question_number(bob.answer("yes")) == 3


def test_a_real_press_on_an_inaccessible_message_still_counts(bot: BotHarness, content: Content) -> None:
    """The control for the test above: the inaccessible-message press reaches the engine, which
    accepts a claim that matches the current step."""
    bob = bot.chat(2103)
    bob.send("/start quiz")
    question = bob.current_question()
    shown = len(bob.messages())
    query = push_inaccessible_callback(bot.fake, 2103, question.message_id, question.callback_data[0])
    bob.wait_answered(query)
    bot.fake.wait_quiet()
    new = bob.messages()[shown:]
    assert [question_number(m) for m in new] == [2], [m.text[:80] for m in new]


# -- hostile text ------------------------------------------------------------------------------
HOSTILE_TEXT = {
    "emoji only": "😀🎉🔥👩‍👩‍👧‍👦🏳️‍🌈" * 3,
    "zero-width only": "\u200b\u200c\u200d\u2060\ufeff" * 4,
    "arabic": "ما الفرق بين مدير المنتج ومدير المشروع؟",
    "hebrew": "מה ההבדל בין מנהל מוצר למנהל פרויקט?",
    "bidi override": "\u202egnp.exe\u202c \u2066abc\u2069",
    "script tag": "<script>alert(1)</script>",
    "lone ampersand": "&",
    "unbalanced tag": "<b",
    "entity soup": "&lt;&#x3c;&#0;&bogus; </b></i>",
    "10,000 characters": "ش" * 5_000 + "😀" * 2_500,
    "control characters": "hello\x00\x01\x1b[31mred\x7f",
}


@pytest.mark.parametrize("text", list(HOSTILE_TEXT.values()), ids=list(HOSTILE_TEXT))
@pytest.mark.parametrize("mode", ["idle", "quiz"])
def test_hostile_text_gets_a_polite_bounded_reply(bot: BotHarness, content: Content, text: str, mode: str) -> None:
    chat = bot.chat(2201)
    if mode == "quiz":
        chat.send("/start quiz")
    before = raw_state(bot.data_dir, 2201)
    shown = len(chat.messages())

    replies = chat.send(text)
    bot.fake.wait_quiet()

    new = chat.messages()[shown:]
    assert replies and len(new) <= 3
    for message in new:
        assert 0 < utf16_length(message.text) <= MAX_MESSAGE_UTF16
        assert text not in message.text or len(text) < 3, "a hostile message is not echoed back"
    assert api_errors(bot.fake) == [], "every reply was accepted by the Bot API"
    if mode == "quiz":
        assert question_number(new[-1]) == 1, "the statement is asked again"
        stored = raw_state(bot.data_dir, 2201)
        assert before is not None and stored is not None
        assert place(SessionState.from_json(stored)) == place(SessionState.from_json(before)), (
            "text does not answer a statement"
        )


# -- flood -------------------------------------------------------------------------------------
def test_fifty_messages_in_one_instant_get_bounded_replies_and_others_are_served(
    bot: BotHarness, content: Content
) -> None:
    # All 60 updates arrive at the same instant as far as the flood gate can tell, so the
    # assertion does not depend on how fast this machine pushes or the bot reads them.
    assert bot.application is not None
    bot.application.bot_data["channel"].flood = FloodGate(clock=lambda: 1_000.0)
    flooder, other = bot.chat(2301), bot.chat(2302)

    for i in range(50):
        bot.fake.push_text(2301, f"hello {i}")
        if i == 25:
            bot.fake.push_text(2302, "/start")
    [welcome] = other.wait_new(0, 1)
    bot.fake.wait_quiet()

    assert welcome.html == content.text("welcome"), "the other user is answered"
    texts = [m.html for m in flooder.messages()]
    assert texts.count(content.text("slow_down")) == 1
    assert len(texts) <= BURST + 1, f"{len(texts)} replies to a flood"
    assert len(other.messages()) == 1


# -- channel posts and groups ------------------------------------------------------------------
def channel_post(message_id: int, text: str, edited: bool = False) -> dict:
    post = {
        "message_id": message_id,
        "sender_chat": {"id": CHANNEL, "type": "channel", "title": "News"},
        "chat": {"id": CHANNEL, "type": "channel", "title": "News"},
        "date": 1_700_000_000,
        "text": text,
    }
    if edited:
        post["edit_date"] = 1_700_000_100
    return {"edited_channel_post" if edited else "channel_post": post}


def test_channel_posts_and_supergroup_chatter_create_no_state(bot: BotHarness) -> None:
    fake = bot.fake
    fake.push_update(channel_post(1, "/start"))
    fake.push_update(channel_post(2, f"@{fake.bot_username} what does a project manager do"))
    fake.push_update(channel_post(2, "/forget", edited=True))
    fake.state.ensure_chat(Chat(id=SUPERGROUP, type="supergroup", title="Big group"))
    for text in ("morning all", "/quiz@other_bot", "what does a product manager do"):
        fake.push_group_text(SUPERGROUP, 2401, text)
    ChatDriver(fake, 2402, bot.content).send("/start")  # a private chat, so something is handled
    fake.wait_quiet()

    assert fake.messages(CHANNEL) == [] and fake.messages(SUPERGROUP) == []
    assert session_rows(bot.data_dir) == [2402], "only the private chat has a row"
