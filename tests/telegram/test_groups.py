"""The bot added to a group: it answers what is addressed to it, and stays out of the way of
everything else, other bots' commands included."""

from __future__ import annotations

from bot.content import Content
from tests.telegram.conftest import BotHarness

GROUP = -100_456


def test_a_bare_command_meant_for_another_bot_gets_no_reply(bot: BotHarness, content: Content) -> None:
    # Telegram sends every bot in a group the bare commands ("/weather" without @name); the
    # bot must not answer each one with "I don't know the command".
    fake = bot.fake
    for text in ("/weather", "/roll 2d6", "/ban@" + fake.bot_username.replace("bot", "b0t")):
        fake.push_group_text(GROUP, 411, text)
    fake.push_group_text(GROUP, 411, "/help")  # one of ours, bare, is still answered
    fake.wait_for_messages(GROUP, 1)
    fake.wait_quiet()
    assert [m.html for m in fake.messages(GROUP)] == [content.text("help")]


def test_an_unknown_command_addressed_to_the_bot_in_a_group_is_explained(bot: BotHarness, content: Content) -> None:
    fake = bot.fake
    fake.push_group_text(GROUP, 412, f"/weather@{fake.bot_username}")
    [reply] = fake.wait_for_messages(GROUP, 1)
    assert reply.html == content.text("unknown_command", command="/weather")


def test_a_mention_typed_in_another_case_is_taken_out_before_reading_the_question(
    bot: BotHarness, content: Content
) -> None:
    # Usernames are case-insensitive; a mention left in the text made "@ROLEFIT_BOT what does
    # a project manager do" match a topic on the username's words instead.
    fake = bot.fake
    fake.push_group_text(GROUP, 413, f"@{fake.bot_username.upper()} what does a project manager do")
    [reply] = fake.wait_for_messages(GROUP, 1)
    assert reply.html.startswith(content.topic("project_manager_role").answer)


def test_a_bare_mention_summons_the_welcome_and_menu(bot: BotHarness, content: Content) -> None:
    # "@rolefit_bot" alone is how people call a bot in a group; it got "I can't help with that".
    fake = bot.fake
    fake.push_group_text(GROUP, 414, f"@{fake.bot_username} ")
    [reply] = fake.wait_for_messages(GROUP, 1)
    assert reply.html == content.text("welcome") and reply.callback_data


def test_a_mention_of_a_longer_username_is_not_a_mention_of_the_bot(bot: BotHarness, content: Content) -> None:
    # "@rolefit_bot_fan" names someone else; reading it as a mention made the bot answer
    # group chatter addressed to that user, with the leftover "_fan" read as the question.
    fake = bot.fake
    fake.push_group_text(GROUP, 415, f"@{fake.bot_username}_fan what does a project manager do")
    fake.push_group_text(GROUP, 415, "/help")
    fake.wait_for_messages(GROUP, 1)
    fake.wait_quiet()
    assert [m.html for m in fake.messages(GROUP)] == [content.text("help")]
