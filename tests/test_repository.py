"""The repository itself: a merge must never leave its conflict markers in a tracked file (one
did, in .ci/run, and every test still passed while CI could not even start)."""

from __future__ import annotations

import ast
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


def private_telegram_imports(source: str) -> list[str]:
    """Modules under `telegram._...` that a source file imports: PTB's private API, which a minor
    release may move (the transport once imported `telegram._utils` for a type hint)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return [n for n in names if n.startswith("telegram.") and any(p.startswith("_") for p in n.split(".")[1:])]


def test_no_code_imports_private_ptb_modules() -> None:
    found = {
        str(path.relative_to(ROOT)): private
        for folder in ("bot", "fake_telegram", "benchmarks", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if (private := private_telegram_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_private_import_check_sees_both_import_forms() -> None:
    assert private_telegram_imports("from telegram._utils.types import ODVInput") == ["telegram._utils.types"]
    assert private_telegram_imports("import telegram._bot\nfrom telegram.ext import Application") == ["telegram._bot"]
