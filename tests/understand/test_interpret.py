"""The interpreter reads a message once and says what it means; the words it knows come from
dialogues/. A table matcher stands in for the FAQ model, so these test the reading, not FAQ
quality."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.understand.intents import (
    Command,
    Context,
    FollowUp,
    Frustrated,
    NotEnglish,
    QuizAnswer,
    SmallTalk,
    Suggestions,
    TopicAnswer,
    Unknown,
)
from bot.understand.interpret import Interpreter
from tests.matching import FakeMatch, TableMatcher

IDLE = Context()
QUIZ = Context(in_quiz=True)


@pytest.fixture(scope="module")
def read(content: Content):
    table = {
        "is product management a good career?": FakeMatch("project_management_career", score=0.8),
        "what does a project manager do": FakeMatch("project_manager_role", score=0.9),
        "what does a project manager do all day": FakeMatch("project_manager_example", score=0.9),
        "how do you become one": FakeMatch(None, ("become_product_manager", "become_project_manager"), 0.5),
        "the skills for a product manager": FakeMatch("skills_and_expertise", score=0.8),
        "how much do product managers earn": FakeMatch(None, declined="salary_and_pay"),
    }
    interpreter = Interpreter(content, TableMatcher(table))
    return interpreter.interpret


@pytest.mark.parametrize(
    "text, command",
    [
        ("help", "help"),
        ("Help me!", "help"),
        ("menu", "menu"),
        ("can you show me the main menu please", "menu"),
        ("start over", "restart"),
        ("Let's start from scratch", "restart"),
        ("my result", "result"),
        ("what was my result?", "result"),
        ("what can you do?", "help"),
        ("cancel the quiz", "cancel"),
        ("stop", "cancel"),
    ],
)
def test_commands_in_words(read, text: str, command: str) -> None:
    assert read(text, IDLE) == Command(command)
    if command != "cancel":  # "stop" is also an answer nowhere; in the quiz it still cancels
        assert read(text, QUIZ) == Command(command)


def test_a_question_that_starts_like_a_command_is_still_a_question(read) -> None:
    assert not isinstance(read("help me understand what a project manager does", IDLE), Command)


@pytest.mark.parametrize(
    "text, answer",
    [
        ("I think so", "yes"),
        ("of course!", "yes"),
        ("100%", "yes"),
        ("probably", "somewhat"),
        ("hell no", "no"),
        ("yes and no", "somewhat"),
        ("Yes and no, really", "somewhat"),
        ("it depends", "somewhat"),
    ],
)
def test_an_everyday_answer_vocabulary_and_mixed_replies(read, text: str, answer: str) -> None:
    assert read(text, QUIZ) == QuizAnswer(answer)


def test_yes_and_no_is_never_silently_a_yes(read) -> None:
    assert read("yes and no", QUIZ) != QuizAnswer("yes")


@pytest.mark.parametrize(
    "text",
    [
        "что делает менеджер проектов?",
        "¿qué hace un gerente de proyecto?",
        "was macht ein Projektleiter?",
        "プロダクトマネージャーとは",
        "quelle est la différence entre chef de projet et chef de produit",
    ],
)
def test_other_languages_are_noticed_offline(read, text: str) -> None:
    assert read(text, IDLE) == NotEnglish()
    assert read(text, QUIZ) == NotEnglish()


def test_the_app_language_tips_only_a_text_without_english_words(read) -> None:
    assert read("hola gerente", Context(language_code="es")) == NotEnglish()
    assert read("what does a project manager do", Context(language_code="es")) != NotEnglish()


@pytest.mark.parametrize("text", ["this is stupid", "you are useless", "worst bot ever", "ugh, you don't understand"])
def test_frustration_is_recognised(read, text: str) -> None:
    assert read(text, IDLE) == Frustrated()


def test_gibberish_is_unknown_not_frustration(read) -> None:
    assert read("asdfgh", IDLE) == Unknown("unmatched", 0.0)


def test_the_role_guard_answers_the_counterpart_of_a_wrong_role_topic(read, content: Content) -> None:
    intent = read("is product management a good career?", IDLE)
    assert isinstance(intent, TopicAnswer)
    topic = content.topic(intent.topic_id)
    assert topic is not None and topic.role == "product_manager"
    assert intent.topic_id == content.topic("project_management_career").counterpart


def test_suggestions_keep_only_topics_of_the_role_asked_about(read) -> None:
    intent = read("how do you become one", Context(topic="product_manager_role", focus="product_manager"))
    assert isinstance(intent, Suggestions)
    assert intent.topic_ids == ("become_product_manager",)


def test_follow_ups_resolve_against_memory(read, content: Content) -> None:
    after = Context(topic="project_manager_example", focus="project_manager", last="topic")
    other = read("what about product managers?", after)
    assert other == TopicAnswer("product_manager_example", "product_manager", via="other_role")
    assert read("and the other role?", after) == TopicAnswer(
        "product_manager_example", "product_manager", via="other_role"
    )
    more = read("tell me more", after)
    assert isinstance(more, TopicAnswer) and more.topic_id in content.topic("project_manager_example").related
    assert content.topic(more.topic_id).role in ("both", "project_manager")
    assert read("give me an example", Context(topic="product_manager_role", focus="product_manager")) == TopicAnswer(
        "product_manager_example", "product_manager", via="example"
    )


def test_a_new_subject_keeps_the_role_in_focus(read) -> None:
    after = Context(topic="product_manager_role", focus="product_manager", last="topic")
    intent = read("and the skills?", after)
    assert isinstance(intent, TopicAnswer) and intent.topic_id == "skills_and_expertise"
    assert intent.focus == "product_manager"


def test_why_after_a_result_asks_the_engine_to_explain_it(read) -> None:
    assert read("why?", Context(last="result")) == FollowUp("why")
    assert read("how so?", Context(last="result")) == FollowUp("why")


def test_a_follow_up_without_memory_is_unresolved_not_a_fallback(read) -> None:
    assert read("tell me more", IDLE) == FollowUp("more")
    assert read("and the other role?", IDLE) == FollowUp("other_role")


def test_small_talk_is_read_whole_and_never_as_an_answer(read) -> None:
    assert read("maybe later", QUIZ) == SmallTalk("not_now")
    assert read("no idea", QUIZ) == SmallTalk("unsure")
    assert read("bye", QUIZ) == SmallTalk("goodbye")


def test_empty_and_huge_texts(read) -> None:
    assert read("\u200b  ", IDLE) == Unknown("empty")
    assert read("yes " * 300, QUIZ) == Unknown("too_long")


def test_gibberish_after_a_topic_is_not_read_as_a_follow_up(content: Content) -> None:
    class Recording(TableMatcher):
        def __init__(self) -> None:
            super().__init__()
            self.asked: list[str] = []

        def match(self, text: str) -> FakeMatch:
            self.asked.append(text)
            return super().match(text)

    matcher = Recording()
    after = Context(topic="become_product_manager", focus="product_manager", last="topic")
    assert Interpreter(content, matcher).interpret("qwerty", after) == Unknown("unmatched", 0.0)
    assert matcher.asked == ["qwerty"], "no second match with the last topic beside it"


@pytest.mark.parametrize("text", ["and product?", "what about product management?", "vice versa", "and for PMs?"])
def test_short_follow_ups_switch_to_the_other_role(read, text: str) -> None:
    after = Context(topic="project_manager_example", focus="project_manager", last="topic")
    assert read(text, after) == TopicAnswer("product_manager_example", "product_manager", via="other_role")


FOREIGN = ["Quản lý dự án làm gì?", "Vad gör en projektledare?", "project manager kya karta hai"]


@pytest.mark.parametrize("text", FOREIGN)
def test_accented_latin_and_mixed_languages_are_noticed(read, text: str) -> None:
    assert read(text, IDLE) == NotEnglish()


@pytest.mark.parametrize("text", ["café culture in product teams", "what does a naïve project manager get wrong"])
def test_an_english_question_with_a_borrowed_word_stays_english(read, text: str) -> None:
    assert read(text, IDLE) != NotEnglish()
