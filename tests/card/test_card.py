"""The result card picture: a PNG of a fixed size, the same pixels on every machine, drawn once per result."""

from __future__ import annotations

import io

from PIL import Image, ImageChops

from bot.card import CARD_SIZE, render_card
from bot.content import Content
from bot.engine import SessionState
from bot.engine.callbacks import EVEN
from bot.engine.replies import Card
from bot.engine.results import finish
from tests.matching import ROOT

README_CARD = ROOT / "docs" / "result-card.png"


def card_of(content: Content, plan, tiebreak: str | None = None) -> Card:
    _, reply = finish(content, SessionState(answers=tuple((s.id, plan(s)) for s in content.statements)), tiebreak)
    assert reply.card is not None
    return reply.card


def readme_card(content: Content) -> Card:
    """The result shown in the README: product all Yes, project one Somewhat."""

    def plan(s):
        if s.role == "product_manager":
            return "yes"
        return "somewhat" if s.id == "coordinate_departments" else "no"

    return card_of(content, plan)


def test_a_card_is_a_png_of_the_card_size(content: Content) -> None:
    image = Image.open(io.BytesIO(render_card(readme_card(content))))
    assert image.format == "PNG" and image.size == CARD_SIZE and image.mode == "RGB"


def test_the_card_in_the_readme_is_what_the_code_draws(content: Content) -> None:
    """Same pixels as docs/result-card.png: the font ships with the package and the layout is
    Pillow's basic one, so no machine's fonts or shaping library change the picture. If this
    fails after a Pillow upgrade or a layout change, redraw the README image."""
    drawn = Image.open(io.BytesIO(render_card.__wrapped__(readme_card(content)))).convert("RGB")
    shipped = Image.open(README_CARD).convert("RGB")
    assert ImageChops.difference(drawn, shipped).getbbox() is None


def test_cards_are_cached_by_their_contents(content: Content) -> None:
    first = render_card(readme_card(content))
    assert render_card(readme_card(content)) is first  # an equal card, not the same object: no redraw


def test_different_results_draw_different_cards(content: Content) -> None:
    even = card_of(content, lambda s: "yes", EVEN)
    assert even.headline == content.text("card_headline_even")
    assert render_card(even) != render_card(readme_card(content))


def test_a_long_headline_and_reasons_still_fit(content: Content) -> None:
    long = Card(
        kicker="Your best fit",
        headline="An exceptionally long role name that needs more than two lines to be written out in full",
        scores=(("Product management", 100), ("Project management", 0)),
        reasons_title="What weighed most",
        reasons=("a reason that is long enough to wrap over two lines on the card, and then some more",) * 3,
        certainty="Quite sure",
        brand="RoleFit",
    )
    image = Image.open(io.BytesIO(render_card(long)))
    assert image.size == CARD_SIZE
