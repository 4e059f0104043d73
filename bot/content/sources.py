"""A topic's `sources:` and the rule that every figure in an answer rests on a dated source.

A figure is a number a user might quote or act on: money ("$94,500"), a share ("7%") or any
number of two digits or more ("36 months", "2021"). Each one in an answer must also appear in
the `facts` of one of the topic's sources that carries a `year`, so nobody can add a number
without saying where and when it comes from.
"""

from __future__ import annotations

import re
from typing import Any

from bot.content.html_check import strip_tags
from bot.content.model import Source
from bot.content.yaml_source import YamlDocument

MAX_SOURCE_TITLE = 90  # shown as a link under the answer; keep the answer within a phone screen
_FIGURE = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?%|\d[\d,.]*\d")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s<>\"]*$")


def figures(text: str) -> list[str]:
    """The figures in a text, normalised so "$94,500" in an answer matches "$94,500" in a fact
    and "7 %" matches "7%"."""
    found = []
    for match in _FIGURE.finditer(text):
        raw = match.group()
        token = raw.replace(",", "").replace(" ", "").replace("$", "").rstrip(".")
        if raw.startswith("$") or raw.endswith("%") or sum(c.isdigit() for c in token) >= 2:
            found.append(token)
    return found


def read_sources(doc: YamlDocument, entry: dict[str, Any], path: str) -> tuple[Source, ...]:
    where = f"{path}.sources"
    value = entry.get("sources")
    if not isinstance(value, list) or not value:
        raise doc.error(where if "sources" in entry else path, "needs 'sources': a list of {title, url, year, facts}")
    return tuple(_source(doc, item, f"{where}[{i}]") for i, item in enumerate(value))


def _source(doc: YamlDocument, item: Any, path: str) -> Source:
    if not isinstance(item, dict):
        raise doc.error(path, "each source is a mapping: title, url, year (for figures), facts")
    allowed = {"title", "url", "year", "facts"}
    for name in sorted(item.keys() - allowed, key=str):
        raise doc.error(f"{path}.{name}", f"unknown field '{name}' (expected one of: {', '.join(sorted(allowed))})")
    for name in ("title", "url", "facts"):
        if name not in item:
            raise doc.error(path, f"missing required field '{name}'")
    title, url = item["title"], item["url"]
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_SOURCE_TITLE or "<" in title:
        raise doc.error(f"{path}.title", f"must be plain text of 1 to {MAX_SOURCE_TITLE} characters")
    if not isinstance(url, str) or not _URL.match(url.strip()):
        raise doc.error(f"{path}.url", f"'{url}' is not an http(s) address")
    year = item.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2100):
        raise doc.error(f"{path}.year", "must be a year such as 2024")
    facts = item["facts"]
    if not isinstance(facts, list) or not facts or not all(isinstance(f, str) and f.strip() for f in facts):
        raise doc.error(f"{path}.facts", "must be a non-empty list of short statements")
    for j, fact in enumerate(facts):
        if figures(fact) and year is None:
            raise doc.error(f"{path}.facts[{j}]", "a fact with a figure needs the source's 'year'")
    return Source(title=title.strip(), url=url.strip(), year=year, facts=tuple(f.strip() for f in facts))


def check_figures(doc: YamlDocument, path: str, answer: str, sources: tuple[Source, ...]) -> None:
    """Every figure in the answer must be stated in a dated source's facts."""
    backed = {token for s in sources if s.year is not None for fact in s.facts for token in figures(fact)}
    for token in figures(strip_tags(answer)):
        if token not in backed:
            raise doc.error(
                f"{path}.answer",
                f"the figure '{token}' is in no fact of a dated source (add it to a source's facts, with its year)",
            )
