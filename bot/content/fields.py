"""Readers for the fields of a content entry: each returns a checked value or raises a
`ContentError` naming the file, line and path of the defect."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from bot.content.html_check import html_problems, strip_tags
from bot.content.yaml_source import YamlDocument

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_BUTTON_LABEL = 40
MAX_SINGLE_MESSAGE = 3500  # statements and messages are sent whole; leave room for headers
T = TypeVar("T")


def root(doc: YamlDocument) -> dict[str, Any]:
    if not isinstance(doc.data, dict):
        raise doc.error("", "the file must be a mapping of keys (e.g. 'topics:') at the top level")
    return doc.data


def items(
    doc: YamlDocument, key: str, build: Callable[[YamlDocument, dict[str, Any], str], T], required: bool = True
) -> list[T]:
    top = root(doc)
    if key not in top:
        if required:
            raise doc.error("", f"missing required key '{key}'")
        return []
    entries = top[key]
    if not isinstance(entries, list) or (required and not entries):
        raise doc.error(key, "must be a non-empty list")
    result = []
    for i, entry in enumerate(entries):
        path = f"{key}[{i}]"
        if not isinstance(entry, dict):
            raise doc.error(path, "each entry must be a mapping of fields")
        result.append(build(doc, entry, path))
    return result


def fields(
    doc: YamlDocument, entry: dict[str, Any], path: str, required: set[str], optional: frozenset[str] = frozenset()
) -> None:
    # Unknown fields first: a misspelt field ('phrasing') is the defect to point at, not the
    # required field ('phrasings') that its typo leaves missing.
    for name in sorted(entry.keys() - required - optional, key=str):
        raise doc.error(
            f"{path}.{name}", f"unknown field '{name}' (expected one of: {', '.join(sorted(required | optional))})"
        )
    for name in sorted(required - entry.keys()):
        raise doc.error(path, f"missing required field '{name}'")


def string(
    doc: YamlDocument,
    entry: dict[str, Any],
    path: str,
    key: str,
    *,
    html: bool = False,
    limit: int = MAX_SINGLE_MESSAGE,
) -> str:
    value = entry.get(key)
    where = f"{path}.{key}" if path else key
    if not isinstance(value, str) or not value.strip():
        raise doc.error(where, "must be a non-empty text")
    value = value.strip()
    if html:
        problems = html_problems(value)
        if problems:
            raise doc.error(where, f"invalid Telegram HTML: {problems[0]}")
    if len(strip_tags(value) if html else value) > limit:
        raise doc.error(where, f"is longer than {limit} characters")
    return value


def identifier(doc: YamlDocument, entry: dict[str, Any], path: str, key: str = "id") -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise doc.error(f"{path}.{key}", f"'{value}' is not a snake_case id (lowercase letters, digits, _)")
    return value


def string_list(doc: YamlDocument, entry: dict[str, Any], key: str, path: str = "", minimum: int = 0) -> list[str]:
    where = f"{path}.{key}" if path else key
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise doc.error(where, "must be a list of texts")
    if len(value) < minimum:
        raise doc.error(where, f"needs at least {minimum} entries (has {len(value)})")
    return [v.strip() for v in value]


def label(doc: YamlDocument, entry: dict[str, Any], path: str, key: str) -> str:
    value = string(doc, entry, path, key, limit=MAX_BUTTON_LABEL)
    if "<" in value or "&" in value:
        raise doc.error(f"{path}.{key}", "a button label is plain text: no HTML, '<' or '&'")
    return value
