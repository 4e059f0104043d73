"""The pure dialogue engine: events in, state and replies out. Imports nothing from telegram."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.engine.events import ButtonEvent, CommandEvent, Event, TextEvent, UnsupportedEvent
from bot.engine.replies import Button, Outcome, Reply, Transition
from bot.engine.state import SessionState, StateError

if TYPE_CHECKING:
    from bot.engine.step import Engine, MatchResult, TopicMatcher


def __getattr__(name: str) -> Any:
    # The engine itself loads on first use: the content loader needs bot.engine.callbacks (the
    # button data format), and loading step.py (which needs the content) from here would make
    # "import bot.recommend" or "import bot.understand.interpret" fail on a circular import.
    if name in ("Engine", "MatchResult", "TopicMatcher"):
        from bot.engine import step

        return getattr(step, name)
    raise AttributeError(f"module 'bot.engine' has no attribute {name!r}")


__all__ = [
    "Button",
    "ButtonEvent",
    "CommandEvent",
    "Engine",
    "Event",
    "MatchResult",
    "Outcome",
    "Reply",
    "SessionState",
    "StateError",
    "TextEvent",
    "TopicMatcher",
    "Transition",
    "UnsupportedEvent",
]
