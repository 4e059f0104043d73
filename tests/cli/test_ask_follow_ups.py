"""Follow-ups as a user meets them in one chat (`ask --json --session`, the real FAQ model):
found by trying the bot as a user, each once answered with the wrong or a repeated topic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import require_faq, run_bot


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_faq()
    return tmp_path_factory.mktemp("data")


def session(data_dir: Path, lines: list[str]) -> list[dict[str, object]]:
    done = run_bot(["ask", "--json", "--session"], data_dir, stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.strip().splitlines()]


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
