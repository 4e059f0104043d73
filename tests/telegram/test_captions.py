"""A photo or a document with a caption, over the fake Bot API: the caption is what the user
typed, read by the same interpreter as a text message. People send a screenshot of a job ad or
their CV with the question as its caption; "I can only read text messages" answered none of it.
Media without a caption still gets that short hint (test_hostile_input.py)."""

from __future__ import annotations

from bot.content import Content
from tests.telegram.conftest import BotHarness
from tests.telegram.driver import question_number, stored_state

GROUP = -100_456


def test_a_photos_caption_is_answered_like_the_same_text(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(341)
    [answer] = chat.push(lambda: bot.fake.push_photo(341, caption="what does a project manager do?"))
    assert answer.html.startswith(content.topic("project_manager_role").answer), answer.text
    assert stored_state(bot.data_dir, 341).memory.topic == "project_manager_role", "a follow-up can lean on it"


def test_a_documents_caption_is_answered_and_a_command_in_it_acts(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(342)
    [answer] = chat.push(lambda: bot.fake.push_document(342, caption="my cv: should I go for PMP or CAPM?"))
    assert answer.html.startswith(content.topic("pmp_vs_capm").answer), answer.text
    [first] = chat.push(lambda: bot.fake.push_document(342, caption="/quiz"))
    assert question_number(first) == 1


def test_a_caption_mid_quiz_answers_the_statement_as_typed_text_would(bot: BotHarness) -> None:
    chat = bot.chat(343)
    chat.send("/start quiz")
    [second] = chat.push(lambda: bot.fake.push_photo(343, caption="I think so"))
    assert question_number(second) == 2


def test_a_caption_in_a_group_counts_only_when_addressed_to_the_bot(bot: BotHarness, content: Content) -> None:
    fake = bot.fake
    fake.push_group_text(GROUP, 404, "hello all")  # the group and its member exist from here on
    fake.push_photo(GROUP, 404, caption="what does a project manager do")
    fake.wait_quiet()
    assert fake.messages(GROUP) == [], "group chatter with a photo is not for the bot"
    fake.push_photo(GROUP, 404, caption=f"@{fake.bot_username} what does a project manager do")
    [answer] = fake.wait_for_messages(GROUP, 1)
    assert answer.html.startswith(content.topic("project_manager_role").answer)
