"""The checklist's moves: start, answer, step back, and ask before wiping answers."""

from __future__ import annotations

from dataclasses import replace

from bot.content.model import Content
from bot.engine import render, results
from bot.engine.replies import Outcome, Reply, Transition
from bot.engine.state import SessionState

QUIZ = Outcome("quiz")


def start(content: Content, state: SessionState) -> Transition:
    """A fresh checklist from question 1; the chat's memory of earlier topics is kept."""
    fresh = SessionState(mode="quiz", position=0, memory=state.memory).remember("quiz")
    return Transition(fresh, (render.question(content, fresh),), outcome=QUIZ)


def wipe(content: Content, state: SessionState, action: str) -> Transition:
    """Restart or cancel: at once when there is nothing to lose, else ask first."""
    if state.mode == "quiz" and state.answers:
        asking = replace(state.remember("command"), pending=action)
        return Transition(asking, (render.confirm_wipe(content, state, action),), outcome=Outcome("command"))
    return confirmed(content, state, action)


def confirmed(content: Content, state: SessionState, action: str) -> Transition:
    if action == "restart":
        return start(content, state)
    if state.mode != "quiz":
        return Transition(state, (render.menu(content, content.text("quiz_not_running")),), outcome=Outcome("command"))
    idle = SessionState(memory=state.memory).remember("command")
    return Transition(idle, (render.menu(content, content.text("quiz_cancelled")),), outcome=Outcome("command"))


def answer(content: Content, state: SessionState, statement_id: str, answer_id: str) -> Transition | None:
    """Record an answer when it is for the statement being asked; None for a stale claim. The
    statement's message shows the answer and loses its buttons (edit_pressed or edit_question)."""
    option = content.answer_option(answer_id)
    if state.mode != "quiz" or option is None or content.statements[state.position].id != statement_id:
        return None
    recorded = state.with_answer(statement_id, answer_id).remember("quiz")
    done = Reply(render.answered(content, state.position, option.label))
    notice = content.text("answer_notice", answer=option.label)
    if state.position + 1 < len(content.statements):
        moved = replace(recorded, position=state.position + 1)
        return Transition(moved, (render.question(content, moved),), notice=notice, edit_pressed=done, outcome=QUIZ)
    if results.needs_tiebreak(content, recorded):  # level scores: the user settles it, not the file order
        asking = replace(recorded, tiebreak=True)
        return Transition(asking, (render.question(content, asking),), notice=notice, edit_pressed=done, outcome=QUIZ)
    finished, reply = results.finish(content, recorded)
    return Transition(finished, (reply,), notice=notice, edit_pressed=done, outcome=Outcome("result"))


def back(content: Content, state: SessionState, *, in_place: bool) -> Transition:
    """One statement back. From a button the pressed message turns into the earlier statement;
    typed, the earlier statement comes as a new message."""
    if state.mode != "quiz":
        return Transition(state, (render.menu(content, content.text("quiz_not_running")),), outcome=Outcome("command"))
    if state.tiebreak:  # from the either/or question back to the last statement
        moved = replace(state, tiebreak=False).remember("quiz")
        last = render.question(content, moved)
        return (
            Transition(moved, (), edit_pressed=last, outcome=QUIZ)
            if in_place
            else Transition(moved, (last,), outcome=QUIZ)
        )
    if state.position == 0:
        note = content.text("back_at_first")
        if in_place:  # the pressed message already is the first statement: a toast says why nothing moved
            return Transition(state, (), notice=note, outcome=QUIZ)
        return Transition(state, (Reply(note), render.question(content, state)), outcome=QUIZ)
    moved = replace(state, position=state.position - 1).remember("quiz")
    earlier = render.question(content, moved)
    if in_place:
        return Transition(moved, (), edit_pressed=earlier, outcome=QUIZ)
    return Transition(moved, (earlier,), outcome=QUIZ)


def resume(content: Content, state: SessionState) -> Transition:
    if state.mode != "quiz":
        return Transition(state, (render.menu(content, content.text("quiz_not_running")),), outcome=Outcome("command"))
    kept = state.remember("quiz")
    lead = (Reply(content.text("kept_going")),) if state.pending else ()
    return Transition(kept, (*lead, render.question(content, state)), outcome=QUIZ)
