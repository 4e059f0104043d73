"""Load dialogues/*.yaml into a validated `Content`, or refuse with a `ContentError` naming the place."""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bot.content.html_check import html_problems, strip_tags
from bot.content.messages_spec import MESSAGE_FIELDS
from bot.content.model import (
    BOTH_ROLES,
    AnswerOption,
    Content,
    NotCovered,
    Role,
    SmallTalk,
    Statement,
    Topic,
    small_talk_key,
)
from bot.content.sources import check_figures, read_sources
from bot.content.yaml_source import ContentError, YamlDocument, read_yaml

FILES = ("roles.yaml", "checklist.yaml", "faq.yaml", "messages.yaml")
OPTIONAL_FILES = ("small_talk.yaml",)  # a content folder without it simply has no small talk
TOPIC_FOLDER = "topics"  # more FAQ topics, one file per area (topics/*.yaml), each with a `topics:` list
MAX_ANSWER = 900  # an answer and its source line, in visible characters: one phone screen
MAX_RELATED = 3  # next-step buttons under an answer
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_BUTTON_LABEL = 40
MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
MAX_SINGLE_MESSAGE = 3500  # statements and messages are sent whole; leave room for headers
T = TypeVar("T")

__all__ = ["FILES", "ContentError", "load_content"]


def load_content(folder: Path) -> Content:
    folder = Path(folder)
    if not folder.is_dir():
        raise ContentError(str(folder), None, "", "content folder not found")
    docs = {name: read_yaml(folder / name, f"{folder.name}/{name}") for name in FILES}
    roles = _items(docs["roles.yaml"], "roles", _role)
    answers = _items(docs["checklist.yaml"], "answers", _answer)
    statements = _items(docs["checklist.yaml"], "statements", _statement)
    located = [(docs["faq.yaml"], f"topics[{i}]", t) for i, t in enumerate(_items(docs["faq.yaml"], "topics", _topic))]
    topic_docs = [read_yaml(p, f"{folder.name}/{TOPIC_FOLDER}/{p.name}") for p in _topic_files(folder)]
    for doc in topic_docs:
        located += [(doc, f"topics[{i}]", t) for i, t in enumerate(_items(doc, "topics", _topic))]
    topics = [t for _, _, t in located]
    not_covered = _items(docs["faq.yaml"], "not_covered", _not_covered, required=False)
    faq = docs["faq.yaml"]
    menu_topics = tuple(_string_list(faq, _root(faq), "menu_topics"))
    compare_topics = tuple(_string_list(faq, _root(faq), "compare_topics"))
    messages = _messages(docs["messages.yaml"])

    _check_unique(docs["roles.yaml"], _paths("roles", roles))
    _check_unique(docs["checklist.yaml"], _paths("answers", answers))
    _check_unique(docs["checklist.yaml"], _paths("statements", statements))
    _check_unique(faq, _paths("not_covered", not_covered))
    _check_unique_topics(located, {n.id for n in not_covered})
    _check_references(docs, roles, answers, statements, located, menu_topics, compare_topics)
    # Small talk last: it may name topics, which must be valid by now.
    small_talk, fillers = _small_talk_file(folder, {t.id for t in topics})

    present = [folder / name for name in FILES + OPTIONAL_FILES if (folder / name).exists()]
    digest = hashlib.sha256()
    for file in present + _topic_files(folder):
        digest.update(file.read_bytes())
    return Content(
        roles=tuple(roles),
        answers=tuple(answers),
        statements=tuple(statements),
        topics=tuple(topics),
        not_covered=tuple(not_covered),
        messages=messages,
        menu_topics=menu_topics,
        compare_topics=compare_topics,
        source_hash=digest.hexdigest()[:16],
        small_talk=tuple(small_talk),
        small_talk_fillers=frozenset(fillers),
    )


# --- field readers -------------------------------------------------------------------------


def _root(doc: YamlDocument) -> dict[str, Any]:
    if not isinstance(doc.data, dict):
        raise doc.error("", "the file must be a mapping of keys (e.g. 'topics:') at the top level")
    return doc.data


def _items(
    doc: YamlDocument, key: str, build: Callable[[YamlDocument, dict[str, Any], str], T], required: bool = True
) -> list[T]:
    root = _root(doc)
    if key not in root:
        if required:
            raise doc.error("", f"missing required key '{key}'")
        return []
    entries = root[key]
    if not isinstance(entries, list) or (required and not entries):
        raise doc.error(key, "must be a non-empty list")
    result = []
    for i, entry in enumerate(entries):
        path = f"{key}[{i}]"
        if not isinstance(entry, dict):
            raise doc.error(path, "each entry must be a mapping of fields")
        result.append(build(doc, entry, path))
    return result


def _fields(
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


def _string(
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


def _identifier(doc: YamlDocument, entry: dict[str, Any], path: str, key: str = "id") -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise doc.error(f"{path}.{key}", f"'{value}' is not a snake_case id (lowercase letters, digits, _)")
    return value


def _string_list(doc: YamlDocument, entry: dict[str, Any], key: str, path: str = "", minimum: int = 0) -> list[str]:
    where = f"{path}.{key}" if path else key
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise doc.error(where, "must be a list of texts")
    if len(value) < minimum:
        raise doc.error(where, f"needs at least {minimum} entries (has {len(value)})")
    return [v.strip() for v in value]


def _label(doc: YamlDocument, entry: dict[str, Any], path: str, key: str) -> str:
    value = _string(doc, entry, path, key, limit=MAX_BUTTON_LABEL)
    if "<" in value or "&" in value:
        raise doc.error(f"{path}.{key}", "a button label is plain text: no HTML, '<' or '&'")
    return value


# --- entry builders ------------------------------------------------------------------------


def _role(doc: YamlDocument, entry: dict[str, Any], path: str) -> Role:
    _fields(doc, entry, path, {"id", "name", "person", "summary", "next_topics"})
    return Role(
        id=_identifier(doc, entry, path),
        name=_string(doc, entry, path, "name", limit=MAX_BUTTON_LABEL),
        person=_string(doc, entry, path, "person", limit=MAX_BUTTON_LABEL),
        summary=_string(doc, entry, path, "summary", html=True),
        next_topics=tuple(_string_list(doc, entry, "next_topics", path)),
    )


def _answer(doc: YamlDocument, entry: dict[str, Any], path: str) -> AnswerOption:
    _fields(doc, entry, path, {"id", "label", "points"}, frozenset({"words"}))
    points = entry.get("points")
    if not isinstance(points, int) or isinstance(points, bool) or points < 0:
        raise doc.error(f"{path}.points", "must be a whole number, 0 or more")
    words = _string_list(doc, entry, "words", path)
    return AnswerOption(
        id=_identifier(doc, entry, path),
        label=_label(doc, entry, path, "label"),
        points=points,
        words=tuple(w.lower() for w in words),
    )


def _statement(doc: YamlDocument, entry: dict[str, Any], path: str) -> Statement:
    _fields(doc, entry, path, {"id", "role", "text", "reason"})
    return Statement(
        id=_identifier(doc, entry, path),
        role=_identifier(doc, entry, path, "role"),
        text=_string(doc, entry, path, "text", html=True),
        reason=_string(doc, entry, path, "reason", html=True),
    )


def _topic(doc: YamlDocument, entry: dict[str, Any], path: str) -> Topic:
    _fields(
        doc,
        entry,
        path,
        {"id", "title", "role", "answer", "phrasings", "related", "sources"},
        frozenset({"offers_quiz", "counterpart"}),
    )
    offers_quiz = entry.get("offers_quiz", False)
    if not isinstance(offers_quiz, bool):
        raise doc.error(f"{path}.offers_quiz", "must be true or false")
    answer = _string(doc, entry, path, "answer", html=True, limit=4000)
    sources = read_sources(doc, entry, path)
    check_figures(doc, path, answer, sources)
    # The source line is shown under the answer ("Source: <title>"); both must fit one screen.
    shown = len(strip_tags(answer)) + sum(len(s.title) + 3 for s in sources) + len("Sources:")
    if shown > MAX_ANSWER:
        raise doc.error(
            f"{path}.answer", f"answer and source titles are {shown} characters; keep them within {MAX_ANSWER}"
        )
    related = _string_list(doc, entry, "related", path, minimum=1)
    if len(related) > MAX_RELATED:
        raise doc.error(f"{path}.related", f"at most {MAX_RELATED} next steps (has {len(related)})")
    return Topic(
        id=_identifier(doc, entry, path),
        title=_label(doc, entry, path, "title"),
        answer=answer,
        phrasings=tuple(_string_list(doc, entry, "phrasings", path, minimum=3)),
        related=tuple(related),
        offers_quiz=offers_quiz,
        role=_identifier(doc, entry, path, "role"),
        counterpart=_identifier(doc, entry, path, "counterpart") if "counterpart" in entry else None,
        sources=sources,
    )


def _topic_files(folder: Path) -> list[Path]:
    return sorted((folder / TOPIC_FOLDER).glob("*.yaml")) if (folder / TOPIC_FOLDER).is_dir() else []


def _not_covered(doc: YamlDocument, entry: dict[str, Any], path: str) -> NotCovered:
    _fields(doc, entry, path, {"id", "phrasings"}, frozenset({"reply"}))
    reply = _string(doc, entry, path, "reply", html=True) if "reply" in entry else None
    return NotCovered(
        id=_identifier(doc, entry, path),
        phrasings=tuple(_string_list(doc, entry, "phrasings", path, minimum=3)),
        reply=reply,
    )


def _small_talk_file(folder: Path, topic_ids: set[str]) -> tuple[list[SmallTalk], list[str]]:
    path = folder / "small_talk.yaml"
    if not path.exists():
        return [], []
    doc = read_yaml(path, f"{folder.name}/small_talk.yaml")
    groups = _items(doc, "small_talk", _small_talk)
    fillers = _filler_words(doc)
    _check_unique(doc, _paths("small_talk", groups))
    _check_small_talk_phrases(doc, groups)
    for i, chat in enumerate(groups):
        for j, ref in enumerate(chat.topics):
            if ref not in topic_ids:
                raise doc.error(f"small_talk[{i}].topics[{j}]", f"unknown topic '{ref}'")
    return groups, fillers


def _small_talk(doc: YamlDocument, entry: dict[str, Any], path: str) -> SmallTalk:
    _fields(doc, entry, path, {"id", "phrases", "reply"}, frozenset({"in_quiz", "starts_quiz", "topics"}))
    starts_quiz = entry.get("starts_quiz", False)
    if not isinstance(starts_quiz, bool):
        raise doc.error(f"{path}.starts_quiz", "must be true or false")
    phrases = _string_list(doc, entry, "phrases", path, minimum=1)
    for j, phrase in enumerate(phrases):
        if not small_talk_key(phrase):
            raise doc.error(
                f"{path}.phrases[{j}]", f"phrase '{phrase}' has no words (only letters, digits and ' count)"
            )
    in_quiz = _string(doc, entry, path, "in_quiz", html=True) if "in_quiz" in entry else None
    return SmallTalk(
        id=_identifier(doc, entry, path),
        phrases=tuple(small_talk_key(p) for p in phrases),
        reply=_string(doc, entry, path, "reply", html=True),
        in_quiz=in_quiz,
        starts_quiz=starts_quiz,
        topics=tuple(_string_list(doc, entry, "topics", path)),
    )


def _filler_words(doc: YamlDocument) -> list[str]:
    words = _string_list(doc, _root(doc), "filler_words")
    for j, word in enumerate(words):
        if small_talk_key(word) != word.lower() or " " in word:
            raise doc.error(f"filler_words[{j}]", f"'{word}' must be one lower-case word (letters, digits, ')")
    return words


def _check_small_talk_phrases(doc: YamlDocument, groups: list[SmallTalk]) -> None:
    seen: dict[str, str] = {}
    for i, group in enumerate(groups):
        for j, phrase in enumerate(group.phrases):
            if phrase in seen:
                raise doc.error(
                    f"small_talk[{i}].phrases[{j}]", f"phrase '{phrase}' is already listed under '{seen[phrase]}'"
                )
            seen[phrase] = group.id


def _messages(doc: YamlDocument) -> dict[str, str]:
    root = _root(doc)
    table = root.get("messages")
    if not isinstance(table, dict):
        raise doc.error("messages" if "messages" in root else "", "missing required mapping 'messages'")
    for key in table:
        if key not in MESSAGE_FIELDS:
            raise doc.error(f"messages.{key}", f"unknown message '{key}' (the code never uses it; check the spelling)")
    messages: dict[str, str] = {}
    for key, allowed in MESSAGE_FIELDS.items():
        if key not in table:
            raise doc.error("messages", f"missing message '{key}'")
        text = _string(doc, table, "messages", key, html=True)
        try:
            fields = list(string.Formatter().parse(text))
        except ValueError as exc:  # a stray '{' or '}' would otherwise crash the loader
            raise doc.error(f"messages.{key}", f"{exc} (write a literal brace as {{{{ or }}}})") from None
        used = {name for _, name, _, _ in fields if name is not None}
        unknown = used - allowed
        if unknown:
            names = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none"
            raise doc.error(f"messages.{key}", f"unknown placeholder {{{sorted(unknown)[0]}}} (allowed: {names})")
        messages[key] = text
    return messages


# --- cross-file checks ---------------------------------------------------------------------


def _check_topic_role(doc: YamlDocument, path: str, topic: Topic, role_ids: set[str], by_id: dict[str, Topic]) -> None:
    """A topic is about one role or both; one about a single role names the same subject for
    another role, which the interpreter answers for "what about the other role?"."""
    if topic.role != BOTH_ROLES and topic.role not in role_ids:
        known = ", ".join(sorted(role_ids | {BOTH_ROLES}))
        raise doc.error(f"{path}.role", f"unknown role '{topic.role}' (known: {known})")
    if topic.role == BOTH_ROLES:
        if topic.counterpart is not None:
            raise doc.error(
                f"{path}.counterpart", f"a topic about both roles has no counterpart (role is '{BOTH_ROLES}')"
            )
        return
    if topic.counterpart is None:
        raise doc.error(
            path, f"missing required field 'counterpart': the same subject for the other role (role is '{topic.role}')"
        )
    other = by_id.get(topic.counterpart)
    if other is None:
        raise doc.error(f"{path}.counterpart", f"unknown topic '{topic.counterpart}'")
    if other.role in (BOTH_ROLES, topic.role):
        raise doc.error(f"{path}.counterpart", f"'{other.id}' is about role '{other.role}', not the other role")
    if topic.counterpart not in topic.related:  # "and for the other role?" is the natural next step
        raise doc.error(f"{path}.related", f"must offer the counterpart '{topic.counterpart}' as a next step")


def _paths(key: str, items: list[Any]) -> list[tuple[str, str]]:
    return [(f"{key}[{i}].id", item.id) for i, item in enumerate(items)]


def _check_unique_topics(located: list[tuple[YamlDocument, str, Topic]], taken: set[str]) -> None:
    seen: set[str] = set(taken)
    for doc, path, topic in located:
        if topic.id in seen:
            raise doc.error(f"{path}.id", f"duplicate id '{topic.id}'")
        seen.add(topic.id)


def _check_unique(doc: YamlDocument, ids: list[tuple[str, str]]) -> None:
    seen: set[str] = set()
    for path, item_id in ids:
        if item_id in seen:
            raise doc.error(path, f"duplicate id '{item_id}'")
        seen.add(item_id)


def _check_references(
    docs: dict[str, YamlDocument],
    roles: list[Role],
    answers: list[AnswerOption],
    statements: list[Statement],
    located: list[tuple[YamlDocument, str, Topic]],
    menu_topics: tuple[str, ...],
    compare_topics: tuple[str, ...],
) -> None:
    role_ids = {r.id for r in roles}
    topics = [t for _, _, t in located]
    topic_ids = {t.id for t in topics}
    checklist, faq, roles_doc = docs["checklist.yaml"], docs["faq.yaml"], docs["roles.yaml"]
    if len(roles) < 2:
        raise roles_doc.error("roles", "at least two roles are needed to compare")
    for i, statement in enumerate(statements):
        if statement.role not in role_ids:
            raise checklist.error(
                f"statements[{i}].role", f"unknown role '{statement.role}' (known: {', '.join(sorted(role_ids))})"
            )
        for answer in answers:  # the longest button data a statement appears in
            if len(f"v1:a:{statement.id}:{answer.id}".encode()) > MAX_CALLBACK_BYTES:
                raise checklist.error(f"statements[{i}].id", "id too long to fit in a Telegram button (64 bytes)")
    for role in roles:
        if not any(s.role == role.id for s in statements):
            raise checklist.error("statements", f"role '{role.id}' has no statement")
    for i, role in enumerate(roles):
        for j, ref in enumerate(role.next_topics):
            if ref not in topic_ids:
                raise roles_doc.error(f"roles[{i}].next_topics[{j}]", f"unknown topic '{ref}'")
    by_id = {t.id: t for t in topics}
    for doc, path, topic in located:
        if len(f"v1:t:{topic.id}".encode()) > MAX_CALLBACK_BYTES:
            raise doc.error(f"{path}.id", "id too long to fit in a Telegram button (64 bytes)")
        for j, ref in enumerate(topic.related):
            if ref == topic.id:
                raise doc.error(f"{path}.related[{j}]", "a topic cannot be related to itself")
            if ref not in topic_ids:
                raise doc.error(f"{path}.related[{j}]", f"unknown topic '{ref}'")
        _check_topic_role(doc, path, topic, role_ids, by_id)
    seen: dict[str, str] = {}
    for doc, path, topic in located:  # one phrasing teaching two topics only confuses the matcher
        for j, phrasing in enumerate(topic.phrasings):
            key = " ".join(phrasing.lower().split())
            if key in seen:
                raise doc.error(
                    f"{path}.phrasings[{j}]", f"phrasing '{phrasing}' is already listed under '{seen[key]}'"
                )
            seen[key] = topic.id
    for key, refs in (("menu_topics", menu_topics), ("compare_topics", compare_topics)):
        for j, ref in enumerate(refs):
            if ref not in topic_ids:
                raise faq.error(f"{key}[{j}]", f"unknown topic '{ref}'")
