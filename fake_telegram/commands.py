"""The bot_command entities Telegram adds to a user's text."""

from __future__ import annotations

import re

from .html_entities import utf16_len
from .model import JSON

# A /command starts a word and may name its bot (/start@RoleFitBot); Telegram's own rule.
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")


def command_entities(text: str) -> list[JSON]:
    """Telegram marks every /command in user text with a bot_command entity."""
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())}
        for m in _COMMAND_RE.finditer(text)
    ]
