"""Webhook mode, started as a user starts it: `rolefit set-webhook` once, then `rolefit run` with
WEBHOOK_URL and WEBHOOK_SECRET set; the fake Bot API POSTs updates to the bot like Telegram does."""

from __future__ import annotations

import copy
import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.content import Content
from fake_telegram import FakeBotApi
from tests.matching import ROOT
from tests.telegram.conftest import START_TIMEOUT, Launch, bot_env, free_port
from tests.telegram.driver import ChatDriver, assert_no_api_errors, question_number, stored_state

pytestmark = pytest.mark.slow

SECRET = "s3cr3t"


def post(url: str, update: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, data=json.dumps(update).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def test_webhook_mode(launch: Launch, fake: FakeBotApi, content: Content, tmp_path: Path) -> None:
    chat = ChatDriver(fake, 601, content)
    fake.push_text(601, "/start")  # waiting at Telegram before the bot starts
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"

    settings = {"WEBHOOK_URL": url, "WEBHOOK_SECRET": SECRET, "PORT": str(port), "WEBHOOK_LISTEN": "127.0.0.1"}
    registration = subprocess.run(
        [sys.executable, "-m", "bot", "set-webhook"],
        cwd=ROOT,
        env=bot_env(fake, tmp_path, **settings),
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )
    assert registration.returncode == 0, registration.stderr
    assert "webhook set: " + url in registration.stdout
    [registered] = fake.calls_to("setWebhook")
    assert registered.response_ok
    assert registered.params["url"] == url and registered.params["secret_token"] == SECRET
    assert registered.params["drop_pending_updates"] in (False, "false", None)

    bot = launch(wait_for=None, **settings)
    fake.wait_until(lambda: listening(port) or not bot.running, START_TIMEOUT)
    assert bot.running, bot.stderr()[-3000:]
    assert fake.webhook_url == url
    assert len(fake.calls_to("setWebhook")) == 1, "a replica never registers the webhook itself"
    assert not fake.calls_to("getUpdates") and not fake.calls_to("deleteWebhook"), "no polling in webhook mode"

    # The update queued before start-up is delivered now and answered.
    assert fake.deliver_pending_via_webhook() == [200]
    [welcome] = chat.wait_new(0, 1)
    assert welcome.html == content.text("welcome")

    # A new message and a button press, each POSTed the way Telegram does.
    update_id = fake.push_text(601, "/start quiz")
    assert fake.deliver_via_webhook(update_id) == 200
    [question] = chat.wait_new(1, 1)
    assert question_number(question) == 1
    fake.press_button(601, chat.label("yes"), question.message_id)
    assert fake.deliver_pending_via_webhook() == [200]
    [following] = chat.wait_new(2, 1)
    assert question_number(following) == 2
    fake.wait_until(lambda: not fake.unanswered_callbacks())
    fake.wait_until(lambda: chat.message(question.message_id).reply_markup is None)  # edited alongside the next send

    # Requests without the secret, or with a wrong one, are refused and change nothing.
    forged = copy.deepcopy(fake.state.all_updates[update_id])
    forged["update_id"] = update_id + 1000
    forged["message"]["text"] = "/forget"
    forged["message"]["entities"] = [{"type": "bot_command", "offset": 0, "length": 7}]
    assert post(url, forged, None) == 403
    assert post(url, forged, "wrong-secret") == 403
    forged["update_id"] += 1
    assert post(url.replace("/hook", "/elsewhere"), forged, SECRET) != 200
    assert stored_state(tmp_path, 601) is not None, "the forged /forget was not applied"
    # A genuine /forget, delivered with the secret, is.
    assert fake.deliver_via_webhook(fake.push_text(601, "/forget")) == 200
    [forgotten] = chat.wait_new(3, 1)
    assert forgotten.html == content.text("forgotten")
    assert stored_state(tmp_path, 601) is None
    fake.wait_quiet()
    assert len(chat.messages()) == 4, "the refused requests got no reply"

    bot.terminate()
    assert len(fake.calls_to("setWebhook")) == 1 and not fake.calls_to("deleteWebhook"), "stopping leaves it set"
    bot.assert_clean_log()
    assert_no_api_errors(fake)
