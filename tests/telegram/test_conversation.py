"""A typed conversation over the real PTB Application and the fake Bot API: follow-ups lean
on the last answer, words act as commands, and other languages and frustration get short
replies with buttons, never the long fallback."""

from __future__ import annotations

from bot.content import Content
from tests.telegram.conftest import BotHarness
from tests.telegram.driver import plain, question_number, stored_state


def topic_of(content: Content, text: str) -> str | None:
    """The topic whose answer this message shows, if any: the answer (then its sources), or the
    line that says a follow-up got the topic just shown again."""
    return next(
        (
            t.id
            for t in content.topics
            if text.startswith((plain(t.answer), plain(content.text("topic_again", title=t.title))))
        ),
        None,
    )


def test_follow_ups_lean_on_the_last_answer(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(701)
    [answer] = chat.send("what does a project manager do")
    assert topic_of(content, answer.text) == "project_manager_role"

    [other] = chat.send("what about product managers?")
    assert topic_of(content, other.text) == content.topic("project_manager_role").counterpart

    [more] = chat.send("tell me more")
    deeper = topic_of(content, more.text)
    assert deeper in content.topic("product_manager_role").related, "the natural next topic, not the menu"
    assert content.topic(deeper).role in ("both", "product_manager"), "and about the role in focus"

    [example] = chat.send("give me an example")
    assert topic_of(content, example.text) == content.language.example_topics["product_manager"]
    stored = stored_state(bot.data_dir, 701)
    assert stored is not None and stored.memory.focus == "product_manager"


def test_words_act_as_commands_and_short_replies_replace_the_fallback(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(702)
    [helped] = chat.send("help")
    assert helped.html == content.text("help")

    [foreign] = chat.send("что делает менеджер проектов?")
    assert foreign.html == content.text("not_english") and foreign.callback_data

    [calm] = chat.send("you are useless")
    assert calm.html == content.text("frustrated") and len(calm.text) < 250

    [first_miss] = chat.send("asdfgh")
    [second_miss] = chat.send("qwertz")
    assert len(second_miss.text) < len(first_miss.text) // 2, "a second miss in a row is one line"
    assert second_miss.callback_data


def test_goodbye_mid_quiz_keeps_the_place_quietly(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(703)
    chat.send("/start quiz")
    chat.answer("yes")
    [bye] = chat.send("bye")
    bot.fake.wait_quiet()
    assert question_number(chat.messages()[-1]) is None, "the statement is not asked again at once"
    assert bye.html == next(g.in_quiz for g in content.small_talk if g.id == "goodbye")
    [question] = chat.send("/quiz")
    assert question_number(question) == 2


def test_tell_me_more_again_and_again_does_not_bounce_between_two_topics(bot: BotHarness, content: Content) -> None:
    chat = bot.chat(709)
    [first] = chat.send("what is the job outlook for these roles?")
    shown = [topic_of(content, first.text)]
    for _ in range(4):
        [more] = chat.send("tell me more")
        shown.append(topic_of(content, more.text))
    assert None not in shown, shown
    assert len(set(shown)) == len(shown), f"a topic came back: {shown}"
    stored = stored_state(bot.data_dir, 709)
    assert stored is not None and stored.memory.shown[-1] == shown[-1]


def test_a_short_follow_up_stays_on_the_topic_in_focus(bot: BotHarness, content: Content) -> None:
    # "And in Ireland?" names no subject: after the pay answer it means pay there, and the
    # answer says it is the same topic again rather than repeating itself unexplained.
    chat = bot.chat(711)
    [pay] = chat.send("how much does a project manager make?")
    assert topic_of(content, pay.text) == "salaries"

    [abroad] = chat.send("and what about Ireland?")
    salaries = content.topic("salaries")
    assert salaries is not None
    lead = plain(content.text("topic_again", title=salaries.title))
    assert abroad.text.startswith(lead), abroad.text[:120]
    assert plain(salaries.answer) in abroad.text
    assert abroad.callback_data, "the answer's next-step buttons come with it"
    stored = stored_state(bot.data_dir, 711)
    assert stored is not None and stored.memory.topic == "salaries"
