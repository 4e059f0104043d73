"""The baseline for e2e_bench: a bare PTB bot (long polling, concurrent updates, otherwise PTB's
defaults, so httpx) whose one TypeHandler sends a text back and answers callback queries. With
ECHO_TRANSPORT=aiohttp it uses RoleFit's transport instead, for a like-for-like comparison.
Run as a subprocess by e2e_bench:

    python -m benchmarks._echo_bot   # reads TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL
"""

from __future__ import annotations

import logging
import os
import sys

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, TypeHandler


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer()
        if query.message is not None:
            await context.bot.send_message(query.message.chat.id, query.data or "?")
        return
    message = update.message
    if message is not None and message.text is not None:
        await context.bot.send_message(message.chat.id, message.text[:4000])


def main() -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    base_url = os.environ["TELEGRAM_API_BASE_URL"].rstrip("/")
    base_url = base_url if base_url.endswith("/bot") else base_url + "/bot"
    builder = ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"]).base_url(base_url).concurrent_updates(True)
    if os.environ.get("ECHO_TRANSPORT") == "aiohttp":  # the like-for-like baseline: RoleFit's transport
        from bot.channels.telegram.transport import AiohttpRequest

        builder = builder.request(AiohttpRequest(connection_pool_size=32, pool_timeout=10.0))
        builder = builder.get_updates_request(AiohttpRequest(connection_pool_size=2))
    application = builder.build()
    application.add_handler(TypeHandler(Update, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
