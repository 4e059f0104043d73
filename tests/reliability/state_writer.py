"""Helper process for test_kill: save states to a SqliteStore as fast as it can, forever.

    python -m tests.reliability.state_writer DB_PATH FIRST

State number i goes to chat CHATS[i % len(CHATS)] with last_update_id i, and its content is
a function of i alone (`state_for`), so a test can tell whether a row it reads is exactly a
state that was written. After each save returns, i is printed on its own line.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

from bot.engine.state import SessionState
from bot.store import SqliteStore, StoredSession

CHATS = (1001, 1002, 1003)
ANSWERS = 40  # a row of about 2 KB, so a write spans several pages of the WAL


def state_for(i: int) -> SessionState:
    return SessionState(
        mode="quiz",
        position=i % 11,
        answers=tuple((f"statement_{k:02d}", f"answer_{i}_{k}") for k in range(ANSWERS)),
    )


def main() -> None:
    path, first = Path(sys.argv[1]), int(sys.argv[2])
    store = SqliteStore(path)
    out = sys.stdout.fileno()
    for i in itertools.count(first):
        store.save(CHATS[i % len(CHATS)], StoredSession(state_for(i), i))
        os.write(out, b"%d\n" % i)  # unbuffered: a line means that save had returned


if __name__ == "__main__":
    main()
