"""The repository itself: a merge must never leave its conflict markers in a tracked file (one
did, in .ci/run, and every test still passed while CI could not even start)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)


def tracked_text_files() -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed.splitlines() if not name.endswith((".png", ".ttf", ".onnx"))]


def test_no_tracked_file_holds_a_merge_conflict_marker() -> None:
    found = []
    for path in tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        if MARKER.search(text):
            found.append(str(path.relative_to(ROOT)))
    assert found == []
