"""Tests proving the fake Bot API behaves like Telegram for a real PTB client."""

from __future__ import annotations

import asyncio
import json
import re

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter

from fake_telegram import FakeBotApi
from tests.fake_api.conftest import CHAT


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d.upper(), callback_data=d)] for d in data])


# -- PTB Bot against the fake -----------------------------------------------------------
async def test_get_me(bot: Bot, fake: FakeBotApi) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == "rolefit_test_bot" and me.id == fake.bot_id


async def test_wrong_token_raises_invalid_token(fake: FakeBotApi) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong-token", base_url=fake.base_url) as other:
            await other.get_me()


async def test_send_message_html_is_parsed_and_logged(bot: Bot, fake: FakeBotApi) -> None:
    sent = await bot.send_message(
        CHAT, "  <b>Hi</b>, <i>Alice</i>!  ", parse_mode=ParseMode.HTML, reply_markup=keyboard("a", "b")
    )
    assert sent.text == "Hi, Alice!" and sent.entities[0].type == "bold"
    [msg] = fake.messages(CHAT)
    assert (msg.message_id, msg.text, msg.edited) == (sent.message_id, "Hi, Alice!", False)
    assert msg.html == "  <b>Hi</b>, <i>Alice</i>!  " and msg.callback_data == ["a", "b"]
    call = fake.calls_to("sendMessage")[-1]
    assert call.response_ok and call.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "A"


@pytest.mark.parametrize(
    ("text", "markup", "error"),
    [
        ("<script>alert(1)</script>", None, 'Unsupported start tag "script" at byte offset 0'),
        ("<b>unclosed", None, "Can't find end tag corresponding to start tag"),
        ("<b> </b>\n", None, "message text is empty"),
        ("<b>" + "x" * 4097 + "</b>", None, "message is too long"),
        ("ok", keyboard("й" * 33), "BUTTON_DATA_INVALID"),  # 66 UTF-8 bytes
    ],
)
async def test_send_message_validation(bot: Bot, text: str, markup: InlineKeyboardMarkup | None, error: str) -> None:
    # PTB's BadRequest lower-cases Telegram's description (str.capitalize), so match loosely.
    with pytest.raises(BadRequest, match="(?i)" + re.escape(error)):
        await bot.send_message(CHAT, text, parse_mode=ParseMode.HTML, reply_markup=markup)


async def test_length_limit_counts_after_parsing(bot: Bot, fake: FakeBotApi) -> None:
    await bot.send_message(CHAT, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    await bot.send_message(CHAT, "&lt;" * 4096, parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(CHAT, "😀" * 2049)  # 4098 UTF-16 code units
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hello")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_rate_limit_and_blocked_user(bot: Bot, fake: FakeBotApi) -> None:
    fake.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as exc:
        await bot.send_message(CHAT, "hi")
    assert "7" in str(exc.value)
    await bot.send_message(CHAT, "fault consumed")
    fake.block_user(CHAT)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(CHAT, "hi")
    assert [c.error_code for c in fake.calls_to("sendmessage")] == [429, None, 403]


async def test_long_poll_returns_pushed_command(bot: Bot, fake: FakeBotApi) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, fake.push_text, CHAT, "/start quiz")
    started = loop.time()
    updates = await bot.get_updates(timeout=5)
    assert loop.time() - started < 2  # answered on push, not at the 5 s timeout
    [update] = updates
    assert update.message.text == "/start quiz"
    [entity] = update.message.entities
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 6)
    # Confirming via offset removes it; an empty poll with timeout=0 returns at once.
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()
    assert fake.pending_updates() == []


async def test_duplicate_is_redelivered_after_confirmation(bot: Bot, fake: FakeBotApi) -> None:
    first = fake.push_text(CHAT, "hello")
    [update] = await bot.get_updates(timeout=0)
    await bot.get_updates(offset=update.update_id + 1, timeout=0)
    fake.push_duplicate(first)
    [again] = await bot.get_updates(offset=update.update_id + 1, timeout=0)
    assert again.update_id == first and again.message.text == "hello"


async def test_media_group_and_edited_updates_parse_in_ptb(bot: Bot, fake: FakeBotApi) -> None:
    msg_update = fake.push_text(CHAT, "typo")
    fake.push_sticker(CHAT)
    fake.push_photo(CHAT, caption="me")
    fake.push_group_text(-100, 7, "/help@rolefit_test_bot")
    user_msg_id = fake.pending_updates()[0]["message"]["message_id"]
    fake.push_edited_text(CHAT, user_msg_id, "fixed")
    updates = await bot.get_updates(timeout=0)
    assert updates[0].update_id == msg_update
    assert updates[1].message.sticker.emoji == "👍"
    assert updates[2].message.photo[-1].width == 800
    assert updates[3].message.chat.type == "group"
    assert updates[3].message.entities[0].length == len("/help@rolefit_test_bot")
    assert updates[4].edited_message.text == "fixed"


async def test_edit_and_callback_flow(bot: Bot, fake: FakeBotApi) -> None:
    sent = await bot.send_message(CHAT, "Pick one", reply_markup=keyboard("pm", "proj"))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Pick one", CHAT, sent.message_id, reply_markup=keyboard("pm", "proj"))
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", CHAT, 999)

    query_id = fake.press_button(CHAT, "PM")
    [update] = await bot.get_updates(timeout=0)
    assert update.callback_query.data == "pm" and update.callback_query.message.message_id == sent.message_id
    assert [c.id for c in fake.unanswered_callbacks()] == [query_id]
    with pytest.raises(BadRequest, match="(?i)MESSAGE_TOO_LONG"):  # noqa: RUF043
        await bot.answer_callback_query(query_id, text="x" * 201)
    await bot.answer_callback_query(query_id, text="ok")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    assert fake.unanswered_callbacks() == [] and fake.callback(query_id).answer_text == "ok"

    # Editing the text without reply_markup drops the keyboard, as Telegram does.
    await bot.edit_message_text("<b>Chosen</b>: PM", CHAT, sent.message_id, parse_mode="HTML")
    [msg] = fake.messages(CHAT)
    assert (msg.text, msg.reply_markup, msg.edited) == ("Chosen: PM", None, True)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(CHAT, sent.message_id, reply_markup=None)
    with pytest.raises(ValueError):
        fake.push_callback(CHAT, sent.message_id, "pm")  # keyboard is gone


async def test_commands_and_chat_action(bot: Bot, fake: FakeBotApi) -> None:
    await bot.set_my_commands([("start", "Start the quiz"), ("help", "Help")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert fake.commands()[0] == {"command": "start", "description": "Start the quiz"}
    with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):  # noqa: RUF043
        await bot.set_my_commands([("Start", "bad case")])
    with pytest.raises(BadRequest):
        await bot.set_my_commands([("ok", "d" * 257)])
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    assert await bot.send_chat_action(CHAT, "typing")
    with pytest.raises(BadRequest):
        await bot.send_chat_action(CHAT, "dancing")


async def test_transport_faults(bot: Bot, fake: FakeBotApi) -> None:
    fake.fail_get_updates(times=1)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.get_updates(timeout=0)
    fake.conflict_get_updates()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await bot.get_updates(timeout=0)
    fake.drop_connections()
    with pytest.raises(NetworkError):
        await bot.get_updates(timeout=0)
    assert await bot.get_updates(timeout=0) == ()


async def test_second_poller_terminates_first(fake: FakeBotApi) -> None:
    async with Bot(fake.token, base_url=fake.base_url) as one, Bot(fake.token, base_url=fake.base_url) as two:
        first = asyncio.create_task(one.get_updates(timeout=5))
        await asyncio.sleep(0.2)
        second = asyncio.create_task(two.get_updates(timeout=1))
        with pytest.raises(Conflict):
            await first
        assert await second == ()


async def test_raw_json_and_form_bodies(fake: FakeBotApi) -> None:
    url = f"{fake.base_url}{fake.token}"
    markup = {"inline_keyboard": [[{"text": "Go", "url": "https://example.com"}]]}
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{url}/SENDMESSAGE", json={"chat_id": CHAT, "text": "json", "reply_markup": markup}
        ) as resp:
            assert resp.status == 200 and (await resp.json())["result"]["reply_markup"] == markup
        async with http.post(
            f"{url}/sendMessage", data={"chat_id": str(CHAT), "text": "form", "reply_markup": json.dumps(markup)}
        ) as resp:
            assert resp.status == 200
        async with http.post(
            f"{url}/sendMessage",
            data={
                "chat_id": str(CHAT),
                "text": "x",
                "reply_markup": json.dumps({"inline_keyboard": [[{"text": "no action"}]]}),
            },
        ) as resp:
            assert (await resp.json())["description"].endswith("Text buttons are unallowed in the inline keyboard")
        async with http.post(f"{url}/noSuchMethod") as resp:
            assert resp.status == 404 and (await resp.json())["description"] == "Not Found"
        async with http.post(f"{fake.base_url}1:other/getMe") as resp:
            assert await resp.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert [m.text for m in fake.messages(CHAT)] == ["json", "form"]


async def test_webhook_delivery_with_secret(bot: Bot, fake: FakeBotApi) -> None:
    received: list[tuple[str | None, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        assert (await bot.get_webhook_info()).url.endswith("/hook")
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates(timeout=0)
        update_id = fake.push_text(CHAT, "via hook")
        assert await fake.deliver_via_webhook_async(update_id) == 200
        assert [secret for secret, _ in received] == ["s3cret"]
        assert received[0][1]["message"]["text"] == "via hook" and fake.pending_updates() == []
        await bot.delete_webhook()
        assert fake.webhook_url is None
    finally:
        await runner.cleanup()


async def test_sync_wait_refuses_inside_event_loop(fake: FakeBotApi) -> None:
    with pytest.raises(RuntimeError, match="_async"):
        fake.wait_for_messages(CHAT, 1, timeout=0.1)
    with pytest.raises(TimeoutError):
        await fake.wait_for_messages_async(CHAT, 1, timeout=0.1)
