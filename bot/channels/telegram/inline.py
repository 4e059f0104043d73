"""Inline mode: "@bot" typed in any chat offers the user's own latest result, or an introduction.

The answer is personal (is_personal) and cached only briefly, so Telegram never shows one user's
result to another and a new result shows soon. The card photo is offered when this process has
sent that card before and so knows Telegram's file_id for it; otherwise the result goes as text.
"""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResult,
    InlineQueryResultArticle,
    InlineQueryResultCachedPhoto,
    InputTextMessageContent,
)
from telegram.constants import ParseMode

from bot.engine.share import ShareOffer

CACHE_SECONDS = 10  # Telegram caches an answer per user this long; a new result shows up soon after
MAX_CAPTION = 1024


def deep_link(bot_username: str) -> str:
    """Opens the bot and starts the quiz at once (/start quiz)."""
    return f"https://t.me/{bot_username}?start=quiz"


def inline_results(offer: ShareOffer, bot_username: str, card_file_id: str | None) -> list[InlineQueryResult]:
    link = InlineKeyboardMarkup([[InlineKeyboardButton(offer.link_label, url=deep_link(bot_username))]])
    results: list[InlineQueryResult] = []
    if card_file_id is not None and len(offer.text) <= MAX_CAPTION:
        results.append(
            InlineQueryResultCachedPhoto(
                id="card",
                photo_file_id=card_file_id,
                title=offer.title,
                description=offer.description,
                caption=offer.text,
                parse_mode=ParseMode.HTML,
                reply_markup=link,
            )
        )
    results.append(
        InlineQueryResultArticle(
            id="result" if offer.card else "intro",
            title=offer.title,
            description=offer.description,
            input_message_content=InputTextMessageContent(
                offer.text, parse_mode=ParseMode.HTML, link_preview_options=None
            ),
            reply_markup=link,
        )
    )
    return results


def asker(query: InlineQuery) -> int:
    """Whose result to offer: the user's id is their private chat's id with the bot."""
    return query.from_user.id
