"""Every FAQ topic, walked through the terminal chat as a user would reach it.

A topic counts as reachable when, in a fresh terminal chat, either pressing the buttons shown
on screen (from "Compare the roles" through the next-step buttons under each answer) or typing
one of its phrasings brings up its answer. Each answer, with its source line, must fit in one
Telegram message, and the terminal shows where its facts come from.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import deque

import pytest

from bot.channels.console import run_console
from bot.content import Content
from bot.content.html_check import strip_tags
from bot.conversation import Conversation
from bot.engine import Engine, Event, Transition
from bot.faq import build_matcher
from bot.faq.types import Matcher
from bot.store import MemoryStore
from tests.cli.test_chat import Typist

MAX_MESSAGE_UTF16 = 4096  # Telegram's limit for one message, in UTF-16 code units


class Recording(Conversation):
    """The real conversation loop, keeping every reply text it produced."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, MemoryStore())
        self.texts: list[str] = []

    def handle(
        self, chat_id: int, event: Event, update_id: int | None = None, today: dt.date | None = None
    ) -> Transition | None:
        transition = super().handle(chat_id, event, update_id, today)
        if transition:
            self.texts += [reply.text for reply in transition.replies]
        return transition


@pytest.fixture(scope="module")
def shipped_matcher(content: Content, tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    return build_matcher(content, cache_dir=tmp_path_factory.mktemp("faq-cache"))


def walk(content: Content, matcher: Matcher, script: list[str]) -> tuple[str, list[str]]:
    screen = io.StringIO()
    conversation = Recording(Engine(content, matcher))
    run_console(conversation, Typist(content, screen, [*script, "/exit"]), screen, content.text("console_hello"))
    return screen.getvalue(), conversation.texts


def button_paths(content: Content) -> dict[str, list[str]]:
    """The shortest button path to each topic, from the menu's "Compare the roles" onward."""
    start = [content.text("button_compare")]
    paths: dict[str, list[str]] = {}
    queue = deque((topic_id, start) for topic_id in content.compare_topics)
    while queue:
        topic_id, before = queue.popleft()
        topic = content.topic(topic_id)
        if topic is None or topic_id in paths:
            continue
        paths[topic_id] = [*before, topic.title]
        queue.extend((ref, paths[topic_id]) for ref in topic.related)
    return paths


def shows(screen: str, content: Content, topic_id: str) -> bool:
    topic = content.topic(topic_id)
    assert topic is not None
    return strip_tags(topic.answer) in screen


def test_every_topic_is_reached_by_a_button_or_a_phrasing_and_fits_one_message(
    content: Content, shipped_matcher: Matcher
) -> None:
    paths = button_paths(content)
    unreachable = []
    for topic in content.topics:
        routes = []
        if topic.id in paths:
            routes.append([f"press {label}" for label in paths[topic.id]])
        routes += [[phrasing] for phrasing in topic.phrasings]
        for script in routes:
            screen, texts = walk(content, shipped_matcher, script)
            if shows(screen, content, topic.id):
                break
        else:
            unreachable.append(topic.id)
            continue
        answer = next(text for text in texts if text.startswith(topic.answer))
        assert len(answer.encode("utf-16-le")) // 2 <= MAX_MESSAGE_UTF16, topic.id
        assert re.search(r"Sources?: ", strip_tags(answer)), f"{topic.id}: no source line"
        assert all(source.title in screen for source in topic.sources), topic.id
    assert unreachable == []


def test_the_new_topics_are_a_few_presses_away(content: Content) -> None:
    # Buttons alone lead to most of the store: the counterpart and next steps under each answer.
    paths = button_paths(content)
    assert len(paths) >= 0.8 * len(content.topics), sorted(t.id for t in content.topics if t.id not in paths)


def test_a_path_of_buttons_really_opens_the_topic_in_the_terminal(content: Content, shipped_matcher: Matcher) -> None:
    path = button_paths(content)["pmp_vs_capm"]
    screen, _ = walk(content, shipped_matcher, [f"press {label}" for label in path])
    assert shows(screen, content, "pmp_vs_capm")
