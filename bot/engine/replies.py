"""What the engine asks a channel to show. Text is Telegram HTML authored in dialogues/."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine.state import SessionState


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


@dataclass(frozen=True)
class Transition:
    state: SessionState
    replies: tuple[Reply, ...] = ()
    notice: str | None = None  # short toast for the pressed button (answerCallbackQuery text)
    edit_pressed: str | None = None  # new text for the message whose button was pressed; its buttons go
    forget: bool = False  # the channel deletes everything it stored about this chat
    changed: bool = field(default=True)  # False when the state is exactly the one passed in
