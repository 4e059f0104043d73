"""Request-parameter decoding and Telegram-like validation rules.

PTB (HTTPXRequest) sends every method as an ``application/x-www-form-urlencoded``
(or multipart) body whose values are strings; complex values such as
``reply_markup`` are JSON-encoded strings.  Telegram decodes each field by its
declared type, so we do the same per field name here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .html_entities import EntityParseError, ParsedText, parse_html, strip_formatted, utf16_len
from .model import JSON, bad_request

MAX_TEXT_UTF16 = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
MAX_BUTTONS = 100

_JSON_FIELDS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "commands",
    "scope",
    "allowed_updates",
    "link_preview_options",
    "reply_parameters",
    "media",
    "results",
    "button",
}
_INT_FIELDS = {
    "offset",
    "limit",
    "timeout",
    "message_id",
    "max_connections",
    "cache_time",
    "message_thread_id",
    "user_id",
    "reply_to_message_id",
}
_BOOL_FIELDS = {
    "show_alert",
    "drop_pending_updates",
    "disable_notification",
    "protect_content",
    "disable_web_page_preview",
    "allow_sending_without_reply",
    "is_personal",
}
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "callback_game",
    "pay",
    "web_app",
    "copy_text",
)
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_URL_RE = re.compile(r"^(https?|tg)://\S+$", re.IGNORECASE)
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}


def coerce_params(raw: dict[str, Any]) -> JSON:
    """Turn form strings into typed values the way Telegram's field decoder does."""
    params: JSON = {}
    for key, value in raw.items():
        if key in _JSON_FIELDS and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                what = "reply keyboard markup" if key == "reply_markup" else key
                raise bad_request(f"can't parse {what} JSON object") from None
        elif key in _INT_FIELDS and isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                raise bad_request(f"invalid {key} specified") from None
        elif key in _BOOL_FIELDS and isinstance(value, str):
            value = value.lower() in ("true", "1")
        elif key == "chat_id" and isinstance(value, str) and value.lstrip("-").isdigit():
            value = int(value)
        params[key] = value
    return params


def prepare_text(text: Any, parse_mode: Any, entities: Any) -> tuple[ParsedText, str]:
    """Parse/validate message text. Returns (parsed text, raw text as sent)."""
    raw = "" if text is None else str(text)
    mode = (parse_mode or "").lower() if isinstance(parse_mode, str) else ""
    if mode == "html":
        try:
            parsed = parse_html(raw)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    elif mode in ("", "markdown", "markdownv2"):
        # Markdown is not emulated: the text is taken literally (see README in __init__).
        ents = entities if isinstance(entities, list) and not mode else []
        parsed = ParsedText(raw, [dict(e) for e in ents if isinstance(e, dict)])
    else:
        raise bad_request("unsupported parse_mode")
    parsed = strip_formatted(parsed)
    if not parsed.text:
        raise bad_request("message text is empty")
    if utf16_len(parsed.text) > MAX_TEXT_UTF16:
        raise bad_request("message is too long")
    return parsed, raw


def validate_reply_markup(markup: Any, inline_only: bool = False) -> JSON | None:
    """Validate a decoded ``reply_markup``; returns it (or None when absent)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _validate_inline_keyboard(markup["inline_keyboard"])
        return markup
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array')
        for row in rows:
            for button in row:
                label = (
                    button if isinstance(button, str) else (button.get("text") if isinstance(button, dict) else None)
                )
                if not isinstance(label, str) or not label:
                    raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')
        return markup
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def _validate_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
    if sum(len(r) for r in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    for row in rows:
        for button in row:
            _validate_inline_button(button)


def _validate_inline_button(button: Any) -> None:
    prefix = "can't parse inline keyboard button: "
    if not isinstance(button, dict):
        raise bad_request(prefix + "InlineKeyboardButton must be an Object")
    if not isinstance(button.get("text"), str):
        raise bad_request(prefix + 'Field "text" must be of type String')
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [key for key in _BUTTON_ACTIONS if key in button]
    if not actions:
        raise bad_request(prefix + "Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        # Real Telegram silently prefers one field; the fake is stricter on purpose.
        raise bad_request(prefix + "exactly one of the optional fields must be used")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str):
            raise bad_request(prefix + 'Field "callback_data" must be of type String')
        if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "switch_inline_query" in button and not isinstance(button["switch_inline_query"], str):
        raise bad_request(prefix + 'Field "switch_inline_query" must be of type String')
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str):
            raise bad_request(prefix + 'Field "url" must be of type String')
        if not _URL_RE.match(url):
            raise bad_request("BUTTON_URL_INVALID")


def validate_commands(commands: Any) -> list[JSON]:
    if commands is None:
        return []  # Telegram treats a missing list as "set no commands"
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    result: list[JSON] = []
    for item in commands:
        if not isinstance(item, dict) or "command" not in item:
            raise bad_request("can't parse BotCommand: Can't find field \"command\"")
        if "description" not in item:
            raise bad_request("can't parse BotCommand: Can't find field \"description\"")
        command, description = str(item["command"]), str(item["description"])
        if not _COMMAND_RE.match(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not description.strip():
            raise bad_request("command description must be non-empty")
        if len(description) > 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        result.append({"command": command, "description": description})
    return result


def scope_key(scope: Any, language_code: Any) -> tuple[str, str]:
    scope_json = json.dumps(scope or {"type": "default"}, sort_keys=True)
    return scope_json, str(language_code or "")


MAX_CAPTION_UTF16 = 1024
MAX_DESCRIPTION = 512
MAX_SHORT_DESCRIPTION = 120
MAX_INLINE_RESULTS = 50
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (what the bot sends); anything else is refused like Telegram does."""
    if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        raise bad_request("IMAGE_PROCESS_FAILED")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def prepare_caption(caption: Any, parse_mode: Any) -> ParsedText | None:
    if caption in (None, ""):
        return None
    parsed, _ = prepare_text(caption, parse_mode, None)
    if utf16_len(parsed.text) > MAX_CAPTION_UTF16:
        raise bad_request("message caption is too long")
    return parsed
