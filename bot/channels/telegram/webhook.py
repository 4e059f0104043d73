"""Webhook mode: RoleFit serves Telegram's POSTs itself (aiohttp), one of N identical replicas.

Per update: secret, then the channel (lease, marker, state, step, commit, replies), then 200.
The answer comes after the replies, not before as PTB's run_webhook does: Telegram re-sends an
update until it gets a 2xx, so a replica killed at any point before that leaves the update to
another replica, which applies it once (marker) and sends its replies (outbox). The store not
answering gives 503 with Retry-After and nothing sent. Replicas never call setWebhook (that is
`rolefit set-webhook`, run once), deleteWebhook or getUpdates.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
from urllib.parse import urlparse

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from telegram import Bot, Update

from bot.channels.telegram.channel import TelegramChannel, draw_card
from bot.channels.telegram.flood import FloodGate
from bot.channels.telegram.metrics import Metrics
from bot.channels.telegram.sender import Sender
from bot.channels.telegram.transport import AiohttpRequest
from bot.config import Settings
from bot.conversation import Conversation
from bot.engine import Engine, Reply
from bot.store.commit import ChatStore, StoreUnavailable
from bot.store.open import open_chat_store

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_AFTER = "1"  # seconds; Telegram honours it, and backs off on its own after repeated failures
HEALTH_TIMEOUT = 1.0
SHUTDOWN_GRACE = 8.0  # seconds in-flight updates get to finish after SIGTERM


def webhook_app(
    channel: TelegramChannel, bot: Bot, store: ChatStore, metrics: Metrics, path: str, secret: str | None
) -> web.Application:
    async def on_update(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if secret is not None and not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403, text="forbidden")
        try:
            payload = await request.json()
            update = Update.de_json(payload, bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return web.Response(status=400, text="not an update")
        try:
            await channel.handle(update, bot.username)
        except StoreUnavailable as exc:
            metrics.retries_asked.inc()
            log.warning("update %s: store unavailable (%s); answering 503", update.update_id, exc)
            return web.Response(status=503, text="store unavailable", headers={"Retry-After": RETRY_AFTER})
        except Exception as exc:
            # A bug, not an outage: re-sending would fail the same way and hold up the chat's
            # queue for a day, so say sorry and confirm the update.
            log.error("update %s failed: %r", update.update_id, exc, exc_info=exc)
            chat = update.effective_chat
            if chat is not None:
                with contextlib.suppress(Exception):
                    text = channel.conversation.engine.content.text("error")
                    await channel.sender.send_replies(chat.id, (Reply(text),))
        return web.Response(text="ok")

    async def health(request: web.Request) -> web.Response:
        try:
            await asyncio.wait_for(store.ping(), HEALTH_TIMEOUT)
        except (StoreUnavailable, TimeoutError) as exc:
            return web.json_response({"ok": False, "store": str(exc)[:200]}, status=503)
        return web.json_response({"ok": True})

    async def prometheus(request: web.Request) -> web.Response:
        body = generate_latest(metrics.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_post(path, on_update)
    app.router.add_get("/healthz", health)
    app.router.add_get("/metrics", prometheus)
    return app


async def serve_webhook(settings: Settings, token: str, engine: Engine) -> None:
    assert settings.webhook_url
    metrics = Metrics()
    store = open_chat_store(settings)
    stopping = asyncio.Event()
    bot = Bot(
        token,
        base_url=settings.api_base_url,
        base_file_url=settings.api_base_url.removesuffix("/bot") + "/file/bot",
        request=AiohttpRequest(connection_pool_size=32, pool_timeout=10.0),
    )
    flood = FloodGate(*settings.flood_limit) if settings.flood_limit else None
    sender = Sender(bot, stopping.is_set, draw_card=draw_card)
    channel = TelegramChannel(Conversation(engine), store, sender, flood, metrics)
    path = urlparse(settings.webhook_url).path or "/"
    secret = settings.webhook_secret.value if settings.webhook_secret else None
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    runner = web.AppRunner(webhook_app(channel, bot, store, metrics, path, secret), shutdown_timeout=SHUTDOWN_GRACE)
    try:
        await bot.initialize()  # getMe: the username decides which group commands are ours
        await runner.setup()
        await web.TCPSite(runner, settings.webhook_listen, settings.port).start()
        log.info(
            "RoleFit replica @%s listening on %s:%s%s (store: %s)",
            bot.username,
            settings.webhook_listen,
            settings.port,
            path,
            "redis" if settings.uses_redis else "sqlite",
        )
        await stopping.wait()
        log.info("stopping: finishing updates in flight")
    finally:
        await runner.cleanup()  # stops accepting, lets in-flight requests finish (up to the grace)
        channel.close()
        await store.aclose()
        await bot.shutdown()
        log.info("RoleFit stopped")
