"""The dialogue engine: a pure function from (state, event) to (new state, replies).

No I/O, clock, randomness or Telegram types. The FAQ matcher is passed in and must be a
deterministic function of the text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from bot.content.model import Content
from bot.engine import render, results
from bot.engine.callbacks import AnswerPress, BackPress, MenuPress, TieBreakPress, TopicPress, menu_data, parse_press
from bot.engine.events import ButtonEvent, CommandEvent, Event, TextEvent, UnsupportedEvent
from bot.engine.replies import Button, Reply, Transition
from bot.engine.state import SessionState

MAX_QUESTION_CHARS = 500  # longer texts get a polite "please ask a short question"
MAX_ECHO_CHARS = 40  # at most this much of what a user typed is ever echoed back
MAX_TYPED_ANSWER_WORDS = 3  # "yes please" is an answer; "no, what is a PM?" is a question
_WORDS = re.compile(r"[\w']+")
_HAS_WORD = re.compile(r"[^\W_]")  # a letter or digit in any script
# Words that undo a positive opening ("absolutely not"); not "no", which also affirms
# ("yes, no problem", "sure, no doubt").
_NEGATIONS = frozenset({"not", "never", "don't", "dont", "isn't", "isnt"})
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad]+")


class MatchResult(Protocol):
    @property
    def topic(self) -> str | None: ...
    @property
    def suggestions(self) -> tuple[str, ...]: ...
    @property
    def declined(self) -> str | None: ...
    @property
    def score(self) -> float: ...  # the not_covered group an out-of-scope text was nearest


class TopicMatcher(Protocol):
    def match(self, text: str) -> MatchResult: ...


@dataclass(frozen=True)
class Engine:
    content: Content
    matcher: TopicMatcher

    def step(self, state: SessionState, event: Event, today: dt.date | None = None) -> Transition:
        """`today`: the date in the user's world, for a result finished by this step (None: unknown)."""
        state = state.fitted_to(self.content)
        handler: Callable[[SessionState, Event], Transition] = {
            TextEvent: self._on_text,
            ButtonEvent: self._on_button,
            CommandEvent: self._on_command,
            UnsupportedEvent: self._on_unsupported,
        }[type(event)]
        result = handler(state, event)
        if not result.forget:  # finished quizzes are dropped by /forget only, whatever else starts afresh
            kept = result.state if result.state.results else replace(result.state, results=state.results)
            result = replace(result, state=results.dated(state, kept, today))
        return replace(result, changed=result.state != state or result.forget)

    # --- events ---------------------------------------------------------------------------

    def _on_command(self, state: SessionState, event: Event) -> Transition:
        assert isinstance(event, CommandEvent)
        c = self.content
        name = event.name
        if name == "start":
            if event.argument.strip().lower() == "quiz":
                return self._start_quiz()
            return self._welcome(state)
        if name in ("quiz", "back", "restart", "compare", "help", "about", "menu", "ask", "result"):
            return self._menu_action(state, "resume" if name == "quiz" and state.mode == "quiz" else name)
        if name == "cancel":
            if state.mode != "quiz":
                return Transition(state, (render.menu(c, c.text("quiz_not_running")),))
            return Transition(SessionState(), (render.menu(c, c.text("quiz_cancelled")),))
        if name == "forget":
            return Transition(SessionState(), (Reply(c.text("forgotten")),), forget=True)
        shown = html.escape(("/" + name)[:MAX_ECHO_CHARS])
        return Transition(
            state, (Reply(c.text("unknown_command", command=shown)), *self._current_step(state, quiz_only=True))
        )

    def _on_button(self, state: SessionState, event: Event) -> Transition:
        assert isinstance(event, ButtonEvent)
        press = parse_press(event.data)
        if isinstance(press, AnswerPress):
            return self._answer(state, press.statement_id, press.answer_id) or self._stale(state)
        if isinstance(press, BackPress):
            current = self.content.statements[state.position].id if state.mode == "quiz" else None
            return self._menu_action(state, "back") if press.statement_id == current else self._stale(state)
        if isinstance(press, TopicPress) and self.content.topic(press.topic_id):
            return self._topic(state, press.topic_id)
        if isinstance(press, MenuPress):
            return self._menu_action(state, press.action)
        if isinstance(press, TieBreakPress):
            return results.tiebreak_choice(self.content, state, press.choice) or self._stale(state)
        return self._stale(state)

    def _on_text(self, state: SessionState, event: Event) -> Transition:
        assert isinstance(event, TextEvent)
        c = self.content
        text = _INVISIBLE.sub(" ", event.text).strip()
        if not _HAS_WORD.search(text):  # nothing, or only emoji, punctuation and symbols
            return self._say(state, c.text("empty_text"))
        if len(text) > MAX_QUESTION_CHARS:
            reply = Reply(c.text("too_long", limit=MAX_QUESTION_CHARS))
            return Transition(state, (reply, *self._current_step(state, quiz_only=True)))
        chat = c.small_talk_for(text)
        if state.mode == "quiz":
            # A whole small-talk message ("maybe later", "no idea") is not read by its first word.
            typed = self._typed_answer(text, whole_only=chat is not None)
            if typed:
                statement = c.statements[state.position]
                transition = self._answer(state, statement.id, typed)
                if transition:
                    return replace(transition, edit_pressed=None)
        if chat and chat.starts_quiz and state.mode != "quiz":  # "let's go", "take the quiz"
            started = self._start_quiz()
            return replace(started, replies=(Reply(chat.reply), *started.replies))
        if chat:  # "hi", "thanks", "ok": a social reply, not "I can't help with that"
            said = chat.in_quiz if chat.in_quiz and state.mode == "quiz" else chat.reply
            return self._say(state, said, render.topic_buttons(c, chat.topics) if chat.topics else None)
        typed = self._typed_answer(text) if state.mode != "quiz" else None
        if typed and typed == self._top_answer():  # "yes", "sure": to the only offer the bot makes
            return self._start_quiz()
        if typed:  # "no", "sort of": nothing to answer outside the quiz
            return self._say(state, c.text("answer_outside_quiz"))
        match = self.matcher.match(text)
        if match.topic and c.topic(match.topic):
            return self._topic(state, match.topic)
        declined = c.declined_reply(match.declined)
        if match.suggestions:
            reply = render.suggestions(c, tuple(match.suggestions), state)
        elif declined:  # a neighbouring subject the content answers with its own words
            reply = render.fallback(c, state, lead=declined)
        elif state.mode == "quiz":  # most likely an answer in words we don't know
            reply = Reply(c.text("quiz_answer_hint"))
        else:
            reply = render.fallback(c, state)
        return Transition(state, (reply, *self._current_step(state, quiz_only=True)))

    def _on_unsupported(self, state: SessionState, event: Event) -> Transition:
        assert isinstance(event, UnsupportedEvent)
        key = "unsupported_edited" if event.kind == "edited" else "unsupported"
        return Transition(state, (Reply(self.content.text(key)), *self._current_step(state, quiz_only=True)))

    # --- actions --------------------------------------------------------------------------

    def _menu_action(self, state: SessionState, action: str) -> Transition:
        c = self.content
        if action == "quiz":
            return self._start_quiz() if state.mode != "quiz" else self._menu_action(state, "resume")
        if action == "restart":
            return self._start_quiz()
        if action == "resume":
            if state.mode != "quiz":
                return Transition(state, (render.menu(c, c.text("quiz_not_running")),))
            return Transition(state, (render.question(c, state),))
        if action == "back":
            if state.mode != "quiz":
                return Transition(state, (render.menu(c, c.text("quiz_not_running")),))
            if state.tiebreak:  # back from the either/or question to the last statement
                moved = replace(state, tiebreak=False)
                return Transition(moved, (render.question(c, moved),))
            if state.position == 0:
                return Transition(state, (Reply(c.text("back_at_first")), render.question(c, state)))
            moved = replace(state, position=state.position - 1)
            return Transition(moved, (render.question(c, moved),))
        if action == "menu":
            return Transition(state, (render.menu(c), *self._current_step(state, quiz_only=True)))
        simple = {"ask": "ask_prompt", "help": "help", "about": "about"}
        if action in simple:
            # During the quiz the statement follows at once, so the menu's buttons would only
            # compete with its answer buttons.
            with_menu = action != "ask" and state.mode != "quiz"
            reply = Reply(c.text(simple[action]), render.menu_buttons(c) if with_menu else ())
            return Transition(state, (reply, *self._current_step(state, quiz_only=True)))
        if action == "result":
            return Transition(state, (results.latest(c, state), *self._current_step(state, quiz_only=True)))
        if action == "compare":
            return Transition(state, (render.compare(c), *self._current_step(state, quiz_only=True)))
        raise AssertionError(f"unhandled menu action {action}")

    def _welcome(self, state: SessionState) -> Transition:
        c = self.content
        replies = [render.welcome(c)]
        if state.mode == "quiz":
            offer = c.text("resume_offer", number=state.position + 1, total=len(c.statements))
            buttons = (
                Button(c.text("button_resume"), menu_data("resume")),
                Button(c.text("button_restart"), menu_data("restart")),
            )
            replies.append(Reply(offer, (buttons,)))
        return Transition(state, tuple(replies))

    def _start_quiz(self) -> Transition:
        fresh = SessionState(mode="quiz", position=0)
        return Transition(fresh, (render.question(self.content, fresh),))

    def _answer(self, state: SessionState, statement_id: str, answer_id: str) -> Transition | None:
        """Record an answer when it is for the statement being asked; None for a stale claim."""
        c = self.content
        option = c.answer_option(answer_id)
        if state.mode != "quiz" or option is None or c.statements[state.position].id != statement_id:
            return None
        recorded = state.with_answer(statement_id, answer_id)
        edit = render.answered(c, state.position, option.label)
        notice = c.text("answer_notice", answer=option.label)
        if state.position + 1 < len(c.statements):
            moved = replace(recorded, position=state.position + 1)
            return Transition(moved, (render.question(c, moved),), notice=notice, edit_pressed=edit)
        if results.needs_tiebreak(c, recorded):  # level scores: the user settles it, not the file order
            asking = replace(recorded, tiebreak=True)
            return Transition(asking, (render.question(c, asking),), notice=notice, edit_pressed=edit)
        done, reply = results.finish(c, recorded)
        return Transition(done, (reply,), notice=notice, edit_pressed=edit)

    def _topic(self, state: SessionState, topic_id: str) -> Transition:
        topic = self.content.topic(topic_id)
        assert topic is not None
        return Transition(
            state, (render.topic_answer(self.content, topic, state), *self._current_step(state, quiz_only=True))
        )

    def _stale(self, state: SessionState) -> Transition:
        c = self.content
        note = Reply(c.text("stale_button"))
        step = self._current_step(state, quiz_only=False)
        return Transition(state, (note, *step), notice=c.text("stale_button_notice"))

    def _top_answer(self) -> str:
        return max(self.content.answers, key=lambda a: a.points).id

    def _say(self, state: SessionState, text: str, buttons: tuple[tuple[Button, ...], ...] | None = None) -> Transition:
        """A short reply that changes nothing: the statement being asked follows it, or outside
        the quiz the menu's buttons come with it (or the `buttons` given)."""
        if state.mode == "quiz":
            return Transition(state, (Reply(text, buttons or ()), render.question(self.content, state)))
        return Transition(state, (Reply(text, buttons) if buttons else render.menu(self.content, text),))

    def _current_step(self, state: SessionState, *, quiz_only: bool) -> tuple[Reply, ...]:
        """The step to show again after a digression: the statement being asked, or the menu."""
        if state.mode == "quiz":
            return (render.question(self.content, state),)
        return () if quiz_only else (render.menu(self.content),)

    def _typed_answer(self, text: str, whole_only: bool = False) -> str | None:
        """The answer a short typed reply gives: "Yes!", "nope, sorry", "sort of, yes"."""
        words = _WORDS.findall(text.lower().replace("\u2019", "'"))
        if not words or len(words) > MAX_TYPED_ANSWER_WORDS:
            return None
        lengths = (len(words),) if whole_only else (len(words), 2, 1)
        for n in dict.fromkeys(lengths):  # the whole reply, then its opening words
            phrase = " ".join(words[:n])
            for option in self.content.answers:
                if phrase in option.words:
                    # "absolutely not" must never count as "absolutely": a reply that opens with
                    # a positive answer but negates it later is not taken as an answer at all.
                    if n < len(words) and option.points > 0 and _NEGATIONS.intersection(words[n:]):
                        return None
                    return option.id
        return None
