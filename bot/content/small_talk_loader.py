"""small_talk.yaml: greetings, thanks, goodbyes and the like, with what RoleFit says back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.content.fields import fields, identifier, items, string_list
from bot.content.fields import string as text_field
from bot.content.model import SmallTalk
from bot.content.yaml_source import YamlDocument, read_yaml
from bot.understand.text import phrase_key

FILE = "small_talk.yaml"  # optional: a content folder without it simply has no small talk


def load_small_talk(folder: Path) -> tuple[SmallTalk, ...]:
    path = folder / FILE
    if not path.exists():
        return ()
    doc = read_yaml(path, f"{folder.name}/{FILE}")
    groups = items(doc, "small_talk", _small_talk)
    seen_ids: set[str] = set()
    seen: dict[str, str] = {}
    for i, group in enumerate(groups):
        if group.id in seen_ids:
            raise doc.error(f"small_talk[{i}].id", f"duplicate id '{group.id}'")
        seen_ids.add(group.id)
        for j, phrase in enumerate(group.phrases):
            if phrase in seen:
                where = f"small_talk[{i}].phrases[{j}]"
                raise doc.error(where, f"phrase '{phrase}' is already listed under '{seen[phrase]}'")
            seen[phrase] = group.id
    return tuple(groups)


def _small_talk(doc: YamlDocument, entry: dict[str, Any], path: str) -> SmallTalk:
    fields(doc, entry, path, {"id", "phrases", "reply"}, frozenset({"in_quiz", "ends_conversation"}))
    ends = entry.get("ends_conversation", False)
    if not isinstance(ends, bool):
        raise doc.error(f"{path}.ends_conversation", "must be true or false")
    phrases = string_list(doc, entry, "phrases", path, minimum=1)
    for j, phrase in enumerate(phrases):
        if not phrase_key(phrase):
            raise doc.error(
                f"{path}.phrases[{j}]", f"phrase '{phrase}' has no words (only letters, digits and ' count)"
            )
    in_quiz = text_field(doc, entry, path, "in_quiz", html=True) if "in_quiz" in entry else None
    return SmallTalk(
        id=identifier(doc, entry, path),
        phrases=tuple(phrase_key(p) for p in phrases),
        reply=text_field(doc, entry, path, "reply", html=True),
        in_quiz=in_quiz,
        ends_conversation=ends,
    )
