"""What a channel sends for one applied update, and its JSON form.

The JSON rides in the update's marker from commit until the replies are out, so a replica
killed in between is repaired by Telegram's re-delivery: the next replica finds the marker,
does not apply the update again, and sends these same replies (at least once, never lost).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from bot.engine import Button, Reply, Transition
from bot.engine.replies import Card


@dataclass(frozen=True)
class Delivery:
    replies: tuple[Reply, ...] = ()
    notice: str | None = None  # answerCallbackQuery text
    edit_pressed: Reply | None = None  # what the message whose button was pressed becomes
    edit_question: Reply | None = None  # what the chat's last statement becomes (a typed answer)
    forget: bool = False

    @classmethod
    def of(cls, transition: Transition) -> Delivery:
        return cls(
            transition.replies, transition.notice, transition.edit_pressed, transition.edit_question, transition.forget
        )

    def to_json(self) -> str:
        payload: dict[str, Any] = {"r": [_reply_json(r) for r in self.replies]}
        if self.notice is not None:
            payload["n"] = self.notice
        if self.edit_pressed is not None:
            payload["e"] = _reply_json(self.edit_pressed)
        if self.edit_question is not None:
            payload["q"] = _reply_json(self.edit_question)
        if self.forget:
            payload["f"] = 1
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> Delivery | None:
        """None for anything that is not an outbox (the "sent" mark, or damage)."""
        try:
            payload = json.loads(raw)
            replies = tuple(_reply(item) for item in payload["r"])
            pressed = _reply(payload["e"]) if "e" in payload else None
            question = _reply(payload["q"]) if "q" in payload else None
            return cls(replies, payload.get("n"), pressed, question, bool(payload.get("f")))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def _reply_json(reply: Reply) -> dict[str, Any]:
    item: dict[str, Any] = {"t": reply.text, "b": [[_button_json(b) for b in row] for row in reply.buttons]}
    if reply.kind:
        item["k"] = reply.kind
    if reply.card is not None:
        item["c"] = dataclasses.asdict(reply.card)
    return item


def _button_json(button: Button) -> list[str | None]:
    return [button.label, button.data, button.switch_inline_query]


def _reply(item: dict[str, Any]) -> Reply:
    rows = tuple(tuple(Button(label, data, switch) for label, data, switch in row) for row in item["b"])
    card = item.get("c")
    if card is not None:
        card = Card(
            **{**card, "scores": tuple((str(n), int(p)) for n, p in card["scores"]), "reasons": tuple(card["reasons"])}
        )
    return Reply(str(item["t"]), rows, card=card, kind=str(item.get("k", "")))
