"""`python -m bot ask`: one answer as text, or one JSON object per stdin line. Needs bot.faq."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import require_faq, run_bot


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_faq()
    return tmp_path_factory.mktemp("data")


def test_ask_prints_the_answer_as_plain_text(data_dir: Path) -> None:
    done = run_bot(["ask", "what does a project manager do"], data_dir)
    assert done.returncode == 0, done.stderr
    assert "timelines" in done.stdout and "budget" in done.stdout
    assert "<b>" not in done.stdout


def test_ask_json_prints_one_object_per_line(data_dir: Path) -> None:
    questions = [
        "what does a project manager do",
        "how do product and project managers work together",
        "what's the capital of France",
    ]
    done = run_bot(["ask", "--json"], data_dir, stdin="\n".join(questions) + "\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == len(questions)
    records = [json.loads(line) for line in lines]
    for record in records:
        assert set(record) == {"topic", "suggestions", "score", "answer"}
        assert (
            isinstance(record["suggestions"], list) and isinstance(record["score"], (int, float)) and record["answer"]
        )
    assert records[0]["topic"] == "project_manager_role"
    assert "timelines" in records[0]["answer"]


def test_ask_json_with_a_question_argument_prints_one_object(data_dir: Path) -> None:
    done = run_bot(["ask", "--json", "what does a product manager do"], data_dir)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.strip().splitlines()
    assert json.loads(line)["topic"] == "product_manager_role"
