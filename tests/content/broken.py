"""Broken copies of dialogues/: one defect each, and where the loader must say it is."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.content import ContentError, load_content

DIALOGUES = Path(__file__).resolve().parents[2] / "dialogues"


@dataclass(frozen=True)
class Defect:
    name: str
    file: str
    old: str  # must occur exactly once in the shipped file
    new: str
    path: str  # the YAML path the error must name
    problem: str  # words the error must contain
    anchor: str | None = None  # text on the line the error must name (default: `new`)


def line_of(text: str, anchor: str) -> int:
    offset = text.find(anchor)
    assert offset >= 0 and text.find(anchor, offset + 1) < 0, f"anchor {anchor!r} must occur exactly once"
    # An anchor starting with the line's own indentation begins on its own line.
    return text.count("\n", 0, offset) + 1


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> tuple[Path, str]:
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    original = (folder / file).read_text(encoding="utf-8")
    assert original.count(old) == 1, f"the fixture edit no longer applies to dialogues/{file}: {old!r}"
    edited = original.replace(old, new)
    (folder / file).write_text(edited, encoding="utf-8")
    return folder, edited


def assert_refused(tmp_path: Path, defect: Defect) -> None:
    """Loading the copy with `defect` fails with an error naming its file, line, path and problem."""
    folder, edited = broken_copy(tmp_path, defect.file, defect.old, defect.new)
    expected_line = line_of(edited, (defect.anchor or defect.new).strip("\n"))

    with pytest.raises(ContentError) as caught:
        load_content(folder)

    error = caught.value
    message = str(error)
    assert error.file == f"dialogues/{defect.file}"
    assert error.line == expected_line, message
    assert message.startswith(f"dialogues/{defect.file}:{expected_line}: "), message
    if defect.path:
        assert f": {defect.path}: " in message, message
    assert defect.problem in message, message
