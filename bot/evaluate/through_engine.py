"""The engine seen as a matcher: what a user asking one question in a fresh chat is answered."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine import Engine, SessionState, TextEvent


@dataclass(frozen=True)
class Answered:
    topic: str | None
    suggestions: tuple[str, ...]
    score: float
    declined: str | None = None


class EngineAsMatcher:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def match(self, text: str) -> Answered:
        outcome = self.engine.step(SessionState(), TextEvent(text)).outcome
        topic = outcome.topic
        if outcome.action == "quiz" and outcome.command in ("quiz", "restart"):
            # "take the quiz" starts it: that answers the topic whose answer offers the quiz.
            topic = next((t.id for t in self.engine.content.topics if t.offers_quiz), None)
        return Answered(topic, outcome.suggestions, outcome.score or 0.0)
