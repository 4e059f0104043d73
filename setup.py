"""Ships the content with the package: dialogues/ stays at the top of the repository (the
project's layout), and the wheel carries a copy as bot/_dialogues/, which bot.config finds
when no checkout is around. Everything else about the build is in pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithContent(build_py):
    def run(self) -> None:
        super().run()
        source = ROOT / "dialogues"
        target = Path(self.build_lib) / "bot" / "_dialogues"
        for path in sorted(source.rglob("*")):  # subfolders too (dialogues/topics/)
            if path.is_file() and not path.name.startswith("."):
                destination = target / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                self.copy_file(str(path), str(destination))


setup(cmdclass={"build_py": BuildPyWithContent})
