"""N replicas behind one webhook (issue 12): real `python -m bot run` processes on a real Redis,
updates delivered the way Telegram delivers them. Every chat's replies are compared with an
oracle: the same texts applied once each, in order, by one in-process Conversation."""

from __future__ import annotations

import concurrent.futures
import json
import random
import urllib.request

import pytest

from bot.content import Content
from tests.replicas.conftest import SECRET, Fleet, expected_replies, oracle, post_update

pytestmark = pytest.mark.slow

ANSWERS = ("yes", "no", "somewhat")
QUESTION = "what does a project manager do"


def quiz_texts(rng: random.Random, questions: int, count: int) -> list[str]:
    """Quizzes taken one after another, with a question asked after each result."""
    texts: list[str] = []
    while len(texts) < count:
        texts += ["/start quiz", *(rng.choice(ANSWERS) for _ in range(questions)), QUESTION]
    return texts[:count]


def push_all(fleet: Fleet, chat_id: int, texts: list[str]) -> set[int]:
    fleet.fake.user(chat_id, f"User{chat_id}")
    return {fleet.fake.push_text(chat_id, text) for text in texts}


def test_300_updates_of_one_chat_over_2_replicas_in_telegrams_order(
    replicas: Fleet, content: Content, faq_matcher: object
) -> None:
    chat = 30_001
    texts = quiz_texts(random.Random(chat), len(content.statements), 300)
    deliverer = replicas.deliverer().start()
    try:
        deliverer.wait_delivered(push_all(replicas, chat, texts), timeout=120)
    finally:
        deliverer.stop()
    replicas.fake.wait_quiet(quiet=0.3)
    assert replicas.sent_texts(chat) == expected_replies(oracle(content, faq_matcher), texts)
    served = {a.url for a in deliverer.attempts if a.status == 200}
    assert served == set(replicas.urls), "both replicas took part"


def test_300_identical_updates_of_one_chat_at_once_each_applied_once_replies_never_interleaved(
    replicas: Fleet, content: Content, faq_matcher: object
) -> None:
    """No per-chat queue this time: 300 "yes" POSTed 16 at a time to both replicas. Every
    "yes" is the same, so whatever order the chat's lease lets them through, applying each
    exactly once gives exactly the oracle's replies, and one update's replies interleaved
    with another's would not."""
    chat = 30_002
    texts = ["yes"] * 300  # "yes" starts the quiz, then answers it: 300 = 30 quizzes of 9 + 1
    deliverer = replicas.deliverer(per_chat=False, max_connections=16).start()
    try:
        deliverer.wait_delivered(push_all(replicas, chat, texts), timeout=120)
    finally:
        deliverer.stop()
    replicas.fake.wait_quiet(quiet=0.3)
    assert replicas.sent_texts(chat) == expected_replies(oracle(content, faq_matcher), texts)


def test_one_update_posted_to_both_replicas_is_applied_once(replicas: Fleet, content: Content) -> None:
    chat = 30_003
    update_id = push_all(replicas, chat, ["/start quiz"]).pop()
    update = replicas.fake.state.all_updates[update_id]

    def post(url: str) -> int:
        request = urllib.request.Request(
            url,
            data=json.dumps(update).encode(),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(post, replicas.urls * 2))
    assert statuses == [200] * 4
    replicas.fake.state.confirm_update(update_id)  # posted by hand: Telegram's queue has it done
    replicas.fake.wait_quiet(quiet=0.3)
    sent = replicas.sent_texts(chat)
    assert len(sent) == 1 and "Question 1 of" in sent[0], "one question, once"
    client = replicas.redis.client()
    try:
        assert client.hget(f"rolefit:chat:{{{chat}}}", "v") == "1", "state written once"
    finally:
        client.close()


def test_replicas_never_touch_the_webhook_registration_or_poll(replicas: Fleet) -> None:
    calls = {c.method for c in replicas.fake.calls}
    assert not calls & {"setWebhook", "deleteWebhook", "getUpdates"}
    assert replicas.health(0) == 200 and replicas.health(1) == 200
    metrics = replicas.metrics(0)
    assert "rolefit_updates_total" in metrics and "rolefit_update_seconds_bucket" in metrics


def test_metrics_count_what_an_operator_watches(replicas: Fleet) -> None:
    """/metrics after the tests above: updates by kind, replies, the FAQ's answers, latency."""
    text = replicas.metrics(0) + replicas.metrics(1)
    for sample in (
        'rolefit_updates_total{kind="text"}',
        'rolefit_updates_total{kind="command"}',
        'rolefit_outcomes_total{action="answer"}',
        "rolefit_replies_total",
        "rolefit_update_seconds_bucket",
        "rolefit_step_seconds_bucket",
        "rolefit_store_errors_total",
        "rolefit_commit_conflicts_total",
    ):
        assert sample in text, sample


def test_a_typed_answer_on_one_replica_retires_the_question_another_replica_sent(replicas: Fleet) -> None:
    """The chat's latest statement message is kept with the chat in Redis, not in a replica's
    memory: answering by typing on replica 1 removes the buttons replica 0 sent."""
    chat = 30_004
    replicas.fake.user(chat, f"User{chat}")
    for text, replica in (("/start quiz", 0), ("yes", 1)):
        update_id = replicas.fake.push_text(chat, text)
        status, _ = post_update(replicas.urls[replica], replicas.fake.state.all_updates[update_id])
        assert status == 200
        replicas.fake.state.confirm_update(update_id)
    replicas.fake.wait_quiet(quiet=0.3)
    first, second = (m for m in replicas.fake.messages(chat) if "Question" in m.text)
    assert "Question 1 of" in first.text and first.reply_markup is None, "the answered statement lost its buttons"
    assert "Question 2 of" in second.text and second.reply_markup is not None
    edits = [c for c in replicas.fake.calls_to("editMessageText") if c.params.get("chat_id") == chat]
    assert [c.params["message_id"] for c in edits] == [first.message_id]
