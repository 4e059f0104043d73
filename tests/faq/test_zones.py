"""The three-zone decision on hand-made scores."""

from __future__ import annotations

from bot.faq.types import Match
from bot.faq.zones import HeldOut, Scored, Thresholds, calibrate, clear, decide, held_out, quantile

IDS = ("a", "b", "c", "d", "not_covered:x")
T = Thresholds(floor=0.4, sure_floor=0.5, margin=0.1, agreed_margin=0.02, spread=0.3)


def test_confident_answer() -> None:
    assert decide(Scored((0.9, 0.5, 0.4, 0.1, 0.2), 0.8), T, IDS, 4) == Match("a", (), 0.8)


def test_unsure_suggests_close_topics_only() -> None:
    match = decide(Scored((0.9, 0.85, 0.7, 0.1, 0.2), 0.8), T, IDS, 4)
    assert match == Match(None, ("a", "b", "c"), 0.8)
    assert decide(Scored((0.9, 0.85, 0.5, 0.1, 0.2), 0.8), T, IDS, 4).suggestions == ("a", "b")


def test_agreeing_signals_need_a_smaller_lead() -> None:
    scores = (0.9, 0.85, 0.5, 0.1, 0.2)
    assert decide(Scored(scores, 0.8, agreed=True), T, IDS, 4) == Match("a", (), 0.8)
    assert decide(Scored(scores, 0.8, agreed=False), T, IDS, 4).topic is None


def test_weak_evidence_only_suggests() -> None:
    assert decide(Scored((0.9, 0.5, 0.4, 0.1, 0.2), 0.45), T, IDS, 4) == Match(None, ("a",), 0.45)


def test_out_of_scope_below_floor_or_nearer_a_negative() -> None:
    assert decide(Scored((0.9, 0.5, 0.4, 0.1, 0.2), 0.3), T, IDS, 4) == Match(None, (), 0.3)
    # Nearer a not_covered group than any topic: out of scope, naming that group.
    assert decide(Scored((0.9, 0.5, 0.4, 0.1, 0.95), 0.8), T, IDS, 4) == Match(None, (), 0.8, declined="x")


def test_far_from_every_topic_but_close_to_a_declined_phrasing_names_it() -> None:
    # "salary?": no topic near, but it is one of a not_covered group's phrasings, so that
    # subject's reply is given; merely similar ("who pays") is not enough.
    scores = (0.3, 0.2, 0.1, 0.1, 0.9)
    assert decide(Scored(scores, 0.3, negative_nearest=1.0), T, IDS, 4) == Match(None, (), 0.3, declined="x")
    assert decide(Scored(scores, 0.3, negative_nearest=0.95), T, IDS, 4) == Match(None, (), 0.3)
    # Close to a negative phrasing while a topic still scores best: nothing is declined.
    assert decide(Scored((0.9, 0.2, 0.1, 0.1, 0.5), 0.3, negative_nearest=1.0), T, IDS, 4) == Match(None, (), 0.3)


def test_calibration_reads_the_held_out_scores() -> None:
    scored = [
        Scored((0.9, 0.2, 0.0), 0.8),
        Scored((0.3, 0.7, 0.0), 0.6),
        Scored((0.55, 0.5, 0.0), 0.7),
        Scored((0.1, 0.1, 0.4), 0.2),
    ]
    labels = [0, 1, 1, 2]
    t = calibrate([held_out(s, y, 2) for s, y in zip(scored, labels, strict=False)], n_topics=2)
    assert abs(t.margin - 0.05) < 1e-9  # the lead of the one confusion
    assert abs(t.spread - 0.05) < 1e-9
    assert abs(t.sure_floor - quantile([0.8, 0.6, 0.7], 0.05)) < 1e-9
    assert t.floor < t.sure_floor


def test_quantile() -> None:
    assert quantile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert quantile([], 0.5) == 0.0


def test_the_agreed_margin_is_read_off_the_confusions_where_the_signals_agreed_too() -> None:
    def confusion(lead: float, agreed: bool) -> HeldOut:
        return HeldOut(label=0, nearest=0.8, best=1, lead=lead, trail=lead, agreed=agreed)

    right = HeldOut(label=1, nearest=0.9, best=1, lead=0.5, trail=0.0, agreed=True)
    # Agreeing mix-ups lead by 0.3-0.4, the others by 0.01-0.05: agreement must not excuse a 0.1 lead.
    records = [right, *(confusion(x, True) for x in (0.3, 0.35, 0.4)), *(confusion(x, False) for x in (0.01, 0.05))]
    t = calibrate(records, n_topics=2)
    assert t.margin == quantile([0.3, 0.35, 0.4, 0.01, 0.05], 0.5)
    assert t.agreed_margin == min(quantile([0.3, 0.35, 0.4], 0.1), t.margin)
    # Without a single agreeing confusion the shortcut is read off all confusions, as before.
    alone = calibrate([right, confusion(0.2, False), confusion(0.02, False)], n_topics=2)
    assert alone.agreed_margin == quantile([0.2, 0.02], 0.1)


def _clear(scored: Scored, slack: float) -> bool:
    return clear(scored, decide(scored, T, IDS, 4), T, 4, slack)


def test_an_answer_is_clear_only_with_room_above_the_sure_floor_and_the_margin() -> None:
    lead_04 = (0.9, 0.5, 0.4, 0.1, 0.2)  # a leads b by 0.4; the margin is 0.1
    assert _clear(Scored(lead_04, 0.8), 0.1)
    assert not _clear(Scored(lead_04, 0.55), 0.1)  # answered (sure floor 0.5), but only 0.05 above it
    lead_015 = (0.9, 0.75, 0.4, 0.1, 0.2)
    assert decide(Scored(lead_015, 0.8), T, IDS, 4).topic == "a"
    assert _clear(Scored(lead_015, 0.8), 0.04) and not _clear(Scored(lead_015, 0.8), 0.1)


def test_agreeing_signals_are_held_to_their_own_smaller_margin() -> None:
    lead_005 = (0.9, 0.85, 0.5, 0.1, 0.2)
    assert _clear(Scored(lead_005, 0.8, agreed=True), 0.02)
    assert not _clear(Scored(lead_005, 0.8, agreed=True), 0.05)


def test_out_of_scope_is_clear_only_well_below_the_floor() -> None:
    assert _clear(Scored((0.3, 0.2, 0.1, 0.1, 0.1), 0.2), 0.1)
    assert not _clear(Scored((0.3, 0.2, 0.1, 0.1, 0.1), 0.35), 0.1)  # out of scope, 0.05 under the floor


def test_suggestions_and_declined_subjects_are_never_clear() -> None:
    assert not _clear(Scored((0.9, 0.85, 0.7, 0.1, 0.2), 0.8), 0.0)
    assert not _clear(Scored((0.9, 0.5, 0.4, 0.1, 0.95), 0.8), 0.0)
