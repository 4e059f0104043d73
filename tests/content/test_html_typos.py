"""HTML typos Telegram refuses ("Can't parse entities") are caught when the content loads, so
a user never meets a 400 instead of a reply."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.html_check import html_problems
from tests.content.broken import Defect, assert_refused


@pytest.mark.parametrize("text", ["x <b y", "<b>x</b> <i", "read more <a href='https://example.org'"])
def test_a_tag_left_without_its_closing_angle_bracket_is_a_problem(text: str) -> None:
    # HTMLParser keeps such a tail as plain data when it is closed, so it slipped through.
    assert html_problems(text) == ["a tag is never closed with '>' (or write a bare '<' as &lt;)"]


def test_a_message_ending_in_a_half_written_tag_is_refused_with_file_and_line(tmp_path: Path) -> None:
    assert_refused(
        tmp_path,
        Defect(
            "half-written tag",
            "messages.yaml",
            'to see what I can do."',
            'to see what I can <i"',
            "messages.unknown_command",
            "never closed with '>'",
        ),
    )
