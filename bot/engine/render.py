"""Turn content and state into replies. All words come from the content; this only arranges them."""

from __future__ import annotations

import html

from bot.content.model import Content, Topic
from bot.engine.callbacks import EVEN, answer_data, back_data, menu_data, tiebreak_data, topic_data
from bot.engine.replies import QUESTION, Button, Card, Reply
from bot.engine.state import SessionState
from bot.recommend import Reason, Recommendation

BAR_WIDTH = 10
MAX_RELATED = 3


def menu_buttons(content: Content) -> tuple[tuple[Button, ...], ...]:
    b = lambda key, action: Button(content.text(key), menu_data(action))
    return (
        (b("button_quiz", "quiz"),),
        (b("button_ask", "ask"), b("button_compare", "compare")),
        (b("button_help", "help"), b("button_about", "about")),
    )


def menu(content: Content, lead: str | None = None) -> Reply:
    return Reply(lead or content.text("menu_prompt"), menu_buttons(content))


def welcome(content: Content) -> Reply:
    return Reply(content.text("welcome"), menu_buttons(content))


def question(content: Content, state: SessionState) -> Reply:
    if state.tiebreak:  # every statement answered: the step being asked is the either/or question
        return tiebreak_question(content)
    statement = content.statements[state.position]
    number, total = state.position + 1, len(content.statements)
    text = content.text("question", number=number, total=total, statement=statement.text)
    before = content.answer_option(state.answer_map().get(statement.id, ""))
    if before is not None:  # back at an answered statement: say what counts now
        text += "\n\n" + content.text("question_answered_before", answer=before.label)
    answers = tuple(Button(a.label, answer_data(statement.id, a.id)) for a in content.answers)
    rows: tuple[tuple[Button, ...], ...] = (answers,)
    if state.position > 0:
        rows += ((Button(content.text("button_back"), back_data(statement.id)),),)
    return Reply(text, rows, kind=QUESTION)


def tiebreak_question(content: Content) -> Reply:
    sides = tuple(Button(r.tiebreak_choice, tiebreak_data(r.id)) for r in content.roles)
    even = Button(content.text("button_tiebreak_even"), tiebreak_data(EVEN))
    return Reply(content.text("tiebreak_question"), (sides, (even,)))


def answered(content: Content, position: int, answer_label: str) -> str:
    statement = content.statements[position]
    return content.text(
        "answered", number=position + 1, total=len(content.statements), statement=statement.text, answer=answer_label
    )


def topic_buttons(content: Content, topic_ids: tuple[str, ...]) -> tuple[tuple[Button, ...], ...]:
    topics = [t for t in (content.topic(i) for i in topic_ids) if t is not None]
    return tuple((Button(t.title, topic_data(t.id)),) for t in topics)


def topic_answer(content: Content, topic: Topic, state: SessionState, lead: str = "") -> Reply:
    rows = topic_buttons(content, topic.related[:MAX_RELATED])
    if topic.offers_quiz and state.mode != "quiz":
        rows = ((Button(content.text("button_quiz"), menu_data("quiz")),), *rows)
    if state.mode != "quiz":  # a way home; in the quiz the way back is to the question
        rows += ((Button(content.text("button_menu"), menu_data("menu")),),)
    opening = f"{lead}\n\n" if lead else ""
    return Reply(opening + topic.answer + _source_line(content, topic), rows)


def _source_line(content: Content, topic: Topic) -> str:
    """A short line of links under an answer, so a user can check where its facts come from."""
    if not topic.sources:
        return ""
    links = " · ".join(
        f'<a href="{html.escape(s.url, quote=True)}">{html.escape(s.title, quote=False)}</a>' for s in topic.sources
    )
    key = "source_line" if len(topic.sources) == 1 else "sources_line"
    return "\n\n" + content.text(key, sources=links)


def suggestions(
    content: Content, topic_ids: tuple[str, ...], state: SessionState, for_role: str | None = None
) -> Reply:
    """Topics to choose from: "did you mean...?", or with `for_role` the last offer again for that
    role ("and the other role?"), which is not a question the bot failed to understand."""
    lead = content.text("offers_for_role", role=content.role(for_role).name.lower()) if for_role else ""
    return Reply(lead or content.text("did_you_mean"), topic_buttons(content, topic_ids[:MAX_RELATED]))


def fallback(content: Content, state: SessionState, lead: str | None = None) -> Reply:
    """What the bot covers; `lead` replaces the generic opening for a known neighbouring subject."""
    # A button for every topic the message lists, so each one it names can be tapped.
    buttons = topic_buttons(content, content.menu_topics)
    if lead:
        return Reply(lead, buttons)
    lines = "\n".join(
        content.text("fallback_topic_line", title=html.escape(t.title))
        for t in map(content.topic, content.menu_topics)
        if t
    )
    return Reply(content.text("fallback", topics=lines), buttons)


def short(content: Content, key: str) -> Reply:
    """A one-line reply with the menu's topics as buttons: a second fallback, a follow-up
    without a thread, a message in another language, frustration."""
    return Reply(content.text(key), topic_buttons(content, content.menu_topics))


def confirm_wipe(content: Content, state: SessionState, action: str) -> Reply:
    """Ask before `action` ("restart" or "cancel") clears the answers given so far."""
    yes = Button(content.text(f"button_confirm_{action}"), menu_data(f"confirm_{action}"))
    keep = Button(content.text("button_keep_going"), menu_data("resume"))
    return Reply(content.text(f"confirm_{action}", count=len(state.answers)), ((yes,), (keep,)))


def compare(content: Content) -> Reply:
    return Reply(content.text("compare_intro"), topic_buttons(content, content.compare_topics))


def reason_lines(content: Content, reasons: tuple[Reason, ...]) -> list[str]:
    lines = []
    for reason in reasons:
        option = content.answer_option(reason.answer_id)
        lines.append(
            content.text(
                "result_reason_line",
                answer=option.label if option else reason.answer_id,
                reason=reason.statement.reason,
            )
        )
    return lines


def result(
    content: Content,
    rec: Recommendation,
    *,
    even: bool = False,
    certainty: str | None = None,
    lead: str | None = None,
    moved: str | None = None,
    card: Card | None = None,
) -> Reply:
    """The recommendation. `even`: level scores the tie-break did not settle, so no role is named
    first; `lead`: a line before it (when it was from); `moved`: how the scores moved since the
    result before, under the scores; `card`: its picture."""
    best = rec.best.role
    nothing = rec.best.points == 0  # every statement answered No: there is no lean to name
    lines = [lead, ""] if lead else []
    if nothing:
        lines += [content.text("result_title_none"), content.text("result_weak_note")]
    elif even:
        lines += [content.text("result_title_even"), content.text("result_even_note")]
    elif rec.weak:  # little resonated: say so rather than "your best fit"
        lines += [content.text("result_title_weak", role=best.name), content.text("result_weak_note")]
    elif rec.tie:
        lines += [
            content.text("result_title_tie", role=best.name),
            content.text("result_tie_note", role=best.name, person=best.person),
        ]
    elif rec.close:
        lines += [
            content.text("result_title_close", role=best.name),
            content.text("result_close_note", role=best.name, person=best.person),
        ]
    else:
        lines += [content.text("result_title_clear", role=best.name)]
    scored = (rec.best, *rec.others)
    if even:  # content order: neither role listed first because it won
        order = [r.id for r in content.roles]
        scored = tuple(sorted(scored, key=lambda s: order.index(s.role.id)))
        lines += ["", *(s.role.summary for s in scored)]
    elif not nothing:
        lines += ["", best.summary]
    lines += ["", content.text("result_scores")]
    for score in scored:
        filled = int(score.percent / 100 * BAR_WIDTH + 0.5)  # half rounds up, unlike round()
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        lines.append(f"<code>{bar}</code> {int(score.percent + 0.5)}% {score.role.name}")
    if moved:
        lines += [moved]
    if certainty:
        lines += ["", certainty]
    if rec.reasons:
        lines += ["", content.text("result_reasons"), *reason_lines(content, rec.reasons)]
    if rec.level_reasons:
        lines += ["", content.text("result_reasons_level", role=rec.runner_up.role.name)]
        lines += reason_lines(content, rec.level_reasons)
    lines += ["", content.text("result_disclaimer"), "", content.text("result_next")]
    rows: tuple[tuple[Button, ...], ...] = ()
    if nothing or rec.weak or rec.tie:  # no clear winner: comparing the two is the next step
        rows += ((Button(content.text("button_compare"), menu_data("compare")),),)
    if rec.tie and not nothing:  # level: one next step for each role, not two for the one listed first
        rows += topic_buttons(
            content,
            tuple(dict.fromkeys(s.role.next_topics[0] for s in (rec.best, rec.runner_up) if s.role.next_topics)),
        )
    elif not nothing:  # with no lean, one role's next steps would be a lean after all
        rows += topic_buttons(content, best.next_topics[: MAX_RELATED - len(rows)])
    rows += ((Button(content.text("button_share"), switch_inline_query=""),),)
    rows += (retake_row(content),)
    return Reply("\n".join(lines), rows, card)


def retake_row(content: Content) -> tuple[Button, ...]:
    """What a result offers next: retake or go to the menu. Replies about a result (its "why?")
    end with the same row, so the quiz is never offered as if it had not been taken."""
    return (
        Button(content.text("button_retake"), menu_data("restart")),
        Button(content.text("button_menu"), menu_data("menu")),
    )
