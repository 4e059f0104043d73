"""The pure dialogue engine: events in, state and replies out. Imports nothing from telegram."""

from bot.engine.events import ButtonEvent, CommandEvent, Event, TextEvent, UnsupportedEvent
from bot.engine.replies import Button, Outcome, Reply, Transition
from bot.engine.state import SessionState, StateError
from bot.engine.step import Engine, MatchResult, TopicMatcher

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
