"""Telegram's service messages in a private chat (the user pins a message, sets an auto-delete
timer) are things the app did, not something the user said: the bot stays silent. Media the
user did send still gets the "text only" hint."""

from __future__ import annotations

import time

import pytest

from bot.content import Content
from fake_telegram import FakeBotApi
from tests.telegram.conftest import BotHarness
from tests.telegram.driver import question_number, stored_state

CHAT = 9201


def push_message(fake: FakeBotApi, message_id: int, **body: object) -> int:
    chat = {"id": CHAT, "type": "private", "first_name": "Pat"}
    sender = {"id": CHAT, "is_bot": False, "first_name": "Pat"}
    message = {"message_id": message_id, "date": int(time.time()), "chat": chat, "from": sender, **body}
    return fake.push_update({"message": message})


SERVICE = {
    "pinned": {"pinned_message": {"message_id": 2, "date": 1, "chat": {"id": CHAT, "type": "private"}, "text": "x"}},
    "auto-delete timer": {"message_auto_delete_timer_changed": {"message_auto_delete_time": 86400}},
}


# PTB warns (reading the timer) that its seconds will become a timedelta; nothing here uses it.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize("kind", list(SERVICE))
def test_a_service_message_gets_no_reply_and_changes_nothing(bot: BotHarness, kind: str) -> None:
    chat = bot.chat(CHAT)
    chat.send("/start quiz")
    before, shown = stored_state(bot.data_dir, CHAT), len(chat.messages())
    push_message(bot.fake, 7001, **SERVICE[kind])
    bot.fake.wait_quiet()
    assert len(chat.messages()) == shown
    assert stored_state(bot.data_dir, CHAT) == before


def test_a_video_note_still_gets_the_text_only_hint(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(CHAT)
    chat.send("/start quiz")
    video_note = {"file_id": "vn", "file_unique_id": "vnu", "length": 240, "duration": 3}
    hint, again = chat.push(lambda: push_message(bot.fake, 7002, video_note=video_note), replies=2)
    assert hint.html == content.text("unsupported") and question_number(again) == 1
