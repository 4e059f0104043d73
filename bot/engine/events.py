"""What a channel tells the engine: a person typed, pressed a button, sent a command, or sent
something we cannot read. Channels decode their own formats into these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextEvent:
    text: str
    language: str | None = None  # the sender's app language (IETF tag), when the channel knows it


@dataclass(frozen=True)
class ButtonEvent:
    data: str  # opaque: a claim the engine checks against the current state


@dataclass(frozen=True)
class CommandEvent:
    name: str  # lowercase, without the slash or @botname
    argument: str = ""


@dataclass(frozen=True)
class UnsupportedEvent:
    kind: str  # "sticker", "photo", "voice", ...: only for logs


Event = TextEvent | ButtonEvent | CommandEvent | UnsupportedEvent


def text_to_event(text: str, bot_username: str | None = None, language: str | None = None) -> Event:
    """A typed line as an event: '/start@RoleFitBot quiz' is a command, anything else text.

    A command addressed to another bot (in a group) comes back as plain text, which the
    channel may then ignore.
    """
    if not text.startswith("/") or len(text) < 2:
        return TextEvent(text, language)
    head, _, argument = text[1:].partition(" ")
    name, _, target = head.partition("@")
    if target and bot_username and target.lower() != bot_username.lower():
        return TextEvent(text, language)
    if not name or not all(ch.isalnum() or ch == "_" for ch in name):
        return TextEvent(text, language)
    return CommandEvent(name.lower(), argument.strip())
