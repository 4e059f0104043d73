"""The content store as frozen dataclasses: what the YAML in dialogues/ becomes after validation.

Code refers to content by stable snake_case ids; every string a user sees lives here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.content.language import Language


@dataclass(frozen=True)
class Role:
    id: str
    name: str  # "Product management"
    person: str  # "product manager"
    summary: str  # one line shown in the result
    next_topics: tuple[str, ...]  # FAQ topics offered after a result for this role
    tiebreak_choice: str  # this role's side of the either/or question asked on level scores (a button label)


@dataclass(frozen=True)
class AnswerOption:
    id: str  # "yes" | "somewhat" | "no" (authored)
    label: str  # button label, starts with Yes / Somewhat / No
    points: int
    words: tuple[str, ...]  # typed words that count as this answer during the quiz
    emoji: tuple[str, ...] = ()  # emoji that, sent alone, count as this answer during the quiz


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
    phrases: tuple[str, ...]  # already in phrase_key() form
    reply: str
    in_quiz: str | None = None  # said instead during the quiz, before the current statement
    ends_conversation: bool = False  # during the quiz the statement is not asked again ("bye")


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
    small_talk: tuple[SmallTalk, ...] = ()
    language: Language = field(default_factory=Language)  # how typed text is read
    _topic_index: Mapping[str, Topic] = field(default_factory=dict, repr=False, compare=False)
    _role_index: Mapping[str, Role] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_topic_index", MappingProxyType({t.id: t for t in self.topics}))
        object.__setattr__(self, "_role_index", MappingProxyType({r.id: r for r in self.roles}))
        object.__setattr__(self, "messages", MappingProxyType(dict(self.messages)))

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
