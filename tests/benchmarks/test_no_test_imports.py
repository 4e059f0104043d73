"""Benchmarks import nothing from tests/ (the brief: "benchmarks importing test helpers" is a
mistake). They did twice: the fake Bot API (now fake_telegram/) and conftest's TableMatcher.
Read with ast rather than grep, so imports inside functions count and comments and strings don't."""

from __future__ import annotations

import ast

from tests.matching import ROOT

BENCHMARKS = ROOT / "benchmarks"


def imported_modules(source: str) -> list[str]:
    """Every absolute module an import statement names, at any depth (function bodies too)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def is_test_module(name: str) -> bool:
    return name == "tests" or name.startswith("tests.")


def test_the_import_reader_sees_what_it_must() -> None:
    source = (
        "import tests\n"
        "import tests.conftest as c\n"
        "from tests.matching import ROOT  # at the top\n"
        "def later():\n"
        "    from tests import fake\n"
        "import testsuite\n"
        "from fake_telegram import FakeBotApi\n"
        "text = 'from tests import x'\n"
    )
    flagged = [name for name in imported_modules(source) if is_test_module(name)]
    assert flagged == ["tests", "tests.conftest", "tests.matching", "tests"]


def test_no_benchmark_imports_from_tests() -> None:
    modules = sorted(BENCHMARKS.rglob("*.py"))
    assert len(modules) > 5, f"benchmarks not found under {BENCHMARKS}"
    offenders = {
        str(path.relative_to(ROOT)): bad
        for path in modules
        if (bad := [name for name in imported_modules(path.read_text(encoding="utf-8")) if is_test_module(name)])
    }
    assert offenders == {}, "benchmarks must not import test helpers; shared code belongs outside tests/"
    # The fake Bot API is still what the end-to-end benchmark runs against, from its own package.
    assert "fake_telegram" in imported_modules((BENCHMARKS / "e2e_bench.py").read_text(encoding="utf-8"))
