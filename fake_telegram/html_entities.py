"""A small re-implementation of Telegram's ``parse_mode=HTML`` parser.

Telegram does not use a browser-grade HTML parser: it walks the text once,
accepts a fixed set of tags, decodes only ``&lt; &gt; &amp; &quot;`` plus
numeric references and reports the first problem with a byte offset into the
UTF-8 encoded source.  The error texts below mirror what the Bot API returns
after its ``"Bad Request: can't parse entities: "`` prefix.

Decisions (documented because they are easy to get wrong in tests):

* A bare ``&`` that does not start a known entity is kept literally
  (``"R&D"`` and ``"&nbsp;"`` pass through unchanged), as Telegram does.
  The trailing ``;`` of a known entity is optional (``&amp`` decodes).
* A ``<`` that does not start a supported tag is an error: ``"a < b"`` gives
  ``Unsupported start tag "" at byte offset 2``.
* Tag names are case-insensitive; ``</>`` closes the innermost open tag.
* Offsets/lengths of the produced entities are in UTF-16 code units, like the
  Bot API's ``MessageEntity``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .html_escapes import decode_entity

__all__ = ["EntityParseError", "ParsedText", "parse_html", "strip_formatted", "utf16_len"]

_SIMPLE_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
_ALLOWED_TAGS = set(_SIMPLE_TAGS) | {"a", "code", "pre", "span", "blockquote", "tg-emoji"}
_SPACES = " \t\n\r\x0b\x0c"


class EntityParseError(ValueError):
    """Raised with the Telegram wording (without the 'Bad Request' prefix)."""


@dataclass
class ParsedText:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _OpenTag:
    name: str
    argument: str
    start: int  # UTF-16 offset in the output where the tag's content begins
    expandable: bool = False


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (what Telegram uses for offsets and limits)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8", "surrogatepass"))


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.n = len(src)
        self.out: list[str] = []
        self.u16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def error(self, message: str) -> EntityParseError:
        return EntityParseError(message)

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.u16 += utf16_len(chunk)

    def skip_spaces(self, j: int) -> int:
        while j < self.n and self.src[j] in _SPACES:
            j += 1
        return j

    def run(self) -> ParsedText:
        src, i = self.src, 0
        while i < self.n:
            ch = src[i]
            if ch == "&":
                decoded, end = decode_entity(src, i)
                if decoded is not None:
                    self.emit(decoded)
                    i = end
                    continue
            if ch != "<":
                self.emit(ch)
                i += 1
                continue
            if i + 1 < self.n and src[i + 1] == "/":
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.stack:
            raise self.error(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"')
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self.out), self.entities)

    def start_tag(self, begin: int) -> int:
        src, n = self.src, self.n
        byte_pos = _byte_offset(src, begin)
        j = begin + 1
        while j < n and src[j] not in _SPACES and src[j] != ">":
            j += 1
        if j >= n:
            raise self.error(f"Unclosed start tag at byte offset {byte_pos}")
        name = src[begin + 1 : j].lower()
        if name not in _ALLOWED_TAGS:
            raise self.error(f'Unsupported start tag "{name}" at byte offset {byte_pos}')
        argument, expandable = "", False
        while True:
            j = self.skip_spaces(j)
            if j >= n:
                raise self.error(f"Unclosed start tag at byte offset {byte_pos}")
            if src[j] == ">":
                break
            attr_start = j
            while j < n and src[j] not in _SPACES and src[j] not in "=>":
                j += 1
            attr = src[attr_start:j].lower()
            if not attr:
                raise self.error(f'Empty attribute name in the tag "{name}" at byte offset {byte_pos}')
            j = self.skip_spaces(j)
            if j >= n:
                raise self.error(f"Unclosed start tag at byte offset {byte_pos}")
            if src[j] != "=":
                if name == "blockquote" and attr == "expandable":
                    expandable = True
                    continue
                raise self.error(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}" at byte offset {byte_pos}'
                )
            j = self.skip_spaces(j + 1)
            if j >= n:
                raise self.error(f'Unclosed start tag "{name}" at byte offset {byte_pos}')
            value, j = self.attribute_value(j)
            if j >= n:
                raise self.error(f"Unclosed start tag at byte offset {byte_pos}")
            argument = self.tag_argument(name, attr, value, argument)
        if name == "span" and argument != "spoiler":
            raise self.error(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_pos}')
        self.stack.append(_OpenTag(name, argument, self.u16, expandable))
        return j + 1

    def attribute_value(self, j: int) -> tuple[str, int]:
        src, n = self.src, self.n
        if src[j] in "\"'":
            quote = src[j]
            j += 1
            chars: list[str] = []
            while j < n and src[j] != quote:
                if src[j] == "&":
                    decoded, end = decode_entity(src, j)
                    if decoded is not None:
                        chars.append(decoded)
                        j = end
                        continue
                chars.append(src[j])
                j += 1
            if j < n:
                j += 1  # closing quote
            return "".join(chars), j
        # Unquoted "name token": letters, digits, '.', '-'; case-insensitive.
        token_start = j
        while j < n and ((src[j].isascii() and src[j].isalnum()) or src[j] in ".-"):
            j += 1
        if j < n and src[j] not in _SPACES and src[j] != ">":
            raise self.error(f"Unexpected end of name token at byte offset {_byte_offset(src, token_start)}")
        return src[token_start:j].lower(), j

    @staticmethod
    def tag_argument(tag: str, attr: str, value: str, current: str) -> str:
        if tag == "a" and attr == "href":
            return value
        if tag == "code" and attr == "class" and value.startswith("language-"):
            return value[len("language-") :]
        if tag == "span" and attr == "class" and value.startswith("tg-"):
            return value[len("tg-") :]
        if tag == "tg-emoji" and attr == "emoji-id":
            return value
        return current

    def end_tag(self, begin: int) -> int:
        src, n = self.src, self.n
        byte_pos = _byte_offset(src, begin)
        if not self.stack:
            raise self.error(f"Unexpected end tag at byte offset {byte_pos}")
        j = begin + 2
        while j < n and src[j] not in _SPACES and src[j] != ">":
            j += 1
        end_name = src[begin + 2 : j].lower()
        j = self.skip_spaces(j)
        if j >= n or src[j] != ">":
            raise self.error(f"Unclosed end tag at byte offset {byte_pos}")
        open_tag = self.stack.pop()
        if end_name and end_name != open_tag.name:
            raise self.error(
                f'Unmatched end tag at byte offset {byte_pos}, expected "</{open_tag.name}>", found "</{end_name}>"'
            )
        self.close(open_tag)
        return j + 1

    def close(self, tag: _OpenTag) -> None:
        length = self.u16 - tag.start
        if tag.name == "code" and self.stack and self.stack[-1].name == "pre" and self.stack[-1].start == tag.start:
            # <pre><code class="language-x">: Telegram folds it into one "pre" entity.
            if tag.argument:
                self.stack[-1].argument = tag.argument
            return
        if tag.name == "tg-emoji" and not tag.argument.isdigit():
            raise self.error("Custom emoji entity must contain a valid custom emoji identifier")
        if length <= 0:
            return  # empty entities are silently dropped
        entity: dict[str, Any] = {"offset": tag.start, "length": length}
        if tag.name in _SIMPLE_TAGS or tag.name == "span":
            entity["type"] = _SIMPLE_TAGS.get(tag.name, "spoiler")
        elif tag.name == "a":
            if not tag.argument:
                return  # Telegram drops links without a usable href
            entity.update(type="text_link", url=tag.argument)
        elif tag.name == "code":
            entity["type"] = "code"
        elif tag.name == "pre":
            entity["type"] = "pre"
            if tag.argument:
                entity["language"] = tag.argument
        elif tag.name == "blockquote":
            entity["type"] = "expandable_blockquote" if tag.expandable else "blockquote"
        else:  # tg-emoji
            entity.update(type="custom_emoji", custom_emoji_id=tag.argument)
        self.entities.append(entity)


def parse_html(src: str) -> ParsedText:
    """Parse Telegram-HTML into plain text plus entities (raises EntityParseError)."""
    return _Parser(src).run()


def strip_formatted(parsed: ParsedText) -> ParsedText:
    """Trim surrounding whitespace like Telegram does, keeping entities aligned."""
    text = parsed.text
    left = len(text) - len(text.lstrip(_SPACES))
    stripped = text.strip(_SPACES)
    shift = utf16_len(text[:left])
    total = utf16_len(stripped)
    entities: list[dict[str, Any]] = []
    for entity in parsed.entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, entities)
