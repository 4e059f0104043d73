"""Typed text: the interpreter says what a message means, and this table says what the bot does
about it in each mode. No word of the message is read here."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bot.content.model import Content
from bot.engine import quiz, render, results
from bot.engine.events import TextEvent
from bot.engine.replies import Button, Outcome, Reply, Transition
from bot.engine.state import SessionState
from bot.understand.intents import (
    Command,
    Context,
    Decline,
    FollowUp,
    Frustrated,
    Intent,
    NotEnglish,
    QuizAnswer,
    SmallTalk,
    Suggestions,
    TopicAnswer,
    Unknown,
)
from bot.understand.interpret import MAX_QUESTION_CHARS, Interpreter

ANY = "any"
Buttons = tuple[tuple[Button, ...], ...]
Handler = Callable[[SessionState, Any], Transition]


class TextActions:
    def __init__(
        self, content: Content, interpreter: Interpreter, menu_action: Callable[[SessionState, str], Transition]
    ):
        self.content = content
        self.interpreter = interpreter
        self._menu_action = menu_action
        # (mode, intent) -> what the bot does; ANY when the mode makes no difference.
        self._table: dict[tuple[str, type], Handler] = {
            ("quiz", QuizAnswer): self._answer_statement,
            ("idle", QuizAnswer): self._answer_offer,
            (ANY, Command): lambda state, intent: self._menu_action(state, intent.name),
            (ANY, SmallTalk): self._small_talk,
            (ANY, TopicAnswer): self._topic_answer,
            (ANY, Suggestions): self._suggestions,
            (ANY, Decline): self._decline,
            (ANY, FollowUp): self._follow_up,
            (ANY, NotEnglish): lambda state, _: self._short(state, "not_english", "not_english"),
            (ANY, Frustrated): lambda state, _: self._short(state, "frustrated", "small_talk"),
            (ANY, Unknown): self._unknown,
        }

    def on_text(self, state: SessionState, event: TextEvent) -> Transition:
        memory = state.memory
        context = Context(
            state.mode == "quiz",
            memory.topic,
            memory.focus,
            memory.last,
            event.language,
            shown=memory.shown,
            suggested=memory.suggested,
        )
        intent = self.interpreter.interpret(event.text, context)
        return self._handler(state, intent)(state, intent)

    def _handler(self, state: SessionState, intent: Intent) -> Handler:
        return self._table.get((state.mode, type(intent))) or self._table[(ANY, type(intent))]

    # --- actions --------------------------------------------------------------------------

    def topic(
        self, state: SessionState, topic_id: str, focus: str | None, score: float | None = None, lead: str = ""
    ) -> Transition:
        topic = self.content.topic(topic_id)
        assert topic is not None
        told = state.remember("topic", topic=topic_id, focus=focus)
        reply = render.topic_answer(self.content, topic, state, lead=lead)
        return Transition(told, (reply, *self._step(state)), outcome=Outcome("answer", topic_id, score=score))

    def _topic_answer(self, state: SessionState, intent: TopicAnswer) -> Transition:
        # A typed follow-up answered by the topic just shown ("and in Germany?" after the pay
        # answer): a line says so, or the same message again would read as a glitch.
        memory = state.memory
        again = memory.last == "topic" and memory.topic == intent.topic_id
        topic = self.content.topic(intent.topic_id)
        lead = self.content.text("topic_again", title=html.escape(topic.title)) if again and topic else ""
        return self.topic(state, intent.topic_id, intent.focus, intent.score, lead=lead)

    def _answer_statement(self, state: SessionState, intent: QuizAnswer) -> Transition:
        c = self.content
        if state.tiebreak:  # every statement is answered: only the either/or buttons are left
            return self._say(state, c.text("tiebreak_hint"), "quiz")
        if state.pending:  # "yes" / "no" to "start over?", not to the statement
            top, bottom = max(c.answers, key=lambda a: a.points), min(c.answers, key=lambda a: a.points)
            if intent.answer_id == top.id:
                return quiz.confirmed(c, state, state.pending)
            if intent.answer_id == bottom.id:
                return quiz.resume(c, state)
        answered = quiz.answer(c, state, c.statements[state.position].id, intent.answer_id)
        assert answered is not None  # the statement being asked is always answerable
        # A typed answer retires the statement's message the way a button press does.
        return replace(answered, edit_pressed=None, edit_question=answered.edit_pressed)

    def _answer_offer(self, state: SessionState, intent: QuizAnswer) -> Transition:
        """Outside the quiz the only question the bot asks is "take the quiz?"."""
        if intent.answer_id == max(self.content.answers, key=lambda a: a.points).id:
            return quiz.start(self.content, state)
        return self._say(state, self.content.text("answer_outside_quiz"), "small_talk")

    def _small_talk(self, state: SessionState, intent: SmallTalk) -> Transition:
        group = next(g for g in self.content.small_talk if g.id == intent.group)
        if state.mode == "quiz" and group.ends_conversation:  # "bye": the place is kept, not asked again
            return Transition(state.remember("small_talk"), (Reply(group.in_quiz or group.reply),), outcome=_SMALL_TALK)
        said = group.in_quiz if group.in_quiz and state.mode == "quiz" else group.reply
        return self._say(state, said, "small_talk")

    def _suggestions(self, state: SessionState, intent: Suggestions) -> Transition:
        for_role = intent.focus if intent.via == "other_role" else None
        reply = render.suggestions(self.content, intent.topic_ids, state, for_role)
        outcome = Outcome("suggest", suggestions=intent.topic_ids, score=intent.score)
        # What was offered, and to whom, for "tell me more" or "and the other role?" next.
        focus = {"focus": intent.focus} if intent.focus else {}
        offered = state.remember("suggest", suggested=intent.topic_ids, **focus)
        return Transition(offered, (reply, *self._step(state)), outcome=outcome)

    def _decline(self, state: SessionState, intent: Decline) -> Transition:
        lead = self.content.declined_reply(intent.group)
        if lead is None:  # a group without its own words: as if nothing matched
            return self._unknown(state, Unknown("unmatched", intent.score))
        reply = render.fallback(self.content, state, lead=lead)
        return Transition(
            state.remember("decline"), (reply, *self._step(state)), outcome=Outcome("decline", score=intent.score)
        )

    def _follow_up(self, state: SessionState, intent: FollowUp) -> Transition:
        if intent.kind == "why" and state.memory.last == "result":
            explained = results.explain(self.content, state)
            return Transition(state.remember("result"), (explained, *self._step(state)), outcome=Outcome("result"))
        if intent.kind == "next_steps" and state.memory.last == "result" and state.results:
            # "What now?" after a result: the first of the best role's next topics, the one the
            # result's "Where to go from here" buttons start with. An even result has no best role.
            verdict = state.results[-1].verdict
            steps = self.content.role(verdict).next_topics if verdict else ()
            if steps:
                return self.topic(state, steps[0], verdict, None)
        return self._short(state, "follow_up_unclear", "suggest")

    def _unknown(self, state: SessionState, intent: Unknown) -> Transition:
        c = self.content
        if intent.reason == "empty":
            return self._say(state, c.text("empty_text"), "fallback")
        if intent.reason == "too_long":
            note = Reply(c.text("too_long", limit=MAX_QUESTION_CHARS))
            return Transition(state.remember("fallback"), (note, *self._step(state)), outcome=_FALLBACK)
        missed = Outcome("fallback", score=intent.score)
        if state.mode == "quiz":  # most likely an answer in words we don't know
            note = Reply(c.text("quiz_answer_hint"))
            return Transition(state.remember("fallback"), (note, *self._step(state)), outcome=missed)
        if state.memory.fallbacks >= 1:  # a second miss in a row: one line, not the whole list again
            return replace(self._short(state, "fallback_again", "fallback"), outcome=missed)
        return Transition(state.remember("fallback"), (render.fallback(c, state),), outcome=missed)

    # --- shapes ---------------------------------------------------------------------------

    def _short(self, state: SessionState, key: str, action: str) -> Transition:
        reply = render.short(self.content, key)
        return Transition(state.remember(action), (reply, *self._step(state)), outcome=Outcome(action))

    def _say(self, state: SessionState, text: str, action: str) -> Transition:
        """A short reply that changes nothing: the statement being asked follows it, or outside
        the quiz the menu's buttons come with it."""
        said = state.remember(action)
        if state.mode == "quiz":
            return Transition(said, (Reply(text), render.question(self.content, state)), outcome=Outcome(action))
        return Transition(said, (render.menu(self.content, text),), outcome=Outcome(action))

    def _step(self, state: SessionState) -> tuple[Reply, ...]:
        """During the quiz, the statement being asked comes again after a digression."""
        return (render.question(self.content, state),) if state.mode == "quiz" else ()


_FALLBACK = Outcome("fallback")
_SMALL_TALK = Outcome("small_talk")
