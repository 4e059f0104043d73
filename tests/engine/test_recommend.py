"""Scoring the checklist, and the result message a user reads."""

from __future__ import annotations

import re

import pytest

from bot.content import Content
from bot.content.html_check import strip_tags
from bot.engine.render import result
from bot.recommend import recommend
from tests.engine.helpers import datas, menu_data, topic_data

PRODUCT, PROJECT = "product_manager", "project_manager"


def answers(content: Content, product: list[str], project: list[str]) -> dict[str, str]:
    """Answers by role, each list in the order the role's statements are asked."""
    mine = {role: [s.id for s in content.statements if s.role == role] for role in (PRODUCT, PROJECT)}
    assert len(product) == len(mine[PRODUCT]) and len(project) == len(mine[PROJECT])
    return dict(zip(mine[PRODUCT], product, strict=False)) | dict(zip(mine[PROJECT], project, strict=False))


def shown(content: Content, given: dict[str, str]) -> list[str]:
    return strip_tags(result(content, recommend(content, given)).text).splitlines()


def percent_of(rec, role: str) -> float:
    return next(s.percent for s in (rec.best, *rec.others) if s.role.id == role)


def test_all_yes_is_a_tie_at_100_settled_the_same_way_every_time(content: Content) -> None:
    given = answers(content, ["yes"] * 5, ["yes"] * 4)
    recs = [recommend(content, given) for _ in range(3)]
    assert {r.best.role.id for r in recs} == {PRODUCT}  # more firm yeses (5 vs 4) settle the tie
    rec = recs[0]
    assert rec.tie and rec.close
    assert percent_of(rec, PRODUCT) == percent_of(rec, PROJECT) == 100.0
    lines = shown(content, given)
    assert any(line.endswith("100% Product management") for line in lines)
    assert any(line.endswith("100% Project management") for line in lines)
    assert lines[1] == strip_tags(content.text("result_tie_note", role="Product management", person="product manager"))


def test_a_tie_shows_what_draws_the_user_to_each_role(content: Content) -> None:
    # product 5 x somewhat = 50%; project 2 yes + 2 no = 50%: both fit equally, so both say why.
    given = answers(content, ["somewhat"] * 5, ["yes", "no", "yes", "no"])
    rec = recommend(content, given)
    assert rec.best.role.id == PROJECT
    assert {r.statement.role for r in rec.reasons} == {PROJECT}
    assert {r.statement.role for r in rec.level_reasons} == {PRODUCT} and len(rec.level_reasons) == 3
    lines = shown(content, given)
    heading = strip_tags(content.text("result_reasons_level", role="Product management"))
    assert heading in lines
    after = lines[lines.index(heading) + 1 :]
    somewhat = content.answer_option("somewhat").label
    for reason in rec.level_reasons:
        assert strip_tags(content.text("result_reason_line", answer=somewhat, reason=reason.statement.reason)) in after


def test_a_clear_or_close_result_gives_only_the_recommended_roles_reasons(content: Content) -> None:
    for product, project in (
        (["yes"] * 5, ["no"] * 4),
        (["yes", "yes", "yes", "no", "no"], ["yes", "yes", "somewhat", "no"]),
    ):
        given = answers(content, product, project)
        rec = recommend(content, given)
        assert not rec.tie and rec.level_reasons == ()
        heading = strip_tags(content.text("result_reasons_level", role=rec.runner_up.role.name))
        assert heading not in shown(content, given)


def test_all_no_names_no_role_and_offers_the_comparison(content: Content) -> None:
    given = answers(content, ["no"] * 5, ["no"] * 4)
    rec = recommend(content, given)
    assert rec.best.percent == 0 and rec.weak and rec.reasons == ()
    reply = result(content, recommend(content, given))
    text = strip_tags(reply.text)
    lines = text.splitlines()
    assert lines[0] == strip_tags(content.text("result_title_none"))
    assert not any(role.name in lines[0] for role in content.roles)
    assert strip_tags(content.text("result_weak_note")) in text
    assert "0% Product management" in text and "0% Project management" in text
    assert strip_tags(content.text("result_reasons")) not in text  # nothing weighed: no empty list
    assert strip_tags(content.roles[0].summary) not in text  # no role is described as the fit
    assert datas(reply) == [menu_data("compare"), "", menu_data("restart"), menu_data("menu")]  # "": Share


def test_a_low_best_score_is_only_a_tentative_lean(content: Content) -> None:
    # project 1 yes + 1 somewhat = 3/8 = 37.5%, product 1 yes = 2/10 = 20%: a lead, but a weak one.
    given = answers(content, ["yes", "no", "no", "no", "no"], ["yes", "somewhat", "no", "no"])
    rec = recommend(content, given)
    assert rec.best.role.id == PROJECT and rec.weak and not rec.close
    reply = result(content, rec)
    assert strip_tags(reply.text).splitlines()[0] == strip_tags(
        content.text("result_title_weak", role="Project management")
    )
    assert datas(reply)[0] == menu_data("compare")


def test_a_tie_says_so_in_its_title_and_offers_a_next_step_for_each_role(content: Content) -> None:
    given = answers(content, ["yes"] * 5, ["yes"] * 4)
    lines = shown(content, given)
    assert lines[0] == strip_tags(content.text("result_title_tie", role="Product management"))
    shown_data = datas(result(content, recommend(content, given)))
    assert shown_data[0] == menu_data("compare")
    firsts = [topic_data(role.next_topics[0]) for role in content.roles]
    assert shown_data[1:3] == firsts


def test_product_only_yes_recommends_product_clearly(content: Content) -> None:
    given = answers(content, ["yes"] * 5, ["no"] * 4)
    rec = recommend(content, given)
    assert rec.best.role.id == PRODUCT and not rec.close and rec.gap == 100
    assert shown(content, given)[0] == strip_tags(content.text("result_title_clear", role="Product management"))


def test_project_only_yes_recommends_project_clearly(content: Content) -> None:
    given = answers(content, ["no"] * 5, ["yes"] * 4)
    rec = recommend(content, given)
    assert rec.best.role.id == PROJECT and not rec.close
    lines = shown(content, given)
    assert lines[0] == strip_tags(content.text("result_title_clear", role="Project management"))
    assert strip_tags(content.roles[1].summary) in lines


def test_a_close_result_says_both_fit_and_names_the_leaning(content: Content) -> None:
    # product 9/10 = 90%, project 8/8 = 100%: 10 points apart.
    given = answers(content, ["yes", "yes", "yes", "yes", "somewhat"], ["yes"] * 4)
    rec = recommend(content, given)
    assert rec.best.role.id == PROJECT and rec.close and not rec.tie and rec.gap == pytest.approx(10)
    lines = shown(content, given)
    assert lines[0] == strip_tags(content.text("result_title_close", role="Project management"))
    assert lines[1] == strip_tags(
        content.text("result_close_note", role="Project management", person="project manager")
    )


def test_a_gap_over_ten_points_is_a_clear_result(content: Content) -> None:
    # product 10/10 = 100%, project 7/8 = 87.5%.
    given = answers(content, ["yes"] * 5, ["yes", "yes", "yes", "somewhat"])
    rec = recommend(content, given)
    assert rec.best.role.id == PRODUCT and not rec.close
    assert shown(content, given)[0] == strip_tags(content.text("result_title_clear", role="Product management"))


def test_an_exact_tie_goes_to_the_role_with_more_firm_yeses(content: Content) -> None:
    # product 5 x somewhat = 5/10 = 50% (no firm yes); project 2 yes + 2 no = 4/8 = 50% (two firm yeses).
    given = answers(content, ["somewhat"] * 5, ["yes", "no", "yes", "no"])
    rec = recommend(content, given)
    assert rec.tie and percent_of(rec, PRODUCT) == percent_of(rec, PROJECT) == 50
    assert rec.best.role.id == PROJECT
    lines = shown(content, given)
    assert "Project management" in lines[0]
    assert lines[1] == strip_tags(content.text("result_tie_note", role="Project management", person="project manager"))


def test_scores_are_shares_of_each_roles_maximum(content: Content) -> None:
    # product 3 yes = 6 of 10 points (60%); project 2 yes + 1 somewhat = 5 of 8 points (62.5%).
    given = answers(content, ["yes", "yes", "yes", "no", "no"], ["yes", "yes", "somewhat", "no"])
    rec = recommend(content, given)
    assert rec.best.role.id == PROJECT  # fewer raw points (5 < 6), larger share
    assert rec.best.points == 5 and rec.best.maximum == 8 and rec.best.percent == 62.5
    assert rec.others[0].points == 6 and rec.others[0].maximum == 10 and rec.others[0].percent == 60


def test_unanswered_statements_count_as_zero(content: Content) -> None:
    rec = recommend(content, {content.statements[0].id: "yes"})
    assert rec.best.role.id == PRODUCT and rec.best.percent == 20


@pytest.mark.parametrize(
    "product, project",
    [
        (["yes"] * 5, ["no"] * 4),
        (["no"] * 5, ["yes"] * 4),
        (["yes"] * 5, ["yes"] * 4),
        (["somewhat"] * 5, ["yes", "no", "yes", "no"]),
        (["yes", "yes", "yes", "yes", "somewhat"], ["yes"] * 4),
    ],
)
def test_the_first_line_names_the_recommended_role_and_only_that_role(content: Content, product, project) -> None:
    given = answers(content, product, project)
    rec = recommend(content, given)
    first = shown(content, given)[0]
    other = next(r for r in content.roles if r.id != rec.best.role.id)
    assert rec.best.role.name in first and other.name not in first
    assert rec.best.role.person not in first.replace(rec.best.role.name, "") and other.person not in first


def test_reasons_are_the_best_roles_statements_answered_yes_first(content: Content) -> None:
    product_ids = [s.id for s in content.statements if s.role == PRODUCT]
    given = answers(content, ["somewhat", "no", "yes", "somewhat", "yes"], ["yes", "yes", "no", "no"])
    rec = recommend(content, given)
    assert rec.best.role.id == PRODUCT  # 6/10 = 60% vs 4/8 = 50%
    assert [r.statement.id for r in rec.reasons] == [
        product_ids[2],
        product_ids[4],
        product_ids[0],
    ]  # yes, yes, then somewhat
    assert [r.answer_id for r in rec.reasons] == ["yes", "yes", "somewhat"]
    assert all(r.statement.role == PRODUCT for r in rec.reasons)

    lines = shown(content, given)
    start = lines.index(strip_tags(content.text("result_reasons"))) + 1
    reason_lines = lines[start : start + 3]
    yes, somewhat = content.answer_option("yes").label, content.answer_option("somewhat").label
    expected = [(yes, rec.reasons[0]), (yes, rec.reasons[1]), (somewhat, rec.reasons[2])]
    assert reason_lines == [
        strip_tags(content.text("result_reason_line", answer=label, reason=r.statement.reason)) for label, r in expected
    ]
    # A project statement answered Yes is not given as a reason for product.
    project_reasons = {s.reason for s in content.statements if s.role == PROJECT}
    assert not any(r in line for line in lines for r in project_reasons)


def test_no_answers_weighing_zero_are_given_as_reasons(content: Content) -> None:
    given = answers(content, ["no", "no", "no", "no", "somewhat"], ["no"] * 4)
    rec = recommend(content, given)
    assert [r.answer_id for r in rec.reasons] == ["somewhat"]


@pytest.mark.parametrize(
    "product, project, bars",
    [
        (["yes"] * 5, ["no"] * 4, {"Product management": (10, 100), "Project management": (0, 0)}),
        (
            ["yes", "yes", "yes", "no", "no"],
            ["yes", "yes", "somewhat", "no"],
            {"Project management": (6, 62.5), "Product management": (6, 60)},
        ),
        (
            ["somewhat"] * 5,
            ["yes", "yes", "yes", "somewhat"],
            {"Project management": (9, 87.5), "Product management": (5, 50)},
        ),
    ],
)
def test_scores_are_shown_as_ten_character_text_bars(content: Content, product, project, bars) -> None:
    lines = shown(content, answers(content, product, project))
    bar_lines = [line for line in lines if re.fullmatch(r"[█░]{10} \d+% .+", line)]
    assert len(bar_lines) == 2
    found = {}
    for line in bar_lines:
        bar, percent, name = re.fullmatch(r"([█░]{10}) (\d+)% (.+)", line).groups()
        assert bar == "█" * bar.count("█") + "░" * bar.count("░")  # filled part first
        found[name] = (bar.count("█"), int(percent))
    assert {name: filled for name, (filled, _) in found.items()} == {name: filled for name, (filled, _) in bars.items()}
    for name, (_, exact) in bars.items():
        assert abs(found[name][1] - exact) <= 0.5, f"{name}: shows {found[name][1]}%, is {exact}%"
    # The recommended role's bar comes first.
    assert bar_lines[0].endswith(next(iter(bars)))
