"""What a matcher answers, and the protocol every matcher follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Match:
    """The outcome for one question, in one of three zones.

    confident: `topic` set, `suggestions` empty.
    unsure: `topic` None, up to 3 topic ids in `suggestions` ("did you mean").
    out of scope: `topic` None, `suggestions` empty.
    """

    topic: str | None
    suggestions: tuple[str, ...]
    score: float  # best similarity to the content, for logs and evaluation
    declined: str | None = None  # out of scope because nearest to this not_covered group


class Matcher(Protocol):
    def match(self, text: str) -> Match: ...
