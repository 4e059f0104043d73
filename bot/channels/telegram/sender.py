"""Bot API calls with Telegram's failure modes handled: 429 waited out (bounded), a blocked
user logged once and not retried, transient network errors retried a few times."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram import Bot, InlineKeyboardMarkup, InlineQueryResult, InputFile, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.channels.telegram.codec import keyboard
from bot.channels.telegram.limits import MAX_NOTICE_CHARS, split_message
from bot.engine import Reply
from bot.engine.replies import QUESTION, Card

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_ATTEMPTS = 4
MAX_RETRY_AFTER = 60.0  # seconds; a longer flood wait is not worth holding a reply for
NETWORK_BACKOFF = (0.5, 1.0, 2.0)
STOP_CHECK = 0.25  # seconds; how often a wait looks whether the bot is shutting down
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
MAX_CARD_FILES = 4096  # cards whose Telegram file_id is remembered (for inline sharing without re-upload)
CardRenderer = Callable[[Card], Awaitable[bytes]]


class StopSending(Exception):
    """Send nothing more for this update."""


class ChatUnreachable(StopSending):
    """The user blocked the bot or the chat is gone: stop sending to it for this update."""


class StillRateLimited(StopSending):
    """Telegram kept refusing the chat with 429: the rest of this update's replies would be
    refused too (and out of context without the one given up), so send nothing more."""


class Sender:
    def __init__(
        self, bot: Bot, stopping: Callable[[], bool] = lambda: False, draw_card: CardRenderer | None = None
    ) -> None:
        self.bot = bot
        self._stopping = stopping  # true once the bot shuts down: waits are then given up
        self._blocked_logged: set[int] = set()
        self._draw_card = draw_card  # None: cards are not drawn (the text carries the whole result)
        self._card_files: OrderedDict[Card, str] = OrderedDict()

    def card_file_id(self, card: Card) -> str | None:
        """Telegram's file_id of this card when it was sent before (its picture is the same for everyone)."""
        return self._card_files.get(card)

    async def send_replies(self, chat_id: int, replies: tuple[Reply, ...]) -> int | None:
        """Send the replies in order; the message id of the last checklist statement sent, so a
        typed answer can later retire its buttons (None when none was sent)."""
        question_id: int | None = None
        try:
            for reply in replies:
                if reply.card is not None:
                    await self._send_card(chat_id, reply.card)
                pieces = split_message(reply.text)
                for i, piece in enumerate(pieces):
                    markup = keyboard(reply) if i == len(pieces) - 1 else None

                    def send(text: str = piece, markup: InlineKeyboardMarkup | None = markup) -> Awaitable[Message]:
                        return self.bot.send_message(
                            chat_id,
                            text,
                            parse_mode=ParseMode.HTML,
                            reply_markup=markup,
                            link_preview_options=NO_PREVIEW,
                        )

                    sent = await self.call(chat_id, "sendMessage", send)
                    if sent is not None and reply.kind == QUESTION:
                        question_id = sent.message_id
        except StopSending:
            pass
        return question_id

    async def _send_card(self, chat_id: int, card: Card) -> None:
        """The result card as a photo just before the result's text; sent again by file_id when known.
        A card that cannot be drawn is logged and skipped: the text that follows holds the result."""
        if self._draw_card is None:
            return
        file_id = self._card_files.get(card)
        photo: str | InputFile
        if file_id is not None:
            photo = file_id
        else:
            try:
                photo = InputFile(await self._draw_card(card), filename="rolefit-result.png")
            except Exception as exc:  # a drawing failure must not cost the user their result
                log.error("result card for chat %s could not be drawn: %r", chat_id, exc)
                return
        sent = await self.call(chat_id, "sendPhoto", lambda: self.bot.send_photo(chat_id, photo))
        if sent is not None and sent.photo:
            self._card_files[card] = sent.photo[-1].file_id
            self._card_files.move_to_end(card)
            while len(self._card_files) > MAX_CARD_FILES:
                self._card_files.popitem(last=False)

    async def answer_inline(self, query_id: str, results: Sequence[InlineQueryResult], cache_time: int) -> None:
        with contextlib.suppress(StopSending):
            await self.call(
                None,
                "answerInlineQuery",
                lambda: self.bot.answer_inline_query(query_id, results, cache_time=cache_time, is_personal=True),
            )

    async def edit(self, chat_id: int, message_id: int, reply: Reply) -> None:
        """Turn a message the bot sent into `reply`: an answered statement loses its buttons, a
        statement stepped back from becomes the earlier one."""
        with contextlib.suppress(StopSending):
            await self.call(
                chat_id,
                "editMessageText",
                lambda: self.bot.edit_message_text(
                    split_message(reply.text)[0],
                    chat_id=chat_id,
                    message_id=message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard(reply),
                ),
            )

    async def answer_callback(self, query_id: str, notice: str | None) -> None:
        text = notice[:MAX_NOTICE_CHARS] if notice else None
        with contextlib.suppress(StopSending):
            await self.call(None, "answerCallbackQuery", lambda: self.bot.answer_callback_query(query_id, text=text))

    async def call(self, chat_id: int | None, method: str, request: Callable[[], Awaitable[T]]) -> T | None:
        """Run one Bot API request with retries; None when it finally failed (already logged).
        Raises StopSending when nothing more should be sent for this update."""
        for attempt in range(1, MAX_ATTEMPTS + 1):
            last = attempt == MAX_ATTEMPTS
            try:
                return await request()
            except RetryAfter as exc:
                wait = _seconds(exc.retry_after)
                if last or wait > MAX_RETRY_AFTER:
                    log.warning(
                        "%s to chat %s: still rate limited after %d attempts (retry after %.0fs); giving up",
                        method,
                        chat_id,
                        attempt,
                        wait,
                    )
                    raise StillRateLimited() from None
                log.info("%s to chat %s: rate limited, waiting %.1fs", method, chat_id, wait)
                await self._wait(wait, method, chat_id)
            except Forbidden as exc:
                if chat_id is not None and chat_id not in self._blocked_logged:
                    self._blocked_logged.add(chat_id)
                    log.warning("chat %s cannot be reached (%s); not retrying", chat_id, exc.message)
                raise ChatUnreachable() from None
            except BadRequest as exc:
                if (
                    "message is not modified" in exc.message
                    or "message to edit not found" in exc.message
                    or "query is too old" in exc.message
                ):
                    log.debug("%s to chat %s: %s", method, chat_id, exc.message)
                else:
                    log.error("%s to chat %s refused: %s", method, chat_id, exc.message)
                return None
            except (TimedOut, NetworkError) as exc:  # TimedOut is a NetworkError; BadRequest handled above
                if last:
                    log.warning("%s to chat %s failed after %d attempts: %s", method, chat_id, attempt, exc.message)
                    return None
                await self._wait(NETWORK_BACKOFF[min(attempt - 1, len(NETWORK_BACKOFF) - 1)], method, chat_id)
        return None

    async def _wait(self, seconds: float, method: str, chat_id: int | None) -> None:
        """Sleep before a retry, but stop sending as soon as the bot is shutting down.

        PTB's stop waits for running handlers, so a reply waiting out a 429 (up to a minute)
        would hold SIGTERM that long and get the bot killed by its service manager. The
        chat's state is already saved, so dropping the reply is safe: the next message shows
        the current step again."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not self._stopping():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            await asyncio.sleep(min(remaining, STOP_CHECK))
        log.warning("%s to chat %s: shutting down, so not retrying; the chat's state is saved", method, chat_id)
        raise StopSending()

    def forget(self, chat_id: int) -> None:
        self._blocked_logged.discard(chat_id)


def _seconds(value: int | float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
