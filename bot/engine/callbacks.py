"""Button data: a versioned prefix, a kind and ids. `v1:a:<statement>:<answer>` answers a
quiz statement, `v1:b:<statement>` steps back from that statement, `v1:t:<topic>` opens a
topic, `v1:m:<action>` is a menu action, `v1:k:<choice>` answers the tie-break question (a role id,
or `even`). Buttons that act on a quiz step name the step, so an
old one cannot act on a later step."""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "v1"
MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
MENU_ACTIONS = frozenset(
    {
        "menu",
        "quiz",
        "ask",
        "compare",
        "help",
        "about",
        "resume",
        "restart",
        "start_over",
        "result",
        "confirm_restart",
        "confirm_cancel",
    }
)
EVEN = "even"  # the tie-break choice "both equally"


@dataclass(frozen=True)
class AnswerPress:
    statement_id: str
    answer_id: str


@dataclass(frozen=True)
class BackPress:
    statement_id: str


@dataclass(frozen=True)
class TopicPress:
    topic_id: str


@dataclass(frozen=True)
class MenuPress:
    action: str


@dataclass(frozen=True)
class TieBreakPress:
    choice: str  # a role id or EVEN; the engine checks it against the content and the state


Press = AnswerPress | BackPress | TopicPress | MenuPress | TieBreakPress


def answer_data(statement_id: str, answer_id: str) -> str:
    return f"{PREFIX}:a:{statement_id}:{answer_id}"


def back_data(statement_id: str) -> str:
    return f"{PREFIX}:b:{statement_id}"


def topic_data(topic_id: str) -> str:
    return f"{PREFIX}:t:{topic_id}"


def menu_data(action: str) -> str:
    assert action in MENU_ACTIONS, action
    return f"{PREFIX}:m:{action}"


def tiebreak_data(choice: str) -> str:
    return f"{PREFIX}:k:{choice}"


def parse_press(data: str) -> Press | None:
    """The claim a button makes, or None when the data is not one of ours."""
    parts = data.split(":")
    if len(parts) < 3 or parts[0] != PREFIX:
        return None
    kind, args = parts[1], parts[2:]
    if kind == "a" and len(args) == 2:
        return AnswerPress(*args)
    if kind == "b" and len(args) == 1:
        return BackPress(args[0])
    if kind == "t" and len(args) == 1:
        return TopicPress(args[0])
    if kind == "k" and len(args) == 1:
        return TieBreakPress(args[0])
    if kind == "m" and len(args) == 1 and args[0] in MENU_ACTIONS:
        return MenuPress(args[0])
    return None
