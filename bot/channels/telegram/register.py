"""`rolefit set-webhook`: register the webhook once, for the whole fleet of replicas, with the
bot's profile (command menu, descriptions), which polling sets at every start.

Replicas starting and stopping never touch the registration, so a rolling restart or a
crashed replica cannot unregister the others' endpoint or drop queued updates."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, Update

from bot.channels.telegram.transport import AiohttpRequest
from bot.config import ConfigError, Settings
from bot.content import Content
from bot.content.messages_spec import MENU_COMMANDS

log = logging.getLogger(__name__)


async def register_profile(bot: Bot, content: Content) -> None:
    """The command menu, and what Telegram shows before Start and on the bot's profile."""
    await bot.set_my_commands([BotCommand(name, content.text(f"command_{name}")) for name in MENU_COMMANDS])
    await bot.set_my_description(content.text("bot_description").strip())
    await bot.set_my_short_description(content.text("bot_short_description").strip())


async def set_webhook(settings: Settings, token: str, content: Content) -> str:
    if not settings.webhook_url:
        raise ConfigError("WEBHOOK_URL is not set: the public https:// URL Telegram should POST updates to")
    if settings.webhook_secret is None:
        raise ConfigError("WEBHOOK_SECRET is not set: replicas refuse updates without it (1-256 of A-Z a-z 0-9 _ -)")
    bot = Bot(token, base_url=settings.api_base_url, request=AiohttpRequest(connection_pool_size=2))
    async with bot:
        await bot.set_webhook(
            settings.webhook_url,
            secret_token=settings.webhook_secret.value,
            max_connections=settings.webhook_max_connections,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,  # updates queued meanwhile are delivered, not lost
        )
        info = await bot.get_webhook_info()
        await register_profile(bot, content)
    return (
        f"webhook set: {info.url} (max_connections {info.max_connections}, {info.pending_update_count} updates waiting)"
    )
