"""A deterministic stand-in for the FAQ matcher, so engine tests do not depend on FAQ quality."""

from __future__ import annotations

from pathlib import Path

from bot.engine.step import KNOWN_COMMANDS as ENGINE_COMMANDS
from bot.faq.types import Match

ROOT = Path(__file__).resolve().parent.parent
DIALOGUES = ROOT / "dialogues"


def FakeMatch(
    topic: str | None = None, suggestions: tuple[str, ...] = (), score: float = 0.0, declined: str | None = None
) -> Match:
    """The real Match type with defaults, for hand-made matcher answers."""
    return Match(topic, tuple(suggestions), score, declined)


class TableMatcher:
    """Engine tests must not depend on FAQ quality: this answers from a fixed table."""

    def __init__(self, table: dict[str, Match] | None = None) -> None:
        self.table = table or {}

    def match(self, text: str) -> Match:
        return self.table.get(text.strip().lower(), FakeMatch())


# Every slash command the engine knows, for walks and property tests that send each one. The
# engine's own list (groups stay quiet on a bare command not in it), so a command added there is
# walked too; tests/engine/test_hostile_input.py checks each one is acted on.
KNOWN_COMMANDS = tuple(sorted(ENGINE_COMMANDS))
