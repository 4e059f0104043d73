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
        assert set(record) == {"topic", "action", "command", "suggestions", "score", "answer"}
        assert isinstance(record["suggestions"], list) and record["answer"]
        assert record["score"] is None or isinstance(record["score"], (int, float))  # None: no matcher was asked
    # `topic` and `action` say what the bot really answered, not what a matcher guessed.
    assert records[0]["topic"] == "project_manager_role" and records[0]["action"] == "answer"
    assert "timelines" in records[0]["answer"]
    assert records[2]["topic"] is None and records[2]["action"] in ("fallback", "decline")


def test_ask_json_session_follows_one_chat_and_a_blank_line_starts_another(data_dir: Path) -> None:
    lines = ["what does a project manager do all day", "and what about product managers?", "", "help", "tell me more"]
    done = run_bot(["ask", "--json", "--session"], data_dir, stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    first, follow_up, command, fresh = (json.loads(line) for line in done.stdout.strip().splitlines())
    assert first["topic"] == "project_manager_day"
    assert follow_up["topic"] == "product_manager_day", "the follow-up leans on the turn before: its counterpart"
    assert command["action"] == "command" and command["command"] == "help"
    assert fresh["topic"] is None, "a new chat has nothing to tell more about"


def test_ask_json_without_session_asks_every_line_in_a_fresh_chat(data_dir: Path) -> None:
    lines = ["what does a project manager do all day", "tell me more"]
    done = run_bot(["ask", "--json"], data_dir, stdin="\n".join(lines) + "\n")
    second = json.loads(done.stdout.strip().splitlines()[1])
    assert second["topic"] is None and second["action"] == "suggest", "nothing was said before in that chat"


def test_ask_json_with_a_question_argument_prints_one_object(data_dir: Path) -> None:
    done = run_bot(["ask", "--json", "what does a product manager do"], data_dir)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.strip().splitlines()
    assert json.loads(line)["topic"] == "product_manager_role"
