"""The reliability tests reuse the Telegram end-to-end harness as it is: the fake Bot API, the
bot in-process (`bot`) and as `python -m bot run` (`launch`)."""

from tests.telegram.conftest import bot, fake, faq_matcher, launch

__all__ = ["bot", "fake", "faq_matcher", "launch"]
