"""Is a message in another language? Decided offline from the script of its letters, common
words of other languages (dialogues/language.yaml) and the user's app language."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from bot.content.language import Language
from bot.understand.text import raw_words

NON_LATIN_SHARE = 0.5  # more than half the letters in another script: not English


@lru_cache(maxsize=4096)
def _latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def looks_foreign(text: str, language: Language, language_code: str | None = None) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if sum(not _latin(c) for c in letters) > NON_LATIN_SHARE * len(letters):
        return True
    words = raw_words(text)
    accented = sum(any(c.isalpha() and not c.isascii() for c in w) for w in words)
    if accented >= 2 and accented >= language.accented_word_share * len(words):
        return True  # "quản lý dự án làm gì": Latin letters, but not English ones
    foreign = sum(w in language.foreign_words for w in words)
    english = sum(w in language.english_words for w in words)
    if foreign >= language.min_foreign_words and foreign > english:
        return True
    # The app's language tips the balance only when the text has no common English word at all.
    speaks_other = bool(language_code) and not str(language_code).lower().startswith("en")
    return speaks_other and foreign >= 1 and english == 0
