"""Three-zone decisions (answer / suggest / out of scope) with thresholds taken from the content.

Calibration scores every content phrasing against all the *other* phrasings (leave one
phrasing out), as if a user had typed it, and reads the thresholds off those results:

- floor: below it a question is out of scope. Half-way between how close a held-out topic
  phrasing usually gets to its topics (5th percentile) and how close a held-out
  not-covered phrasing usually gets to them (median).
- sure_floor: below it the matcher at most suggests (5th percentile of held-out topic
  phrasings), so a question unlike anything in the content is never answered outright.
- margin: the lead of the best topic over the runner-up needed to answer. It is the median
  lead of the content's own confusions (held-out phrasings whose best topic is wrong), so
  a lead like a typical mix-up between two topics is not enough.
- agreed_margin: the smaller lead that suffices when the matcher's two signals (nearest
  phrasing and ridge model) agree on the best topic (Scored.agreed): the 10th percentile of
  the leads of the confusions in which they agreed too, so it reflects how far agreeing
  signals can still mislead. (Taken over all confusions it let through mix-ups like "do all
  day" -> the day topic: with the kernel ridge the signals agree on half of the content's own
  confusions, and those lead by more than the others.) Never above `margin`.
- spread: how far below the best topic a suggestion may score (90th percentile of how far
  the true topic trailed in those confusions).

Pure Python: the lexical fallback uses it without numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.faq.examples import NOT_COVERED_PREFIX
from bot.faq.types import Match

MAX_SUGGESTIONS = 3
IDENTICAL = 0.999  # cosine of a text with itself, allowing for float rounding
MARGIN_QUANTILE = 0.5
AGREED_MARGIN_QUANTILE = 0.1


@dataclass(frozen=True)
class Scored:
    """One question scored against every class (topics first, then not-covered groups)."""

    scores: Sequence[float]
    nearest: float  # best similarity to any single topic phrasing
    agreed: bool = False  # independent signals name the same best topic
    negative_nearest: float = 0.0  # best similarity to any single not_covered phrasing


@dataclass(frozen=True)
class Thresholds:
    floor: float
    sure_floor: float
    margin: float
    agreed_margin: float
    spread: float


def quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _ranked_topics(scored: Scored, n_topics: int) -> list[int]:
    return sorted(range(n_topics), key=lambda i: -scored.scores[i])


@dataclass(frozen=True)
class HeldOut:
    """How a content phrasing fared when scored by a model that never saw it."""

    label: int  # its own class
    nearest: float  # Scored.nearest
    best: int  # best topic
    lead: float  # best topic's score minus the runner-up topic's
    trail: float  # best topic's score minus its own class's score (0 when right)
    agreed: bool = False  # Scored.agreed for this phrasing


def held_out(scored: Scored, label: int, n_topics: int) -> HeldOut:
    ranked = _ranked_topics(scored, n_topics)
    if not ranked:
        return HeldOut(label, scored.nearest, -1, 0.0, 0.0, scored.agreed)
    best = scored.scores[ranked[0]]
    lead = best - scored.scores[ranked[1]] if len(ranked) > 1 else 0.0
    return HeldOut(label, scored.nearest, ranked[0], lead, best - scored.scores[label], scored.agreed)


def calibrate(records: Sequence[HeldOut], n_topics: int) -> Thresholds:
    near_in = [r.nearest for r in records if r.label < n_topics]
    near_out = [r.nearest for r in records if r.label >= n_topics]
    low_in = quantile(near_in, 0.05)
    if near_out:
        floor = (low_in + quantile(near_out, 0.5)) / 2
    else:  # no negatives: keep as far below the 5th percentile as the median is above it
        floor = low_in - (quantile(near_in, 0.5) - low_in)
    confusions = [r for r in records if r.label < n_topics and r.best != r.label]
    leads = [r.lead for r in confusions]
    margin = quantile(leads, MARGIN_QUANTILE) if leads else 0.0
    agreeing = [r.lead for r in confusions if r.agreed] or leads  # none agreed: all confusions
    agreed_margin = min(quantile(agreeing, AGREED_MARGIN_QUANTILE), margin) if agreeing else 0.0
    spread = quantile([r.trail for r in confusions], 0.9) if confusions else margin
    return Thresholds(floor, low_in, margin, agreed_margin, max(spread, margin))


def _nearest_negative(scored: Scored, class_ids: Sequence[str], n_topics: int) -> str | None:
    """The not_covered group that outscores every topic, if one does."""
    if len(scored.scores) <= n_topics:
        return None
    best = max(range(len(scored.scores)), key=lambda i: scored.scores[i])
    return class_ids[best].removeprefix(NOT_COVERED_PREFIX) if best >= n_topics else None


def decide(scored: Scored, thresholds: Thresholds, class_ids: Sequence[str], n_topics: int) -> Match:
    score = float(scored.nearest)
    if n_topics == 0 or scored.nearest < thresholds.floor:
        # Far from every topic. Which not_covered group is nearest says little, so none is
        # named, unless the question, cleaned up, is one of its phrasings ("salary?"): then
        # that subject's own reply helps more. Merely similar ("who pays") is not enough.
        declined = _nearest_negative(scored, class_ids, n_topics) if scored.negative_nearest >= IDENTICAL else None
        return Match(None, (), score, declined=declined)
    ranked = _ranked_topics(scored, n_topics)
    declined = _nearest_negative(scored, class_ids, n_topics)
    if declined:  # close to the domain, but to a subject the bot deliberately doesn't cover
        return Match(None, (), score, declined=declined)
    best = scored.scores[ranked[0]]
    lead = best - scored.scores[ranked[1]] if len(ranked) > 1 else float("inf")
    needed = thresholds.agreed_margin if scored.agreed else thresholds.margin
    if scored.nearest >= thresholds.sure_floor and lead >= needed:
        return Match(class_ids[ranked[0]], (), score)
    close = [i for i in ranked[:MAX_SUGGESTIONS] if best - scored.scores[i] <= thresholds.spread]
    return Match(None, tuple(class_ids[i] for i in close), score)


def clear(scored: Scored, match: Match, thresholds: Thresholds, n_topics: int, slack: float) -> bool:
    """`match` (what `decide` made of `scored`) clears every threshold it depends on by `slack`:
    an answer is `slack` above the sure floor with `slack` more lead than it needs; an out-of-scope
    verdict is `slack` below the floor. Suggestions and declined subjects sit between zones by
    nature, so they are never clear. A second, slightly different model (the student in
    cascade.py) would decide a clear question the same way."""
    if match.suggestions or match.declined:
        return False
    if match.topic is None:
        return scored.nearest < thresholds.floor - slack
    ranked = _ranked_topics(scored, n_topics)
    lead = scored.scores[ranked[0]] - scored.scores[ranked[1]] if len(ranked) > 1 else float("inf")
    needed = thresholds.agreed_margin if scored.agreed else thresholds.margin
    return scored.nearest >= thresholds.sure_floor + slack and lead >= needed + slack
