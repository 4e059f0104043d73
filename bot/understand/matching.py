"""What the interpreter needs from a topic matcher (bot/faq provides the real one; tests pass
small tables). The matcher must be a deterministic function of the text.

A matcher may also offer `careful`: another such function, surer of its doubts, for readings
made in a conversation's context, which weigh how sure the matcher is. The FAQ cascade's is its
full model without the distilled student (bot/faq/cascade.py); a matcher without one is its
own careful matcher."""

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


def careful(matcher: TopicMatcher) -> TopicMatcher:
    """The matcher for readings in context: its `careful` one when it has one, else itself."""
    found = getattr(matcher, "careful", None)
    return found if found is not None and callable(getattr(found, "match", None)) else matcher
