"""The content store as frozen dataclasses: what the YAML in dialogues/ becomes after validation.

Code refers to content by stable snake_case ids; every string a user sees lives here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Role:
    id: str
    name: str  # "Product management"
    person: str  # "product manager"
    summary: str  # one line shown in the result
    next_topics: tuple[str, ...]  # FAQ topics offered after a result for this role


@dataclass(frozen=True)
class AnswerOption:
    id: str  # "yes" | "somewhat" | "no" (authored)
    label: str  # button label, starts with Yes / Somewhat / No
    points: int
    words: tuple[str, ...]  # typed words that count as this answer during the quiz


@dataclass(frozen=True)
class Statement:
    id: str
    role: str
    text: str  # "You enjoy ..." shown as the question
    reason: str  # short phrase used to explain a result


@dataclass(frozen=True)
class Source:
    """Where a topic's facts come from, so a user (and a reviewer) can check them."""

    title: str  # short plain-text title shown as the link text
    url: str
    facts: tuple[str, ...]  # the statements the answer rests on, in short
    year: int | None = None  # the year of the data; required when the facts hold a figure


BOTH_ROLES = "both"  # a topic's role when it is about both roles, or neither in particular


@dataclass(frozen=True)
class Topic:
    id: str
    title: str  # button label and heading
    answer: str  # HTML (b, i, u, a) authored text
    phrasings: tuple[str, ...]  # how people ask for it; the matcher learns from these
    related: tuple[str, ...]
    offers_quiz: bool = False  # the answer carries a "Take the quiz" button
    role: str = BOTH_ROLES  # a role id when the topic is about one role only
    counterpart: str | None = None  # the same subject for the other role ("what about ...?")
    sources: tuple[Source, ...] = ()  # where the answer's facts come from


@dataclass(frozen=True)
class NotCovered:
    """A neighbouring subject the bot deliberately does not answer (salaries, other roles...)."""

    id: str
    phrasings: tuple[str, ...]
    reply: str | None = None  # said instead of the generic fallback


@dataclass(frozen=True)
class SmallTalk:
    """A social message (greeting, thanks, goodbye...) and what the bot says back."""

    id: str
    phrases: tuple[str, ...]  # already in small_talk_key() form
    reply: str
    in_quiz: str | None = None  # said instead during the quiz, before the current statement
    starts_quiz: bool = False  # outside the quiz, the checklist starts after the reply
    topics: tuple[str, ...] = ()  # topic buttons offered with the reply instead of the menu


_SMALL_TALK_WORDS = re.compile(r"[a-z0-9']+")
MAX_SMALL_TALK_WORDS = 8  # longer messages are questions, whatever words they use


def small_talk_key(text: str) -> str:
    """Lower-case words only: "Hi there! 👋" and "hi there" are the same message."""
    return " ".join(_SMALL_TALK_WORDS.findall(text.lower().replace("\u2019", "'")))


@dataclass(frozen=True)
class Content:
    roles: tuple[Role, ...]
    answers: tuple[AnswerOption, ...]
    statements: tuple[Statement, ...]
    topics: tuple[Topic, ...]
    not_covered: tuple[NotCovered, ...]
    messages: Mapping[str, str]
    menu_topics: tuple[str, ...]  # topics listed in the fallback ("what I can answer")
    compare_topics: tuple[str, ...]  # topics offered under "Compare roles"
    source_hash: str = ""  # hash of the YAML files, used to key caches
    small_talk: tuple[SmallTalk, ...] = ()
    small_talk_fillers: frozenset[str] = frozenset()  # words ignored in small talk ("thanks bot")
    _topic_index: Mapping[str, Topic] = field(default_factory=dict, repr=False, compare=False)
    _role_index: Mapping[str, Role] = field(default_factory=dict, repr=False, compare=False)
    _small_talk_index: Mapping[str, SmallTalk] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_topic_index", MappingProxyType({t.id: t for t in self.topics}))
        object.__setattr__(self, "_role_index", MappingProxyType({r.id: r for r in self.roles}))
        object.__setattr__(self, "messages", MappingProxyType(dict(self.messages)))
        chat = {phrase: group for group in self.small_talk for phrase in group.phrases}
        object.__setattr__(self, "_small_talk_index", MappingProxyType(chat))

    def small_talk_for(self, text: str) -> SmallTalk | None:
        """The small-talk group of a message made only of small-talk phrases ("ok thanks"): the
        group of its last phrase, which says what the message ends on. None for anything else."""
        words = small_talk_key(text).split()
        if not words or len(words) > MAX_SMALL_TALK_WORDS:
            return None
        kept = [w for w in words if w not in self.small_talk_fillers]
        return self._last_phrase_group(words) or (self._last_phrase_group(kept) if kept else None)

    def _last_phrase_group(self, words: list[str]) -> SmallTalk | None:
        # ends[i]: the group of the last phrase when words[:i] splits into phrases (ends[0] is a
        # start marker). Trying longer final phrases first keeps "thank you so much" whole.
        ends: dict[int, SmallTalk | None] = {0: None}
        for end in range(1, len(words) + 1):
            for start in range(end):
                group = self._small_talk_index.get(" ".join(words[start:end])) if start in ends else None
                if group is not None:
                    ends[end] = group
                    break
        return ends.get(len(words))

    def declined_reply(self, group_id: str | None) -> str | None:
        return next((n.reply for n in self.not_covered if n.id == group_id), None)

    def topic(self, topic_id: str) -> Topic | None:
        return self._topic_index.get(topic_id)

    def role(self, role_id: str) -> Role:
        return self._role_index[role_id]

    def answer_option(self, option_id: str) -> AnswerOption | None:
        return next((a for a in self.answers if a.id == option_id), None)

    def text(self, key: str, **values: object) -> str:
        """A message by id, with {placeholders} filled. Unknown keys are a programming error."""
        template = self.messages[key]
        return template.format(**values)  # always, so a doubled brace reads the same in every message
