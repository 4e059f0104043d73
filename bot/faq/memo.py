"""A bounded least-recently-used memo: normalised question (and how it was matched) -> Match.

People ask the same few things in the same few words ("what does a pm do"), so a matcher
answers a repeat from memory instead of running the model again. The bound keeps memory
flat however many distinct questions arrive; the oldest unused entry goes first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from bot.faq.types import Match


class LruMemo:
    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._items: OrderedDict[Hashable, Match] = OrderedDict()
        # The bot matches on one worker thread, but the matcher is also shared with the CLI and
        # benchmarks; a lock keeps the order and the bound right whoever calls.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> Match | None:
        with self._lock:
            match = self._items.get(key)
            if match is not None:
                self._items.move_to_end(key)
            return match

    def put(self, key: Hashable, match: Match) -> None:
        with self._lock:
            self._items[key] = match
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
