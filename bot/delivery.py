"""What a channel sends for one applied update, and its JSON form.

The JSON rides in the update's marker from commit until the replies are out, so a replica
killed in between is repaired by Telegram's re-delivery: the next replica finds the marker,
does not apply the update again, and sends these same replies (at least once, never lost).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.engine import Button, Reply, Transition


@dataclass(frozen=True)
class Delivery:
    replies: tuple[Reply, ...] = ()
    notice: str | None = None  # answerCallbackQuery text
    edit_pressed: str | None = None  # new text for the message whose button was pressed
    forget: bool = False

    @classmethod
    def of(cls, transition: Transition) -> Delivery:
        return cls(transition.replies, transition.notice, transition.edit_pressed, transition.forget)

    def to_json(self) -> str:
        payload: dict[str, Any] = {
            "r": [[r.text, [[[b.label, b.data] for b in row] for row in r.buttons]] for r in self.replies],
        }
        if self.notice is not None:
            payload["n"] = self.notice
        if self.edit_pressed is not None:
            payload["e"] = self.edit_pressed
        if self.forget:
            payload["f"] = 1
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> Delivery | None:
        """None for anything that is not an outbox (the "sent" mark, or damage)."""
        try:
            payload = json.loads(raw)
            replies = tuple(
                Reply(text, tuple(tuple(Button(label, data) for label, data in row) for row in rows))
                for text, rows in payload["r"]
            )
            return cls(replies, payload.get("n"), payload.get("e"), bool(payload.get("f")))
        except (ValueError, TypeError, KeyError):
            return None
