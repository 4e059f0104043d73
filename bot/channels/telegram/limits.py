"""Telegram's message limits, and splitting long authored HTML on paragraph boundaries."""

from __future__ import annotations

from bot.content.html_check import html_problems, strip_tags

MAX_MESSAGE_UTF16 = 4096  # Telegram counts UTF-16 code units
MAX_NOTICE_CHARS = 200  # answerCallbackQuery text


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = MAX_MESSAGE_UTF16) -> list[str]:
    """Pieces of `text`, each within `limit` (measured on the raw HTML, which is never shorter
    than what Telegram counts). Paragraphs stay whole where they fit; a piece that would cut
    through a tag falls back to plain text so Telegram can still parse it."""
    if utf16_length(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for block in _blocks(text, limit):
        candidate = f"{current}\n\n{block}" if current else block
        if utf16_length(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = block
    if current:
        pieces.append(current)
    return [p if not html_problems(p) else _escape_plain(p) for p in pieces if p.strip()]


def _blocks(text: str, limit: int) -> list[str]:
    blocks: list[str] = []
    for paragraph in text.split("\n\n"):
        if utf16_length(paragraph) <= limit:
            blocks.append(paragraph)
            continue
        for line in paragraph.split("\n"):  # an overlong paragraph: by lines, then by characters
            while utf16_length(line) > limit:
                cut = limit // 2  # half, so that astral characters (2 units) never overflow
                blocks.append(line[:cut])
                line = line[cut:]
            blocks.append(line)
    return blocks


def _escape_plain(piece: str) -> str:
    import html

    return html.escape(strip_tags(piece), quote=False)
