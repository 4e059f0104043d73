"""Score the checklist and decide which role to recommend, with the reasons that weighed most.

Each role scores the share of its maximum (so 5 product and 4 project statements weigh
fairly). A gap of CLOSE_GAP points or less is a close result: both fit, with a leaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.content.model import Content, Role, Statement

CLOSE_GAP = 10.0  # percentage points
WEAK_BELOW = 50.0  # a role is called a fit only with at least half its points (all Somewhat, say)


@dataclass(frozen=True)
class RoleScore:
    role: Role
    points: int
    maximum: int
    firm_yes: int  # answers worth the top points: the tie-breaker

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.maximum if self.maximum else 0.0


@dataclass(frozen=True)
class Reason:
    statement: Statement
    answer_id: str


@dataclass(frozen=True)
class Recommendation:
    best: RoleScore
    others: tuple[RoleScore, ...]  # in content order
    reasons: tuple[Reason, ...]  # the best role's statements that weighed most, strongest first
    # On a tie the other role fits just as well, so its strongest answers are shown too.
    level_reasons: tuple[Reason, ...] = ()

    @property
    def runner_up(self) -> RoleScore:
        return max(self.others, key=lambda s: s.percent)

    @property
    def gap(self) -> float:
        return self.best.percent - self.runner_up.percent

    @property
    def tie(self) -> bool:
        return self.gap == 0

    @property
    def close(self) -> bool:
        return self.gap <= CLOSE_GAP

    @property
    def weak(self) -> bool:
        return self.best.percent < WEAK_BELOW


def recommend(
    content: Content, answers: Mapping[str, str], max_reasons: int = 3, prefer: str | None = None
) -> Recommendation:
    """Score `answers` (statement id -> answer id); unanswered statements count as zero.

    `prefer` is the role the user picked in the tie-break question: on level scores it comes first.
    """
    top_points = max(a.points for a in content.answers)
    points_of = {a.id: a.points for a in content.answers}
    scores = []
    for role in content.roles:
        mine = [s for s in content.statements if s.role == role.id]
        got = [points_of.get(answers.get(s.id, ""), 0) for s in mine]
        scores.append(RoleScore(role, sum(got), top_points * len(mine), sum(p == top_points for p in got)))
    # Highest share wins; a tie goes to the role the user preferred, then to more firm yeses, then
    # content order (a tie the user did not settle is shown without naming a role first).
    order = sorted(
        range(len(scores)),
        key=lambda i: (-scores[i].percent, scores[i].role.id != prefer, -scores[i].firm_yes, i),
    )
    best = scores[order[0]]
    others = tuple(s for i, s in enumerate(scores) if i != order[0])
    level = next((s for s in others if s.percent == best.percent), None)
    return Recommendation(
        best=best,
        others=others,
        reasons=_reasons(content, best.role, answers, points_of)[:max_reasons],
        level_reasons=_reasons(content, level.role, answers, points_of)[:max_reasons] if level else (),
    )


def _reasons(
    content: Content, role: Role, answers: Mapping[str, str], points_of: Mapping[str, int]
) -> tuple[Reason, ...]:
    """The role's statements that scored, strongest first (quiz order within a level)."""
    weighed = [
        Reason(s, answers[s.id])
        for s in content.statements
        if s.role == role.id and points_of.get(answers.get(s.id, ""), 0) > 0
    ]
    weighed.sort(key=lambda r: -points_of[r.answer_id])  # stable
    return tuple(weighed)
