"""Every module of the package imports on its own, first thing in a fresh interpreter: an import
cycle that only bites in one order (content -> engine -> content) fails here, not for a user."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def modules() -> list[str]:
    found = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        if "vendor" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found.append(name.removesuffix(".__init__"))
    return found


def import_alone(module: str) -> str | None:
    done = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True)
    return None if done.returncode == 0 else f"{module}: {done.stderr.strip().splitlines()[-1]}"


def test_every_module_imports_first_in_a_fresh_interpreter() -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = [f for f in pool.map(import_alone, modules()) if f]
    assert failures == []
