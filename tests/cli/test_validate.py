"""`python -m bot validate`: OK on the shipped content, a named file and line on a broken copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.content import load_content
from tests.cli.helpers import DIALOGUES, run_bot


def test_validate_accepts_the_shipped_dialogues(tmp_path: Path) -> None:
    done = run_bot(["validate"], tmp_path)
    assert done.returncode == 0, done.stderr
    # The count comes from the content itself: a hard-coded 41 broke when main added a topic.
    topics = len(load_content(DIALOGUES).topics)
    assert "OK" in done.stdout and f"{topics} topics" in done.stdout and "9 statements" in done.stdout
    assert done.stderr == ""


def test_validate_accepts_an_explicit_folder(tmp_path: Path) -> None:
    done = run_bot(["validate", str(DIALOGUES)], tmp_path)
    assert done.returncode == 0, done.stderr


def test_validate_refuses_a_broken_copy_naming_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    checklist = folder / "checklist.yaml"
    text = checklist.read_text(encoding="utf-8")
    old = "  - id: coordinate_departments\n    role: project_manager\n"
    assert text.count(old) == 1
    checklist.write_text(
        text.replace(old, "  - id: coordinate_departments\n    role: projct_manager\n"), encoding="utf-8"
    )
    line = text[: text.index(old)].count("\n") + 2

    done = run_bot(["validate", str(folder)], tmp_path)

    assert done.returncode != 0
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert f"dialogues/checklist.yaml:{line}: statements[3].role: unknown role 'projct_manager'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_validate_refuses_a_missing_folder(tmp_path: Path) -> None:
    done = run_bot(["validate", str(tmp_path / "nowhere")], tmp_path)
    assert done.returncode != 0
    assert "not found" in done.stderr and "Traceback" not in done.stderr


def test_validate_refuses_a_figure_without_a_dated_source(tmp_path: Path) -> None:
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    careers = folder / "topics" / "careers.yaml"
    text = careers.read_text(encoding="utf-8")
    old = "median wage for project management specialists: $94,500"
    assert text.count(old) == 1
    broken = text.replace(old, "median wage for project management specialists: $99,999")
    careers.write_text(broken, encoding="utf-8")

    done = run_bot(["validate", str(folder)], tmp_path)

    assert done.returncode != 0
    assert "dialogues/topics/careers.yaml:" in done.stderr
    assert "the figure '99999' is in no fact of a dated source" in done.stderr
