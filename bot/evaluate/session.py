"""One chat driven by typed lines, each turn reported as the engine answered it: the record
`ask --json --session` prints and the conversation evaluation scores."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.conversation import Conversation
from bot.engine import Engine, TextEvent
from bot.engine.events import text_to_event
from bot.store import MemoryStore


@dataclass
class Session:
    engine: Engine
    chat_id: int = 1

    def __post_init__(self) -> None:
        self._conversation = Conversation(self.engine, MemoryStore())

    def new_chat(self) -> None:
        self.chat_id += 1

    def say(self, text: str) -> dict[str, Any]:
        event = text_to_event(text)
        transition = self._conversation.handle(self.chat_id, event)
        assert transition is not None  # no update ids here, so nothing is a re-delivery
        outcome = transition.outcome
        answer = transition.replies[0].text if transition.replies else (transition.notice or "")
        return {
            "topic": outcome.topic,
            "action": outcome.action,
            "command": outcome.command,
            "suggestions": list(outcome.suggestions),
            "score": None if outcome.score is None else round(float(outcome.score), 4),
            "answer": answer,
            "typed": isinstance(event, TextEvent),
        }
