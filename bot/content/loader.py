"""Load dialogues/*.yaml into a validated `Content`, or refuse with a `ContentError` naming the place."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from bot.content.emoji import bare_emoji
from bot.content.fields import MAX_BUTTON_LABEL, fields, identifier, items, label, root, string_list
from bot.content.fields import string as text_field
from bot.content.language_loader import load_language
from bot.content.messages_spec import MESSAGE_FIELDS
from bot.content.model import AnswerOption, Content, NotCovered, Role, Statement, Topic
from bot.content.small_talk_loader import load_small_talk
from bot.content.topic_loader import check_topics, load_topics
from bot.content.yaml_source import ContentError, YamlDocument, read_yaml
from bot.engine.callbacks import MAX_CALLBACK_BYTES, answer_data

FILES = ("roles.yaml", "checklist.yaml", "faq.yaml", "messages.yaml")

__all__ = ["FILES", "ContentError", "load_content"]


def load_content(folder: Path) -> Content:
    folder = Path(folder)
    if not folder.is_dir():
        raise ContentError(str(folder), None, "", "content folder not found")
    docs = {name: read_yaml(folder / name, f"{folder.name}/{name}") for name in FILES}
    roles = items(docs["roles.yaml"], "roles", _role)
    answers = items(docs["checklist.yaml"], "answers", _answer)
    statements = items(docs["checklist.yaml"], "statements", _statement)
    located = load_topics(folder, docs["faq.yaml"])  # faq.yaml, then topics/*.yaml
    topics = [topic for _, _, topic in located]
    not_covered = items(docs["faq.yaml"], "not_covered", _not_covered, required=False)
    faq = docs["faq.yaml"]
    menu_topics = tuple(string_list(faq, root(faq), "menu_topics"))
    compare_topics = tuple(string_list(faq, root(faq), "compare_topics"))
    messages = _messages(docs["messages.yaml"])

    _check_unique(docs["roles.yaml"], _paths("roles", roles))
    _check_unique(docs["checklist.yaml"], _paths("answers", answers))
    _check_emoji(docs["checklist.yaml"], answers)
    _check_unique(docs["checklist.yaml"], _paths("statements", statements))
    _check_unique(faq, _paths("not_covered", not_covered))
    check_topics(located, {r.id for r in roles}, {n.id for n in not_covered})
    _check_references(docs, roles, answers, statements, topics, menu_topics, compare_topics)
    small_talk = load_small_talk(folder)
    language = load_language(folder, {t.id: t.role for t in topics}, {r.id for r in roles})

    return Content(
        roles=tuple(roles),
        answers=tuple(answers),
        statements=tuple(statements),
        topics=tuple(topics),
        not_covered=tuple(not_covered),
        messages=messages,
        menu_topics=menu_topics,
        compare_topics=compare_topics,
        small_talk=small_talk,
        language=language,
    )


# --- entry builders ------------------------------------------------------------------------


def _role(doc: YamlDocument, entry: dict[str, Any], path: str) -> Role:
    fields(doc, entry, path, {"id", "name", "person", "summary", "next_topics", "tiebreak_choice"})
    return Role(
        id=identifier(doc, entry, path),
        name=text_field(doc, entry, path, "name", limit=MAX_BUTTON_LABEL),
        person=text_field(doc, entry, path, "person", limit=MAX_BUTTON_LABEL),
        summary=text_field(doc, entry, path, "summary", html=True),
        next_topics=tuple(string_list(doc, entry, "next_topics", path)),
        tiebreak_choice=label(doc, entry, path, "tiebreak_choice"),
    )


def _answer(doc: YamlDocument, entry: dict[str, Any], path: str) -> AnswerOption:
    fields(doc, entry, path, {"id", "label", "points"}, frozenset({"words", "emoji"}))
    points = entry.get("points")
    if not isinstance(points, int) or isinstance(points, bool) or points < 0:
        raise doc.error(f"{path}.points", "must be a whole number, 0 or more")
    words = string_list(doc, entry, "words", path)
    emoji = string_list(doc, entry, "emoji", path)
    if any(ch.isalnum() for e in emoji for ch in e):  # an emoji list never holds words
        raise doc.error(f"{path}.emoji", "must hold emoji only; typed words go under words")
    return AnswerOption(
        id=identifier(doc, entry, path),
        label=label(doc, entry, path, "label"),
        points=points,
        words=tuple(w.lower() for w in words),
        emoji=tuple(emoji),
    )


def _statement(doc: YamlDocument, entry: dict[str, Any], path: str) -> Statement:
    fields(doc, entry, path, {"id", "role", "text", "reason"})
    return Statement(
        id=identifier(doc, entry, path),
        role=identifier(doc, entry, path, "role"),
        text=text_field(doc, entry, path, "text", html=True),
        reason=text_field(doc, entry, path, "reason", html=True),
    )


def _not_covered(doc: YamlDocument, entry: dict[str, Any], path: str) -> NotCovered:
    fields(doc, entry, path, {"id", "phrasings"}, frozenset({"reply"}))
    reply = text_field(doc, entry, path, "reply", html=True) if "reply" in entry else None
    return NotCovered(
        id=identifier(doc, entry, path),
        phrasings=tuple(string_list(doc, entry, "phrasings", path, minimum=3)),
        reply=reply,
    )


def _messages(doc: YamlDocument) -> dict[str, str]:
    top = root(doc)
    table = top.get("messages")
    if not isinstance(table, dict):
        raise doc.error("messages" if "messages" in top else "", "missing required mapping 'messages'")
    for key in table:
        if key not in MESSAGE_FIELDS:
            raise doc.error(f"messages.{key}", f"unknown message '{key}' (the code never uses it; check the spelling)")
    messages: dict[str, str] = {}
    for key, allowed in MESSAGE_FIELDS.items():
        if key not in table:
            raise doc.error("messages", f"missing message '{key}'")
        text = text_field(doc, table, "messages", key, html=True)
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


def _paths(key: str, items: list[Any]) -> list[tuple[str, str]]:
    return [(f"{key}[{i}].id", item.id) for i, item in enumerate(items)]


def _check_emoji(doc: YamlDocument, answers: list[AnswerOption]) -> None:
    """Each listed emoji is read bare (emoji.py): one under two answers would count as
    whichever the reader met last, and one that is all dressing would never match."""
    owner: dict[str, str] = {}
    for i, answer in enumerate(answers):
        for emoji in answer.emoji:
            bare = bare_emoji(emoji)
            if not bare:
                raise doc.error(f"answers[{i}].emoji", f"'{emoji}' is only a skin tone, joiner or variation selector")
            if owner.get(bare, answer.id) != answer.id:
                raise doc.error(f"answers[{i}].emoji", f"'{emoji}' already counts as {owner[bare]}")
            owner[bare] = answer.id


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
    topics: list[Topic],
    menu_topics: tuple[str, ...],
    compare_topics: tuple[str, ...],
) -> None:
    role_ids = {r.id for r in roles}
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
            if len(answer_data(statement.id, answer.id).encode()) > MAX_CALLBACK_BYTES:
                raise checklist.error(f"statements[{i}].id", "id too long to fit in a Telegram button (64 bytes)")
    for role in roles:
        if not any(s.role == role.id for s in statements):
            raise checklist.error("statements", f"role '{role.id}' has no statement")
    for i, role in enumerate(roles):
        for j, ref in enumerate(role.next_topics):
            if ref not in topic_ids:
                raise roles_doc.error(f"roles[{i}].next_topics[{j}]", f"unknown topic '{ref}'")
    for key, refs in (("menu_topics", menu_topics), ("compare_topics", compare_topics)):
        for j, ref in enumerate(refs):
            if ref not in topic_ids:
                raise faq.error(f"{key}[{j}]", f"unknown topic '{ref}'")
