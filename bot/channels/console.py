"""The terminal chat: the same conversation loop, with buttons shown as numbered (or lettered) choices."""

from __future__ import annotations

import datetime as dt
import itertools
import string
from collections.abc import Iterator
from typing import TextIO

from bot.content.html_check import strip_tags
from bot.conversation import Conversation
from bot.engine import Button, ButtonEvent, CommandEvent, Event, Reply
from bot.engine.events import text_to_event

CONSOLE_CHAT_ID = 0
EXIT_WORDS = frozenset({"/exit", "/quit"})


def render_reply(reply: Reply, keys: Iterator[str], share_note: str = "") -> tuple[str, dict[str, Button]]:
    """Plain text of a reply plus its buttons, each shown with the next key. A Share button only
    works in Telegram: it is shown as a plain line with `share_note`, without a key."""
    lines = [strip_tags(reply.text)]
    buttons: dict[str, Button] = {}
    for button in (b for row in reply.buttons for b in row):
        if button.switch_inline_query is not None:
            lines.append(f"  {button.label} {strip_tags(share_note)}".rstrip())
            continue
        key = next(keys)
        buttons[key] = button
        lines.append(f"  [{key}] {button.label}")
    return "\n".join(lines), buttons


def _numbers() -> Iterator[str]:
    return (str(n) for n in itertools.count(1))


def _letters() -> Iterator[str]:
    for size in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=size):
            yield "".join(letters)


def run_console(conversation: Conversation, stdin: TextIO, stdout: TextIO, greeting: str) -> None:
    content = conversation.engine.content
    share_note = content.text("share_in_telegram")
    stdout.write(strip_tags(greeting) + "\n\n")
    choices: dict[str, Button] = {}

    def show(replies: tuple[Reply, ...]) -> None:
        # The last reply with buttons is what the user acts on (the menu, the re-asked
        # statement): its buttons are always 1, 2, 3..., so "1" keeps meaning Yes even when an
        # answer with related-topic buttons (a, b, c...) comes first.
        nonlocal choices
        choices = {}
        primary = max((i for i, reply in enumerate(replies) if reply.buttons), default=None)
        letters = _letters()
        for i, reply in enumerate(replies):
            text, buttons = render_reply(reply, _numbers() if i == primary else letters, share_note)
            choices |= buttons
            stdout.write(text + "\n\n")
        stdout.flush()

    transition = conversation.handle(CONSOLE_CHAT_ID, CommandEvent("start"))
    show(transition.replies if transition else ())
    while True:
        stdout.write("> ")
        stdout.flush()
        line = stdin.readline()
        if not line or line.strip().lower() in EXIT_WORDS:
            stdout.write("\n")
            return
        typed = line.strip()
        event: Event
        if typed.lower() in choices:
            event = ButtonEvent(choices[typed.lower()].data)
        elif typed.isdigit() and len(typed) <= 3:  # a choice that is not on screen: say so, change nothing
            stdout.write(strip_tags(content.text("no_such_choice", choice=typed)) + "\n\n")
            continue
        else:
            event = text_to_event(typed)
        transition = conversation.handle(CONSOLE_CHAT_ID, event, today=dt.date.today())  # the user's local date
        if transition:
            if transition.notice:  # Telegram shows it as a toast; here it confirms an answer
                stdout.write(f"✓ {strip_tags(transition.notice)}\n\n")
            # A button that turns its own message into the next step (going back) shows that step;
            # a press that changes nothing (an expired button) leaves the choices on screen as they are.
            moved = transition.edit_pressed if transition.edit_pressed and transition.edit_pressed.buttons else None
            shown = ((moved,) if moved else ()) + transition.replies
            if shown:
                show(shown)
