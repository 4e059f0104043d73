"""The one place that splits typed text into words. Everything that reads what a user typed
(the interpreter, the FAQ matcher, small talk, typed answers) goes through these functions, so
"what's", "What’s" and "WHAT'S" are the same word everywhere."""

from __future__ import annotations

import re

# Zero-width characters, soft hyphens and other invisible marks some keyboards insert.
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad]+")
_HAS_WORD = re.compile(r"[^\W_]")  # a letter or digit in any script
# A word: letters or digits, with an inner apostrophe ("what's", "don't"); any script.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})


def clean(text: str) -> str:
    """Invisible characters folded into single spaces, ends trimmed."""
    return _INVISIBLE.sub(" ", text).strip()


def has_word(text: str) -> bool:
    """Whether the text holds any letter or digit (not only emoji, punctuation, symbols)."""
    return bool(_HAS_WORD.search(text))


def fold(text: str) -> str:
    """Lower case with every apostrophe written the same way."""
    return text.lower().translate(_APOSTROPHES)


def raw_words(text: str) -> list[str]:
    """Lower-case words as typed, in any script: no expansion, no correction."""
    return _WORD.findall(fold(text))


def phrase_key(text: str) -> str:
    """A phrase as the whole-message lists compare it: words joined by single spaces, with
    apostrophes dropped ("Let's go!" and "lets go" are the same phrase)."""
    return " ".join(w.replace("'", "") for w in raw_words(text))
