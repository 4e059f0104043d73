"""Whole-message phrase lists: a message counts as a phrase only when it is made of listed
phrases alone. Both sides are read by the same normaliser, so "Let's go!" and "lets go" agree."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar

V = TypeVar("V")
Words = Callable[[str], list[str]]


class PhraseBook(Generic[V]):
    """Phrases, each with a value. `words` turns text into words the same way for phrases and
    for what users type; the words of each `skips` tier are left out of both, unless nothing
    else is left ("ok let's go" is "let us go"; "can you show me the menu" is "menu")."""

    def __init__(self, entries: Iterable[tuple[str, V]], words: Words, *skips: frozenset[str]) -> None:
        self._skips = skips  # tiers of words to leave out, each tier tried after the one before
        self._index: dict[tuple[str, ...], V] = {}
        # The tier at which each key stands for its phrase: 0 for a phrase as written.
        self._tiers: dict[tuple[str, ...], int] = {}
        for phrase, value in entries:
            for tier, key in self._tiered_keys(words(phrase)):
                if key not in self._index:
                    self._index[key], self._tiers[key] = value, tier

    def _tiered_keys(self, words: list[str]) -> list[tuple[int, tuple[str, ...]]]:
        keys = [tuple(words)] + [tuple(w for w in words if w not in skip) for skip in self._skips]
        first = {k: tier for tier, k in reversed(list(enumerate(keys)))}
        return [(first[k], k) for k in dict.fromkeys(keys) if k]

    def _keys(self, words: list[str]) -> list[tuple[str, ...]]:
        return [k for _, k in self._tiered_keys(words)]

    def whole(self, words: list[str]) -> V | None:
        """The value of a message that is exactly one phrase."""
        return self.reading(words)[1]

    def reading(self, words: list[str]) -> tuple[int, V | None]:
        """How closely a message is one phrase, and its value: the number of tiers of words left
        out, on the message's side or the phrase's, to make them the same ("what now" is a phrase
        as written at 0; it is "what do I do" only once "now", "do" and "I" are left out, at 2)."""
        found = [(max(tier, self._tiers[key]), key) for tier, key in self._tiered_keys(words) if key in self._index]
        if not found:
            return len(self._skips) + 1, None
        tier, key = min(found, key=lambda pair: pair[0])  # the closest reading, and its own value
        return tier, self._index[key]

    def sequence(self, words: list[str], max_words: int = 8) -> V | None:
        """The value of the last phrase of a message made of phrases alone ("ok thanks")."""
        for key in self._keys(words):
            if len(key) <= max_words:
                found = self._last_of_sequence(key)
                if found is not None:
                    return found
        return None

    def _last_of_sequence(self, words: tuple[str, ...]) -> V | None:
        # ends[i]: the value of the last phrase when words[:i] splits into phrases. Longer final
        # phrases are tried first, which keeps "thank you so much" whole.
        ends: dict[int, V | None] = {0: None}
        for end in range(1, len(words) + 1):
            for start in range(end):
                value = self._index.get(words[start:end]) if start in ends else None
                if value is not None:
                    ends[end] = value
                    break
        return ends.get(len(words))


def contains_any(words: list[str], phrases: Iterable[tuple[str, ...]]) -> bool:
    """Whether any phrase occurs in the words as a run."""
    return any(_find(words, phrase) >= 0 for phrase in phrases)


def _find(words: list[str], phrase: tuple[str, ...]) -> int:
    n = len(phrase)
    return next((i for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == phrase), -1)


def named(words: list[str], table: Mapping[str, list[tuple[str, ...]]]) -> set[str]:
    """The keys of `table` whose phrases occur in the words."""
    return {key for key, phrases in table.items() if contains_any(words, phrases)}


def without(words: list[str], phrases: Iterable[tuple[str, ...]]) -> list[str]:
    """The words with every run of any of the phrases taken out."""
    runs = [p for p in phrases if p]
    out, i = [], 0
    while i < len(words):
        n = next((len(p) for p in runs if tuple(words[i : i + len(p)]) == p), 0)
        if n:
            i += n
        else:
            out.append(words[i])
            i += 1
    return out
