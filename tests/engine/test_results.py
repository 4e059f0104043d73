"""Finished quizzes are kept and shown again, level scores ask the user, and a result says how sure
it is in words: table tests of the pure engine."""

from __future__ import annotations

import datetime as dt
import json

from bot.content import Content
from bot.engine import ButtonEvent, CommandEvent, Engine, SessionState, TextEvent
from bot.engine.callbacks import EVEN, tiebreak_data
from bot.engine.results import finish
from bot.engine.state import MAX_RESULTS
from tests.engine.helpers import answer_data, datas, is_question, menu_data, place, plain, quiz_at


def play(engine: Engine, content: Content, plan, state: SessionState | None = None, today=None):
    """The whole quiz by buttons from `state`; `plan(statement)` is the answer id."""
    t = engine.step(state or SessionState(), CommandEvent("quiz"))
    for statement in content.statements:
        t = engine.step(t.state, ButtonEvent(answer_data(statement.id, plan(statement))), today)
    return t


def product_lean(s):
    return "yes" if s.role == "product_manager" else "no"


def test_a_finished_quiz_is_kept_with_its_date_scores_verdict_and_answers(engine: Engine, content: Content) -> None:
    t = play(engine, content, product_lean, today=dt.date(2026, 11, 3))
    [kept] = t.state.results
    assert kept.date == "2026-11-03" and kept.verdict == "product_manager"
    assert kept.scores == (("product_manager", 100), ("project_manager", 0))
    assert dict(kept.answers) == {s.id: product_lean(s) for s in content.statements}
    assert t.state.mode == "idle" and t.state.answers == ()


def test_without_a_date_the_result_is_kept_undated(engine: Engine, content: Content) -> None:
    t = play(engine, content, product_lean)
    assert t.state.results[0].date is None
    again = engine.step(t.state, CommandEvent("result"))
    assert plain(again).startswith(plain_text(content, "result_from_undated"))


def plain_text(content: Content, key: str, **values: object) -> str:
    from bot.content.html_check import strip_tags

    return strip_tags(content.text(key, **values))


def test_slash_result_shows_the_latest_again_and_changes_nothing(engine: Engine, content: Content) -> None:
    finished = play(engine, content, product_lean, today=dt.date(2026, 11, 3))
    t = engine.step(finished.state, CommandEvent("result"))
    assert place(t.state) == place(finished.state) and t.state.results == finished.state.results
    assert plain(t).startswith(plain_text(content, "result_from", date="3 November"))
    assert plain_text(content, "result_title_clear", role="Product management") in plain(t)
    assert t.replies[0].card == finished.replies[0].card


def test_result_as_a_menu_action_is_the_same_as_the_command(engine: Engine, content: Content) -> None:
    finished = play(engine, content, product_lean).state
    assert engine.step(finished, ButtonEvent(menu_data("result"))).replies == (
        engine.step(finished, CommandEvent("result")).replies
    )


def test_result_without_a_finished_quiz_offers_the_quiz(engine: Engine, content: Content) -> None:
    t = engine.step(SessionState(), CommandEvent("result"))
    assert plain(t) == plain_text(content, "no_result_yet")
    assert datas(t.replies[0]) == [menu_data("quiz")]


def test_result_mid_quiz_shows_the_result_then_the_statement_being_asked(engine: Engine, content: Content) -> None:
    finished = play(engine, content, product_lean).state
    mid = engine.step(finished, CommandEvent("quiz"))
    mid = engine.step(mid.state, ButtonEvent(answer_data(content.statements[0].id, "no")))
    t = engine.step(mid.state, CommandEvent("result"))
    assert len(t.replies) == 2 and is_question(content, t.replies[1], 1)
    assert place(t.state) == place(mid.state) and t.state.results == mid.state.results


def test_a_new_quiz_cancel_and_restart_keep_the_results_and_forget_drops_them(engine: Engine, content: Content) -> None:
    finished = play(engine, content, product_lean).state
    for event in (CommandEvent("quiz"), CommandEvent("restart"), CommandEvent("start", "quiz"), TextEvent("yes")):
        assert engine.step(finished, event).state.results == finished.results, event
    running = engine.step(finished, CommandEvent("quiz")).state
    assert engine.step(running, CommandEvent("cancel")).state.results == finished.results
    gone = engine.step(finished, CommandEvent("forget"))
    assert gone.forget and gone.state.results == ()


def test_a_second_result_says_how_the_scores_moved_since_the_first(engine: Engine, content: Content) -> None:
    first = play(engine, content, product_lean, today=dt.date(2026, 11, 3))
    second = play(engine, content, lambda s: "yes", first.state, dt.date(2026, 11, 29))
    second = engine.step(second.state, ButtonEvent(tiebreak_data("project_manager")), dt.date(2026, 11, 29))
    moved = plain_text(
        content,
        "result_moved",
        date="3 November",
        changes="Product management 100% → 100%, Project management 0% → 100%",
    )
    assert moved in plain(second)
    assert moved in plain(engine.step(second.state, CommandEvent("result")))


def test_only_the_last_results_are_kept(engine: Engine, content: Content) -> None:
    state = SessionState()
    for day in range(1, MAX_RESULTS + 3):
        state = play(engine, content, product_lean, state, dt.date(2026, 10, day)).state
    assert [r.date for r in state.results] == [f"2026-10-{d:02d}" for d in range(3, MAX_RESULTS + 3)]
    assert len(json.loads(state.to_json())["results"]) == MAX_RESULTS


def test_level_scores_ask_the_either_or_question_instead_of_naming_a_role(engine: Engine, content: Content) -> None:
    t = play(engine, content, lambda s: "somewhat")
    assert t.state.tiebreak and t.state.mode == "quiz" and t.state.results == ()
    [question] = t.replies
    assert plain_text(content, "tiebreak_question") == plain(t)
    assert datas(question) == [tiebreak_data(r.id) for r in content.roles] + [tiebreak_data(EVEN)]
    # Asked again after a digression, like any step of the quiz.
    assert engine.step(t.state, CommandEvent("help")).replies[-1] == question


def test_the_tie_break_answer_decides_which_role_comes_first(engine: Engine, content: Content) -> None:
    asked = play(engine, content, lambda s: "yes").state
    for role in content.roles:
        t = engine.step(asked, ButtonEvent(tiebreak_data(role.id)))
        first = plain(t).splitlines()[0]
        assert role.name in first and all(r.name not in first for r in content.roles if r != role)
        assert t.state.results[-1].verdict == role.id and t.state.results[-1].tiebreak == role.id
        assert t.edit_pressed and role.tiebreak_choice in t.edit_pressed.text


def test_an_even_tie_break_names_no_role_first(engine: Engine, content: Content) -> None:
    asked = play(engine, content, lambda s: "yes").state
    t = engine.step(asked, ButtonEvent(tiebreak_data(EVEN)))
    first = plain(t).splitlines()[0]
    assert first == plain_text(content, "result_title_even")
    assert t.state.results[-1].verdict is None
    assert t.replies[0].card is not None and t.replies[0].card.headline == content.text("card_headline_even")


def test_a_tie_break_press_that_does_not_fit_the_state_has_expired(engine: Engine, content: Content) -> None:
    asked = play(engine, content, lambda s: "yes").state
    for state, data in ((SessionState(), tiebreak_data(EVEN)), (asked, tiebreak_data("astronaut"))):
        t = engine.step(state, ButtonEvent(data))
        assert t.state == state and t.notice == content.text("stale_button_notice")
    done = engine.step(asked, ButtonEvent(tiebreak_data(EVEN))).state
    again = engine.step(done, ButtonEvent(tiebreak_data("product_manager")))  # a double tap
    assert again.state == done and again.notice == content.text("stale_button_notice")


def test_back_from_the_tie_break_returns_to_the_last_statement(engine: Engine, content: Content) -> None:
    asked = play(engine, content, lambda s: "yes").state
    t = engine.step(asked, CommandEvent("back"))
    assert not t.state.tiebreak and is_question(content, t.replies[-1], len(content.statements) - 1)


def test_all_no_is_not_a_tie_to_break(engine: Engine, content: Content) -> None:
    t = play(engine, content, lambda s: "no")
    assert not t.state.tiebreak and t.state.results[-1].verdict is None


def test_how_sure_is_said_in_words_from_the_gap_and_the_somewhat_answers(content: Content) -> None:
    def sureness(plan) -> str:
        answers = tuple((s.id, plan(s)) for s in content.statements)
        _, reply = finish(content, SessionState(answers=answers), tiebreak="product_manager")
        found = [
            k
            for k in ("high", "medium", "low", "weak")
            if plain_text(content, f"certainty_{k}") in plain_text_of(reply)
        ]
        assert len(found) == 1, reply.text
        return found[0]

    assert sureness(product_lean) == "high"  # 100% against 0%, every answer firm
    assert sureness(lambda s: "yes" if s.role == "product_manager" else "somewhat") == "medium"  # 100 / 50, hesitant
    assert sureness(lambda s: "somewhat") == "low"  # level
    assert sureness(lambda s: "yes" if s.id == "big_ideas_to_steps" else "no") == "weak"  # 20% against 0%
    assert sureness(lambda s: "somewhat") == "low"  # every answer hesitant


def plain_text_of(reply) -> str:
    from bot.content.html_check import strip_tags

    return strip_tags(reply.text)


def test_the_result_offers_a_share_button_that_opens_inline_sharing(engine: Engine, content: Content) -> None:
    t = play(engine, content, product_lean)
    share = [b for row in t.replies[0].buttons for b in row if b.switch_inline_query is not None]
    assert [b.label for b in share] == [content.text("button_share")] and share[0].data == ""


def test_a_quiz_state_with_a_stale_tiebreak_flag_is_fitted(engine: Engine, content: Content) -> None:
    bogus = SessionState(mode="quiz", position=2, answers=quiz_at(content, 2).answers, tiebreak=True)
    t = engine.step(bogus, CommandEvent("quiz"))
    assert not t.state.tiebreak and is_question(content, t.replies[-1], 2)


def test_a_typed_yes_during_the_tie_break_points_to_its_buttons_and_changes_no_answer(
    engine: Engine, content: Content
) -> None:
    asked = play(engine, content, lambda s: "yes").state
    t = engine.step(asked, TextEvent("yes"))
    assert t.state.answers == asked.answers and t.state.tiebreak
    assert t.replies[0].text == content.text("tiebreak_hint")
    assert datas(t.replies[-1]) == [tiebreak_data(r.id) for r in content.roles] + [tiebreak_data(EVEN)]


def test_why_after_a_result_offers_the_same_retake_buttons_as_the_result(engine: Engine, content: Content) -> None:
    finished = play(engine, content, product_lean)
    retake_row = finished.replies[0].buttons[-1]
    assert content.text("button_retake") in [b.label for b in retake_row]
    t = engine.step(finished.state, TextEvent("why?"))
    assert t.replies[0].text.startswith(content.text("result_why"))
    assert t.replies[0].buttons == (retake_row,), "retake, as the result offers, not 'take the quiz'"
    again = engine.step(t.state, ButtonEvent(menu_data("restart")))
    assert is_question(content, again.replies[-1], 0)


def test_a_wide_gap_between_two_low_scores_is_not_called_fairly_sure(engine: Engine, content: Content) -> None:
    # 50% product against 25% project: the gap is wide, but neither role scored high.
    product = [s.id for s in content.statements if s.role == "product_manager"]
    project = [s.id for s in content.statements if s.role == "project_manager"]
    plan = dict.fromkeys(product + project, "no")
    plan.update({product[0]: "yes", product[1]: "yes", product[2]: "somewhat", project[0]: "yes"})
    t = play(engine, content, lambda s: plan[s.id])
    assert t.state.results[-1].scores == (("product_manager", 50), ("project_manager", 25))
    shown = plain(t)
    for key in ("certainty_high", "certainty_medium", "certainty_low"):
        assert plain_text(content, key) not in shown, f"{key} does not describe two low scores"
    assert plain_text(content, "certainty_weak") in shown
    why = engine.step(t.state, TextEvent("why?"))
    assert plain_text(content, "certainty_weak") in plain(why), "the explanation says the same"
    assert t.replies[0].card is not None and t.replies[0].card.certainty == content.text("card_certainty_weak")


def test_an_old_results_retake_pressed_mid_quiz_asks_before_wiping_the_new_answers(
    engine: Engine, content: Content
) -> None:
    # A result stays on screen with its Retake button; tapped during the next quiz, it must
    # ask (as /restart does) rather than silently drop the answers given since.
    finished = play(engine, content, product_lean)
    retake = next(b for b in finished.replies[0].buttons[-1] if b.label == content.text("button_retake"))
    started = engine.step(finished.state, CommandEvent("quiz"))
    answered = engine.step(started.state, ButtonEvent(answer_data(content.statements[0].id, "no")))
    t = engine.step(answered.state, ButtonEvent(retake.data))
    assert t.state.answers == answered.state.answers and t.state.pending == "restart"
    assert t.replies[-1].text == content.text("confirm_restart", count=1)


def test_asking_to_share_in_words_shows_the_result_card_with_its_share_button(engine: Engine, content: Content) -> None:
    finished = play(engine, content, product_lean)
    for words in ("share my result", "How can I share it?"):
        t = engine.step(finished.state, TextEvent(words))
        assert t.replies[0].card == finished.replies[0].card
        share = [b for row in t.replies[0].buttons for b in row if b.switch_inline_query is not None]
        assert [b.label for b in share] == [content.text("button_share")]
