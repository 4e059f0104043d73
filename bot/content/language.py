"""The word lists in dialogues/language.yaml: how typed text is read. Nothing here is shown to
users; the interpreter (bot/understand/) decides with it what a message means."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Language:
    shorthand: Mapping[str, str] = field(
        default_factory=dict
    )  # one typed word -> its expansion ("pm" -> "product manager")
    negations: frozenset[str] = frozenset()  # words that undo a positive answer ("absolutely not")
    filler_words: frozenset[str] = frozenset()  # left out of whole-message phrases ("thanks bot")
    polite_words: frozenset[str] = frozenset()  # left out in front of commands ("can you show me the menu")
    mixed_answers: tuple[str, ...] = ()  # "yes and no": the middle answer
    asking_back: tuple[str, ...] = ()  # "right?", "true?": with a "?" a question, not a Yes
    role_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # role id -> phrases naming it
    role_follow_up_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # "and product?"
    credential_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # role id -> "pmp", "cspo"
    commands: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # command -> phrases
    follow_ups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> phrases
    follow_up_openers: tuple[str, ...] = ()  # "and", "what about"
    pronouns: frozenset[str] = frozenset()  # words that lean on the previous turn
    role_pronouns: frozenset[str] = frozenset()  # replaced by the role in focus ("they")
    comparing_words: frozenset[str] = frozenset()  # "is that the same as a project manager?"
    example_topics: Mapping[str, str] = field(default_factory=dict)  # role id -> its example topic
    # topic id -> words that keep a short follow-up on that topic while it, or a topic next to it, is in focus
    focus_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    frustration: tuple[str, ...] = ()  # words and phrases of frustration or insult
    min_foreign_words: int = 2
    foreign_words: frozenset[str] = frozenset()  # common words of other languages
    english_words: frozenset[str] = frozenset()  # common English words
    accented_word_share: float = 0.3  # this share of words with accented letters: another language
    stop_words: frozenset[str] = frozenset()  # skipped by the fallback matcher
    stem_suffixes: tuple[str, ...] = ()  # stripped by the fallback matcher, longest first
