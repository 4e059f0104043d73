"""What sharing a result shows: the result card's contents and the inline-mode offer.

Inline mode answers "@bot" typed in any chat with the user's own latest result (or, before they
have one, a short introduction); both carry a "Take the quiz" deep link the channel builds.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.content.html_check import strip_tags
from bot.content.model import Content
from bot.engine.replies import Card
from bot.engine.state import SessionState

if TYPE_CHECKING:
    from bot.engine.results import Scored

MAX_CARD_REASONS = 3


@dataclass(frozen=True)
class ShareOffer:
    """One inline result: a title and description for the list, the message it posts, and the card
    (None for the introduction) the channel may post as a photo instead."""

    title: str
    description: str
    text: str  # Telegram HTML
    link_label: str  # the "Take the quiz" deep-link button
    card: Card | None = None


def card_for(content: Content, scored: Scored) -> Card:
    rec = scored.rec
    t = content.text
    if scored.nothing:
        kicker, headline = t("card_kicker_none"), t("card_headline_none")
    elif scored.even:
        kicker, headline = t("card_kicker_even"), t("card_headline_even")
    else:
        kind = "weak" if rec.weak else "tie" if rec.tie else "close" if rec.close else "clear"
        kicker, headline = t(f"card_kicker_{kind}"), rec.best.role.name
    by_role = {s.role.id: s for s in scored.all_scores}
    scores = tuple((r.name, int(by_role[r.id].percent + 0.5)) for r in content.roles if r.id in by_role)
    # Level scores: alternate the two roles' reasons, so the card does not lean on one of them.
    pairs = zip(rec.reasons, rec.level_reasons, strict=False) if rec.level_reasons else ()
    reasons = tuple(r for pair in pairs for r in pair) or rec.reasons
    return Card(
        kicker=kicker,
        headline=headline,
        scores=scores,
        reasons_title=t("card_reasons"),
        reasons=tuple(strip_tags(r.statement.reason) for r in reasons[:MAX_CARD_REASONS]),
        certainty=t(f"card_certainty_{scored.certainty}"),
        brand=t("card_brand"),
    )


def offer(content: Content, state: SessionState) -> ShareOffer:
    """The inline result for a user whose stored state is `state`."""
    from bot.engine.results import score  # imported here: results imports this module for its cards

    t = content.text
    if not state.results:
        return ShareOffer(
            title=t("inline_intro_title"),
            description=t("inline_intro_description"),
            text=t("inline_intro_text"),
            link_label=t("button_take_quiz_link"),
        )
    last = state.results[-1]
    card = card_for(content, score(content, dict(last.answers), last.tiebreak))
    scores = " · ".join(f"{name} {percent}%" for name, percent in card.scores)
    reason = card.reasons[0] if card.reasons else card.certainty
    verdict = card.headline
    return ShareOffer(
        title=t("inline_title", verdict=verdict),
        description=scores,
        text=t("inline_text", verdict=html.escape(verdict), scores=html.escape(scores), reason=html.escape(reason)),
        link_label=t("button_take_quiz_link"),
        card=card,
    )
