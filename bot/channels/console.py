"""The terminal chat: the same conversation loop, with buttons shown as numbered choices."""

from __future__ import annotations

from typing import TextIO

from bot.content.html_check import strip_tags
from bot.conversation import Conversation
from bot.engine import Button, ButtonEvent, CommandEvent, Reply
from bot.engine.events import text_to_event

CONSOLE_CHAT_ID = 0
EXIT_WORDS = frozenset({"/exit", "/quit"})


def render_reply(reply: Reply, numbering_from: int) -> tuple[str, list[Button]]:
    """Plain text of a reply plus its buttons, numbered from `numbering_from`."""
    lines = [strip_tags(reply.text)]
    buttons = [b for row in reply.buttons for b in row]
    for offset, button in enumerate(buttons):
        lines.append(f"  [{numbering_from + offset}] {button.label}")
    return "\n".join(lines), buttons


def run_console(conversation: Conversation, stdin: TextIO, stdout: TextIO, greeting: str) -> None:
    stdout.write(strip_tags(greeting) + "\n\n")
    choices: list[Button] = []

    def show(replies: tuple[Reply, ...]) -> None:
        nonlocal choices
        choices = []
        for reply in replies:
            text, buttons = render_reply(reply, len(choices) + 1)
            choices += buttons
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
        if typed.isdigit() and 1 <= int(typed) <= len(choices):
            event = ButtonEvent(choices[int(typed) - 1].data)
        elif typed.isdigit() and len(typed) <= 3:  # a choice that is not on screen
            event = ButtonEvent("")
        else:
            event = text_to_event(typed)
        transition = conversation.handle(CONSOLE_CHAT_ID, event)
        if transition:
            show(transition.replies)
