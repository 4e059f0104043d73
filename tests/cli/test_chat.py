"""The terminal chat: buttons are numbered choices; a whole quiz can be taken by typing numbers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from bot.channels.console import render_reply, run_console
from bot.content import Content
from bot.content.html_check import strip_tags
from bot.conversation import Conversation
from bot.engine import Button, Engine, Reply
from bot.store import MemoryStore
from tests.cli.helpers import require_faq, run_bot
from tests.matching import FakeMatch as Match


class OneQuestionMatcher:
    def match(self, text: str) -> Match:
        return Match("project_manager_role", (), 1.0) if "project manager do" in text.lower() else Match()


def numbers_for_a_product_fit(content: Content) -> list[str]:
    """After the welcome: '1' takes the quiz; then Yes (1) to product statements, No (3) to project ones."""
    return ["1"] + ["1" if s.role == "product_manager" else "3" for s in content.statements]


def chat(content: Content, lines: list[str]) -> str:
    out = io.StringIO()
    conversation = Conversation(Engine(content, OneQuestionMatcher()), MemoryStore())
    run_console(conversation, io.StringIO("".join(line + "\n" for line in lines)), out, content.text("console_hello"))
    return out.getvalue()


def test_render_reply_keys_buttons_and_strips_html() -> None:
    reply = Reply(
        "<b>Pick</b> one &amp; go", ((Button("A", "v1:m:quiz"), Button("B", "v1:m:help")), (Button("C", "v1:m:about"),))
    )
    text, buttons = render_reply(reply, iter(["4", "5", "6"]))
    assert text == "Pick one & go\n  [4] A\n  [5] B\n  [6] C"
    assert {key: b.data for key, b in buttons.items()} == {"4": "v1:m:quiz", "5": "v1:m:help", "6": "v1:m:about"}


def test_the_whole_quiz_by_typing_numbers(content: Content) -> None:
    out = chat(content, [*numbers_for_a_product_fit(content), "/exit"])
    assert out.startswith(content.text("console_hello"))
    for number in range(1, 10):
        assert f"Question {number} of 9" in out
    assert "Your best fit: Product management" in out
    assert "100% Product management" in out and "0% Project management" in out
    assert "<b>" not in out and "&amp;" not in out  # plain text in the terminal


class Typist(io.StringIO):
    """Reads the screen before typing: answers by the number shown next to the wanted label."""

    def __init__(self, content: Content, screen: io.StringIO, script: list[str]) -> None:
        super().__init__()
        self.content, self.screen, self.script = content, screen, list(script)

    def readline(self, size: int = -1) -> str:
        if not self.script:
            return ""
        step = self.script.pop(0)
        if not step.startswith("press "):
            return step + "\n"
        wanted = step.removeprefix("press ")
        shown = self.screen.getvalue().removesuffix("> ").rsplit("\n> ", 1)[-1]  # since the last prompt
        numbers = re.findall(r"\[(\w+)\] " + re.escape(wanted), shown)
        assert numbers, f"no choice {wanted!r} on screen:\n{shown}"
        return numbers[0] + "\n"


def test_after_a_question_mid_quiz_the_numbers_shown_still_answer(content: Content) -> None:
    screen = io.StringIO()
    script = ["press 📝", "press Yes", "press No", "what does a project manager do"]
    script += ["press Yes" if s.role == "product_manager" else "press No" for s in content.statements[2:]]
    conversation = Conversation(Engine(content, OneQuestionMatcher()), MemoryStore())
    run_console(conversation, Typist(content, screen, script), screen, content.text("console_hello"))
    out = screen.getvalue()
    assert "timelines" in out and "budget" in out
    assert out.count("Question 3 of 9") == 2  # asked, answered the digression, asked again
    assert "Your best fit: Product management" in out


def test_one_still_means_yes_after_a_question_mid_quiz(content: Content) -> None:
    # The answer to the question brings related-topic buttons; they are lettered, and the
    # re-asked statement keeps 1 = Yes, 2 = Somewhat, 3 = No.
    out = chat(content, ["1", "1", "what does a project manager do", "1", "/exit"])
    after_question = out.split("timelines", 1)[1]
    assert re.search(r"\[a\] ", after_question)
    assert re.search(r"\[1\] .*Yes", after_question)
    assert "Question 3 of 9" in after_question


def test_a_lettered_choice_opens_its_topic(content: Content) -> None:
    out = chat(content, ["1", "what does a project manager do", "a", "/exit"])
    offered = re.search(r"\[a\] (.+)", out)
    assert offered, out
    title = offered.group(1).strip()
    assert f"> {title}\n" in out  # typing "a" opened that topic


def test_a_number_without_a_button_says_so_and_changes_nothing(content: Content) -> None:
    out = chat(content, ["1", "99", "2", "/exit"])
    assert strip_tags(content.text("no_such_choice", choice="99")) in out
    assert content.text("stale_button_notice") not in out  # not "that button has expired"
    assert "Question 2 of 9" in out  # "2" then answered question 1 (Somewhat)


def test_an_answer_is_confirmed_and_back_shows_the_earlier_answer(content: Content) -> None:
    out = chat(content, ["1", "2", "/back", "/exit"])
    somewhat = content.answer_option("somewhat").label
    assert "✓ " + strip_tags(content.text("answer_notice", answer=somewhat)) in out
    after_back = out.rsplit("Question 1 of 9", 1)[1]
    assert strip_tags(content.text("question_answered_before", answer=somewhat)) in after_back


def test_end_of_input_ends_the_chat(content: Content) -> None:
    out = chat(content, ["1"])
    assert out.rstrip().endswith(">")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")  # shared, so the FAQ vector cache is built once


def test_python_m_bot_chat_takes_the_quiz_by_numbers(content: Content, data_dir: Path) -> None:
    require_faq()
    typed = "\n".join([*numbers_for_a_product_fit(content), "/exit"]) + "\n"
    done = run_bot(["chat"], data_dir, stdin=typed)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "[1] 📝 Take the quiz" in done.stdout
    assert "Question 9 of 9" in done.stdout
    assert "Your best fit: Product management" in done.stdout
    assert "100% Product management" in done.stdout


def test_python_m_bot_chat_answers_a_question(data_dir: Path) -> None:
    require_faq()
    done = run_bot(["chat"], data_dir, stdin="what does a project manager do?\n/exit\n")
    assert done.returncode == 0, done.stderr
    assert "What a project manager does" in done.stdout
