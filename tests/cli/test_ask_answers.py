"""Answers a careful user checked and found lacking (`python -m bot ask`, the real FAQ model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import require_faq, run_bot


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_faq()
    return tmp_path_factory.mktemp("data")


def ask(data_dir: Path, question: str) -> str:
    done = run_bot(["ask", question], data_dir)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_pay_outside_the_us_is_not_answered_with_us_figures_alone(data_dir: Path) -> None:
    answer = ask(data_dir, "how much does a project manager earn in Germany?")
    assert "$94,500" in answer, "the pay topic"
    assert "Other countries" in answer and "local currency" in answer, "says where figures for other countries are"


def test_a_kanban_question_gets_an_answer_that_explains_kanban(data_dir: Path) -> None:
    answer = ask(data_dir, "scrum or kanban, which one do teams use?")
    assert "Kanban" in answer and "work in progress" in answer
    assert "Geekyscript" in answer, "the Kanban sentence names its source"


@pytest.mark.parametrize("question", ["wat does a pjm do", "how do I become a pjm"])
def test_pjm_is_read_as_project_manager_not_product_manager(data_dir: Path, question: str) -> None:
    done = run_bot(["ask", "--json", question], data_dir)
    assert done.returncode == 0, done.stderr
    topic = json.loads(done.stdout)["topic"]
    assert topic in ("project_manager_role", "become_project_manager"), f"was a product-manager topic: {topic}"
