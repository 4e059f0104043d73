"""An update's replies survive the trip through its marker (the outbox a re-delivery sends)."""

from __future__ import annotations

from bot.delivery import Delivery
from bot.engine import Button, Reply
from bot.engine.replies import QUESTION, Card

CARD = Card(
    kicker="Your best fit",
    headline="Product manager",
    scores=(("Product manager", 80), ("Project manager", 40)),
    reasons_title="What weighed most",
    reasons=("You like talking to customers", "Big ideas"),
    certainty="Quite sure",
    brand="RoleFit",
)


def test_every_part_of_a_delivery_round_trips() -> None:
    delivery = Delivery(
        replies=(
            Reply(
                "<b>Question 2 of 9</b> · Ünïcode ✓",
                ((Button("Yes", "v1:a:yes"), Button("No", "v1:a:no")),),
                kind=QUESTION,
            ),
            Reply("Your result", ((Button("📤 Share", switch_inline_query=""),),), card=CARD),
        ),
        notice="Saved",
        edit_pressed=Reply("Question 1 — Yes"),
        edit_question=Reply("Question 1 — No", kind=QUESTION),
        forget=False,
    )
    assert Delivery.from_json(delivery.to_json()) == delivery
    assert Delivery.from_json(Delivery(forget=True).to_json()) == Delivery(forget=True)


def test_a_sent_mark_or_damage_is_no_outbox() -> None:
    for raw in ("1", "", "{", "[]", '{"r": [{"t": 1}]}'):
        assert Delivery.from_json(raw) is None
