"""Property: no sequence of events crashes the engine or corrupts the state.

Events mix typed text, commands, buttons the bot really showed, valid button data drawn from
the content, and junk. After every step the state round-trips through JSON and stays within
the quiz's bounds, and every reply is one Telegram would accept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content import load_content
from bot.content.html_check import html_problems
from bot.engine import ButtonEvent, CommandEvent, Engine, SessionState, TextEvent, Transition, UnsupportedEvent
from bot.engine.callbacks import EVEN, MENU_ACTIONS, answer_data, back_data, menu_data, tiebreak_data, topic_data
from bot.engine.state import MAX_RESULTS
from tests.engine.helpers import place
from tests.matching import KNOWN_COMMANDS
from tests.matching import FakeMatch as Match

CONTENT = load_content(Path(__file__).resolve().parents[2] / "dialogues")
STATEMENT_IDS = [s.id for s in CONTENT.statements]
ANSWER_IDS = [a.id for a in CONTENT.answers]


class FixedMatcher:
    table = {  # noqa: RUF012
        "what does a project manager do": Match("project_manager_role", (), 0.9),
        "manager stuff": Match(None, ("product_manager_role", "project_manager_role", "not_a_topic"), 0.5),
        "ghost": Match("not_a_topic", (), 0.9),  # a matcher may name a topic the content lacks
    }

    def match(self, text: str) -> Match:
        return self.table.get(text.strip().lower(), Match())


ENGINE = Engine(CONTENT, FixedMatcher())


@dataclass(frozen=True)
class PressShown:
    """Press the n-th button the bot showed last (wrapping), as a user would."""

    index: int


@dataclass(frozen=True)
class AnswerCurrent:
    """Answer whatever statement is being asked (Yes / Somewhat / No by index), if any."""

    option: int


VALID_DATA = (
    [answer_data(s, a) for s in STATEMENT_IDS for a in ANSWER_IDS]
    + [back_data(s) for s in STATEMENT_IDS]
    + [topic_data(t.id) for t in CONTENT.topics]
    + [menu_data(m) for m in sorted(MENU_ACTIONS)]
    + [tiebreak_data(c) for c in (*(r.id for r in CONTENT.roles), EVEN, "nobody")]
)
WORDS = [w for a in CONTENT.answers for w in a.words] + list(FixedMatcher.table) + ["<b>", "&", "/start quiz"]
COMMANDS = [*KNOWN_COMMANDS, "unknown"]

texts = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=60),
    st.text(alphabet="\u200b\u200c\u200d\ufeff \n\t", max_size=10),
    st.integers(min_value=480, max_value=12_000).map(lambda n: "x" * n),
)
events = st.one_of(
    st.builds(TextEvent, texts),
    st.builds(
        CommandEvent, st.one_of(st.sampled_from(COMMANDS), st.text(max_size=12)), st.sampled_from(["", "quiz", "<b>"])
    ),
    st.builds(ButtonEvent, st.sampled_from(VALID_DATA)),
    st.builds(ButtonEvent, st.text(max_size=64)),
    st.builds(UnsupportedEvent, st.sampled_from(["sticker", "photo", "edited"])),
    st.builds(PressShown, st.integers(min_value=0, max_value=20)),
)
# Most steps answer the current statement, so sequences reach the result often.
steps = st.one_of(
    events,
    st.builds(AnswerCurrent, st.integers(min_value=0, max_value=2)),
    st.builds(AnswerCurrent, st.integers(min_value=0, max_value=2)),
)


def in_bounds(state: SessionState) -> None:
    assert SessionState.from_json(state.to_json()) == state
    assert state.mode in ("idle", "quiz")
    assert len(state.results) <= MAX_RESULTS
    if state.tiebreak:  # asked only once every statement is answered, and the scores are level
        assert state.mode == "quiz" and len(state.answers) == len(STATEMENT_IDS)
    if state.mode == "idle":
        assert state.position == 0 and state.answers == ()
        return
    assert 0 <= state.position < len(STATEMENT_IDS)
    answered = [s for s, _ in state.answers]
    assert len(answered) == len(set(answered))
    assert set(answered) <= set(STATEMENT_IDS)
    assert {a for _, a in state.answers} <= set(ANSWER_IDS)
    # Everything before the current statement has been answered.
    assert set(STATEMENT_IDS[: state.position]) <= set(answered)


def acceptable(t: Transition) -> None:
    # Something always answers the user: a message, an edit of the pressed one, or a toast.
    assert t.replies or t.edit_pressed or t.notice
    edits = tuple(r for r in (t.edit_pressed, t.edit_question) if r is not None)
    for reply in t.replies + edits:
        assert reply.text.strip()
        assert len(reply.text.encode("utf-16-le")) // 2 <= 4096
        assert html_problems(reply.text) == [], reply.text
        for row in reply.buttons:
            for button in row:
                assert button.label.strip() and len(button.data.encode()) <= 64
                assert bool(button.data) != (button.switch_inline_query is not None)  # a callback or a share


@st.composite
def reachable_states(draw) -> SessionState:
    """Idle, or mid-quiz with every earlier statement (and maybe some later ones) answered."""
    if draw(st.booleans()):
        return SessionState()
    position = draw(st.integers(min_value=0, max_value=len(STATEMENT_IDS) - 1))
    answered = STATEMENT_IDS[: position + draw(st.integers(min_value=0, max_value=2))]
    answers = tuple((s, draw(st.sampled_from(ANSWER_IDS))) for s in answered)
    return SessionState(mode="quiz", position=position, answers=answers)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reachable_states(), st.lists(steps, max_size=60))
def test_no_sequence_of_events_crashes_or_corrupts_the_state(state: SessionState, sequence) -> None:
    in_bounds(state)
    shown: list[str] = []
    for event in sequence:
        if isinstance(event, PressShown):
            if not shown:
                continue
            event = ButtonEvent(shown[event.index % len(shown)])
        if isinstance(event, AnswerCurrent):
            if state.mode != "quiz":
                event = CommandEvent("quiz")
            elif state.tiebreak:
                event = ButtonEvent(tiebreak_data([*(r.id for r in CONTENT.roles), EVEN][event.option]))
            else:
                event = ButtonEvent(answer_data(STATEMENT_IDS[state.position], ANSWER_IDS[event.option]))
        t = ENGINE.step(state, event)
        in_bounds(t.state)
        acceptable(t)
        assert t.changed == (t.state != state or t.forget)
        if t.forget:
            assert place(t.state) == place(SessionState()) and t.state.results == ()
        else:  # only /forget drops kept results
            assert t.state.results[: len(state.results)] == state.results or len(state.results) == MAX_RESULTS
        on_screen = t.replies + ((t.edit_pressed,) if t.edit_pressed else ())
        shown = [b.data for reply in on_screen for row in reply.buttons for b in row if b.data] or shown
        state = t.state


stored_states = st.builds(
    SessionState,
    mode=st.sampled_from(["idle", "quiz"]),
    position=st.integers(min_value=-50, max_value=50),
    answers=st.lists(
        st.tuples(
            st.one_of(st.sampled_from(STATEMENT_IDS), st.text(max_size=8)),
            st.one_of(st.sampled_from(ANSWER_IDS), st.text(max_size=8)),
        ),
        max_size=12,
    ).map(tuple),
)


@settings(max_examples=200, deadline=None)
@given(stored_states, st.lists(events.filter(lambda e: not isinstance(e, PressShown)), min_size=1, max_size=5))
def test_any_readable_stored_state_leads_somewhere_valid(state: SessionState, sequence) -> None:
    """A state stored by an older deployment (or tampered with) never crashes a step."""
    state = SessionState.from_json(state.to_json())
    for event in sequence:
        t = ENGINE.step(state, event)
        acceptable(t)
        assert SessionState.from_json(t.state.to_json()) == t.state
        if t.state.mode == "quiz":
            assert 0 <= t.state.position < len(STATEMENT_IDS)
        state = t.state
