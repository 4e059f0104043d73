"""What a typed message means, as the interpreter reads it. The engine decides on these, never
on raw words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """What the interpreter may lean on: the chat's mode and its memory of the last answer."""

    in_quiz: bool = False
    topic: str | None = None  # the last topic answered
    focus: str | None = None  # the role in focus: a role id, "both" or None
    last: str | None = None  # the kind of the last reply ("topic", "result", "fallback"...)
    language_code: str | None = None  # the user's app language, when the channel knows it
    shown: tuple[str, ...] = ()  # topics answered recently, oldest first: "tell me more" skips them
    suggested: tuple[str, ...] = ()  # the topics just offered, when the last reply was suggestions


@dataclass(frozen=True)
class QuizAnswer:
    answer_id: str  # "yes" | "somewhat" | "no" (authored ids)


@dataclass(frozen=True)
class Command:
    name: str  # help, menu, restart, result, cancel, quiz, back, compare, about


@dataclass(frozen=True)
class SmallTalk:
    group: str  # a small_talk.yaml group id


@dataclass(frozen=True)
class TopicAnswer:
    topic_id: str
    focus: str | None = None  # the role in focus after this answer
    via: str = "question"  # "question" or the follow-up that led here ("more", "other_role"...)
    score: float | None = None  # the matcher's score; None when memory, not the matcher, chose it


@dataclass(frozen=True)
class Suggestions:
    topic_ids: tuple[str, ...]
    score: float = 0.0
    focus: str | None = None  # the role in focus after the offer: the one the question named
    via: str = "question"  # or "other_role": the last offer again, for the other role


@dataclass(frozen=True)
class Decline:
    group: str | None  # the not_covered group the question was nearest, if any
    score: float = 0.0


@dataclass(frozen=True)
class FollowUp:
    """A follow-up the memory can't turn into a topic: "tell me more" with nothing said yet, or
    "why?" after a result (the engine explains the result)."""

    kind: str  # more | other_role | example | why


@dataclass(frozen=True)
class NotEnglish:
    pass


@dataclass(frozen=True)
class Frustrated:
    pass


@dataclass(frozen=True)
class Unknown:
    reason: str  # "empty" (no words), "too_long" or "unmatched"
    score: float | None = None  # the matcher's best score, when it was asked


Intent = (
    QuizAnswer
    | Command
    | SmallTalk
    | TopicAnswer
    | Suggestions
    | Decline
    | FollowUp
    | NotEnglish
    | Frustrated
    | Unknown
)
