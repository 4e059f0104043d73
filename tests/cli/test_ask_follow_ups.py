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


def test_pmp_or_capm_is_about_project_management_whatever_the_chat_was_about(data_dir: Path) -> None:
    product, credentials = session(data_dir, ["what does a product manager do?", "PMP or CAPM?"])
    assert product["topic"] == "product_manager_role"
    assert credentials["topic"] == "pmp_vs_capm", "was product management certifications (the role in focus)"
