"""language.yaml: the word lists the interpreter reads typed text with, checked at load."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.content.fields import fields, root, string_list
from bot.content.language import Language
from bot.content.model import BOTH_ROLES
from bot.content.yaml_source import YamlDocument, read_yaml
from bot.understand.text import phrase_key

FILE = "language.yaml"
COMMANDS = frozenset({"help", "menu", "restart", "result", "cancel", "quiz", "back", "compare", "about"})
FOLLOW_UPS = frozenset({"more", "other_role", "example", "why", "next_steps"})
_LISTS = {"negations", "filler_words", "polite_words", "mixed_answers", "asking_back", "follow_up_openers",
          "pronouns", "role_pronouns", "comparing_words", "frustration", "english_words", "stop_words",
          "stem_suffixes"}  # fmt: skip
_MAPS = {"shorthand", "role_names", "role_follow_up_names", "credential_names", "commands", "follow_ups",
         "example_topics", "foreign_words", "focus_words"}  # fmt: skip


def load_language(folder: Path, topic_roles: Mapping[str, str], role_ids: set[str]) -> Language:
    """The word lists, or an empty `Language` when the folder has no language.yaml (then only
    buttons, slash commands and the FAQ matcher understand the user)."""
    path = folder / FILE
    if not path.exists():
        return Language()
    doc = read_yaml(path, f"{folder.name}/{FILE}")
    top = root(doc)
    fields(doc, top, "", set(), frozenset(_LISTS | _MAPS | {"min_foreign_words", "accented_word_share"}))
    lists = {key: _phrases(doc, top, key) for key in _LISTS}
    minimum = top.get("min_foreign_words", 2)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        raise doc.error("min_foreign_words", "must be a whole number, 1 or more")
    return Language(
        shorthand=_shorthand(doc, top),
        negations=frozenset(lists["negations"]),
        filler_words=frozenset(lists["filler_words"]),
        polite_words=frozenset(lists["polite_words"]),
        mixed_answers=tuple(lists["mixed_answers"]),
        asking_back=tuple(lists["asking_back"]),
        role_names=_table(doc, top, "role_names", role_ids),
        role_follow_up_names=_table(doc, top, "role_follow_up_names", role_ids),
        credential_names=_table(doc, top, "credential_names", role_ids),
        commands=_table(doc, top, "commands", COMMANDS),
        follow_ups=_table(doc, top, "follow_ups", FOLLOW_UPS),
        follow_up_openers=tuple(lists["follow_up_openers"]),
        pronouns=frozenset(lists["pronouns"]),
        role_pronouns=frozenset(lists["role_pronouns"]),
        comparing_words=frozenset(lists["comparing_words"]),
        example_topics=_example_topics(doc, top, topic_roles),
        focus_words=_table(doc, top, "focus_words", set(topic_roles)),
        frustration=tuple(lists["frustration"]),
        min_foreign_words=minimum,
        foreign_words=frozenset(w for group in _table(doc, top, "foreign_words", None).values() for w in group),
        english_words=frozenset(lists["english_words"]),
        accented_word_share=_share(doc, top, "accented_word_share"),
        stop_words=frozenset(lists["stop_words"]),
        stem_suffixes=tuple(sorted(lists["stem_suffixes"], key=len, reverse=True)),
    )


def _share(doc: YamlDocument, top: dict[str, Any], key: str) -> float:
    value = top.get(key, Language.accented_word_share)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise doc.error(key, "must be a share between 0 and 1, such as 0.3")
    return float(value)


def _phrases(doc: YamlDocument, entry: dict[str, Any], key: str, path: str = "") -> list[str]:
    """A list of phrases, each with at least one word, as the interpreter compares them."""
    where = f"{path}.{key}" if path else key
    out = []
    for j, raw in enumerate(string_list(doc, entry, key, path)):
        phrase = phrase_key(raw)
        if not phrase:
            raise doc.error(f"{where}[{j}]", f"'{raw}' has no words (only letters, digits and ' count)")
        out.append(phrase)
    return out


def _shorthand(doc: YamlDocument, top: dict[str, Any]) -> Mapping[str, str]:
    table = top.get("shorthand", {})
    if not isinstance(table, dict):
        raise doc.error("shorthand", "must be a mapping of one typed word to its expansion")
    out: dict[str, str] = {}
    for key, value in table.items():
        word = str(key).lower()
        if len(word.split()) != 1 or not isinstance(value, str) or not phrase_key(value):
            raise doc.error(f"shorthand.{key}", "must map one word to the words it stands for")
        out[word] = value.strip().lower()
    return out


def _table(
    doc: YamlDocument, top: dict[str, Any], key: str, known: frozenset[str] | set[str] | None
) -> dict[str, tuple[str, ...]]:
    table = top.get(key, {})
    if not isinstance(table, dict):
        raise doc.error(key, "must be a mapping of names to lists of phrases")
    out: dict[str, tuple[str, ...]] = {}
    for name in table:
        if known is not None and name not in known:
            raise doc.error(f"{key}.{name}", f"unknown name '{name}' (known: {', '.join(sorted(known))})")
        out[str(name)] = tuple(_phrases(doc, table, name, key))
    return out


def _example_topics(doc: YamlDocument, top: dict[str, Any], topic_roles: Mapping[str, str]) -> dict[str, str]:
    table = top.get("example_topics", {})
    if not isinstance(table, dict):
        raise doc.error("example_topics", "must map a role id to a topic id")
    for role, topic in table.items():
        if topic not in topic_roles:
            raise doc.error(f"example_topics.{role}", f"unknown topic '{topic}'")
        if topic_roles[topic] not in (role, BOTH_ROLES):
            raise doc.error(f"example_topics.{role}", f"topic '{topic}' is about role '{topic_roles[topic]}'")
    return {str(k): str(v) for k, v in table.items()}
