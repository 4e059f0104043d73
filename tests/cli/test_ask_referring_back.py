"""Follow-ups that lean on the last answer, as a user meets them in one chat (`ask --json
--session`, the real FAQ model). Each was a gap kept in tests/evaluate/fixture_conversations.yaml
or found by trying the bot; tests/understand/test_referring_back.py tests the reading alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import chats, require_faq


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_faq()
    return tmp_path_factory.mktemp("data")


def test_that_compared_with_a_role_stays_on_the_subject_just_explained(data_dir: Path) -> None:
    # Read alone, each is about project managers; after the scrum master or the program manager
    # "that" is the role just explained, whose answer is its comparison with project managers.
    turns = chats(
        data_dir,
        [
            ["who is a scrum master", "so is that the same thing as a project manager?"],
            ["explain program management", "how does that differ from a project manager"],
        ],
    )
    assert [[t["topic"] for t in chat] for chat in turns] == [
        ["scrum_master", "scrum_master"],
        ["program_manager", "program_manager"],
    ]


def test_a_credential_after_the_pmbok_gets_the_credential(data_dir: Path) -> None:
    # "the PMP" was read as "project managers", so the PMBOK answer came again.
    [[pmbok, pmp]] = chats(data_dir, [["what's PMBOK", "and what about the PMP?"]])
    assert (pmbok["topic"], pmp["topic"]) == ("pmbok_guide", "pmp_vs_capm")


def test_which_is_better_after_agile_compares_it_with_waterfall(data_dir: Path) -> None:
    # Read alone it asks which role is better for me, and the checklist was offered.
    turns = chats(
        data_dir, [["what's waterfall", "and agile?", "which one is better?"], ["PMP or CAPM", "which is better"]]
    )
    assert [chat[-1]["topic"] for chat in turns] == ["waterfall_and_agile", "pmp_vs_capm"]


def test_how_would_i_switch_after_product_or_project_gets_a_way_in(data_dir: Path) -> None:
    # No role in focus and the matcher lost alone: it fell back to "I can't help with that".
    [[choosing, switch]] = chats(data_dir, [["I'm a software developer, product or project?", "how would I switch"]])
    assert choosing["topic"] == "quiz"
    assert switch["topic"] in ("switch_into_product_management", "switch_into_project_management"), switch


def test_a_follow_up_to_suggestions_leans_on_the_offer_not_the_answer_before(data_dir: Path) -> None:
    # "is the job hard on you" gets only suggestions, stress first; the follow-up leaned on the
    # day shown before it and got the day again.
    # Likewise "which one is quicker to earn" after the certificates offered got pay.
    [[day, offer, days], [certificates, quicker]] = chats(
        data_dir,
        [
            ["what does a project manager do all day", "is the job hard on you", "how long are the days?"],
            ["what certifications are there", "which one is quicker to earn"],
        ],
    )
    assert day["topic"] == "project_manager_day"
    assert offer["action"] == "suggest" and offer["suggestions"][0] == "stress_and_work_life", offer
    assert days["topic"] == "stress_and_work_life", days
    assert certificates["action"] == "suggest", certificates
    assert quicker["topic"] == "pmp_vs_capm", quicker
