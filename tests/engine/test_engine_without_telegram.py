"""The engine is pure: it imports and runs with the telegram package unavailable."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import importlib.abc, sys

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "telegram" or name.startswith("telegram."):
                raise ImportError(f"blocked: {name}")
            return None

    sys.meta_path.insert(0, Blocker())
    sys.modules.pop("telegram", None)

    import bot.engine, bot.recommend, bot.conversation, bot.store
    from pathlib import Path
    from bot.content import load_content
    from bot.engine import CommandEvent, Engine, SessionState

    class NoMatch:
        def match(self, text):
            raise AssertionError("not called")

    content = load_content(Path("dialogues"))
    t = Engine(content, NoMatch()).step(SessionState(), CommandEvent("quiz"))
    assert t.state.mode == "quiz"
    assert not any(m == "telegram" or m.startswith("telegram.") for m in sys.modules), "telegram was imported"
    try:
        import telegram
    except ImportError:
        print("OK")
    else:
        print("blocker did not work")
    """
)


def test_engine_imports_and_steps_with_telegram_unavailable() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "OK"
