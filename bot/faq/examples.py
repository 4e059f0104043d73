"""The matcher's training data: every phrasing of the content, labelled with its class.

Classes are the FAQ topics first, then the not-covered groups (negative classes: a question
closest to one of them gets no topic). Phrasings of one class are contiguous.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from bot.content.language import Language
from bot.content.model import Content

NOT_COVERED_PREFIX = "not_covered:"


@dataclass(frozen=True)
class Examples:
    class_ids: tuple[str, ...]  # topic ids, then "not_covered:<id>"
    n_topics: int
    texts: tuple[str, ...]
    labels: tuple[int, ...]  # index into class_ids, one per text
    starts: tuple[int, ...]  # index of each class's first text
    language: Language = field(default_factory=Language)  # how to read text (shorthand, stop words)

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return self.class_ids[: self.n_topics]

    def fingerprint(self, *parts: str) -> str:
        """A stable key for caches: the texts, their classes and whatever else is passed."""
        digest = hashlib.sha256()
        for part in (*parts, *self.class_ids, *self.texts, repr(self.labels)):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()[:24]


def examples_from(content: Content) -> Examples:
    topics = [(t.id, _clean(t.phrasings)) for t in content.topics]
    topics = [(i, p) for i, p in topics if p]  # a topic without phrasings can't be matched
    negatives = [(NOT_COVERED_PREFIX + n.id, _clean(n.phrasings)) for n in content.not_covered]
    groups = topics + [(i, p) for i, p in negatives if p]
    texts: list[str] = []
    labels: list[int] = []
    starts: list[int] = []
    for index, (_, phrasings) in enumerate(groups):
        starts.append(len(texts))
        texts.extend(phrasings)
        labels.extend([index] * len(phrasings))
    return Examples(
        class_ids=tuple(g[0] for g in groups),
        n_topics=len(topics),
        texts=tuple(texts),
        labels=tuple(labels),
        starts=tuple(starts),
        language=content.language,
    )


def _clean(phrasings: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in phrasings if p.strip()))
