"""What the engine asks a channel to show. Text is Telegram HTML authored in dialogues/."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine.state import SessionState

QUESTION = "question"  # Reply.kind of a checklist statement: a typed answer edits this message


@dataclass(frozen=True)
class Button:
    label: str
    data: str = ""  # callback data; empty for a button that opens inline sharing instead
    # Set (even to ""): the button opens "share in a chat" with this inline query, not a callback.
    switch_inline_query: str | None = None


@dataclass(frozen=True)
class Card:
    """What the result card picture shows, in plain text (no HTML): channels that can draw it do."""

    kicker: str  # "Your best fit", "An even match"...
    headline: str  # the role, or the words for no single role
    scores: tuple[tuple[str, int], ...]  # (role name, whole percent), in content order
    reasons_title: str  # "What weighed most"
    reasons: tuple[str, ...]  # what weighed most, strongest first
    certainty: str  # how sure the result is, in plain words
    brand: str  # the bot's name and what it does


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()  # rows of buttons
    card: Card | None = None  # a picture of the result, sent before the text by channels that can
    kind: str = ""  # QUESTION for a checklist statement


@dataclass(frozen=True)
class Outcome:
    """What kind of reply the engine gave, for logs, metrics and `ask --json`."""

    action: str  # answer suggest decline fallback command small_talk quiz not_english result
    topic: str | None = None  # the topic answered, if any
    suggestions: tuple[str, ...] = ()
    score: float | None = None  # the matcher's score, when the text went through it
    command: str | None = None  # the command carried out (typed, pressed or in words)


@dataclass(frozen=True)
class Transition:
    state: SessionState
    replies: tuple[Reply, ...] = ()
    notice: str | None = None  # short toast for the pressed button (answerCallbackQuery text)
    # The message whose button was pressed becomes this (its buttons go unless the reply has some).
    edit_pressed: Reply | None = None
    # The last statement shown in the chat becomes this: a typed answer retires its buttons too.
    edit_question: Reply | None = None
    forget: bool = False  # the channel deletes everything it stored about this chat
    changed: bool = field(default=True)  # False when the state is exactly the one passed in
    outcome: Outcome = field(default_factory=lambda: Outcome("command"))
