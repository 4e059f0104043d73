"""FAQ topics: from faq.yaml and from topics/*.yaml (one file per area), validated across files.

Every error names the file that holds the topic, its line and its path (`topics[3].related[1]`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.content.fields import fields, identifier, items, label, string_list
from bot.content.fields import string as text_field
from bot.content.html_check import strip_tags
from bot.content.model import BOTH_ROLES, Topic
from bot.content.sources import check_figures, read_sources
from bot.content.yaml_source import YamlDocument, read_yaml
from bot.engine.callbacks import MAX_CALLBACK_BYTES, topic_data
from bot.understand.text import phrase_key

TOPIC_FOLDER = "topics"  # more FAQ topics, one file per area (topics/*.yaml), each with a `topics:` list
MAX_ANSWER = 900  # an answer and its source line, in visible characters: one phone screen
MAX_RELATED = 3  # next-step buttons under an answer

Located = tuple[YamlDocument, str, Topic]  # the file, the path inside it, the topic


def topic_files(folder: Path) -> list[Path]:
    return sorted((folder / TOPIC_FOLDER).glob("*.yaml")) if (folder / TOPIC_FOLDER).is_dir() else []


def load_topics(folder: Path, faq: YamlDocument) -> list[Located]:
    located = [(faq, f"topics[{i}]", t) for i, t in enumerate(items(faq, "topics", _topic))]
    for file in topic_files(folder):
        doc = read_yaml(file, f"{folder.name}/{TOPIC_FOLDER}/{file.name}")
        located += [(doc, f"topics[{i}]", t) for i, t in enumerate(items(doc, "topics", _topic))]
    return located


def _topic(doc: YamlDocument, entry: dict[str, Any], path: str) -> Topic:
    fields(
        doc,
        entry,
        path,
        {"id", "title", "role", "answer", "phrasings", "related", "sources"},
        frozenset({"offers_quiz", "counterpart"}),
    )
    offers_quiz = entry.get("offers_quiz", False)
    if not isinstance(offers_quiz, bool):
        raise doc.error(f"{path}.offers_quiz", "must be true or false")
    answer = text_field(doc, entry, path, "answer", html=True, limit=4000)
    sources = read_sources(doc, entry, path)
    check_figures(doc, path, answer, sources)
    # The source line is shown under the answer ("Sources: <titles>"); both must fit one screen.
    shown = len(strip_tags(answer)) + sum(len(s.title) + 3 for s in sources) + len("Sources:")
    if shown > MAX_ANSWER:
        raise doc.error(
            f"{path}.answer", f"answer and source titles are {shown} characters; keep them within {MAX_ANSWER}"
        )
    related = string_list(doc, entry, "related", path, minimum=1)
    if len(related) > MAX_RELATED:
        raise doc.error(f"{path}.related", f"at most {MAX_RELATED} next steps (has {len(related)})")
    return Topic(
        id=identifier(doc, entry, path),
        title=label(doc, entry, path, "title"),
        answer=answer,
        phrasings=tuple(string_list(doc, entry, "phrasings", path, minimum=3)),
        related=tuple(related),
        offers_quiz=offers_quiz,
        role=identifier(doc, entry, path, "role"),
        counterpart=identifier(doc, entry, path, "counterpart") if "counterpart" in entry else None,
        sources=sources,
    )


def check_topics(located: list[Located], role_ids: set[str], taken_ids: set[str]) -> None:
    """Ids unique across files (and apart from `taken_ids`), links that resolve, roles and
    counterparts that make sense, and no phrasing taught to two topics."""
    seen_ids = set(taken_ids)
    for doc, path, topic in located:
        if topic.id in seen_ids:
            raise doc.error(f"{path}.id", f"duplicate id '{topic.id}'")
        seen_ids.add(topic.id)
    by_id = {t.id: t for _, _, t in located}
    for doc, path, topic in located:
        if len(topic_data(topic.id).encode()) > MAX_CALLBACK_BYTES:
            raise doc.error(f"{path}.id", "id too long to fit in a Telegram button (64 bytes)")
        for j, ref in enumerate(topic.related):
            if ref == topic.id:
                raise doc.error(f"{path}.related[{j}]", "a topic cannot be related to itself")
            if ref not in by_id:
                raise doc.error(f"{path}.related[{j}]", f"unknown topic '{ref}'")
        _check_topic_role(doc, path, topic, role_ids, by_id)
    seen: dict[str, str] = {}
    for doc, path, topic in located:  # one phrasing teaching two topics only confuses the matcher
        for j, phrasing in enumerate(topic.phrasings):
            key = phrase_key(phrasing)
            if key in seen:
                raise doc.error(
                    f"{path}.phrasings[{j}]", f"phrasing '{phrasing}' is already listed under '{seen[key]}'"
                )
            seen[key] = topic.id


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
