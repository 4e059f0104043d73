"""One update, start to finish, for polling and webhook alike: decode, hold the chat's lease,
apply the update exactly once (state committed first), then answer, edit and send."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from telegram import Update

from bot.apply import Applied, UpdateApplier
from bot.card import render_card
from bot.channels.telegram.codec import Incoming, decode
from bot.channels.telegram.flood import FloodGate
from bot.channels.telegram.inline import CACHE_SECONDS, asker, inline_results
from bot.channels.telegram.metrics import Metrics
from bot.channels.telegram.sender import Sender
from bot.conversation import Conversation
from bot.engine import Reply, SessionState, TextEvent, Transition
from bot.engine.replies import QUESTION, Card
from bot.engine.share import offer
from bot.store.commit import FORGET_QUESTION, ChatStore, StoreUnavailable

log = logging.getLogger(__name__)


class TelegramChannel:
    def __init__(
        self,
        conversation: Conversation,
        store: ChatStore,
        sender: Sender,
        flood: FloodGate | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.conversation = conversation
        self.store = store
        self.applier = UpdateApplier(conversation, store)
        self.sender = sender
        self.flood = flood
        self.metrics = metrics or Metrics()
        # Free text goes through the FAQ model (~5 ms of CPU) off the event loop, one at a time:
        # parallel model runs would take both cores and starve the loop serving everyone else.
        self._text_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rolefit-text")

    def close(self) -> None:
        self._text_worker.shutdown(wait=True)

    async def handle(self, update: Update, bot_username: str | None) -> None:
        """Raises StoreUnavailable when the store cannot be reached: nothing was sent then, and
        the update may be delivered again (webhook: answer 503; Telegram retries)."""
        started = time.perf_counter()
        if update.inline_query is not None:
            self.metrics.updates.labels("inline").inc()
            await self._on_inline_query(update, bot_username or "")
            return
        incoming = decode(update, bot_username)
        query = update.callback_query
        self.metrics.count_update(update, incoming)
        if incoming is None:
            if query is not None:
                await self.sender.answer_callback(query.id, None)
            return
        if self.flood is not None and not await self._admitted(incoming, update):
            return
        async with self.store.lease(incoming.chat_id, incoming.update_id):
            applied = await self._apply(incoming)
            if applied.duplicate:
                again = ", sending its replies again" if applied.delivery else ""
                log.info("update %s: already applied%s", update.update_id, again)
            if applied.delivery is not None:
                question = await self._deliver(incoming.chat_id, update, applied)
                await self._mark_sent(incoming.chat_id, update.update_id, question)
            elif query is not None:
                await self.sender.answer_callback(query.id, None)
        self.metrics.update_seconds.observe(time.perf_counter() - started)

    async def _apply(self, incoming: Incoming) -> Applied:
        run_step = self._run_text if isinstance(incoming.event, TextEvent) else self._run_inline
        # The user's date for a result this update finishes. Callback queries carry no date of
        # their own, so the clock is the one source for every kind of update.
        today = dt.datetime.now(dt.UTC).date()
        try:
            applied = await self.applier.apply(incoming.chat_id, incoming.event, incoming.update_id, run_step, today)
        except StoreUnavailable:
            self.metrics.store_errors.inc()
            raise
        self.metrics.conflicts.inc(applied.conflicts)
        if applied.duplicate:
            self.metrics.duplicates.inc()
        if applied.outcome is not None:
            self.metrics.count_outcome(applied.outcome)
        return applied

    async def _run_inline(self, step: Callable[[], Transition]) -> Transition:
        with self.metrics.step_seconds.time():
            return step()

    async def _run_text(self, step: Callable[[], Transition]) -> Transition:
        return await asyncio.get_running_loop().run_in_executor(self._text_worker, self._timed, step)

    def _timed(self, step: Callable[[], Transition]) -> Transition:
        with self.metrics.step_seconds.time():
            return step()

    async def _deliver(self, chat_id: int, update: Update, applied: Applied) -> int | None:
        """Answer, edit and send; returns what mark_sent should record as the chat's latest
        statement message (None: unchanged, FORGET_QUESTION: none)."""
        delivery = applied.delivery
        assert delivery is not None
        latest: int | None = None
        query = update.callback_query
        if delivery.forget:
            self.sender.forget(chat_id)
        if query is not None:
            # The state is saved. Stopping the spinner and retiring the pressed question go
            # out together, and both land before the next message, so the old buttons are
            # gone by the time the next question shows.
            calls = [self.sender.answer_callback(query.id, delivery.notice)]
            pressed = query.message.message_id if query.message is not None else None
            if delivery.edit_pressed and pressed is not None:
                calls.append(self.sender.edit(chat_id, pressed, delivery.edit_pressed))
                if delivery.edit_pressed.kind == QUESTION:  # stepped back in place
                    latest = pressed
            await asyncio.gather(*calls)
        if delivery.edit_question is not None and applied.question is not None:
            # The statement on screen is in the store, so this works whichever replica sent it.
            await self.sender.edit(chat_id, applied.question, delivery.edit_question)
            latest = latest or FORGET_QUESTION
        question = await self.sender.send_replies(chat_id, delivery.replies)
        self.metrics.replies.inc(len(delivery.replies))
        return question or latest

    async def _mark_sent(self, chat_id: int, update_id: int, question: int | None) -> None:
        try:
            await self.store.mark_sent(chat_id, update_id, question)
        except StoreUnavailable as exc:
            # The replies are out; at worst a re-delivery sends them once more.
            self.metrics.store_errors.inc()
            log.warning("update %s: replies sent but not marked sent (%s)", update_id, exc)

    async def _on_inline_query(self, update: Update, bot_username: str) -> None:
        """ "@bot" in any chat: the asker's own latest result (from their private chat's state), or an intro."""
        query = update.inline_query
        assert query is not None
        content = self.conversation.engine.content
        try:
            state = (await self.store.read(asker(query), None)).session.state.fitted_to(content)
        except StoreUnavailable as exc:
            # Telegram waits seconds for an answer, not the length of an outage: offer the
            # introduction and quiz link now (it shows no one's result) instead of nothing.
            log.warning("inline query: store unavailable (%s); offering the introduction", exc)
            state = SessionState()
        shared = offer(content, state)
        file_id = self.sender.card_file_id(shared.card) if shared.card else None
        await self.sender.answer_inline(query.id, inline_results(shared, bot_username, file_id), CACHE_SECONDS)

    async def _admitted(self, incoming: Incoming, update: Update) -> bool:
        assert self.flood is not None
        admitted, warn = self.flood.admit(incoming.chat_id)
        if admitted:
            return True
        content = self.conversation.engine.content
        query = update.callback_query
        if query is not None:
            await self.sender.answer_callback(query.id, content.text("slow_down") if warn else None)
        if warn:
            await self.sender.send_replies(incoming.chat_id, (Reply(content.text("slow_down")),))
        return False


async def draw_card(card: Card) -> bytes:
    # Off the event loop: a first drawing takes tens of milliseconds (then the cache answers).
    return await asyncio.to_thread(render_card, card)
