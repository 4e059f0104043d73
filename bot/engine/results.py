"""Finished quizzes: how sure a result is, the tie-break, the kept history and how a result moved.

Pure like the rest of the engine: the date a quiz was finished comes in from the channel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.content.model import Content
from bot.engine import render
from bot.engine.callbacks import EVEN
from bot.engine.replies import Outcome, Reply, Transition  # Outcome: the kind of reply, for logs
from bot.engine.share import card_for
from bot.engine.state import SavedResult, SessionState
from bot.recommend import Recommendation, RoleScore, recommend

# How sure a result is, from the gap between the roles (percentage points) and the answers in
# the middle ("Somewhat"): a wide gap of firm answers is "quite sure"; a close or hesitant one is not.
SURE_GAP = 30.0
SURE_MAX_MIDDLE = 2  # at most this many middle answers for "quite sure"
UNSURE_MIN_MIDDLE = 6  # this many middle answers or more: "not very", whatever the gap
# A best role under this share is no strong fit however far behind the other is: 50% against 25%
# is a wide gap between two low scores, and "weak" says so instead of "fairly sure".
MODEST_BELOW = 60.0


@dataclass(frozen=True)
class Scored:
    """A scored quiz and what the tie-break (if it was asked) settled."""

    rec: Recommendation
    tiebreak: str | None  # a role id, EVEN, or None when the scores were not level
    certainty: str  # "high" | "medium" | "low" | "weak" (both scores low)

    @property
    def nothing(self) -> bool:  # every statement answered No: there is no lean at all
        return self.rec.best.points == 0

    @property
    def even(self) -> bool:  # level scores the tie-break did not settle: no role is named first
        return self.rec.tie and not self.nothing and self.tiebreak not in {s.role.id for s in self.all_scores}

    @property
    def all_scores(self) -> tuple[RoleScore, ...]:
        return (self.rec.best, *self.rec.others)


def score(content: Content, answers: Mapping[str, str], tiebreak: str | None = None) -> Scored:
    rec = recommend(content, answers, prefer=tiebreak)
    return Scored(rec, tiebreak, _certainty(content, rec, answers))


def _certainty(content: Content, rec: Recommendation, answers: Mapping[str, str]) -> str:
    top = max(a.points for a in content.answers)
    middle_ids = {a.id for a in content.answers if 0 < a.points < top}
    middle = sum(answer in middle_ids for answer in answers.values())
    if rec.best.points == 0 or rec.tie:
        return "low"
    if rec.best.percent < MODEST_BELOW:  # also every `rec.weak` result
        return "weak"
    if middle >= UNSURE_MIN_MIDDLE:
        return "low"
    if rec.gap >= SURE_GAP and middle <= SURE_MAX_MIDDLE:
        return "high"
    return "low" if rec.close else "medium"


def needs_tiebreak(content: Content, state: SessionState) -> bool:
    rec = recommend(content, state.answer_map())
    return rec.tie and rec.best.points > 0


def saved_result(content: Content, scored: Scored, answers: tuple[tuple[str, str], ...]) -> SavedResult:
    by_role = {s.role.id: s for s in scored.all_scores}
    scores = tuple((r.id, int(by_role[r.id].percent + 0.5)) for r in content.roles if r.id in by_role)
    verdict = None if scored.even or scored.nothing else scored.rec.best.role.id
    return SavedResult(answers=answers, scores=scores, verdict=verdict, tiebreak=scored.tiebreak)


def finish(content: Content, state: SessionState, tiebreak: str | None = None) -> tuple[SessionState, Reply]:
    """Every statement answered (and the tie settled): keep the result and show it."""
    scored = score(content, state.answer_map(), tiebreak)
    idle = SessionState(memory=state.memory, results=state.results).remember("result")
    done = idle.with_result(saved_result(content, scored, state.answers))
    return done, _result_reply(content, scored, done.results, lead=None)


def tiebreak_choice(content: Content, state: SessionState, choice: str) -> Transition | None:
    """The either/or question answered; None for a claim that does not fit the state (stale)."""
    labels = {r.id: r.tiebreak_choice for r in content.roles} | {EVEN: content.text("button_tiebreak_even")}
    if not state.tiebreak or choice not in labels:
        return None
    done, reply = finish(content, state, choice)
    return Transition(
        done,
        (reply,),
        notice=content.text("answer_notice", answer=labels[choice]),
        edit_pressed=Reply(content.text("tiebreak_answered", answer=labels[choice])),
        outcome=Outcome("result"),
    )


def latest(content: Content, state: SessionState) -> Reply:
    """/result: the latest kept result again, with how it moved since the one before."""
    if not state.results:
        return Reply(content.text("no_result_yet"), render.menu_buttons(content)[:1])
    last = state.results[-1]
    scored = score(content, dict(last.answers), last.tiebreak)
    day = _day(content, last.date, None)
    lead = content.text("result_from", date=day) if day else content.text("result_from_undated")
    return _result_reply(content, scored, state.results, lead=lead)


def explain(content: Content, state: SessionState) -> Reply:
    """ "why?" after a result: how the latest result was reached, from the user's own answers."""
    if not state.results:
        return Reply(content.text("result_why"), render.menu_buttons(content)[:1])
    last = state.results[-1]
    scored = score(content, dict(last.answers), last.tiebreak)
    lines = [content.text("result_why"), "", content.text(f"certainty_{scored.certainty}")]
    if scored.rec.reasons:
        lines += ["", content.text("result_reasons"), *render.reason_lines(content, scored.rec.reasons)]
    if scored.rec.level_reasons:
        level = content.text("result_reasons_level", role=scored.rec.runner_up.role.name)
        lines += ["", level, *render.reason_lines(content, scored.rec.level_reasons)]
    return Reply("\n".join(lines), (render.retake_row(content),))


def dated(before: SessionState, after: SessionState, today: dt.date | None) -> SessionState:
    """Stamp a result added by this step with the channel's date (the engine has no clock)."""
    if today is None or not after.results or after.results[-1].date is not None:
        return after
    if before.results and after.results[-1] is before.results[-1]:
        return after
    stamped = replace(after.results[-1], date=today.isoformat())
    return replace(after, results=(*after.results[:-1], stamped))


def _result_reply(content: Content, scored: Scored, history: tuple[SavedResult, ...], lead: str | None) -> Reply:
    moved = _movement(content, history[-2], history[-1]) if len(history) > 1 else None
    return render.result(
        content,
        scored.rec,
        even=scored.even,
        certainty=content.text(f"certainty_{scored.certainty}"),
        lead=lead,
        moved=moved,
        card=card_for(content, scored),
    )


def _movement(content: Content, previous: SavedResult, latest: SavedResult) -> str | None:
    before, after = dict(previous.scores), dict(latest.scores)
    changes = ", ".join(
        content.text("result_change", role=r.name, before=before[r.id], after=after[r.id])
        for r in content.roles
        if r.id in before and r.id in after
    )
    if not changes:
        return None
    day = _day(content, previous.date, latest.date)
    return (
        content.text("result_moved", date=day, changes=changes)
        if day
        else content.text("result_moved_undated", changes=changes)
    )


def _day(content: Content, iso: str | None, relative_to: str | None) -> str | None:
    """ "3 November", with the year when it differs from `relative_to`'s; None when unknown."""
    try:
        day = dt.date.fromisoformat(iso or "")
    except ValueError:
        return None
    months = [m.strip() for m in content.text("month_names").split(",")]
    text = f"{day.day} {months[day.month - 1]}" if len(months) == 12 else day.isoformat()
    try:
        other = dt.date.fromisoformat(relative_to) if relative_to else None
    except ValueError:
        other = None
    return f"{text} {day.year}" if other is not None and other.year != day.year else text
