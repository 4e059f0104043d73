"""A chat's dialogue state: small, versioned, JSON-serialisable; ids and answers only."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bot.content.model import BOTH_ROLES, Content

SCHEMA_VERSION = 1  # keys added since are optional, so states saved before them still load
MAX_RESULTS = 5  # finished quizzes kept per chat, newest last
# Topics recently answered, kept so "tell me more" moves on instead of bouncing between two
# topics that list each other as related. Small: it only has to outlast a short run of follow-ups.
MAX_SHOWN = 6
Mode = Literal["idle", "quiz"]
PENDING = frozenset({"restart", "cancel"})  # actions waiting for "yes, wipe my answers"


class StateError(ValueError):
    """A stored state that cannot be read: wrong version, wrong shape."""


@dataclass(frozen=True)
class SavedResult:
    """One finished quiz as the user saw it: kept so /result can show it again and say how it moved."""

    answers: tuple[tuple[str, str], ...]  # (statement id, answer id)
    scores: tuple[tuple[str, int], ...]  # (role id, whole percent), in content order
    verdict: str | None  # the role named first, or None when none was (even, or nothing fitted)
    tiebreak: str | None = None  # the role picked by the tie-break question, "even", or None when not asked
    date: str | None = None  # ISO date the quiz was finished; None when the channel did not say

    def to_json(self) -> dict[str, Any]:
        return {
            "answers": [list(p) for p in self.answers],
            "scores": [list(p) for p in self.scores],
            "verdict": self.verdict,
            "tiebreak": self.tiebreak,
            "date": self.date,
        }

    @classmethod
    def from_json(cls, raw: Any) -> SavedResult:
        if not isinstance(raw, dict):
            raise StateError("malformed result")
        answers, scores = raw.get("answers"), raw.get("scores")
        if not _pairs(answers, str) or not _pairs(scores, int):
            raise StateError("malformed result")
        optional = {k: raw.get(k) for k in ("verdict", "tiebreak", "date")}
        if not all(v is None or isinstance(v, str) for v in optional.values()):
            raise StateError("malformed result")
        assert isinstance(answers, list) and isinstance(scores, list)  # checked by _pairs
        return cls(
            answers=tuple((a, b) for a, b in answers),
            scores=tuple((a, b) for a, b in scores),
            **optional,
        )


def _pairs(value: Any, second: type) -> bool:
    return isinstance(value, list) and all(
        isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) and isinstance(p[1], second) for p in value
    )


@dataclass(frozen=True)
class Memory:
    """What the bot said last, so a follow-up ("tell me more", "and the other role?") can lean on it."""

    topic: str | None = None  # the last topic answered
    focus: str | None = None  # the role in focus: a role id, "both" or None
    last: str | None = None  # the kind of the last reply: "topic", "result", "fallback"...
    fallbacks: int = 0  # fallbacks in a row: the second one is shorter
    shown: tuple[str, ...] = ()  # topics answered recently, oldest first, at most MAX_SHOWN
    suggested: tuple[str, ...] = ()  # the topics just offered, when the last reply was suggestions

    def to_dict(self) -> dict[str, Any]:
        # Empty values are left out, so memory saved before a key existed reads the same.
        return {k: list(v) if isinstance(v, tuple) else v for k, v in vars(self).items() if v not in (None, 0, ())}

    def showing(self, topic: str) -> Memory:
        """The memory with `topic` answered now: moved to the newest end of the recent list."""
        shown = (*(t for t in self.shown if t != topic), topic)[-MAX_SHOWN:]
        return replace(self, topic=topic, shown=shown)

    @classmethod
    def from_dict(cls, raw: Any) -> Memory:
        if not isinstance(raw, dict):
            raise StateError("malformed memory")
        texts = {k: raw.get(k) for k in ("topic", "focus", "last")}
        fallbacks, shown, suggested = raw.get("fallbacks", 0), raw.get("shown", []), raw.get("suggested", [])
        if not all(v is None or isinstance(v, str) for v in texts.values()) or not isinstance(fallbacks, int):
            raise StateError("malformed memory")
        for ids in (shown, suggested):
            if not isinstance(ids, list) or not all(isinstance(t, str) for t in ids):
                raise StateError("malformed memory")
        return cls(fallbacks=fallbacks, shown=tuple(shown[-MAX_SHOWN:]), suggested=tuple(suggested), **texts)


@dataclass(frozen=True)
class SessionState:
    mode: Mode = "idle"
    position: int = 0  # index of the statement being asked, while mode == "quiz"
    answers: tuple[tuple[str, str], ...] = ()  # (statement id, answer id), in quiz order
    # Every statement is answered and the two roles are level: the either/or question is being asked.
    tiebreak: bool = False
    results: tuple[SavedResult, ...] = ()  # finished quizzes, oldest first, at most MAX_RESULTS
    memory: Memory = field(default_factory=Memory)
    pending: str | None = None  # a wiping action asked about, waiting for the user's yes

    def answer_map(self) -> dict[str, str]:
        return dict(self.answers)

    def with_answer(self, statement_id: str, answer_id: str) -> SessionState:
        kept = tuple(pair for pair in self.answers if pair[0] != statement_id)
        return replace(self, answers=(*kept, (statement_id, answer_id)))

    def with_result(self, result: SavedResult) -> SessionState:
        return replace(self, results=(*self.results, result)[-MAX_RESULTS:])

    def remember(self, last: str, **changes: Any) -> SessionState:
        """The state with the kind of reply just given (and any memory changes) recorded. The
        topics offered are kept only until the next reply."""
        fallbacks = self.memory.fallbacks + 1 if last == "fallback" else 0
        changes.setdefault("suggested", ())
        memory = self.memory.showing(changes.pop("topic")) if changes.get("topic") else self.memory
        return replace(self, memory=replace(memory, last=last, fallbacks=fallbacks, **changes), pending=None)

    def to_json(self) -> str:
        payload: dict[str, Any] = {
            "v": SCHEMA_VERSION,
            "mode": self.mode,
            "position": self.position,
            "answers": [list(p) for p in self.answers],
        }
        # Optional keys, written only when set: a state without them reads exactly as before,
        # and states saved before they existed load unchanged (no version bump needed).
        if self.tiebreak:
            payload["tiebreak"] = True
        if self.results:
            payload["results"] = [r.to_json() for r in self.results]
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
        if not _pairs(answers, str):
            raise StateError("malformed answers")
        tiebreak, results = payload.get("tiebreak", False), payload.get("results", [])
        if not isinstance(tiebreak, bool) or not isinstance(results, list):
            raise StateError("malformed state")
        pending = payload.get("pending")
        if pending is not None and pending not in PENDING:
            raise StateError("malformed pending action")
        return cls(
            mode=mode,
            position=position,
            answers=tuple((a, b) for a, b in answers),
            tiebreak=tiebreak,
            results=tuple(SavedResult.from_json(r) for r in results[-MAX_RESULTS:]),
            memory=Memory.from_dict(payload.get("memory", {})),
            pending=pending,
        )

    def fitted_to(self, content: Content) -> SessionState:
        """The same state with anything the current content no longer knows dropped.

        Content may change between deployments (a statement or topic removed); a stored state
        must still lead somewhere valid rather than crash or point past the end of the quiz.
        Saved results keep their answers: they record what was shown then.
        """
        statement_ids = {s.id for s in content.statements}
        answer_ids = {a.id for a in content.answers}
        answers = tuple(p for p in self.answers if p[0] in statement_ids and p[1] in answer_ids)
        position = min(max(self.position, 0), len(content.statements) - 1)
        memory = self.memory
        if memory.topic is not None and content.topic(memory.topic) is None:
            memory = replace(memory, topic=None)
        memory = replace(memory, shown=tuple(t for t in memory.shown if content.topic(t) is not None))
        if memory.focus not in (None, BOTH_ROLES, *(r.id for r in content.roles)):
            memory = replace(memory, focus=None)
        quiz = self.mode == "quiz"
        pending = self.pending if quiz else None
        # The tie-break is asked only once every statement is answered.
        tiebreak = self.tiebreak and quiz and len(answers) == len(content.statements)
        return replace(
            self,
            answers=answers,
            position=position if quiz else 0,
            memory=memory,
            pending=pending,
            tiebreak=tiebreak,
        )
