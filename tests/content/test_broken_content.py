"""One broken copy of dialogues/ per defect: loading refuses it, naming file, line and problem.

Each fixture copies the shipped content and changes exactly one thing, so the fixtures keep
tracking the real files (an edit that no longer applies fails loudly here).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content import ContentError, load_content
from tests.content.broken import DIALOGUES, Defect, assert_refused, broken_copy, line_of
from tests.content.defects import DEFECTS


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_broken_content_is_refused_naming_file_line_and_problem(tmp_path: Path, defect: Defect) -> None:
    assert_refused(tmp_path, defect)


def test_unknown_role_error_reads_as_the_design_promises(tmp_path: Path) -> None:
    folder, _ = broken_copy(
        tmp_path,
        "checklist.yaml",
        "  - id: tech_and_creative\n    role: product_manager\n",
        "  - id: tech_and_creative\n    role: prodct_manager\n",
    )
    with pytest.raises(
        ContentError, match=r"^dialogues/checklist\.yaml:\d+: statements\[4\]\.role: unknown role 'prodct_manager'"
    ):
        load_content(folder)


def test_the_unedited_copy_loads(tmp_path: Path) -> None:
    """Guards the fixtures: every failure above comes from the one edit, not from the copying."""
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    assert len(load_content(folder).topics) >= 15


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    (folder / "messages.yaml").unlink()
    with pytest.raises(ContentError, match=r"^dialogues/messages\.yaml: file is missing"):
        load_content(folder)


def test_small_talk_is_optional(tmp_path: Path) -> None:
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    (folder / "small_talk.yaml").unlink()
    content = load_content(folder)
    assert content.small_talk == ()


def test_language_data_is_optional_buttons_and_commands_still_work(tmp_path: Path) -> None:
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    (folder / "language.yaml").unlink()
    assert load_content(folder).language.commands == {}


def test_a_stray_brace_in_a_message_is_a_content_error(tmp_path: Path) -> None:
    folder, edited = broken_copy(
        tmp_path,
        "messages.yaml",
        'back_at_first: "This is already the first question."',
        'back_at_first: "This is already the first question }."',
    )
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert caught.value.line == line_of(edited, "back_at_first:")
    assert "messages.back_at_first" in str(caught.value)


def test_a_doubled_brace_is_shown_as_one_brace(tmp_path: Path) -> None:
    folder, _ = broken_copy(
        tmp_path,
        "messages.yaml",
        'back_at_first: "This is already the first question."',
        'back_at_first: "This is already the first question {{1}}."',
    )
    assert load_content(folder).text("back_at_first") == "This is already the first question {1}."
