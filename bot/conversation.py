"""The loop every channel shares: load the chat's state, step the engine, save, then reply.

Saving comes before replying (DESIGN rule 3): a lost reply is repaired by showing the step
again; lost state is not repairable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.engine import Engine, Event, Transition
from bot.store import SessionStore, StoredSession


@dataclass
class Conversation:
    engine: Engine
    store: SessionStore

    def handle(
        self, chat_id: int, event: Event, update_id: int | None = None, today: dt.date | None = None
    ) -> Transition | None:
        """Apply one event; None when `update_id` was already applied (a re-delivered update).
        `today` is the user's date, kept with a result this event finishes."""
        stored = self.store.load(chat_id)
        if update_id is not None and stored.last_update_id is not None and update_id <= stored.last_update_id:
            return None
        transition = self.engine.step(stored.state, event, today)
        if transition.forget:
            self.store.delete(chat_id)
        elif transition.changed or update_id is not None:
            self.store.save(
                chat_id, StoredSession(transition.state, update_id if update_id is not None else stored.last_update_id)
            )
        return transition
