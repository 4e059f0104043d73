"""Every reply the engine can produce from the shipped content, for the limit checks.

Walks a fixed set of states (idle, and each quiz position) through every command, every
button the engine itself makes, typed text that leads to each topic, suggestions and the
fallback. Results are covered separately, for every combination of answers.
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.content import Content
from bot.engine import ButtonEvent, CommandEvent, Engine, Event, SessionState, TextEvent, Transition, UnsupportedEvent
from bot.engine.callbacks import EVEN, MENU_ACTIONS, answer_data, menu_data, tiebreak_data, topic_data
from bot.engine.results import finish
from tests.matching import KNOWN_COMMANDS
from tests.matching import FakeMatch as Match

COMMANDS = [*KNOWN_COMMANDS, "nonsense"]


class EveryTopicMatcher:
    """'topic:<id>' finds that topic, 'suggest' suggests every topic, anything else nothing."""

    def __init__(self, content: Content) -> None:
        self.topic_ids = tuple(t.id for t in content.topics)

    def match(self, text: str) -> Match:
        if text.startswith("topic:"):
            return Match(text.removeprefix("topic:"), (), 1.0)
        if text == "suggest":
            return Match(None, self.topic_ids, 0.5)
        return Match()


def states(content: Content) -> list[SessionState]:
    found = [SessionState()]
    for position, _ in enumerate(content.statements):
        answers = tuple((s.id, "yes") for s in content.statements[:position])
        found.append(SessionState(mode="quiz", position=position, answers=answers))
    # Level scores: the tie-break question; and finished quizzes kept (for /result and its movement).
    every_yes = tuple((s.id, "yes") for s in content.statements)
    tied = SessionState(mode="quiz", position=len(content.statements) - 1, answers=every_yes, tiebreak=True)
    once, _ = finish(content, SessionState(answers=tuple((s.id, "somewhat") for s in content.statements)))
    twice, _ = finish(content, SessionState(answers=every_yes, results=once.results), EVEN)
    return [*found, tied, twice, SessionState(mode="quiz", answers=every_yes[:3], position=3, results=twice.results)]


def events(content: Content) -> list[Event]:
    found: list[Event] = [CommandEvent(name) for name in COMMANDS] + [CommandEvent("start", "quiz")]
    found += [ButtonEvent(menu_data(action)) for action in sorted(MENU_ACTIONS)]
    found += [ButtonEvent(topic_data(t.id)) for t in content.topics]
    found += [ButtonEvent(answer_data(s.id, a.id)) for s in content.statements for a in content.answers]
    found += [ButtonEvent(tiebreak_data(choice)) for choice in (*(r.id for r in content.roles), EVEN, "nobody")]
    found += [ButtonEvent("junk"), ButtonEvent("v1:t:no_such_topic")]
    found += [TextEvent(f"topic:{t.id}") for t in content.topics]
    found += [TextEvent("suggest"), TextEvent("something else entirely"), TextEvent(""), TextEvent("x" * 10_000)]
    found += [TextEvent(word) for a in content.answers for word in a.words]
    found += [UnsupportedEvent("sticker"), UnsupportedEvent("edited")]
    return found


def transitions(content: Content) -> Iterator[tuple[str, Transition]]:
    engine = Engine(content, EveryTopicMatcher(content))
    for state in states(content):
        for event in events(content):
            yield f"{state} + {event}", engine.step(state, event)
