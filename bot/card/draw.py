"""Draw a result card (engine.replies.Card) as PNG bytes.

The font ships inside the package (DejaVu Sans, Bitstream Vera licence in fonts/LICENSE) and text
is laid out with Pillow's basic layout rather than whatever shaping library a machine has, so the
picture is the same everywhere. Cards are cached by their contents: a result shared many times is
drawn once.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.engine.replies import Card

CARD_SIZE = (1080, 1080)  # square: Telegram shows it full width on a phone, in chats and inline lists
FONTS = Path(__file__).resolve().parent / "fonts"
MARGIN = 84
BAR_HEIGHT = 34
REASON_LINE = 46
FOOTER_HEIGHT = 120
# zlib level 3: about a third of level 6's time for ~15% more bytes (benchmarks/card_bench.py);
# the saving is what dominates a card's cost, and Telegram recompresses photos anyway.
PNG_COMPRESS_LEVEL = 3
CACHE_SIZE = 512  # distinct cards kept drawn (a card is ~40 kB)

INK = (31, 41, 55)
MUTED = (100, 110, 125)
BACKGROUND = (250, 248, 244)
ACCENT = (37, 99, 235)
TRACK = (226, 230, 236)
BAR_COLOURS = ((37, 99, 235), (234, 120, 46))  # one per role, in content order


@functools.lru_cache(maxsize=8)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=ImageFont.Layout.BASIC)


@functools.lru_cache(maxsize=CACHE_SIZE)
def render_card(card: Card) -> bytes:
    """The card as PNG bytes (cached by the card's contents)."""
    width, height = CARD_SIZE
    image = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 18), fill=ACCENT)
    inner = width - 2 * MARGIN
    y = 92
    draw.text((MARGIN, y), card.kicker.upper(), font=_font(32, bold=True), fill=ACCENT)
    y += 54
    for line in _wrap(draw, card.headline, _font(72, bold=True), inner)[:2]:
        draw.text((MARGIN, y), line, font=_font(72, bold=True), fill=INK)
        y += 84
    y += 46
    for i, (name, percent) in enumerate(card.scores):
        y = _score(draw, y, name, percent, BAR_COLOURS[i % len(BAR_COLOURS)], inner)
    y += 10
    draw.text((MARGIN, y), card.certainty, font=_font(30), fill=MUTED)
    y += 66
    if card.reasons:
        draw.text((MARGIN, y), card.reasons_title.upper(), font=_font(28, bold=True), fill=MUTED)
        _reasons(draw, y + 52, card, inner, bottom=height - FOOTER_HEIGHT - 20)
    _footer(draw, card.brand, width, height)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def _score(draw: ImageDraw.ImageDraw, y: int, name: str, percent: int, colour: tuple, inner: int) -> int:
    label, value = _font(36, bold=True), _font(36, bold=True)
    draw.text((MARGIN, y), name, font=label, fill=INK)
    shown = f"{percent}%"
    draw.text((MARGIN + inner - draw.textlength(shown, font=value), y), shown, font=value, fill=colour)
    y += 54
    draw.rounded_rectangle((MARGIN, y, MARGIN + inner, y + BAR_HEIGHT), radius=BAR_HEIGHT // 2, fill=TRACK)
    filled = round(inner * max(0, min(percent, 100)) / 100)
    if filled >= BAR_HEIGHT:
        draw.rounded_rectangle((MARGIN, y, MARGIN + filled, y + BAR_HEIGHT), radius=BAR_HEIGHT // 2, fill=colour)
    return y + BAR_HEIGHT + 44


def _reasons(draw: ImageDraw.ImageDraw, y: int, card: Card, inner: int, bottom: int) -> None:
    """The reasons, strongest first, as many as fit above `bottom` (a long headline leaves less room)."""
    font = _font(34)
    for reason in card.reasons:
        lines = _wrap(draw, reason[:1].upper() + reason[1:], font, inner - 44)[:2]
        if y + REASON_LINE * len(lines) > bottom:
            return
        draw.ellipse((MARGIN + 4, y + 14, MARGIN + 18, y + 28), fill=ACCENT)
        for line in lines:
            draw.text((MARGIN + 44, y), line, font=font, fill=INK)
            y += REASON_LINE
        y += 18


def _footer(draw: ImageDraw.ImageDraw, brand: str, width: int, height: int) -> None:
    draw.line((MARGIN, height - FOOTER_HEIGHT, width - MARGIN, height - FOOTER_HEIGHT), fill=TRACK, width=3)
    draw.text((MARGIN, height - FOOTER_HEIGHT + 30), brand, font=_font(32, bold=True), fill=MUTED)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels; a line's last word that still does not fit is cut with '…'."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return [_fit(draw, line, font, width) for line in lines] or [""]


def _fit(draw: ImageDraw.ImageDraw, line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    while draw.textlength(line, font=font) > width and len(line) > 1:
        line = line[:-2] + "…"
    return line
