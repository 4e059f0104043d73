"""The result card: a PNG picture of a result, drawn with Pillow and a font shipped in this package."""

from bot.card.draw import CARD_SIZE, render_card

__all__ = ["CARD_SIZE", "render_card"]
