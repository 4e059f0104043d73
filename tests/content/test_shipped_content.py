"""The shipped dialogues/ load, carry what the bot promises, and keep every Telegram limit."""

from __future__ import annotations

import itertools

import pytest

from bot.content import Content
from bot.content.html_check import html_problems
from bot.engine import Reply
from bot.engine.callbacks import MAX_CALLBACK_BYTES, parse_press
from bot.engine.render import result
from bot.recommend import recommend
from tests.content.reachable import transitions

REQUIRED_TOPICS = (
    "product_manager_role",
    "project_manager_role",
    "difference",
    "focus_and_goals",
    "responsibilities_and_scope",
    "skills_and_expertise",
    "product_manager_example",
    "project_manager_example",
    "product_manager_fit",
    "project_manager_fit",
    "working_together",
    "become_project_manager",
    "project_management_career",
    "product_management_certification",
    "quiz",
)
MAX_MESSAGE_UTF16 = 4096


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_reply(reply: Reply, where: str) -> None:
    assert reply.text.strip(), f"{where}: empty message"
    assert utf16(reply.text) <= MAX_MESSAGE_UTF16, f"{where}: message of {utf16(reply.text)} UTF-16 units"
    assert html_problems(reply.text) == [], f"{where}: {html_problems(reply.text)}\n{reply.text}"
    for row in reply.buttons:
        assert row, f"{where}: empty button row"
        for button in row:
            assert button.label.strip(), f"{where}: a button without a label"
            assert "<" not in button.label and "&" not in button.label, (
                f"{where}: label is not plain text: {button.label!r}"
            )
            if button.switch_inline_query is not None:  # the Share button: no callback to check
                assert not button.data, f"{where}: a button is either a callback or a share: {button!r}"
                continue
            assert len(button.data.encode()) <= MAX_CALLBACK_BYTES, f"{where}: callback data too long: {button.data!r}"
            assert parse_press(button.data) is not None, (
                f"{where}: the engine cannot read its own button {button.data!r}"
            )


def test_shipped_content_loads(content: Content) -> None:
    assert len(content.roles) == 2
    assert content.language.commands and content.small_talk


def test_every_required_topic_exists(content: Content) -> None:
    ids = {t.id for t in content.topics}
    missing = [t for t in REQUIRED_TOPICS if t not in ids]
    assert missing == []


def test_checklist_has_five_product_and_four_project_statements(content: Content) -> None:
    by_role = {role.id: [s for s in content.statements if s.role == role.id] for role in content.roles}
    assert len(by_role["product_manager"]) == 5
    assert len(by_role["project_manager"]) == 4
    assert len(content.statements) == 9


def test_answer_buttons_read_yes_somewhat_no_with_falling_points(content: Content) -> None:
    labels = [a.label for a in content.answers]
    assert [label.split()[0].strip(",.") for label in labels] == ["Yes", "Somewhat", "No"]
    points = [a.points for a in content.answers]
    assert points == sorted(points, reverse=True) and points[0] > points[-1] == 0


def test_a_typed_word_means_one_answer_only(content: Content) -> None:
    words = [w for a in content.answers for w in a.words]
    assert len(words) == len(set(words))
    for answer in content.answers:
        assert answer.id in answer.words, f"typing '{answer.id}' should count as that answer"


def test_the_quiz_topic_offers_the_quiz(content: Content) -> None:
    topic = content.topic("quiz")
    assert topic is not None and topic.offers_quiz


def test_menu_compare_and_next_topics_point_at_real_topics(content: Content) -> None:
    for ref in content.menu_topics + content.compare_topics + tuple(t for r in content.roles for t in r.next_topics):
        assert content.topic(ref) is not None, ref


def test_every_authored_html_text_is_valid_telegram_html(content: Content) -> None:
    texts = {f"roles.{r.id}.summary": r.summary for r in content.roles}
    texts |= {f"statements.{s.id}.text": s.text for s in content.statements}
    texts |= {f"statements.{s.id}.reason": s.reason for s in content.statements}
    texts |= {f"topics.{t.id}.answer": t.answer for t in content.topics}
    texts |= {f"messages.{key}": value for key, value in content.messages.items()}
    problems = {where: html_problems(text) for where, text in texts.items() if html_problems(text)}
    assert problems == {}


def test_every_topic_answer_fits_one_message(content: Content) -> None:
    for topic in content.topics:
        assert utf16(topic.answer) <= MAX_MESSAGE_UTF16, topic.id


def test_every_reply_the_engine_can_make_keeps_telegram_limits(content: Content) -> None:
    seen = 0
    for where, transition in transitions(content):
        assert transition.replies or transition.notice or transition.edit_pressed, f"{where}: no answer at all"
        edits = tuple(r for r in (transition.edit_pressed, transition.edit_question) if r is not None)
        for reply in transition.replies + edits:
            check_reply(reply, where)
            seen += 1
        if transition.notice is not None:
            assert 0 < len(transition.notice) <= 200, f"{where}: callback notice {transition.notice!r}"
    assert seen > 1000  # the walk really covered the content


def test_every_possible_result_message_keeps_telegram_limits(content: Content) -> None:
    options = [a.id for a in content.answers]
    ids = [s.id for s in content.statements]
    for combination in itertools.product(options, repeat=len(ids)):
        rec = recommend(content, dict(zip(ids, combination, strict=False)))
        check_reply(result(content, rec, certainty=content.text("certainty_low")), f"result for {combination}")
        if rec.tie:  # and the longest form: level scores the tie-break left even, after an earlier result
            lead = content.text("result_from", date="30 September 2026")
            moved = content.text("result_moved", date="30 September 2026", changes="x" * 80)
            check_reply(result(content, rec, even=True, lead=lead, moved=moved), f"even result for {combination}")


@pytest.mark.parametrize(
    "key",
    [
        "button_quiz",
        "button_ask",
        "button_compare",
        "button_help",
        "button_about",
        "button_menu",
        "button_resume",
        "button_restart",
        "button_retake",
        "button_back",
        "button_tiebreak_even",
        "button_share",
        "button_take_quiz_link",
    ],
)
def test_button_messages_are_plain_text(content: Content, key: str) -> None:
    label = content.text(key)
    assert label.strip() and "<" not in label and "&" not in label


def test_the_bot_profile_texts_keep_telegram_limits_and_are_plain_text(content: Content) -> None:
    description, short = content.text("bot_description").strip(), content.text("bot_short_description").strip()
    assert 0 < len(description) <= 512 and 0 < len(short) <= 120  # setMyDescription, setMyShortDescription
    for text in (description, short):
        assert "<" not in text and "&" not in text, "profile texts are shown as typed, not as HTML"


def test_card_texts_are_plain_and_drawable_with_the_shipped_font(content: Content) -> None:
    from PIL import Image, ImageDraw, ImageFont

    from bot.card.draw import FONTS

    font = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 20)

    def pixels(ch: str) -> bytes:
        image = Image.new("L", (40, 40))
        ImageDraw.Draw(image).text((5, 5), ch, font=font, fill=255)
        return image.tobytes()

    missing = pixels("\U000f0000")  # a code point no font has: drawn as the .notdef box
    keys = [key for key in content.messages if key.startswith("card_")]
    texts = [content.text(key) for key in keys] + [r.name for r in content.roles]
    texts += [s.reason for s in content.statements]
    for text in texts:
        assert "<" not in text and "&" not in text, text
        for ch in set(text) - {" "}:
            assert pixels(ch) != missing, f"{ch!r} in {text!r} is not in DejaVu Sans"


@pytest.mark.parametrize("key", ["confirm_cancel", "confirm_restart"])
def test_confirmations_read_naturally_for_one_answer_or_many(content: Content, key: str) -> None:
    for count in (1, 5):
        text = content.text(key, count=count)
        assert str(count) in text and "(s)" not in text, text
