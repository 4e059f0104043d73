"""A chat's dialogue state: small, versioned, JSON-serialisable; ids and answers only."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, Literal

from bot.content.model import Content

SCHEMA_VERSION = 1
Mode = Literal["idle", "quiz"]


class StateError(ValueError):
    """A stored state that cannot be read: wrong version, wrong shape."""


@dataclass(frozen=True)
class SessionState:
    mode: Mode = "idle"
    position: int = 0  # index of the statement being asked, while mode == "quiz"
    answers: tuple[tuple[str, str], ...] = ()  # (statement id, answer id), in quiz order

    def answer_map(self) -> dict[str, str]:
        return dict(self.answers)

    def with_answer(self, statement_id: str, answer_id: str) -> SessionState:
        kept = tuple(pair for pair in self.answers if pair[0] != statement_id)
        return replace(self, answers=(*kept, (statement_id, answer_id)))

    def to_json(self) -> str:
        payload = {
            "v": SCHEMA_VERSION,
            "mode": self.mode,
            "position": self.position,
            "answers": [list(p) for p in self.answers],
        }
        return json.dumps(payload, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> SessionState:
        try:
            payload: Any = json.loads(raw)
        except (TypeError, ValueError) as exc:
            raise StateError(f"not JSON: {exc}") from None
        if not isinstance(payload, dict) or payload.get("v") != SCHEMA_VERSION:
            raise StateError(
                f"unsupported state version: {payload.get('v') if isinstance(payload, dict) else payload!r}"
            )
        mode, position, answers = payload.get("mode"), payload.get("position"), payload.get("answers")
        if mode not in ("idle", "quiz") or not isinstance(position, int) or not isinstance(answers, list):
            raise StateError("malformed state")
        if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in answers):
            raise StateError("malformed answers")
        return cls(mode=mode, position=position, answers=tuple((a, b) for a, b in answers))

    def fitted_to(self, content: Content) -> SessionState:
        """The same state with anything the current content no longer knows dropped.

        Content may change between deployments (a statement removed); a stored state must
        still lead somewhere valid rather than crash or point past the end of the quiz.
        """
        statement_ids = {s.id for s in content.statements}
        answer_ids = {a.id for a in content.answers}
        answers = tuple(p for p in self.answers if p[0] in statement_ids and p[1] in answer_ids)
        position = min(max(self.position, 0), len(content.statements) - 1)
        fitted = replace(self, answers=answers, position=position if self.mode == "quiz" else 0)
        return fitted
