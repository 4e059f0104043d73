"""The fake's photos, inline mode and profile texts behave like Telegram for a real PTB client."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from telegram import Bot, InlineQueryResultArticle, InlineQueryResultCachedPhoto, InputTextMessageContent
from telegram.error import BadRequest

from fake_telegram import FakeBotApi
from tests.fake_api.conftest import CHAT


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


async def test_send_photo_keeps_the_bytes_and_can_be_sent_again_by_file_id(fake: FakeBotApi, bot: Bot) -> None:
    data = png()
    sent = await bot.send_photo(CHAT, data)
    [size] = sent.photo
    assert (size.width, size.height, size.file_size) == (40, 30, len(data))
    assert fake.file_bytes(size.file_id) == data
    again = await bot.send_photo(CHAT, size.file_id)
    assert again.photo[-1].file_id == size.file_id
    assert [m.photo_file_id for m in fake.messages(CHAT)] == [size.file_id, size.file_id]


async def test_send_photo_refuses_what_is_not_an_image_and_unknown_file_ids(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(CHAT, b"not a picture")
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.send_photo(CHAT, "AgACAgIAAxkBAAEFakeNoSuchFile")


async def test_answer_inline_query_records_the_answer_once(fake: FakeBotApi, bot: Bot) -> None:
    photo = (await bot.send_photo(CHAT, png())).photo[-1].file_id
    query = fake.push_inline_query(CHAT, "")
    results = [
        InlineQueryResultCachedPhoto("card", photo, caption="<b>mine</b>", parse_mode="HTML"),
        InlineQueryResultArticle("text", "Title", InputTextMessageContent("<b>hi</b>", parse_mode="HTML")),
    ]
    assert await bot.answer_inline_query(query, results, cache_time=5, is_personal=True)
    answer = fake.inline_answer(query)
    assert answer.answered and answer.is_personal and answer.cache_time == 5
    assert [r["type"] for r in answer.results] == ["photo", "article"]
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_inline_query(query, results)


async def test_answer_inline_query_checks_its_results(fake: FakeBotApi, bot: Bot) -> None:
    unknown_photo = [InlineQueryResultCachedPhoto("card", "AgACAgIAAxkBAAEFakeNoSuchFile")]
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await bot.answer_inline_query(fake.push_inline_query(CHAT), unknown_photo)
    bad_html = [InlineQueryResultArticle("x", "T", InputTextMessageContent("<b>open", parse_mode="HTML"))]
    with pytest.raises(BadRequest, match=r"(?i)can.t parse entities"):
        await bot.answer_inline_query(fake.push_inline_query(CHAT), bad_html)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_inline_query("12345", [])


async def test_profile_descriptions_are_stored_and_their_length_checked(fake: FakeBotApi, bot: Bot) -> None:
    assert await bot.set_my_description("Long description")
    assert await bot.set_my_short_description("Short one")
    assert fake.description() == "Long description" and fake.description(short=True) == "Short one"
    assert (await bot.get_my_description()).description == "Long description"
    with pytest.raises(BadRequest):
        await bot.set_my_short_description("x" * 121)
    with pytest.raises(BadRequest):
        await bot.set_my_description("x" * 513)
