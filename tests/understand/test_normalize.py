from __future__ import annotations

import pytest

from bot.content import load_content
from bot.understand.normalize import Normalizer, split_words
from tests.matching import DIALOGUES

SHORTHAND = load_content(DIALOGUES).language.shorthand

CONTENT = ["what does a product manager do", "what does a project manager do", "difference between the roles"]


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer(CONTENT, SHORTHAND)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("wat does a prodct mangaer do", "wat does a product manager do"),
        ("projct manger", "project manager"),
        ("Prodcut MGR?", "product manager"),
        ("whats the differnce", "what is the difference"),
        ("a projectmanager", "a project manager"),
        ("skils and experiance", "skills and experience"),
        ("what does a PM do", "what does a product manager do"),
    ],
)
def test_typos_and_shorthand(normalizer: Normalizer, typed: str, expected: str) -> None:
    assert normalizer(typed) == expected


@pytest.mark.parametrize("text", ["how do i bake bread", "protect my data", "what does a scrum master do"])
def test_real_words_are_left_alone(normalizer: Normalizer, text: str) -> None:
    assert normalizer(text) == text


def test_split_words() -> None:
    assert split_words("Who’s the PM's boss? hands-on!", SHORTHAND) == [
        "who",
        "is",
        "the",
        "product",
        "manager",
        "boss",
        "hands",
        "on",
    ]
    # Words in any script are kept (the interpreter tells other languages by them); emoji are not.
    assert split_words("привет 🙂", SHORTHAND) == ["привет"]
