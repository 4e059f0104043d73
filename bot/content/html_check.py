"""Check authored text against the subset of HTML that Telegram's parse_mode=HTML accepts.

Catching a stray '<' or an unclosed <b> at load time means a content typo never becomes a
400 from Telegram in front of a user.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "blockquote", "tg-spoiler"}
)
_BAD_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)")
# A tag begun but never ended with '>' ("read more <i"): HTMLParser.close() turns such a tail
# into plain data, but Telegram refuses the whole message.
_UNENDED_TAG = re.compile(r"</?[a-zA-Z][^>]*$")


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed by Telegram (allowed: {', '.join(sorted(ALLOWED_TAGS))})")
        if tag == "a" and not any(name == "href" for name, _ in attrs):
            self.problems.append("<a> needs an href")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> does not close the tag opened last")
        else:
            self.open.pop()


def html_problems(text: str) -> list[str]:
    """Problems that would make Telegram refuse `text` with parse_mode=HTML (empty if fine)."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    problems = list(checker.problems)
    if checker.open:
        problems.append(f"<{checker.open[-1]}> is never closed")
    if checker.rawdata:  # HTMLParser keeps an unparseable '<...' tail here
        problems.append("a bare '<' must be written as &lt;")
    if _UNENDED_TAG.search(text):
        problems.append("a tag is never closed with '>' (or write a bare '<' as &lt;)")
    if re.search(r"<(?![a-zA-Z/])", text):
        problems.append("a bare '<' must be written as &lt;")
    if _BAD_AMPERSAND.search(text):
        problems.append("a bare '&' must be written as &amp;")
    return problems


_TAG = re.compile(r"<[^>]+>")


def strip_tags(text: str) -> str:
    """Plain text of authored HTML (for the terminal and for length checks)."""
    return html.unescape(_TAG.sub("", text))
