"""PTB wiring for long polling (one process), and the choice between polling and webhook mode
(bot/channels/telegram/webhook.py, for one or many replicas)."""

from __future__ import annotations

import asyncio
import gc
import logging

from telegram import Update
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.channels.telegram.channel import TelegramChannel, draw_card
from bot.channels.telegram.flood import FloodGate
from bot.channels.telegram.register import register_profile
from bot.channels.telegram.sender import Sender
from bot.channels.telegram.transport import AiohttpRequest
from bot.config import Settings
from bot.conversation import Conversation
from bot.engine import Engine, Reply
from bot.store import SessionStore
from bot.store.commit import ChatStore, StoreUnavailable, as_chat_store
from bot.store.open import open_chat_store

log = logging.getLogger(__name__)

STORE_RETRY = (0.5, 1.0, 2.0, 4.0, 8.0)  # seconds: polling rides out a short store outage


class PollingHandlers:
    """PTB's handlers in polling mode: one process, so an update whose store call failed is
    retried here (bounded) rather than answered 503 as a replica does."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        for wait in (*STORE_RETRY, None):
            try:
                await self.channel.handle(update, context.bot.username)
                return
            except StoreUnavailable as exc:
                if wait is None:
                    raise
                log.warning("update %s: store unavailable (%s); retrying in %.0fs", update.update_id, exc, wait)
                await asyncio.sleep(wait)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if isinstance(update, Update):
            await self._on_update_error(update, error)
            return
        # Errors while fetching updates: PTB's polling loop retries with backoff on its own.
        if isinstance(error, Conflict):
            log.warning(
                "another instance is polling with this token (409 Conflict): polling is single-instance; "
                "to run several replicas use webhook mode (WEBHOOK_URL) with STORE_URL on Redis. Retrying"
            )
        elif isinstance(error, NetworkError):
            log.warning("cannot reach the Bot API (%s); retrying with backoff", error)
        elif isinstance(error, TelegramError):
            log.warning("Bot API error while polling: %s", error)
        else:
            log.error("unexpected error: %r", error, exc_info=error)

    async def _on_update_error(self, update: Update, error: BaseException | None) -> None:
        """The update was given up: nothing of it was saved. Stop a pressed button's spinner
        and say so, naming a store outage (expected trouble, so no traceback) as such."""
        outage = isinstance(error, StoreUnavailable)
        log.error("update %s failed: %r", update.update_id, error, exc_info=None if outage else error)
        sender = self.channel.sender
        if update.callback_query is not None:
            await sender.answer_callback(update.callback_query.id, None)
        chat = update.effective_chat
        if chat is not None and not isinstance(error, Forbidden):
            content = self.channel.conversation.engine.content
            await sender.send_replies(chat.id, (Reply(content.text("store_unavailable" if outage else "error")),))


def build_application(settings: Settings, token: str, engine: Engine, store: SessionStore | ChatStore) -> Application:
    chat_store = as_chat_store(store)
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
    sender = Sender(application.bot, stopping=lambda: not application.running, draw_card=draw_card)
    flood = FloodGate(*settings.flood_limit) if settings.flood_limit else None
    channel = TelegramChannel(Conversation(engine), chat_store, sender, flood)
    handlers = PollingHandlers(channel)
    application.bot_data["channel"] = channel
    application.bot_data["store"] = chat_store
    application.add_handler(TypeHandler(Update, handlers.on_update))
    application.add_error_handler(handlers.on_error)
    return application


async def _post_init(application: Application) -> None:
    channel: TelegramChannel = application.bot_data["channel"]
    await register_profile(application.bot, channel.conversation.engine.content)
    log.info("RoleFit is up as @%s", application.bot.username)


async def _post_shutdown(application: Application) -> None:
    application.bot_data["channel"].close()
    await application.bot_data["store"].aclose()
    log.info("RoleFit stopped")


class _NoStartFailureTraceback(logging.Filter):
    """PTB logs a rejected token, or a Bot API it cannot reach while starting, with a full
    traceback before raising; run_telegram reports both in one line, so drop PTB's record."""

    def filter(self, record: logging.LogRecord) -> bool:
        failed = record.exc_info[1] if record.exc_info else None
        starting = record.getMessage().startswith("Network Retry Loop (Bootstrap")
        return not (isinstance(failed, InvalidToken) or (starting and isinstance(failed, NetworkError)))


class _NoProxyPageTraceback(logging.Filter):
    """A proxy in front of the Bot API answering with an HTML error page (502 Bad Gateway) makes
    PTB log the whole page at ERROR with a JSONDecodeError traceback, then raise NetworkError,
    which our error handler (polling) or sender (replies) reports in one WARNING line with the
    status and the page. Drop PTB's record, or an outage prints a traceback per retry."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("Can not load invalid JSON data"))


def run_telegram(settings: Settings, token: str, engine: Engine) -> int:
    try:
        if settings.webhook_url:
            from bot.channels.telegram.webhook import serve_webhook

            _freeze_long_lived_objects()
            asyncio.run(serve_webhook(settings, token, engine))
        else:
            _poll(settings, token, engine)
    except InvalidToken:
        log.error("Telegram refused the token (401 Unauthorized): check TELEGRAM_BOT_TOKEN with @BotFather")
        return 2
    except NetworkError as exc:
        # Only starting gets here (getMe, deleteWebhook): once running, polling and replies
        # ride out network errors themselves. Exit, so a service manager tries again later.
        log.error(
            "cannot reach the Bot API at %s (%s): check the network, HTTPS_PROXY and TELEGRAM_API_BASE_URL",
            settings.api_base_url,
            exc,
        )
        return 2
    return 0


def _poll(settings: Settings, token: str, engine: Engine) -> None:
    application = build_application(settings, token, engine, open_chat_store(settings))
    _freeze_long_lived_objects()
    # Logger filters apply only where a record is made: the network retry loop logs to
    # telegram.ext, the response parser to telegram.request.BaseRequest.
    quiet = [
        (logging.getLogger("telegram.ext"), _NoStartFailureTraceback()),
        (logging.getLogger("telegram.request.BaseRequest"), _NoProxyPageTraceback()),
    ]
    for logger, noise in quiet:
        logger.addFilter(noise)
    try:
        _run(application, settings)
    finally:
        for logger, noise in quiet:
            logger.removeFilter(noise)


def _freeze_long_lived_objects() -> None:
    # Content, tokenizer and spelling dictionary are ~180k objects that live for the whole run;
    # moving them out of the collector's reach turns 60-100 ms full collections into ~8 ms.
    gc.collect()
    gc.freeze()


def _run(application: Application, settings: Settings) -> None:
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
