"""Every text the content gives for how people write: the normaliser corrects typos towards
these words first, so the interpreter and the matcher read a message the same way."""

from __future__ import annotations

from bot.content.model import Content


def content_texts(content: Content) -> list[str]:
    language = content.language
    texts = [p for t in content.topics for p in t.phrasings]
    texts += [p for n in content.not_covered for p in n.phrasings]
    texts += [p for g in content.small_talk for p in g.phrases]
    texts += [w for a in content.answers for w in a.words]
    tables = (language.commands, language.follow_ups, language.role_names, language.credential_names)
    for table in (*tables, language.focus_words):
        texts += [p for phrases in table.values() for p in phrases]
    texts += [*language.mixed_answers, *language.follow_up_openers, *language.frustration]
    return texts
