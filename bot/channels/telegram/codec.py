"""Update -> (chat, Event) and Reply -> sendMessage arguments. No decisions about the dialogue."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from bot.engine import Button, ButtonEvent, CommandEvent, Event, Reply, TextEvent, UnsupportedEvent
from bot.engine.events import text_to_event
from bot.engine.step import KNOWN_COMMANDS


@dataclass(frozen=True)
class Incoming:
    chat_id: int
    event: Event
    update_id: int


def decode(update: Update, bot_username: str | None) -> Incoming | None:
    """The event an update carries, or None when it is not for us (channel posts, group
    chatter not addressed to the bot, inline-message callbacks)."""
    if update.callback_query is not None:
        query = update.callback_query
        if query.message is None:
            return None
        data = query.data or ""
        if not _message_offers(query.message, data):
            data = ""  # a claim the pressed message never offered: forged or already answered
        return Incoming(query.message.chat.id, ButtonEvent(data), update.update_id)
    if update.edited_message is not None:
        edited = update.edited_message
        if not _addressed_to_bot(edited, bot_username):
            return None
        return Incoming(edited.chat.id, UnsupportedEvent("edited"), update.update_id)
    message = update.message
    if message is None or message.chat is None:
        return None  # channel posts, polls, chat member changes...
    if not _addressed_to_bot(message, bot_username):
        return None
    typed = _typed(message)
    if typed is not None:
        language = message.from_user.language_code if message.from_user else None
        said = _without_mention(typed, bot_username)
        # The mention alone ("@rolefit_bot") calls the bot over: greet it as /start does.
        event = text_to_event(said, bot_username, language) if said else CommandEvent("start")
        if message.chat.type != ChatType.PRIVATE and _someone_elses_command(event, typed):
            return None
        return Incoming(message.chat.id, event, update.update_id)
    if message.effective_attachment is None and message.caption is None:
        # A service message (a pin, an auto-delete timer, a member change): the app's doing,
        # not something the user said, so no "I can only read text" reply.
        return None
    return Incoming(message.chat.id, UnsupportedEvent(_kind(message)), update.update_id)


def _typed(message: Message) -> str | None:
    """What the user typed: the text, or the caption of a photo or document ("is this a project
    manager job?" under a screenshot of an ad), which is read as the same text would be. Media
    without a caption has nothing typed."""
    if message.text is not None:
        return message.text
    return message.caption if message.caption and message.caption.strip() else None


def _message_offers(message: object, data: str) -> bool:
    """Whether the pressed message carries a button with this data. Telegram sends the message
    with the query; an old one it can no longer show (InaccessibleMessage) is given the benefit
    of the doubt, and the engine still checks the claim against the current step. PTB 22
    decodes such a message (date 0, no content) as a Message, so ask `is_accessible`."""
    if not isinstance(message, Message) or not message.is_accessible:
        return True
    markup = message.reply_markup
    if markup is None:
        return False
    return any(button.callback_data == data for row in markup.inline_keyboard for button in row)


def _addressed_to_bot(message: Message, bot_username: str | None) -> bool:
    if message.chat.type == ChatType.PRIVATE:
        return True
    if message.chat.type == ChatType.CHANNEL:
        return False
    text = _typed(message) or ""
    if text.startswith("/"):
        head = text.split(" ", 1)[0]
        return "@" not in head or (bot_username is not None and head.lower().endswith("@" + bot_username.lower()))
    if bot_username and _mention(bot_username).search(text):
        return True
    replied = message.reply_to_message
    return bool(
        replied and replied.from_user and replied.from_user.is_bot and replied.from_user.username == bot_username
    )


def _someone_elses_command(event: Event, text: str) -> bool:
    """In a group: "/x@other_bot" (read as text), or a bare "/x" we don't have, which another
    bot there is meant to answer. "/x@our_bot" is ours, so an unknown one is still explained."""
    if not text.startswith("/"):
        return False
    if isinstance(event, TextEvent):
        return True
    addressed = "@" in text.split(maxsplit=1)[0]
    return isinstance(event, CommandEvent) and not addressed and event.name not in KNOWN_COMMANDS


def _without_mention(text: str, bot_username: str | None) -> str:
    if bot_username and not text.startswith("/"):
        return _mention(bot_username).sub("", text).strip()
    return text


@functools.lru_cache(maxsize=4)
def _mention(bot_username: str) -> re.Pattern[str]:
    """The bot's @username as typed: in any case (usernames are case-insensitive and people
    type mentions by hand), and whole, so "@rolefit_bot_fan", someone else, is not a mention.
    Deciding whether a message is addressed to us and taking the mention out both use it."""
    return re.compile(f"@{re.escape(bot_username)}\\b", re.IGNORECASE)


def _kind(message: Message) -> str:
    for kind in ("sticker", "photo", "voice", "video", "audio", "document", "animation", "location", "contact", "poll"):
        if getattr(message, kind, None):
            return kind
    return "other"


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    return _markup(reply.buttons) if reply.buttons else None


@functools.lru_cache(maxsize=1024)
def _markup(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup:
    # Every user gets the same few keyboards (one per statement, the menu, topic buttons), and
    # PTB's markup objects are immutable: build each once instead of per message.
    return InlineKeyboardMarkup([[_button(b) for b in row] for row in rows])


def _button(button: Button) -> InlineKeyboardButton:
    if button.switch_inline_query is not None:  # Share: Telegram asks for a chat and types "@bot <query>" there
        return InlineKeyboardButton(button.label, switch_inline_query=button.switch_inline_query)
    return InlineKeyboardButton(button.label, callback_data=button.data)
