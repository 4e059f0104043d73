"""Apply one update exactly once, on any number of replicas: read the chat's state and version,
step the engine, commit state and marker together; on CONFLICT step again on the fresh state.

The caller holds the chat's lease around apply() and the sending that follows, so replies keep
their order; correctness does not depend on the lease, only on the version check.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.conversation import Conversation
from bot.delivery import Delivery
from bot.engine import Event, Transition
from bot.engine.replies import Outcome
from bot.store.base import StoredSession
from bot.store.commit import SENT, ChatStore, Commit, StoreUnavailable

log = logging.getLogger(__name__)

MAX_CONFLICTS = 8  # a chat's version moving this often under one update means a stuck fleet
CONFLICT_BACKOFF = 0.01  # seconds, doubled per retry, with jitter

StepRunner = Callable[[Callable[[], Transition]], Awaitable[Transition]]


async def run_inline(step: Callable[[], Transition]) -> Transition:
    return step()


@dataclass(frozen=True)
class Applied:
    delivery: Delivery | None  # what to send now; None: nothing (already sent before)
    duplicate: bool = False  # the update had been applied before (a re-delivery)
    conflicts: int = 0  # times the step was run again on a fresher state
    outcome: Outcome | None = None  # what kind of reply the engine gave (None for a duplicate)
    question: int | None = None  # the chat's latest statement message when the update was applied


@dataclass
class UpdateApplier:
    conversation: Conversation
    store: ChatStore

    async def apply(
        self,
        chat_id: int,
        event: Event,
        update_id: int | None,
        run_step: StepRunner = run_inline,
        today: dt.date | None = None,
    ) -> Applied:
        """`run_step` runs the pure step: inline, or on a worker thread for typed text (FAQ model)."""
        for conflicts in range(MAX_CONFLICTS):
            snapshot = await self.store.read(chat_id, update_id)
            if snapshot.marker is not None:
                return _duplicate(snapshot.marker, conflicts, snapshot.question)
            transition = await run_step(functools.partial(self.conversation.step, snapshot.session.state, event, today))
            delivery = Delivery.of(transition)
            last = update_id if update_id is not None else snapshot.session.last_update_id
            session = None if transition.forget else StoredSession(transition.state, last)
            outcome = await self.store.commit(chat_id, update_id, snapshot.version, session, delivery.to_json())
            if outcome is Commit.APPLIED:
                return Applied(delivery, conflicts=conflicts, outcome=transition.outcome, question=snapshot.question)
            if outcome is Commit.DUPLICATE:  # applied elsewhere between our read and commit
                fresh = await self.store.read(chat_id, update_id)
                return _duplicate(fresh.marker or SENT, conflicts, fresh.question)
            log.info("chat %s: state moved during update %s; stepping again", chat_id, update_id)
            await asyncio.sleep(random.uniform(0.5, 1.5) * CONFLICT_BACKOFF * 2**conflicts)
        raise StoreUnavailable(f"chat {chat_id}: {MAX_CONFLICTS} conflicts in a row")


def _duplicate(marker: str, conflicts: int, question: int | None) -> Applied:
    """A re-delivery: state untouched. If its replies may not have gone out (the replica that
    applied it died before marking them sent), send them again."""
    delivery = None if marker == SENT else Delivery.from_json(marker)
    return Applied(delivery, duplicate=True, conflicts=conflicts, question=question)
