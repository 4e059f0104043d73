"""PTB wiring: build the Application, route every update through the shared conversation loop,
and run it by long polling or webhook."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import gc
import logging
import weakref
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

from telegram import BotCommand, Update
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.card import render_card
from bot.channels.telegram.codec import decode
from bot.channels.telegram.flood import FloodGate
from bot.channels.telegram.inline import CACHE_SECONDS, asker, inline_results
from bot.channels.telegram.sender import Sender
from bot.channels.telegram.transport import AiohttpRequest
from bot.config import Settings
from bot.content.messages_spec import MENU_COMMANDS
from bot.conversation import Conversation
from bot.engine import Engine, Reply, TextEvent
from bot.engine.replies import QUESTION, Card
from bot.engine.share import offer
from bot.store import SessionStore, SqliteStore

log = logging.getLogger(__name__)
MAX_REMEMBERED_QUESTIONS = 100_000  # chats whose latest statement can be edited after a typed answer


class TelegramChannel:
    """Decode, run the conversation (state saved first), then answer, edit and send."""

    def __init__(self, conversation: Conversation, sender: Sender, flood: FloodGate | None = None) -> None:
        self.conversation = conversation
        self.sender = sender
        self.flood = flood or FloodGate()
        # One lock per chat keeps a chat's updates in order while chats run concurrently; weak
        # values let idle chats' locks disappear, so memory does not grow with chat count.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        # Free text goes through the FAQ model (~5 ms of CPU) off the event loop, one at a time:
        # parallel model runs would take both cores and starve the loop serving everyone else.
        self._text_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rolefit-text")
        self._questions: dict[int, int] = {}  # chat -> message id of its latest statement, oldest first

    def close(self) -> None:
        self._text_worker.shutdown(wait=True)

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.inline_query is not None:
            await self.on_inline_query(update, context.bot.username)
            return
        incoming = decode(update, context.bot.username)
        query = update.callback_query
        if incoming is None:
            if query is not None:
                await self.sender.answer_callback(query.id, None)
            return
        content = self.conversation.engine.content
        admitted, warn = self.flood.admit(incoming.chat_id)
        if not admitted:
            if query is not None:
                await self.sender.answer_callback(query.id, content.text("slow_down") if warn else None)
            if warn:
                await self.sender.send_replies(incoming.chat_id, (Reply(content.text("slow_down")),))
            return
        lock = self._locks.get(incoming.chat_id)
        if lock is None:
            lock = self._locks[incoming.chat_id] = asyncio.Lock()
        async with lock:
            # The user's date for a result this update finishes. Callback queries carry no date of
            # their own, so the clock is the one source for every kind of update.
            today = dt.datetime.now(dt.UTC).date()
            handle = functools.partial(
                self.conversation.handle, incoming.chat_id, incoming.event, incoming.update_id, today
            )
            if isinstance(incoming.event, TextEvent):
                transition = await asyncio.get_running_loop().run_in_executor(self._text_worker, handle)
            else:
                transition = handle()
            if transition is None:
                log.info("update %s: already handled, skipped", update.update_id)
                if query is not None:
                    await self.sender.answer_callback(query.id, None)
                return
            if transition.forget:
                self.sender.forget(incoming.chat_id)
                self._questions.pop(incoming.chat_id, None)
            if query is not None:
                # The state is saved. Stopping the spinner and retiring the pressed question go
                # out together, and both land before the next message, so the old buttons are
                # gone by the time the next question shows.
                calls = [self.sender.answer_callback(query.id, transition.notice)]
                pressed = query.message.message_id if query.message is not None else None
                if transition.edit_pressed and pressed is not None:
                    calls.append(self.sender.edit(incoming.chat_id, pressed, transition.edit_pressed))
                    if transition.edit_pressed.kind == QUESTION:  # stepped back in place
                        self._remember_question(incoming.chat_id, pressed)
                await asyncio.gather(*calls)
            if transition.edit_question is not None:
                asked = self._questions.pop(incoming.chat_id, None)
                if asked is not None:
                    await self.sender.edit(incoming.chat_id, asked, transition.edit_question)
            question = await self.sender.send_replies(incoming.chat_id, transition.replies)
            if question is not None:
                self._remember_question(incoming.chat_id, question)

    def _remember_question(self, chat_id: int, message_id: int) -> None:
        """The chat's latest statement message, so that a typed answer can retire its buttons.
        Kept in memory, bounded: after a restart (or on another replica) the old buttons stay
        until pressed, and a press on them is refused as stale."""
        self._questions.pop(chat_id, None)
        self._questions[chat_id] = message_id
        if len(self._questions) > MAX_REMEMBERED_QUESTIONS:
            self._questions.pop(next(iter(self._questions)))

    async def on_inline_query(self, update: Update, bot_username: str) -> None:
        """ "@bot" in any chat: the asker's own latest result (from their private chat's state), or an intro."""
        query = update.inline_query
        assert query is not None
        content = self.conversation.engine.content
        state = self.conversation.store.load(asker(query)).state.fitted_to(content)
        shared = offer(content, state)
        file_id = self.sender.card_file_id(shared.card) if shared.card else None
        await self.sender.answer_inline(query.id, inline_results(shared, bot_username, file_id), CACHE_SECONDS)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if isinstance(update, Update):
            log.error("update %s failed: %r", update.update_id, error, exc_info=error)
            chat = update.effective_chat
            if chat is not None and not isinstance(error, Forbidden):
                await self.sender.send_replies(chat.id, (Reply(self.conversation.engine.content.text("error")),))
            return
        # Errors while fetching updates: PTB's polling loop retries with backoff on its own.
        if isinstance(error, Conflict):
            log.warning("another instance is polling with this token (409 Conflict); backing off and retrying")
        elif isinstance(error, NetworkError):
            log.warning("cannot reach the Bot API (%s); retrying with backoff", error)
        elif isinstance(error, TelegramError):
            log.warning("Bot API error while polling: %s", error)
        else:
            log.error("unexpected error: %r", error, exc_info=error)


def build_application(settings: Settings, token: str, engine: Engine, store: SessionStore) -> Application:
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_url.removesuffix("/bot") + "/file/bot")
        .concurrent_updates(True)
        # aiohttp instead of PTB's httpx: per Bot API call it costs a fraction of the CPU
        # (transport.py). 32 connections keep up with Telegram's own rate limits; a request
        # waits up to 10 s for a free one.
        .request(AiohttpRequest(connection_pool_size=32, pool_timeout=10.0))
        # Long polling has its own pool, so replies never wait behind a poll. Two connections:
        # on stop PTB cancels the poll and at once confirms the fetched updates with one more.
        .get_updates_request(AiohttpRequest(connection_pool_size=2))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    sender = Sender(application.bot, stopping=lambda: not application.running, draw_card=_draw_card)
    channel = TelegramChannel(Conversation(engine, store), sender)
    application.bot_data["channel"] = channel
    application.bot_data["store"] = store
    application.add_handler(TypeHandler(Update, channel.on_update))
    application.add_error_handler(channel.on_error)
    return application


async def _post_init(application: Application) -> None:
    channel: TelegramChannel = application.bot_data["channel"]
    content = channel.conversation.engine.content
    commands = [BotCommand(name, content.text(f"command_{name}")) for name in MENU_COMMANDS]
    await application.bot.set_my_commands(commands)
    # What Telegram shows before Start ("What can this bot do?") and on the bot's profile.
    await application.bot.set_my_description(content.text("bot_description").strip())
    await application.bot.set_my_short_description(content.text("bot_short_description").strip())
    log.info("RoleFit is up as @%s", application.bot.username)


async def _draw_card(card: Card) -> bytes:
    # Off the event loop: a first drawing takes tens of milliseconds (then the cache answers).
    return await asyncio.to_thread(render_card, card)


async def _post_shutdown(application: Application) -> None:
    application.bot_data["channel"].close()
    application.bot_data["store"].close()
    log.info("RoleFit stopped")


class _NoInvalidTokenTraceback(logging.Filter):
    """PTB logs a rejected token with a full traceback before raising InvalidToken; we report
    it ourselves in one line, so drop PTB's record."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], InvalidToken))


class _NoProxyPageTraceback(logging.Filter):
    """A proxy in front of the Bot API answering with an HTML error page (502 Bad Gateway) makes
    PTB log the whole page at ERROR with a JSONDecodeError traceback, then raise NetworkError,
    which our error handler (polling) or sender (replies) reports in one WARNING line with the
    status and the page. Drop PTB's record, or an outage prints a traceback per retry."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("Can not load invalid JSON data"))


def run_telegram(settings: Settings, token: str, engine: Engine) -> int:
    store = SqliteStore(settings.data_dir / "rolefit.sqlite3")
    application = build_application(settings, token, engine, store)
    # Content, tokenizer and spelling dictionary are ~180k objects that live for the whole run;
    # moving them out of the collector's reach turns 60-100 ms full collections into ~8 ms.
    gc.collect()
    gc.freeze()
    # Logger filters apply only where a record is made: the network retry loop logs to
    # telegram.ext, the response parser to telegram.request.BaseRequest.
    quiet = [
        (logging.getLogger("telegram.ext"), _NoInvalidTokenTraceback()),
        (logging.getLogger("telegram.request.BaseRequest"), _NoProxyPageTraceback()),
    ]
    for logger, noise in quiet:
        logger.addFilter(noise)
    try:
        _run(application, settings)
    except InvalidToken:
        log.error("Telegram refused the token (401 Unauthorized): check TELEGRAM_BOT_TOKEN with @BotFather")
        return 2
    finally:
        for logger, noise in quiet:
            logger.removeFilter(noise)
    return 0


def _run(application: Application, settings: Settings) -> None:
    if settings.webhook_url:
        path = urlparse(settings.webhook_url).path.lstrip("/")
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.port,
            url_path=path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.value if settings.webhook_secret else None,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,  # updates queued while we were down are handled now
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
