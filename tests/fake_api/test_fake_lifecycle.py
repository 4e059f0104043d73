"""The fake Bot API's life around a client: driven from another thread, restarted on the same
port, and served to a real PTB Application's polling loop."""

from __future__ import annotations

import asyncio
import threading

from telegram import Bot, Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from fake_telegram import FakeBotApi
from tests.fake_api.conftest import CHAT


def test_sync_api_from_another_thread(fake: FakeBotApi) -> None:
    """Sync tests (bot in a subprocess) block on threading primitives only."""

    async def reply_later() -> None:
        async with Bot(fake.token, base_url=fake.base_url) as client:
            [update] = await client.get_updates(timeout=5)
            await client.send_message(update.message.chat_id, f"echo: {update.message.text}")
            await client.get_updates(offset=update.update_id + 1, timeout=0)  # confirm

    worker = threading.Thread(target=asyncio.run, args=(reply_later(),))
    worker.start()
    fake.push_text(CHAT, "ping")
    [msg] = fake.wait_for_messages(CHAT, 1, timeout=5)
    worker.join(5)
    assert msg.text == "echo: ping"
    fake.wait_quiet(quiet=0.05, timeout=5)


def test_restart_keeps_port_and_state() -> None:
    fake = FakeBotApi()
    fake.start()
    fake.start()  # idempotent
    port = fake.port
    fake.user(5)
    fake.stop()
    fake.stop()
    with fake:  # restarts on the same port, so a running bot can reconnect
        assert fake.port == port and fake.base_url == f"http://127.0.0.1:{port}/bot"
        update_id = fake.push_text(5, "still here")
        assert fake.pending_updates()[0]["update_id"] == update_id


async def test_real_application_echo(fake: FakeBotApi) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    app: Application = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.updater.start_polling(poll_interval=0)
        await app.start()
        try:
            fake.push_text(CHAT, "hello bot")
            [reply] = await fake.wait_for_messages_async(CHAT, 1, timeout=5)
            assert reply.text == "echo: hello bot"
        finally:
            await app.updater.stop()
            await app.stop()
    assert fake.pending_updates() == []
    assert fake.calls_to("deleteWebhook") and fake.calls_to("getMe")
