"""Fake Telegram Bot API server for the RoleFit bot's end-to-end tests and benchmarks.

Development infrastructure, not part of the bot: it lives at the top of the repository
(not under tests/) because benchmarks/ uses it too and must not import test helpers, and
the wheel leaves it out (pyproject.toml packages `bot*` only). Its own tests: tests/fake_api/.

Quick start::

    from fake_telegram import FakeBotApi

    with FakeBotApi() as fake:                       # 127.0.0.1, ephemeral port
        fake.user(42, "Alice")
        # run the bot with ApplicationBuilder().token(fake.token).base_url(fake.base_url)
        fake.push_text(42, "/start")
        [reply] = fake.wait_for_messages(42, 1)      # *_async variants inside event loops

Layout: api.py (FakeBotApi facade: lifecycle, users, push_*), waiting.py and
control.py (wait_*, fault injection, webhook mixins), server.py (aiohttp in its
own thread/loop), methods.py (Bot API methods), validation.py (param decoding,
markup/command rules), html_entities.py (Telegram-HTML parser), state.py/model.py.

Emulated beyond text: sendPhoto (PNG uploads kept, ``file_bytes``), inline mode
(``push_inline_query``, answerInlineQuery with article and cached-photo results,
``inline_answer``), setMyDescription / setMyShortDescription (``description``).
Not emulated: other media and send* methods, Markdown/MarkdownV2 parsing (text is
taken literally), inline_message_id edits, automatic url/mention/hashtag entities in bot messages,
payments, chat administration, real flood control (use fail_next(..., 429)).
"""

from .api import DEFAULT_TOKEN, FakeBotApi
from .html_entities import EntityParseError, ParsedText, parse_html, utf16_len
from .model import ApiError, BotMessage, CallbackRecord, CallRecord, InlineQueryRecord, Upload, User

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotMessage",
    "CallRecord",
    "CallbackRecord",
    "EntityParseError",
    "FakeBotApi",
    "InlineQueryRecord",
    "ParsedText",
    "Upload",
    "User",
    "parse_html",
    "utf16_len",
]
