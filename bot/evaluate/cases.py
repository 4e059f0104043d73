"""Multi-turn and behaviour cases (the keys of faq-dev-v2.yaml besides `topics`), each run in a
chat of its own, the way `ask --json --session` runs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.content.model import BOTH_ROLES
from bot.engine import Engine
from bot.evaluate.session import Session

# A reply this short is "calm"; the fallback and long lectures are not.
MAX_CALM_CHARS = 250
# What each expected command looks like in a reply's outcome: the action, and for most the command.
COMMAND_ACTIONS = {"restart": ("quiz", None), "result": ("result", None)}


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.failures.append(what)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class CaseReport:
    turns: Tally = field(default_factory=Tally)
    follow_ups: Tally = field(default_factory=Tally)
    role_right: Tally = field(default_factory=Tally)
    swaps: list[str] = field(default_factory=list)  # role probes answered with the OTHER role's topic
    commands: Tally = field(default_factory=Tally)
    non_english: Tally = field(default_factory=Tally)
    frustration: Tally = field(default_factory=Tally)


def evaluate_cases(engine: Engine, path: Path) -> CaseReport:
    data: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    report = CaseReport()
    session = Session(engine)
    role_of = _role_reader(engine)
    for case in data.get("conversations") or ():
        session.new_chat()
        focus: str | None = None
        for index, turn in enumerate(case.get("turns") or ()):
            said = session.say(str(turn["say"]))
            ok = _turn_ok(turn.get("topic"), said, focus, role_of)
            what = f"{case.get('name')}: {turn['say']!r} -> {said['topic'] or said['action']}"
            report.turns.add(ok, what)
            if index:
                report.follow_ups.add(ok, what)
            focus = role_of(said["topic"]) if said["topic"] and role_of(said["topic"]) != BOTH_ROLES else focus
    for probe in data.get("role_probes") or ():
        session.new_chat()
        said = session.say(str(probe["say"]))
        asked = _role_id(engine, str(probe["role"]))
        what = f"{probe['say']!r} -> {said['topic'] or said['action']}"
        report.role_right.add(said["topic"] in (probe.get("topic") or ()), what)
        answered = role_of(said["topic"]) if said["topic"] else None
        if answered not in (None, BOTH_ROLES, asked):
            report.swaps.append(what)
    for case in data.get("commands_in_words") or ():
        session.new_chat()
        for setup in case.get("setup") or ():
            session.say(str(setup))
        said = session.say(str(case["say"]))
        expected = str(case["expect"])
        action, command = COMMAND_ACTIONS.get(expected, ("command", expected))
        ok = said["action"] == action and (command is None or said["command"] == command)
        report.commands.add(ok, f"{case['say']!r} -> {said['action']}/{said['command']}")
    for case in data.get("non_english") or ():
        session.new_chat()
        said = session.say(str(case["say"]))
        report.non_english.add(said["action"] == "not_english", f"{case['say']!r} -> {said['action']}")
    for case in data.get("frustration") or ():
        session.new_chat()
        said = session.say(str(case["say"]))
        calm = said["action"] != "fallback" and len(said["answer"]) < MAX_CALM_CHARS
        report.frustration.add(calm, f"{case['say']!r} -> {said['action']} ({len(said['answer'])} chars)")
    return report


def _turn_ok(expected: Any, said: dict[str, Any], focus: str | None, role_of: Callable[[str], str]) -> bool:
    if expected == "not_fallback":
        return bool(said["action"] != "fallback")
    if expected == "no_topic":  # an off-topic aside: declined or the fallback, never a topic
        return said["topic"] is None
    if expected == "any_same_role":
        return bool(said["topic"]) and role_of(said["topic"]) in (BOTH_ROLES, focus)
    return said["topic"] in (expected or ())


def _role_reader(engine: Engine) -> Callable[[str], str]:
    def role_of(topic_id: str) -> str:
        topic = engine.content.topic(topic_id)
        return topic.role if topic else BOTH_ROLES

    return role_of


def _role_id(engine: Engine, short: str) -> str:
    """The evaluation files say "product" / "project"; the content's ids start with them."""
    return next((r.id for r in engine.content.roles if r.id.startswith(short)), short)


def format_cases(report: CaseReport) -> str:
    rows = [
        ("conversation turns answered right", report.turns),
        ("  follow-up turns answered right", report.follow_ups),
        ("role probes answered with the right topic", report.role_right),
        ("commands in words acted on", report.commands),
        ("non-English noticed", report.non_english),
        ("frustration answered calmly", report.frustration),
    ]
    lines = [f"{label:44s} {tally.rate:.3f}   ({tally.right}/{tally.total})" for label, tally in rows if tally.total]
    if report.role_right.total:
        lines.append(f"{'role probes answered with the OTHER role':44s} {len(report.swaps)}")
    misses = [f"  {what}" for label, tally in rows if not label.startswith("  ") for what in tally.failures]
    misses += [f"  SWAP {what}" for what in report.swaps]
    return "\n".join(lines + (["misses:", *misses] if misses else []))
