"""Character references in Telegram HTML: the four named ones it knows, and numeric ones.

Telegram decodes only ``&lt; &gt; &amp; &quot;`` and ``&#NN;`` / ``&#xNN;``; anything else
that starts with ``&`` is kept as it is, so ``R&D`` and ``&nbsp;`` pass through unchanged.
"""

from __future__ import annotations

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def decode_entity(src: str, pos: int) -> tuple[str | None, int]:
    """Decode an HTML entity starting at ``src[pos] == '&'``.

    Returns ``(None, pos)`` when it is not a supported entity, in which case the
    caller keeps the ``&`` literally.
    """
    n = len(src)
    j = pos + 1
    if j < n and src[j] == "#":
        j += 1
        base = 10
        if j < n and src[j] in "xX":
            base = 16
            j += 1
        digits_start = j
        allowed = "0123456789abcdefABCDEF" if base == 16 else "0123456789"
        while j < n and src[j] in allowed:
            j += 1
        if j == digits_start or j - pos >= 10:  # Telegram rejects over-long references
            return None, pos
        value = int(src[digits_start:j], base)
        # Zero, out-of-range and surrogate code points are not valid characters.
        if value == 0 or value >= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return None, pos
        char = chr(value)
    else:
        while j < n and src[j].isascii() and src[j].isalpha():
            j += 1
        named = _NAMED_ENTITIES.get(src[pos + 1 : j])
        if named is None:
            return None, pos
        char = named
    if j < n and src[j] == ";":
        j += 1
    return char, j
