"""Replicas and Redis killed at the worst moments (issue 12, items 4, 6, 7): state exactly once,
replies at least once, nothing lost, whatever dies when."""

from __future__ import annotations

import random
import threading
import time

import pytest

from bot.content import Content
from bot.store.redis import chat_key, lease_key, marker_key
from tests.replicas.conftest import Fleet, assert_replies_match, expected_replies, oracle, post_update

pytestmark = pytest.mark.slow

ANSWERS = ("yes", "no", "somewhat")
QUESTION = "what does a project manager do"


def deliver(fleet: Fleet, chat: int, texts: list[str], timeout: float = 60) -> None:
    fleet.fake.user(chat, f"User{chat}")
    ids = {fleet.fake.push_text(chat, text) for text in texts}
    deliverer = fleet.deliverer().start()
    try:
        deliverer.wait_delivered(ids, timeout)
    finally:
        deliverer.stop()


def wait_for(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_replica_killed_while_holding_the_chat_before_commit(replicas: Fleet, content: Content, faq_matcher) -> None:
    """A replica dies with the chat's lease and the update uncommitted: the re-delivery waits
    out the dead lease, then applies the update once."""
    chat = 40_001
    deliver(replicas, chat, ["/start quiz"])
    client = replicas.redis.client()
    try:
        client.set(lease_key(chat), "a-dead-replica", px=2000)  # what the dead replica leaves behind
        update_id = replicas.fake.push_text(chat, "yes")
        update = replicas.fake.state.all_updates[update_id]
        posting = threading.Thread(target=post_update, args=(replicas.urls[0], update), daemon=True)
        posting.start()
        time.sleep(0.3)  # replica 0 has the update and is waiting for the chat
        replicas.kill9(0)
        posting.join(10)
        assert client.hget(chat_key(chat), "v") == "1", "nothing committed by the dead replica"
        deliverer = replicas.deliverer().start()
        try:
            deliverer.wait_delivered({update_id}, 30)
        finally:
            deliverer.stop()
        assert client.hget(chat_key(chat), "v") == "2"
    finally:
        client.close()
    replicas.fake.wait_quiet()
    assert replicas.sent_texts(chat) == expected_replies(oracle(content, faq_matcher), ["/start quiz", "yes"])


def test_replica_killed_after_commit_before_its_replies_the_redelivery_sends_them(
    replicas: Fleet, content: Content, faq_matcher
) -> None:
    chat = 40_002
    deliver(replicas, chat, ["/start quiz"])
    client = replicas.redis.client()
    try:
        replicas.fake.stall_next("sendMessage", 5.0, then_drop=True, chat_id=chat)  # never reaches the user
        update_id = replicas.fake.push_text(chat, "yes")
        update = replicas.fake.state.all_updates[update_id]
        threading.Thread(target=post_update, args=(replicas.urls[0], update), daemon=True).start()
        wait_for(lambda: not replicas.fake.state.faults, 10, "the reply to be on its way")
        assert client.hget(chat_key(chat), "v") == "2", "committed before replying"
        assert client.get(marker_key(chat, update_id)) != "1", "replies not yet marked sent"
        replicas.kill9(0)
        deliverer = replicas.deliverer().start()
        try:
            deliverer.wait_delivered({update_id}, 40)
        finally:
            deliverer.stop()
        assert client.hget(chat_key(chat), "v") == "2", "the re-delivery did not change the state again"
        assert client.get(marker_key(chat, update_id)) == "1"
    finally:
        client.close()
    replicas.fake.wait_quiet()
    # The dropped reply was sent again by the other replica: nothing lost, nothing doubled.
    assert replicas.sent_texts(chat) == expected_replies(oracle(content, faq_matcher), ["/start quiz", "yes"])


def test_replica_killed_after_its_replies_before_answering_at_worst_repeats_one(
    replicas: Fleet, content: Content, faq_matcher
) -> None:
    chat = 40_003
    deliver(replicas, chat, ["/start quiz"])
    client = replicas.redis.client()
    try:
        replicas.fake.stall_next("sendMessage", 1.0, chat_id=chat)  # then delivered to the user
        update_id = replicas.fake.push_text(chat, "no")
        update = replicas.fake.state.all_updates[update_id]
        threading.Thread(target=post_update, args=(replicas.urls[0], update), daemon=True).start()
        wait_for(lambda: not replicas.fake.state.faults, 10, "the reply to be on its way")
        client.execute_command("CLIENT", "PAUSE", "3000", "WRITE")  # 'sent' can't be written: then the kill
        wait_for(lambda: len(replicas.sent_texts(chat)) == 2, 10, "the reply to reach the user")
        replicas.kill9(0)
        client.execute_command("CLIENT", "UNPAUSE")
        deliverer = replicas.deliverer().start()
        try:
            deliverer.wait_delivered({update_id}, 40)
        finally:
            deliverer.stop()
        assert client.hget(chat_key(chat), "v") == "2", "state changed once"
    finally:
        client.close()
    replicas.fake.wait_quiet()
    expected = expected_replies(oracle(content, faq_matcher), ["/start quiz", "no"])
    assert assert_replies_match(replicas.sent_texts(chat), expected, max_repeats=1) == 1


def test_redis_down_answers_503_sends_nothing_and_applies_once_when_back(
    replicas: Fleet, content: Content, faq_matcher
) -> None:
    # Acknowledged commits first: 40 chats, 5 updates each.
    chats = list(range(60_000, 60_040))
    for chat in chats:
        replicas.fake.user(chat, f"User{chat}")
    ids = {replicas.fake.push_text(chat, text) for text in ["/start quiz", "yes", "no", "yes", "no"] for chat in chats}
    deliverer = replicas.deliverer().start()
    try:
        deliverer.wait_delivered(ids, 60)
    finally:
        deliverer.stop()

    replicas.redis.kill9()  # SIGKILL: no shutdown, no final AOF rewrite
    chat = chats[0]
    sent_before = len(replicas.sent_texts(chat))
    update_id = replicas.fake.push_text(chat, "somewhat")
    status, headers = post_update(replicas.urls[0], replicas.fake.state.all_updates[update_id])
    assert status == 503 and headers.get("Retry-After") == "1"
    assert replicas.health(0) == 503 and replicas.health(1) == 503, "a load balancer takes them out"
    time.sleep(0.3)
    assert len(replicas.sent_texts(chat)) == sent_before, "nothing sent while the store is down"

    replicas.redis.start()  # same folder: the append-only file is read back
    wait_for(lambda: replicas.health(0) == 200, 10, "replica 0 to see Redis again")
    client = replicas.redis.client()
    try:
        lost = [c for c in chats if client.hget(chat_key(c), "v") != "5"]
        assert not lost, f"acknowledged commits lost for chats {lost[:5]}"
        deliver_ids = {update_id}
        deliverer = replicas.deliverer().start()
        try:
            deliverer.wait_delivered(deliver_ids, 30)
        finally:
            deliverer.stop()
        assert client.hget(chat_key(chat), "v") == "6"
    finally:
        client.close()
    replicas.fake.wait_quiet()
    texts = ["/start quiz", "yes", "no", "yes", "no", "somewhat"]
    assert replicas.sent_texts(chat) == expected_replies(oracle(content, faq_matcher), texts)


def test_200_users_through_2_replicas_one_killed_half_way(replicas: Fleet, content: Content, faq_matcher) -> None:
    """Users take the quiz and ask questions; replica 0 is SIGKILLed half way and started
    again. Every user gets the right recommendation; no answer lost or applied twice."""
    rng = random.Random(7)
    users = {
        chat: ["/start", QUESTION, "/start quiz", *(rng.choice(ANSWERS) for _ in content.statements), QUESTION]
        for chat in range(70_000, 70_200)
    }
    for chat in users:
        replicas.fake.user(chat, f"User{chat}")
    ids = {
        replicas.fake.push_text(chat, text)
        for step in range(len(users[70_000]))
        for chat, texts in users.items()
        for text in [texts[step]]
    }
    deliverer = replicas.deliverer(max_connections=40, backoff_cap=1.0).start()
    try:
        wait_for(lambda: len(deliverer.delivered) >= len(ids) // 2, 90, "half the updates")
        replicas.kill9(0)
        replicas.start(0)
        deliverer.wait_delivered(ids, 120)
    finally:
        deliverer.stop()
    replicas.fake.wait_quiet(quiet=0.5, timeout=30)
    engine = oracle(content, faq_matcher)
    repeats = 0
    client = replicas.redis.client()
    try:
        for chat, texts in users.items():
            expected = expected_replies(engine, texts)
            repeats += assert_replies_match(replicas.sent_texts(chat), expected, max_repeats=3)
            assert client.hget(chat_key(chat), "v") == str(len(texts)), f"chat {chat}: each update applied once"
    finally:
        client.close()
    print(f"\n{len(ids)} updates, {repeats} repeated messages after the kill")
