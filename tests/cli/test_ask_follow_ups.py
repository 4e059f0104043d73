"""Follow-ups as a user meets them in one chat (`ask --json --session`, the real FAQ model):
found by trying the bot as a user, each once answered with the wrong or a repeated topic."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import chats, require_faq, session


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_faq()
    return tmp_path_factory.mktemp("data")


def test_tell_me_more_stays_on_the_role_asked_about(data_dir: Path) -> None:
    first, more = session(data_dir, ["what does a project manager do?", "tell me more"])
    assert first["topic"] == "project_manager_role"
    assert more["topic"] == "project_manager_example", "more about project managers, not the general comparison"


def test_asking_about_one_role_after_the_comparison_does_not_repeat_it(data_dir: Path) -> None:
    compared, product = session(data_dir, ["pm vs pjm", "and what about product managers?"])
    assert compared["topic"] == "difference"
    assert product["topic"] == "product_manager_role", "the same comparison again, word for word, before the fix"


def test_a_subject_covering_both_roles_is_still_the_answer_for_one_of_them(data_dir: Path) -> None:
    pay, product_pay = session(data_dir, ["how much do project managers earn?", "and what about product managers?"])
    assert pay["topic"] == product_pay["topic"] == "salaries", "the pay answer covers product managers too"


def test_pmp_or_capm_is_about_project_management_whatever_the_chat_was_about(data_dir: Path) -> None:
    product, credentials = session(data_dir, ["what does a product manager do?", "PMP or CAPM?"])
    assert product["topic"] == "product_manager_role"
    assert credentials["topic"] == "pmp_vs_capm", "was product management certifications (the role in focus)"


def test_short_follow_ups_stay_on_the_topic_in_focus_or_move_next_to_it(data_dir: Path) -> None:
    # Each once got suggestions or the fallback: the follow-up names no subject of its own.
    pay, abroad = (r["topic"] for r in chats(data_dir, [["what does a product manager earn", "and in France?"]])[0])
    assert pay == abroad == "salaries", (pay, abroad)
    turns = chats(
        data_dir,
        [
            ["is project management a high pressure job", "and the weekly hours?"],
            ["what does a project manager do all day", "what about the overtime"],
            ["how do I get certified as a project manager", "which one can I finish faster"],
        ],
    )
    assert [[t["topic"] for t in chat] for chat in turns] == [
        ["stress_and_work_life", "stress_and_work_life"],
        ["project_manager_day", "stress_and_work_life"],
        ["project_management_certifications", "pmp_vs_capm"],
    ]


def test_the_same_topic_again_says_why_it_comes_again(data_dir: Path) -> None:
    [[_, again]] = chats(data_dir, [["how much are project managers paid", "what about in Australia"]])
    assert again["topic"] == "salaries"
    assert str(again["answer"]).startswith("<i>That is part of <b>Salaries"), again["answer"]


@pytest.mark.parametrize(
    "question, topic",
    [
        ("what's the PMBOK guide?", "pmbok_guide"),
        ("what does stakeholder mean?", "stakeholders"),
        ("I'm 47, is it too late to become a product manager?", "career_change_later"),
        ("how many hours a week does a project manager usually work?", "stress_and_work_life"),
    ],
)
def test_plain_questions_that_used_to_fall_through(data_dir: Path, question: str, topic: str) -> None:
    [said] = session(data_dir, [question])
    assert said["topic"] == topic, said


def test_a_short_follow_up_naming_its_own_subject_is_not_pulled_back_to_pay(data_dir: Path) -> None:
    # A country keeps a short follow-up on pay, but these name a subject of their own that the
    # matcher answers confidently; each got the pay answer again ("That is part of Salaries").
    turns = chats(
        data_dir,
        [
            ["how much do project managers earn?", "is agile used in germany?"],
            ["how much do project managers earn?", "stakeholders in the uk?"],
            ["how much do project managers earn?", "and in Germany?"],
        ],
    )
    assert [chat[1]["topic"] for chat in turns] == ["agile_and_scrum", "stakeholders", "salaries"]


def test_asking_which_exam_is_cheaper_gets_an_answer_that_speaks_of_cost(data_dir: Path) -> None:
    # The follow-up stays on PMP or CAPM (its focus words); the answer used to say nothing about
    # fees, so "here it is again" repeated a message that did not answer the question.
    [[_, cheaper]] = chats(data_dir, [["PMP or CAPM?", "which one is cheaper?"]])
    assert cheaper["topic"] == "pmp_vs_capm"
    assert "CAPM exam is cheaper" in str(cheaper["answer"]), cheaper["answer"]
