"""The dialogue engine: a pure function from (state, event) to (new state, replies).

No I/O, clock, randomness or Telegram types. Typed text is read by the interpreter
(bot/understand/), which is passed in through the matcher like any other deterministic
function of the text; this module turns commands, buttons and intents into replies.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.content.model import Content
from bot.engine import quiz, render, results
from bot.engine.callbacks import AnswerPress, BackPress, MenuPress, TieBreakPress, TopicPress, menu_data, parse_press
from bot.engine.events import ButtonEvent, CommandEvent, Event, TextEvent, UnsupportedEvent
from bot.engine.replies import Button, Outcome, Reply, Transition
from bot.engine.state import SessionState
from bot.engine.text import TextActions
from bot.understand.interpret import Interpreter
from bot.understand.matching import MatchResult, TopicMatcher

__all__ = ["Engine", "MatchResult", "TopicMatcher"]

MAX_ECHO_CHARS = 40  # at most this much of what a user typed is ever echoed back
# Slash commands that do what the menu button of the same name does.
COMMANDS_AS_BUTTONS = frozenset({"quiz", "compare", "help", "about", "menu", "ask", "result"})
# Every slash command _on_command acts on. In a group, Telegram hands each bot the bare
# commands meant for others ("/weather"); channels stay quiet on a bare one not listed here.
KNOWN_COMMANDS = COMMANDS_AS_BUTTONS | {"start", "restart", "cancel", "back", "forget"}


@dataclass(frozen=True)
class Engine:
    content: Content
    matcher: TopicMatcher
    interpreter: Interpreter = field(init=False, repr=False, compare=False)
    _text: TextActions = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        interpreter = Interpreter(self.content, self.matcher)
        object.__setattr__(self, "interpreter", interpreter)
        object.__setattr__(self, "_text", TextActions(self.content, interpreter, self.menu_action))

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

    def _on_text(self, state: SessionState, event: Event) -> Transition:
        assert isinstance(event, TextEvent)
        return self._text.on_text(state, event)

    def _on_command(self, state: SessionState, event: Event) -> Transition:
        assert isinstance(event, CommandEvent)
        c = self.content
        name = event.name
        if name == "start":
            if event.argument.strip().lower() == "quiz":
                return self.menu_action(state, "restart")
            return self._welcome(state)
        if name in COMMANDS_AS_BUTTONS:
            return self.menu_action(state, name)
        if name in ("restart", "cancel"):
            return quiz.wipe(c, state, name)
        if name == "back":
            return quiz.back(c, state, in_place=False)
        if name == "forget":
            return Transition(SessionState(), (Reply(c.text("forgotten")),), forget=True)
        shown = html.escape(("/" + name)[:MAX_ECHO_CHARS])
        note = Reply(c.text("unknown_command", command=shown))
        return Transition(state, (note, *self.current_step(state, quiz_only=True)))

    def _on_button(self, state: SessionState, event: Event) -> Transition:
        assert isinstance(event, ButtonEvent)
        c = self.content
        press = parse_press(event.data)
        if isinstance(press, AnswerPress):
            return quiz.answer(c, state, press.statement_id, press.answer_id) or self._stale(state)
        if isinstance(press, BackPress):
            current = c.statements[state.position].id if state.mode == "quiz" else None
            return quiz.back(c, state, in_place=True) if press.statement_id == current else self._stale(state)
        if isinstance(press, TopicPress) and c.topic(press.topic_id):
            focus = self.interpreter.guard.focus_after(press.topic_id, set(), state.memory.focus)
            return self._text.topic(state, press.topic_id, focus)
        if isinstance(press, MenuPress):
            if press.action.startswith("confirm_"):
                wanted = press.action.removeprefix("confirm_")
                return quiz.confirmed(c, state, wanted) if state.pending == wanted else self._stale(state)
            # The resume offer's "Start over" answers "carry on, or start again?": act at once.
            # Any other restart button (a result's Retake, maybe long scrolled past) asks first
            # when answers would be lost, as /restart does.
            if press.action == "start_over":
                return quiz.start(c, state)
            return self.menu_action(state, press.action)
        if isinstance(press, TieBreakPress):
            return results.tiebreak_choice(c, state, press.choice) or self._stale(state)
        return self._stale(state)

    def _on_unsupported(self, state: SessionState, event: Event) -> Transition:
        assert isinstance(event, UnsupportedEvent)
        key = "unsupported_edited" if event.kind == "edited" else "unsupported"
        reply = Reply(self.content.text(key))
        return Transition(state, (reply, *self.current_step(state, quiz_only=True)), outcome=Outcome("fallback"))

    # --- actions --------------------------------------------------------------------------

    def menu_action(self, state: SessionState, action: str) -> Transition:
        """A menu button, a slash command or a command in words: the same action."""
        done = self._menu_action(state, action)
        return replace(done, outcome=replace(done.outcome, command=action))

    def _menu_action(self, state: SessionState, action: str) -> Transition:
        c = self.content
        if action == "quiz":
            return quiz.start(c, state) if state.mode != "quiz" else quiz.resume(c, state)
        if action in ("restart", "cancel"):
            return quiz.wipe(c, state, action)
        if action == "resume":
            return quiz.resume(c, state)
        if action == "back":
            return quiz.back(c, state, in_place=False)
        if action == "result":
            return self._result(state)
        # Help, the menu and the like only show something: the chat's state stays as it was.
        said = state
        if action == "menu":
            return Transition(said, (render.menu(c), *self.current_step(state, quiz_only=True)))
        if action == "compare":
            return Transition(said, (render.compare(c), *self.current_step(state, quiz_only=True)))
        simple = {"ask": "ask_prompt", "help": "help", "about": "about"}
        if action in simple:
            # During the quiz the statement follows at once, so the menu's buttons would only
            # compete with its answer buttons.
            with_menu = action != "ask" and state.mode != "quiz"
            reply = Reply(c.text(simple[action]), render.menu_buttons(c) if with_menu else ())
            return Transition(said, (reply, *self.current_step(state, quiz_only=True)))
        raise AssertionError(f"unhandled menu action {action}")

    def _result(self, state: SessionState) -> Transition:
        """/result, the menu action and "my result" in words: the latest kept result again (with how
        it moved), or the quiz offered when there is none; mid-quiz the statement follows."""
        shown = results.latest(self.content, state)
        remembered = state.remember("result") if state.results else state.remember("command")
        return Transition(remembered, (shown, *self.current_step(state, quiz_only=True)), outcome=Outcome("result"))

    def _welcome(self, state: SessionState) -> Transition:
        c = self.content
        replies = [render.welcome(c)]
        if state.mode == "quiz":
            offer = c.text("resume_offer", number=state.position + 1, total=len(c.statements))
            buttons = (
                Button(c.text("button_resume"), menu_data("resume")),
                Button(c.text("button_restart"), menu_data("start_over")),
            )
            replies.append(Reply(offer, (buttons,)))
        return Transition(state, tuple(replies))

    def _stale(self, state: SessionState) -> Transition:
        """A press the current step never offered: a quiet toast, nothing else. The current step
        already is the latest message the bot sent."""
        return Transition(state, (), notice=self.content.text("stale_button_notice"), outcome=Outcome("command"))

    def current_step(self, state: SessionState, *, quiz_only: bool) -> tuple[Reply, ...]:
        """The step to show again after a digression: the statement being asked, or the menu."""
        if state.mode == "quiz":
            return (render.question(self.content, state),)
        return () if quiz_only else (render.menu(self.content),)
