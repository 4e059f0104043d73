"""The fake's HTML parser alone: what Telegram's parse_mode=HTML accepts, refuses and counts."""

from __future__ import annotations

import pytest

from fake_telegram import parse_html, utf16_len
from fake_telegram.html_entities import EntityParseError


def test_html_parser_entities_use_utf16_offsets() -> None:
    parsed = parse_html("😀 <b>bold</b> &lt;tag&gt; R&D &#128512;<i>x</i>")
    assert parsed.text == "😀 bold <tag> R&D 😀x"
    assert parsed.entities == [
        {"offset": 3, "length": 4, "type": "bold"},
        {"offset": 20, "length": 1, "type": "italic"},
    ]
    assert utf16_len("😀") == 2


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<script>x</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("ok <b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("Привет <p>", 'Unsupported start tag "p" at byte offset 13'),  # offsets are in bytes
    ],
)
def test_html_parser_errors(html: str, message: str) -> None:
    with pytest.raises(EntityParseError) as exc:
        parse_html(html)
    assert str(exc.value) == message
