"""Greetings, thanks and other social messages get a friendly reply of their own, not the
"I can't help with that" fallback; a real question that happens to start with "hi" is still
answered as a question, and during the quiz the place is kept."""

from __future__ import annotations

from bot.content import Content
from bot.engine import Engine, SessionState, TextEvent
from bot.understand.intents import Context
from bot.understand.intents import SmallTalk as SmallTalkIntent
from bot.understand.text import phrase_key as small_talk_key
from tests.engine.helpers import datas, is_menu, is_question, place, quiz_at, topic_data
from tests.matching import FakeMatch

IDLE = SessionState()


def group(content: Content, group_id: str):
    return next(g for g in content.small_talk if g.id == group_id)


def test_a_greeting_gets_a_greeting_and_the_menu(engine: Engine, content: Content) -> None:
    for text in ("hi", "Hello!", "hey there 👋", "Good morning."):
        t = engine.step(IDLE, TextEvent(text))
        assert place(t.state) == place(IDLE)
        assert [r.text for r in t.replies] == [group(content, "greeting").reply], text
        assert is_menu(t.replies[0])


def test_thanks_and_goodbye_are_answered_in_kind(engine: Engine, content: Content) -> None:
    for text, group_id in (
        ("thanks!", "thanks"),
        ("Thank you so much", "thanks"),
        ("bye", "goodbye"),
        ("ok", "acknowledgement"),
    ):
        t = engine.step(IDLE, TextEvent(text))
        assert t.replies[0].text == group(content, group_id).reply, text


def test_a_greeting_or_thanks_in_another_language_is_answered_in_kind(engine: Engine, content: Content) -> None:
    # One word of French or Italian is not enough to call a message another language, so
    # "bonjour" and "merci" got "I can't help with that one" instead of a greeting or thanks.
    said = {
        "greeting": ("Bonjour !", "ciao", "salut", "olá", "hej"),
        "thanks": (
            "merci",
            "Merci beaucoup!",
            "gracias",
            "muchas gracias",
            "danke",
            "vielen Dank",
            "grazie",
            "obrigado",
        ),
    }
    for group_id, texts in said.items():
        for text in texts:
            t = engine.step(IDLE, TextEvent(text))
            assert t.replies[0].text == group(content, group_id).reply, text


def test_a_short_portuguese_greeting_gets_the_english_only_note(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, TextEvent("olá, tudo bem?"))
    assert t.replies[0].text == content.text("not_english")


def test_a_greeting_mid_quiz_keeps_the_place_and_asks_the_statement_again(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 3)
    t = engine.step(state, TextEvent("hello"))
    assert place(t.state) == place(state)
    assert t.replies[0].text == group(content, "greeting").in_quiz
    assert len(t.replies) == 2 and is_question(content, t.replies[1], 3)


def test_unsure_mid_quiz_points_to_somewhat_rather_than_the_checklist(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 2)
    t = engine.step(state, TextEvent("I'm not sure"))
    assert place(t.state) == place(state)
    assert t.replies[0].text == group(content, "unsure").in_quiz
    assert "Somewhat" in t.replies[0].text
    assert is_question(content, t.replies[-1], 2)


def test_a_group_without_a_quiz_reply_uses_its_reply_mid_quiz(engine: Engine, content: Content) -> None:
    t = engine.step(quiz_at(content, 0), TextEvent("who are you?"))
    assert group(content, "identity").in_quiz is None
    assert t.replies[0].text == group(content, "identity").reply


class RecordingMatcher:
    """Answers every text with one topic and remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def match(self, text: str) -> FakeMatch:
        self.asked.append(text)
        return FakeMatch("project_manager_role", score=0.9)


def test_only_an_exact_phrase_is_small_talk_anything_more_goes_to_the_faq(content: Content) -> None:
    matcher = RecordingMatcher()
    engine = Engine(content, matcher)
    t = engine.step(IDLE, TextEvent("Hi, what does a project manager do?"))
    assert t.replies[0].text.startswith(content.topic("project_manager_role").answer)
    engine.step(IDLE, TextEvent("Hi!"))
    assert matcher.asked == ["Hi, what does a project manager do?"]  # the greeting never reached it


def test_a_typed_answer_mid_quiz_is_still_an_answer(engine: Engine, content: Content) -> None:
    t = engine.step(quiz_at(content, 0), TextEvent("yes"))
    assert t.state.position == 1


def test_no_small_talk_phrase_shadows_a_topic_phrasing_or_a_typed_answer(content: Content) -> None:
    # Small talk is checked before the FAQ and, outside the quiz, instead of typed answers:
    # a phrase that is also a topic phrasing or an answer word would hide it.
    phrases = {p for g in content.small_talk for p in g.phrases}
    phrasings = {small_talk_key(p) for t in content.topics for p in t.phrasings}
    answer_words = {w for a in content.answers for w in a.words}
    assert not phrases & phrasings
    assert not phrases & answer_words


def test_a_message_of_small_talk_phrases_is_answered_by_its_last_one(engine: Engine) -> None:
    cases = {
        "ok thanks": "thanks",
        "cool, thanks a lot!": "thanks",
        "thanks, bye": "goodbye",
        "Good morning RoleFit": "greeting",
        "thank you bot": "thanks",
        "hi, how are you?": "how_are_you",
    }
    for text, group_id in cases.items():
        assert engine.interpreter.interpret(text, Context()) == SmallTalkIntent(group_id), text
    assert not isinstance(
        engine.interpreter.interpret("thanks, what does a product manager do", Context()), SmallTalkIntent
    )


def test_only_emoji_or_punctuation_asks_for_words_with_the_buttons(engine: Engine, content: Content) -> None:
    for text in ("👍", "?", "!!! 🎉"):
        t = engine.step(IDLE, TextEvent(text))
        assert t.replies[0].text == content.text("empty_text") and is_menu(t.replies[0]), text
    t = engine.step(quiz_at(content, 2), TextEvent("🤔"))
    assert t.replies[0].text == content.text("empty_text") and is_question(content, t.replies[1], 2)


def test_no_or_somewhat_outside_the_quiz_points_to_the_quiz_instead_of_a_refusal(
    engine: Engine, content: Content
) -> None:
    for text in ("nope", "sort of"):
        t = engine.step(IDLE, TextEvent(text))
        assert place(t.state) == place(IDLE)
        assert t.replies[0].text == content.text("answer_outside_quiz") and is_menu(t.replies[0]), text


def test_lets_go_starts_the_quiz_and_mid_quiz_just_carries_on(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, TextEvent("ok, let's go!"))
    assert t.state.mode == "quiz" and t.state.position == 0
    assert len(t.replies) == 1 and is_question(content, t.replies[0], 0)
    state = quiz_at(content, 4)
    t = engine.step(state, TextEvent("take the quiz"))
    assert place(t.state) == place(state)
    assert len(t.replies) == 1 and is_question(content, t.replies[0], 4)


def test_a_question_in_another_script_is_not_taken_for_no_words(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, TextEvent("ما الفرق بين مدير المنتج ومدير المشروع؟"))
    assert t.replies[0].text != content.text("empty_text")


def test_no_small_talk_message_is_recorded_as_a_quiz_answer(engine: Engine, content: Content) -> None:
    # "maybe later" must not count as "maybe" (Somewhat), nor "no idea" as "no".
    state = quiz_at(content, 2)
    for chat in content.small_talk:
        for phrase in chat.phrases:
            t = engine.step(state, TextEvent(phrase))
            assert t.state.answers == state.answers, f"{phrase!r} was taken as an answer"


def test_goodbye_mid_quiz_keeps_the_place_without_asking_the_statement_again(engine: Engine, content: Content) -> None:
    state = quiz_at(content, 4)
    t = engine.step(state, TextEvent("bye!"))
    assert place(t.state) == place(state)
    assert [r.text for r in t.replies] == [group(content, "goodbye").in_quiz]


def test_tell_me_more_with_nothing_said_yet_asks_which_topic_in_one_line(engine: Engine, content: Content) -> None:
    t = engine.step(IDLE, TextEvent("tell me more"))
    assert t.replies[0].text == content.text("follow_up_unclear")
    assert datas(t.replies[0]) == [topic_data(topic) for topic in content.menu_topics]


def test_an_example_with_no_role_in_focus_offers_both_roles_examples(engine: Engine, content: Content) -> None:
    examples = [topic_data(t) for t in content.language.example_topics.values()]
    assert datas(engine.step(IDLE, TextEvent("Can you give me an example?")).replies[0]) == examples
    state = quiz_at(content, 1)
    t = engine.step(state, TextEvent("example please"))
    assert place(t.state) == place(state) and datas(t.replies[0]) == examples
    assert is_question(content, t.replies[1], 1)
