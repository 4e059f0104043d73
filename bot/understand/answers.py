"""Typed quiz answers: "yes", "nope", "sort of", "I think so", "hell no", "yes and no"."""

from __future__ import annotations

from bot.content.emoji import bare_emoji
from bot.content.language import Language
from bot.content.model import AnswerOption
from bot.understand.phrases import PhraseBook, Words

MAX_OPENING_WORDS = 3  # "yes please" is an answer; "no, what is a PM?" is a question
MAX_ANSWER_WORDS = 6  # a longer message is never read as an answer, whatever its words


class AnswerReader:
    def __init__(self, answers: tuple[AnswerOption, ...], language: Language, words: Words) -> None:
        self._points = {a.id: a.points for a in answers}
        # A button's label typed out ("Yes, that's me") is that button's answer, however long.
        self._book = PhraseBook(((w, a.id) for a in answers for w in (*a.words, a.label)), words)
        self._mixed = PhraseBook(((p, True) for p in language.mixed_answers), words)
        self._negations = language.negations
        self._emoji = {bare_emoji(e): a.id for a in answers for e in a.emoji}
        ordered = sorted(answers, key=lambda a: a.points)
        # "yes and no" counts as the middle answer (Somewhat), never as its first word.
        self._middle = ordered[len(ordered) // 2].id if len(ordered) >= 3 else None

    def read(self, words: list[str], *, whole_only: bool = False) -> str | None:
        """The answer a short reply gives, or None when it is not an answer."""
        if not words or len(words) > MAX_ANSWER_WORDS:
            return None
        if self._middle and any(self._mixed.whole(words[:n]) for n in range(len(words), 1, -1)):
            return self._middle  # "yes and no", "yes and no, really": both at once
        found = self._book.whole(words)
        if found or whole_only or len(words) > MAX_OPENING_WORDS:
            return found
        for n in (2, 1):  # the opening words: "yes please", "nope, sorry"
            found = self._book.whole(words[:n]) if n < len(words) else None
            if found is None:
                continue
            rest = words[n:]
            # "absolutely not" must never count as "absolutely": a positive opening negated
            # later is not an answer at all. ("yes, no problem" is still a yes: "no" is not a
            # negation; replies that mean both are listed in mixed_answers.)
            if self._points[found] > 0 and self._negations.intersection(rest):
                return None
            return found
        return None

    def read_emoji(self, text: str) -> str | None:
        """The answer an emoji-only reply gives ("👍", "👎🏽", "🤷‍♀️"), or None when it holds
        anything else, or emoji of two different answers."""
        rest, found = bare_emoji(text), set()
        for emoji in sorted(self._emoji, key=len, reverse=True):
            if emoji and emoji in rest:
                rest = rest.replace(emoji, "")
                found.add(self._emoji[emoji])
        return found.pop() if len(found) == 1 and not rest else None
