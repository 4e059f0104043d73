"""What the interpreter needs from a topic matcher (bot/faq provides the real one; tests pass
small tables). The matcher must be a deterministic function of the text."""

from __future__ import annotations

from typing import Protocol


class MatchResult(Protocol):
    @property
    def topic(self) -> str | None: ...
    @property
    def suggestions(self) -> tuple[str, ...]: ...
    @property
    def declined(self) -> str | None: ...  # the not_covered group an out-of-scope text was nearest
    @property
    def score(self) -> float: ...


class TopicMatcher(Protocol):
    def match(self, text: str) -> MatchResult: ...
