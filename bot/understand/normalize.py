"""Turn chat input into clean lowercase words: contractions, shorthand, joined words, typos.

Typos are corrected towards the content's own vocabulary first ("prodct mangaer" ->
"product manager"), then towards common English words. A word that is itself common
English is never changed; a rare real word ("manger") may only become a content word.
Word frequencies come from the English list that ships inside `symspellpy`; without that
package the normaliser still handles case, contractions and shorthand, but not typos.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from bot.understand.text import raw_words

log = logging.getLogger(__name__)

KNOWN_WORD_COUNT = 1_000_000  # corpus count above which a word is taken as intended English
GENERAL_WORDS = 10_000  # most frequent English words offered as corrections
_CONTENT_BOOST = 10**13  # content words win over general words at the same edit distance


@lru_cache(maxsize=1)
def english_frequencies() -> Mapping[str, int]:
    """Word -> corpus count from symspellpy's bundled list; empty when the package is missing."""
    try:
        import symspellpy
    except ImportError:
        log.info("symspellpy is not installed: typo correction is off")
        return {}
    path = Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"
    counts: dict[str, int] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, count = line.partition(" ")
            counts[word] = int(count)
    return counts


def split_words(text: str, shorthand: Mapping[str, str]) -> list[str]:
    """Lowercase words with shorthand expanded and possessive 's removed; no typo correction."""
    words: list[str] = []
    for word in raw_words(text):
        expanded = shorthand.get(word, word)
        for part in expanded.split():
            words.append(part[:-2] if part.endswith("'s") else part.replace("'", ""))
    return [w for w in words if w]


class Normalizer:
    """Knows the content's vocabulary; corrects what a user typed towards it."""

    def __init__(
        self, content_texts: Iterable[str], shorthand: Mapping[str, str], *, typo_correction: bool = True
    ) -> None:
        self.shorthand = shorthand
        self.vocabulary: dict[str, int] = {}
        for text in content_texts:
            for word in split_words(text, shorthand):
                self.vocabulary[word] = self.vocabulary.get(word, 0) + 1
        self._frequencies = english_frequencies() if typo_correction else {}
        self._speller = self._build_speller() if self._frequencies else None
        self._fixes: dict[str, tuple[str, ...]] = {}

    def _build_speller(self) -> object | None:
        try:
            from symspellpy import SymSpell
        except ImportError:
            return None
        speller = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        common = sorted(self._frequencies, key=self._frequencies.__getitem__, reverse=True)[:GENERAL_WORDS]
        for word in common:
            speller.create_dictionary_entry(word, self._frequencies[word])
        for word, count in self.vocabulary.items():
            if word.isalpha():
                speller.create_dictionary_entry(word, _CONTENT_BOOST * count)
        for word in self.shorthand:  # "wahts" -> "whats" -> "what is"
            if word.isalpha() and len(word) >= 3:
                speller.create_dictionary_entry(word, _CONTENT_BOOST)
        return speller

    def words(self, text: str) -> list[str]:
        out: list[str] = []
        for word in split_words(text, self.shorthand):
            out.extend(self._fix(word))
        return out

    def __call__(self, text: str) -> str:
        return " ".join(self.words(text))

    def _fix(self, word: str) -> tuple[str, ...]:
        if word in self.vocabulary or len(word) < 3 or not word.isalpha() or self._speller is None:
            return (word,)
        count = self._frequencies.get(word, 0)
        if count >= KNOWN_WORD_COUNT:
            return (word,)
        if word not in self._fixes:
            self._fixes[word] = self._correct(word, count)
        return self._fixes[word]

    def _correct(self, word: str, count: int) -> tuple[str, ...]:
        from symspellpy import Verbosity

        distance = 1 if len(word) <= 4 else 2
        found = self._speller.lookup(word, Verbosity.ALL, distance)  # type: ignore[attr-defined]
        if count:  # a rare real word ("manger") may only become a content word ("manager")
            found = [s for s in found if s.term in self.vocabulary]
        if found:
            letters = sorted(word)

            def preference(s: object) -> tuple[int, bool, bool, int]:
                ours = s.term in self.vocabulary or s.term in self.shorthand  # type: ignore[attr-defined]
                # content words get one edit's head start; swapped letters are the commonest slip
                return (s.distance - ours, sorted(s.term) != letters, not ours, -s.count)  # type: ignore[attr-defined]

            best = min(found, key=preference).term
            return tuple(self.shorthand.get(best, best).split())
        if count == 0 and len(word) >= 6:  # "projectmanager" -> "project manager"
            for cut in range(2, len(word) - 1):
                head, tail = word[:cut], word[cut:]
                if self._is_word(head) and self._is_word(tail):
                    return (head, tail)
        return (word,)

    def _is_word(self, word: str) -> bool:
        return word in self.vocabulary or self._frequencies.get(word, 0) >= KNOWN_WORD_COUNT
