"""The commit protocol (bot/apply.py over bot/store/commit.py) on a real Redis, with two store
instances standing in for two replicas: an update applied once however often it arrives, a
stale replica fenced by the version, markers that expire, state committed before replies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from bot.apply import UpdateApplier
from bot.conversation import Conversation
from bot.delivery import Delivery
from bot.engine import CommandEvent, Engine, SessionState, TextEvent, Transition
from bot.store import MemoryStore
from bot.store.commit import SENT, Commit, LocalChatStore
from bot.store.redis import MARKER_TTL, RedisStore, chat_key, marker_key

CHAT = 4242


@pytest.fixture
async def replicas(redis_url: str) -> AsyncIterator[tuple[RedisStore, RedisStore]]:
    a, b = RedisStore(redis_url), RedisStore(redis_url)
    yield a, b
    await a.aclose()
    await b.aclose()


def applier(engine: Engine, store) -> UpdateApplier:  # type: ignore[no-untyped-def]
    return UpdateApplier(Conversation(engine), store)


async def test_one_update_applied_once_on_the_same_replica(engine: Engine, replicas) -> None:
    store, _ = replicas
    flow = applier(engine, store)
    first = await flow.apply(CHAT, CommandEvent("quiz"), 1)
    again = await flow.apply(CHAT, CommandEvent("quiz"), 1)
    assert not first.duplicate and first.delivery is not None and first.delivery.replies
    assert again.duplicate
    # Its replies were never marked sent: the re-delivery carries them again (never lost) ...
    assert again.delivery == first.delivery
    await store.mark_sent(CHAT, 1)
    # ... and once they were, a re-delivery sends nothing.
    assert (await flow.apply(CHAT, CommandEvent("quiz"), 1)).delivery is None
    snapshot = await store.read(CHAT, None)
    assert snapshot.version == 1 and snapshot.session.state.position == 0


async def test_one_update_delivered_to_two_replicas_at_once_is_applied_once(engine: Engine, replicas) -> None:
    a, b = replicas
    await applier(engine, a).apply(CHAT, CommandEvent("quiz"), 1)
    results = await asyncio.gather(*(applier(engine, store).apply(CHAT, TextEvent("yes"), 2) for store in (a, b, a, b)))
    assert sorted(r.duplicate for r in results) == [False, True, True, True]
    snapshot = await a.read(CHAT, None)
    assert snapshot.session.state.position == 1, "the answer counted once"
    assert snapshot.version == 2


async def test_an_older_button_after_a_newer_message_is_still_applied(engine: Engine, replicas) -> None:
    """Telegram queues messages per chat and button presses per user: update 11 may arrive
    before update 10. A marker per update applies both (update_id <= last dropped 10)."""
    store, _ = replicas
    flow = applier(engine, store)
    await flow.apply(CHAT, CommandEvent("quiz"), 9)
    await flow.apply(CHAT, TextEvent("yes"), 11)
    late = await flow.apply(CHAT, TextEvent("no"), 10)
    assert not late.duplicate
    assert (await store.read(CHAT, None)).session.state.position == 2


async def test_a_replica_whose_lease_expired_cannot_overwrite_newer_state(engine: Engine, redis_url: str) -> None:
    """Replica A stalls past its lease (no renewal: a frozen process); B takes the chat and
    commits. A's commit is refused by the version check and A steps again on B's state."""
    slow = RedisStore(redis_url, lease_ttl=0.2, renew_lease=False)
    fast = RedisStore(redis_url, lease_ttl=0.2, renew_lease=False)
    try:
        await applier(engine, fast).apply(CHAT, CommandEvent("quiz"), 1)
        a_steps: list[SessionState] = []
        b_done = asyncio.Event()

        async def stalled_step(step: Callable[[], Transition]) -> Transition:
            a_steps.append((await slow.read(CHAT, None)).session.state)
            if len(a_steps) == 1:
                await b_done.wait()  # frozen while the lease runs out and B commits
            return step()

        async def replica_a() -> object:
            async with slow.lease(CHAT):
                return await applier(engine, slow).apply(CHAT, TextEvent("yes"), 2, stalled_step)

        async def replica_b() -> object:
            await asyncio.sleep(0.4)  # A's lease (0.2 s) has expired: B gets the chat
            async with fast.lease(CHAT):
                result = await applier(engine, fast).apply(CHAT, TextEvent("no"), 3)
            b_done.set()
            return result

        a_result, _ = await asyncio.gather(replica_a(), replica_b())
        assert a_result.conflicts == 1 and not a_result.duplicate  # type: ignore[attr-defined]
        assert [s.position for s in a_steps] == [0, 1], "A stepped again, on B's state"
        final = (await fast.read(CHAT, None)).session.state
        assert final.position == 2, "both answers counted once"
        assert [answer for _, answer in final.answers] == ["no", "yes"]
    finally:
        await slow.aclose()
        await fast.aclose()


async def test_the_commit_script_checks_the_marker_before_the_version(replicas) -> None:
    store, _ = replicas
    session = (await store.read(CHAT, None)).session
    assert await store.commit(CHAT, 5, 0, session, SENT) is Commit.APPLIED
    assert await store.commit(CHAT, 5, 1, session, SENT) is Commit.DUPLICATE
    assert await store.commit(CHAT, 6, 0, session, SENT) is Commit.CONFLICT
    assert await store.commit(CHAT, 6, 1, session, SENT) is Commit.APPLIED
    assert await store.commit(CHAT, 7, 2, None, SENT) is Commit.APPLIED  # forget keeps the version
    assert (await store.read(CHAT, None)).version == 3 and await store.raw(CHAT) is None


async def test_update_markers_expire_after_telegrams_retention(engine: Engine, redis_url: str, redis_server) -> None:
    store = RedisStore(redis_url)
    short = RedisStore(redis_url, marker_ttl=1)
    client = redis_server.client()
    try:
        flow = applier(engine, store)
        await flow.apply(CHAT, CommandEvent("quiz"), 1)
        await store.mark_sent(CHAT, 1)
        ttl = client.ttl(marker_key(CHAT, 1))
        assert 24 * 3600 < ttl <= MARKER_TTL, "kept a day (Telegram's retention), then dropped"
        assert client.ttl(chat_key(CHAT)) == -1, "the chat's state itself does not expire"
        # Memory per chat and per marker, as Redis counts it (the README quotes these).
        for position in range(1, 8):
            await flow.apply(CHAT, TextEvent("yes"), 1 + position)
        chat_bytes = client.memory_usage(chat_key(CHAT))
        marker_bytes = client.memory_usage(marker_key(CHAT, 1))
        print(f"\nredis bytes: chat mid-quiz {chat_bytes}, update marker (sent) {marker_bytes}")
        assert chat_bytes < 1024 and marker_bytes < 128
        # With a short retention the marker is gone when it runs out, and Redis holds no more.
        await applier(engine, short).apply(CHAT + 1, CommandEvent("quiz"), 1)
        assert client.exists(marker_key(CHAT + 1, 1))
        for _ in range(60):
            if not client.exists(marker_key(CHAT + 1, 1)):
                break
            await asyncio.sleep(0.05)
        assert not client.exists(marker_key(CHAT + 1, 1))
    finally:
        client.close()
        await store.aclose()
        await short.aclose()


@pytest.mark.parametrize("backend", ["local", "redis"])
async def test_state_is_committed_before_any_reply_goes_out(engine: Engine, backend: str, request) -> None:
    """What the channel does with a result comes after apply() returns; check that by then
    the state is stored (DESIGN rule 3), on both kinds of store."""
    store = LocalChatStore(MemoryStore()) if backend == "local" else RedisStore(request.getfixturevalue("redis_url"))
    try:
        result = await applier(engine, store).apply(CHAT, CommandEvent("quiz"), 1)
        assert isinstance(result.delivery, Delivery) and result.delivery.replies
        stored = (await store.read(CHAT, 1)).session
        assert stored.state.mode == "quiz" and stored.last_update_id == 1
    finally:
        await store.aclose()
