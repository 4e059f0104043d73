"""A chat's dialogue state: small, versioned, JSON-serialisable; ids and answers only."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bot.content.model import BOTH_ROLES, Content

SCHEMA_VERSION = 1  # keys added since are optional, so states saved before them still load
Mode = Literal["idle", "quiz"]
PENDING = frozenset({"restart", "cancel"})  # actions waiting for "yes, wipe my answers"


class StateError(ValueError):
    """A stored state that cannot be read: wrong version, wrong shape."""


@dataclass(frozen=True)
class Memory:
    """What the bot said last, so a follow-up ("tell me more", "and the other role?") can lean on it."""

    topic: str | None = None  # the last topic answered
    focus: str | None = None  # the role in focus: a role id, "both" or None
    last: str | None = None  # the kind of the last reply: "topic", "result", "fallback"...
    fallbacks: int = 0  # fallbacks in a row: the second one is shorter

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v not in (None, 0)}

    @classmethod
    def from_dict(cls, raw: Any) -> Memory:
        if not isinstance(raw, dict):
            raise StateError("malformed memory")
        texts = {k: raw.get(k) for k in ("topic", "focus", "last")}
        fallbacks = raw.get("fallbacks", 0)
        if not all(v is None or isinstance(v, str) for v in texts.values()) or not isinstance(fallbacks, int):
            raise StateError("malformed memory")
        return cls(fallbacks=fallbacks, **texts)


@dataclass(frozen=True)
class SessionState:
    mode: Mode = "idle"
    position: int = 0  # index of the statement being asked, while mode == "quiz"
    answers: tuple[tuple[str, str], ...] = ()  # (statement id, answer id), in quiz order
    memory: Memory = field(default_factory=Memory)
    pending: str | None = None  # a wiping action asked about, waiting for the user's yes

    def answer_map(self) -> dict[str, str]:
        return dict(self.answers)

    def with_answer(self, statement_id: str, answer_id: str) -> SessionState:
        kept = tuple(pair for pair in self.answers if pair[0] != statement_id)
        return replace(self, answers=(*kept, (statement_id, answer_id)))

    def remember(self, last: str, **changes: Any) -> SessionState:
        """The state with the kind of reply just given (and any memory changes) recorded."""
        fallbacks = self.memory.fallbacks + 1 if last == "fallback" else 0
        return replace(self, memory=replace(self.memory, last=last, fallbacks=fallbacks, **changes), pending=None)

    def to_json(self) -> str:
        payload: dict[str, Any] = {
            "v": SCHEMA_VERSION,
            "mode": self.mode,
            "position": self.position,
            "answers": [list(p) for p in self.answers],
        }
        if self.memory != Memory():
            payload["memory"] = self.memory.to_dict()
        if self.pending:
            payload["pending"] = self.pending
        return json.dumps(payload, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> SessionState:
        try:
            payload: Any = json.loads(raw)
        except (TypeError, ValueError) as exc:
            raise StateError(f"not JSON: {exc}") from None
        if not isinstance(payload, dict) or payload.get("v") != SCHEMA_VERSION:
            version = payload.get("v") if isinstance(payload, dict) else payload
            raise StateError(f"unsupported state version: {version!r}")
        mode, position, answers = payload.get("mode"), payload.get("position"), payload.get("answers")
        if mode not in ("idle", "quiz") or not isinstance(position, int) or not isinstance(answers, list):
            raise StateError("malformed state")
        if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in answers):
            raise StateError("malformed answers")
        pending = payload.get("pending")
        if pending is not None and pending not in PENDING:
            raise StateError("malformed pending action")
        return cls(
            mode=mode,
            position=position,
            answers=tuple((a, b) for a, b in answers),
            memory=Memory.from_dict(payload.get("memory", {})),
            pending=pending,
        )

    def fitted_to(self, content: Content) -> SessionState:
        """The same state with anything the current content no longer knows dropped.

        Content may change between deployments (a statement or topic removed); a stored state
        must still lead somewhere valid rather than crash or point past the end of the quiz.
        """
        statement_ids = {s.id for s in content.statements}
        answer_ids = {a.id for a in content.answers}
        answers = tuple(p for p in self.answers if p[0] in statement_ids and p[1] in answer_ids)
        position = min(max(self.position, 0), len(content.statements) - 1)
        memory = self.memory
        if memory.topic is not None and content.topic(memory.topic) is None:
            memory = replace(memory, topic=None)
        if memory.focus not in (None, BOTH_ROLES, *(r.id for r in content.roles)):
            memory = replace(memory, focus=None)
        quiz = self.mode == "quiz"
        pending = self.pending if quiz else None
        return replace(self, answers=answers, position=position if quiz else 0, memory=memory, pending=pending)
