"""Bot API method implementations (everything except the long-polling getUpdates).

Each handler gets the shared ``FakeState`` and the decoded params and returns the
``result`` value or raises ``ApiError``.  Handlers run on the server thread under
the state lock, so they must stay quick and non-blocking.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

from .model import JSON, Chat, StoredMessage, bad_request
from .sharing import SHARING_METHODS
from .state import FakeState, WebhookConfig, target_chat
from .validation import (
    CHAT_ACTIONS,
    MAX_CALLBACK_ANSWER,
    prepare_text,
    scope_key,
    validate_commands,
    validate_reply_markup,
)

Handler = Callable[[FakeState, JSON], Any]

_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _now() -> int:
    return int(time.time())


def _inline(markup: JSON | None) -> JSON | None:
    return markup if markup and "inline_keyboard" in markup else None


def _reply_target(state: FakeState, chat: Chat, params: JSON) -> StoredMessage | None:
    reply = params.get("reply_parameters")
    if isinstance(reply, dict):
        message_id, allow = reply.get("message_id"), bool(reply.get("allow_sending_without_reply"))
    else:
        message_id = params.get("reply_to_message_id")
        allow = bool(params.get("allow_sending_without_reply"))
    if message_id is None:
        return None
    target = state.get_message(chat.id, int(message_id))
    if target is None and not allow:
        raise bad_request("message to be replied not found")
    return target


def get_me(state: FakeState, params: JSON) -> JSON:
    return {
        **state.bot.to_json(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": state.supports_inline_queries,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def send_message(state: FakeState, params: JSON) -> JSON:
    chat = target_chat(state, params)
    parsed, raw = prepare_text(params.get("text"), params.get("parse_mode"), params.get("entities"))
    markup = validate_reply_markup(params.get("reply_markup"))
    msg = StoredMessage(
        chat=chat,
        message_id=0,
        sender=state.bot,
        date=_now(),
        text=parsed.text,
        entities=parsed.entities,
        html=raw,
        parse_mode=params.get("parse_mode"),
        reply_markup=markup,
        reply_to=_reply_target(state, chat, params),
    )
    return state.store_message(msg).to_json()


def _message_to_edit(state: FakeState, params: JSON) -> StoredMessage:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")  # inline messages are not emulated
    chat = target_chat(state, params)
    if params.get("message_id") is None:
        raise bad_request("message identifier is not specified")
    msg = state.get_message(chat.id, int(params["message_id"]))
    if msg is None:
        raise bad_request("message to edit not found")
    if not msg.from_bot or msg.text is None:
        raise bad_request("message can't be edited")
    return msg


def edit_message_text(state: FakeState, params: JSON) -> JSON:
    msg = _message_to_edit(state, params)
    parsed, raw = prepare_text(params.get("text"), params.get("parse_mode"), params.get("entities"))
    # Omitting reply_markup removes the inline keyboard, exactly like Telegram.
    markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
    if (parsed.text, parsed.entities, markup) == (msg.text, msg.entities, _inline(msg.reply_markup)):
        raise bad_request(_NOT_MODIFIED)
    msg.text, msg.entities, msg.html = parsed.text, parsed.entities, raw
    msg.parse_mode = params.get("parse_mode")
    msg.reply_markup = markup
    msg.edit_date = _now()
    state.notify()
    return msg.to_json()


def edit_message_reply_markup(state: FakeState, params: JSON) -> JSON:
    msg = _message_to_edit(state, params)
    markup = validate_reply_markup(params.get("reply_markup"), inline_only=True)
    if markup == _inline(msg.reply_markup):
        raise bad_request(_NOT_MODIFIED)
    msg.reply_markup = markup
    msg.edit_date = _now()
    state.notify()
    return msg.to_json()


def delete_message(state: FakeState, params: JSON) -> bool:
    chat = target_chat(state, params)
    msg = state.get_message(chat.id, int(params.get("message_id") or 0))
    if msg is None:
        raise bad_request("message to delete not found")
    msg.deleted = True
    state.notify()
    return True


def answer_callback_query(state: FakeState, params: JSON) -> bool:
    record = state.callbacks.get(str(params.get("callback_query_id") or ""))
    timeout = state.callback_answer_timeout
    expired = record is not None and timeout is not None and time.monotonic() - record.created > timeout
    if record is None or record.answered or expired:
        raise bad_request(_QUERY_TOO_OLD)
    text = params.get("text")
    if text is not None and len(str(text)) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
    record.answered = True
    record.answer_text = None if text is None else str(text)
    record.show_alert = bool(params.get("show_alert"))
    state.notify()
    return True


def send_chat_action(state: FakeState, params: JSON) -> bool:
    target_chat(state, params)
    if params.get("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


def set_my_commands(state: FakeState, params: JSON) -> bool:
    commands = validate_commands(params.get("commands"))
    state.commands[scope_key(params.get("scope"), params.get("language_code"))] = commands
    return True


def get_my_commands(state: FakeState, params: JSON) -> list[JSON]:
    key = scope_key(params.get("scope"), params.get("language_code"))
    return [dict(c) for c in state.commands.get(key, [])]


def delete_my_commands(state: FakeState, params: JSON) -> bool:
    state.commands.pop(scope_key(params.get("scope"), params.get("language_code")), None)
    return True


def set_webhook(state: FakeState, params: JSON) -> bool:
    url = str(params.get("url") or "")
    if params.get("drop_pending_updates"):
        state.drop_pending()
    if params.get("allowed_updates") is not None:
        state.allowed_updates = list(params["allowed_updates"]) or None
    if not url:
        state.webhook = None
        return True
    # Lenient on purpose: real Telegram demands HTTPS on ports 443/80/88/8443.
    if not re.match(r"^https?://[^/\s]+", url):
        raise bad_request("bad webhook: invalid webhook URL specified")
    secret = params.get("secret_token")
    if secret is not None and not _SECRET_RE.match(str(secret)):
        raise bad_request("secret token contains unallowed characters")
    state.webhook = WebhookConfig(
        url=url, secret_token=secret, max_connections=int(params.get("max_connections") or 40)
    )
    return True


def delete_webhook(state: FakeState, params: JSON) -> bool:
    if params.get("drop_pending_updates"):
        state.drop_pending()
    state.webhook = None
    return True


def get_webhook_info(state: FakeState, params: JSON) -> JSON:
    hook = state.webhook
    info: JSON = {
        "url": hook.url if hook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(state.pending),
    }
    if hook:
        info["max_connections"] = hook.max_connections
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    if state.allowed_updates:
        info["allowed_updates"] = list(state.allowed_updates)
    return info


def close(state: FakeState, params: JSON) -> bool:
    return True


def log_out(state: FakeState, params: JSON) -> bool:
    state.logged_out = True  # every later request gets 401, as after a real logOut
    return True


METHODS: dict[str, Handler] = {
    "getMe": get_me,
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "sendChatAction": send_chat_action,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "close": close,
    "logOut": log_out,
    **SHARING_METHODS,
}
# Telegram matches method names case-insensitively.
CANONICAL: dict[str, str] = {name.lower(): name for name in [*METHODS, "getUpdates"]}
