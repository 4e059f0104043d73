"""Bot API methods for photos, inline mode and the bot's profile texts.

sendPhoto keeps the uploaded bytes (readable with ``FakeBotApi.file_bytes``) and answers with a
photo message whose file_id can be sent again or used in an inline result. answerInlineQuery
checks its results the way Telegram does for the two kinds RoleFit uses (article, cached photo).
"""

from __future__ import annotations

import time
from typing import Any

from .model import JSON, StoredMessage, Upload, bad_request
from .state import FakeState, target_chat
from .validation import (
    MAX_DESCRIPTION,
    MAX_INLINE_RESULTS,
    MAX_SHORT_DESCRIPTION,
    image_size,
    prepare_caption,
    prepare_text,
    validate_reply_markup,
)

_QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
INLINE_ANSWER_TIMEOUT = 10.0  # seconds, as Telegram


def _photo_file(state: FakeState, params: JSON) -> tuple[str, bytes]:
    photo: Any = params.get("photo")
    if isinstance(photo, str) and photo.startswith("attach://"):
        photo = params.get(photo.removeprefix("attach://"))
    if isinstance(photo, Upload):
        image_size(photo.data)  # refused unless it is an image
        return state.new_file_id(photo.data), photo.data
    if isinstance(photo, str) and photo in state.files:
        return photo, state.files[photo]
    raise bad_request("wrong file identifier/HTTP URL specified")


def send_photo(state: FakeState, params: JSON) -> JSON:
    chat = target_chat(state, params)
    file_id, data = _photo_file(state, params)
    width, height = image_size(data)
    extra: JSON = {
        "photo": [
            {
                "file_id": file_id,
                "file_unique_id": f"AQAD{file_id[-8:]}",
                "width": width,
                "height": height,
                "file_size": len(data),
            }
        ]
    }
    caption = prepare_caption(params.get("caption"), params.get("parse_mode"))
    if caption is not None:
        extra["caption"] = caption.text
        if caption.entities:
            extra["caption_entities"] = caption.entities
    msg = StoredMessage(
        chat=chat,
        message_id=0,
        sender=state.bot,
        date=int(time.time()),
        reply_markup=validate_reply_markup(params.get("reply_markup")),
        extra=extra,
    )
    return state.store_message(msg).to_json()


def answer_inline_query(state: FakeState, params: JSON) -> bool:
    record = state.inline_queries.get(str(params.get("inline_query_id") or ""))
    if record is None or record.answered or time.monotonic() - record.created > INLINE_ANSWER_TIMEOUT:
        raise bad_request(_QUERY_INVALID)
    results = params.get("results")
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    ids = [_check_result(state, result) for result in results]
    if len(set(ids)) != len(ids):
        raise bad_request("RESULT_ID_DUPLICATE")
    record.answered = True
    record.results = results
    record.is_personal = bool(params.get("is_personal"))
    record.cache_time = params.get("cache_time")
    state.notify()
    return True


def _check_result(state: FakeState, result: Any) -> str:
    if not isinstance(result, dict) or not isinstance(result.get("id"), str):
        raise bad_request("can't parse InlineQueryResult")
    if not 1 <= len(result["id"].encode()) <= 64:
        raise bad_request("RESULT_ID_INVALID")
    kind = result.get("type")
    if kind == "article":
        if not str(result.get("title") or "").strip():
            raise bad_request("RESULT_TITLE_EMPTY")
        content = result.get("input_message_content")
        if not isinstance(content, dict):
            raise bad_request("can't parse InputMessageContent")
        prepare_text(content.get("message_text"), content.get("parse_mode"), content.get("entities"))
    elif kind == "photo":
        if result.get("photo_file_id") not in state.files:
            raise bad_request("wrong file identifier/HTTP URL specified")
        prepare_caption(result.get("caption"), result.get("parse_mode"))
    else:
        raise bad_request(f"unsupported inline result type {kind!r} (the fake knows article and photo)")
    validate_reply_markup(result.get("reply_markup"), inline_only=True)
    return str(result["id"])


def _set_text(kind: str, limit: int) -> Any:
    def handler(state: FakeState, params: JSON) -> bool:
        text = str(params.get(kind if kind == "description" else "short_description") or "")
        if len(text) > limit:
            raise bad_request(f"{kind} is too long")
        state.descriptions[(kind, str(params.get("language_code") or ""))] = text
        return True

    return handler


def _get_text(kind: str) -> Any:
    def handler(state: FakeState, params: JSON) -> JSON:
        text = state.descriptions.get((kind, str(params.get("language_code") or "")), "")
        return {"description" if kind == "description" else "short_description": text}

    return handler


SHARING_METHODS = {
    "sendPhoto": send_photo,
    "answerInlineQuery": answer_inline_query,
    "setMyDescription": _set_text("description", MAX_DESCRIPTION),
    "getMyDescription": _get_text("description"),
    "setMyShortDescription": _set_text("short", MAX_SHORT_DESCRIPTION),
    "getMyShortDescription": _get_text("short"),
}
