"""What the engine asks a channel to show. Text is Telegram HTML authored in dialogues/."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine.state import SessionState


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()  # rows of buttons


@dataclass(frozen=True)
class Transition:
    state: SessionState
    replies: tuple[Reply, ...] = ()
    notice: str | None = None  # short toast for the pressed button (answerCallbackQuery text)
    edit_pressed: str | None = None  # new text for the message whose button was pressed; its buttons go
    forget: bool = False  # the channel deletes everything it stored about this chat
    changed: bool = field(default=True)  # False when the state is exactly the one passed in
