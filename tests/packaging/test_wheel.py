"""Installed the way servers install: a wheel, in a fresh venv, run from outside any checkout.
The content must come with the package (it used to stop with 'dialogues: content folder not
found'), and the model files with it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.matching import ROOT

pytestmark = pytest.mark.slow

IGNORED = shutil.ignore_patterns(
    ".venv", ".git", "data", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", ".cache"
)


def run(args: list[str | Path], cwd: Path, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), **env}
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def test_the_wheel_ships_the_content_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=IGNORED)  # build from a copy: the checkout stays untouched
    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", wheels], cwd=source)
    [wheel] = wheels.glob("rolefit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n.removeprefix("bot/_dialogues/") for n in names if n.startswith("bot/_dialogues/")}
    content = ROOT / "dialogues"
    assert shipped == {str(p.relative_to(content)) for p in content.rglob("*") if p.is_file()}, "all the content"
    assert "bot/faq/vendor/all_minilm_l6_v2/tokenizer.json" in names
    # The bot and nothing else: fake_telegram/ and benchmarks/ sit beside bot/ but are dev-only.
    assert {n.split("/")[0] for n in names if ".dist-info/" not in n} == {"bot"}

    # A fresh venv far from the checkout. The wheel goes in with pip; its heavy dependencies
    # (onnxruntime, numpy, PTB ...) are borrowed from the test's own environment through a
    # .pth line instead of downloaded again. That line only appends to sys.path, so the
    # editable install of the checkout living there (a finder set up by its own .pth) stays off.
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    run([venv / "bin" / "pip", "install", "-q", "--no-deps", wheel], cwd=tmp_path)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "server"
    elsewhere.mkdir()
    env = {"DATA_DIR": str(elsewhere / "data")}
    where = run([venv / "bin" / "python", "-c", "import bot; print(bot.__file__)"], cwd=elsewhere).stdout
    assert where.startswith(str(site)), f"bot imported from {where}, not from the installed wheel"

    validated = run([venv / "bin" / "rolefit", "validate"], cwd=elsewhere, **env).stdout
    assert str(site / "bot" / "_dialogues") in validated and ": OK (" in validated

    answer = run([venv / "bin" / "rolefit", "ask", "what does a project manager do"], cwd=elsewhere, **env).stdout
    assert "project manager" in answer.lower() and len(answer) > 100
