"""Short follow-ups read against the topic in focus (bot/understand/focus.py): the last topic and
the topics next to it win over a guess that ignores the conversation. A table matcher stands in
for the FAQ model, so these test the reading; tests/cli/test_ask_follow_ups.py runs the real one."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.understand.focus import TopicFocus
from bot.understand.intents import Context, Suggestions, TopicAnswer, Unknown
from bot.understand.interpret import Interpreter
from tests.matching import FakeMatch, TableMatcher

AFTER_PAY = Context(topic="salaries", focus="both", last="topic")
AFTER_PROJECT_DAY = Context(topic="project_manager_day", focus="project_manager", last="topic")
AFTER_CERTIFICATES = Context(topic="project_management_certifications", focus="project_manager", last="topic")
AFTER_PRODUCT_CERTIFICATES = Context(topic="product_management_certification", focus="product_manager", last="topic")
AFTER_STRESS = Context(topic="stress_and_work_life", focus="both", last="topic")
AFTER_COMPARISON = Context(topic="difference", focus="both", last="topic")
CERTIFICATES = ("product_management_certification", "project_management_certifications")


@pytest.fixture(scope="module")
def read(content: Content):
    table = {
        # What a matcher that ignores the conversation makes of these follow-ups.
        "the overtime for a project manager": FakeMatch("project_manager_day", score=0.8),
        "is remote work common in spain": FakeMatch("remote_work", score=0.9),
        "and at a desk at home": FakeMatch(None, ("project_manager_tools", "remote_work"), 0.6),
        "and with a team": FakeMatch(None, ("project_manager_tools", "remote_work"), 0.6),
        "which takes less time": FakeMatch("project_management_certifications", score=0.8),
        "which is easier to get": FakeMatch("entry_level_paths", score=0.8),
        "and remote in spain": FakeMatch("remote_work", score=0.8),
        "how long do certifications take": FakeMatch("project_management_certifications", score=0.9),
        "is agile used in germany": FakeMatch("agile_and_scrum", score=0.7),
        "is agile used in": FakeMatch("agile_and_scrum", score=0.7),  # the same, "germany" taken out
        "is it used in germany": FakeMatch("agile_and_scrum", score=0.5),
        # A matcher may read a bare "which one is ..." as "help me choose", with or without "cheaper".
        "which one is cheaper?": FakeMatch("quiz", score=0.65),
        "which one is": FakeMatch("quiz", score=0.6),
        # Alone, a question with subjects of its own; with the pay topic's title added, pay again.
        "what certifications exist": FakeMatch(None, CERTIFICATES, 0.7),
        "what certifications exist (salaries: what each role pays)": FakeMatch(None, ("salaries", *CERTIFICATES), 0.6),
    }
    return Interpreter(content, TableMatcher(table)).interpret


@pytest.mark.parametrize(
    "text",
    [
        "and in Germany?",
        "what about Canada",
        "how about abroad?",
        "same in the UK?",
        "and in Norway?",
        "what about Berlin?",
    ],
)
def test_a_place_after_the_pay_answer_stays_on_pay(read, text: str) -> None:
    said = read(text, AFTER_PAY)
    assert isinstance(said, TopicAnswer) and said.topic_id == "salaries", said
    assert said.via == "focus"


def test_a_place_without_the_pay_answer_nearby_is_not_read_as_pay(read) -> None:
    assert not isinstance(read("and in Germany?", AFTER_COMPARISON), TopicAnswer)
    assert not isinstance(read("and in Germany?", Context()), TopicAnswer), "a first message leans on nothing"


def test_a_neighbour_of_the_last_topic_beats_the_role_in_focus(read) -> None:
    # The stress topic lists the day as related; read backwards, "overtime" after the day is stress,
    # where filling in the role alone sent it to the day again.
    said = read("what about the overtime?", AFTER_PROJECT_DAY)
    assert isinstance(said, TopicAnswer) and said.topic_id == "stress_and_work_life", said


@pytest.mark.parametrize("text", ["which one is quicker?", "which is cheaper", "and which is harder to pass?"])
def test_comparing_after_the_certificates_moves_to_the_comparison_next_to_them(read, text: str) -> None:
    said = read(text, AFTER_CERTIFICATES)
    assert isinstance(said, TopicAnswer) and said.topic_id == "pmp_vs_capm", said


def test_the_answer_just_shown_gives_way_to_the_neighbour_the_words_point_to(read) -> None:
    # The matcher names the certificates topic the user has just read; "less time" is a word of
    # the comparison next to it, and none of the certificates topic's own.
    said = read("which takes less time", AFTER_CERTIFICATES)
    assert isinstance(said, TopicAnswer) and said.topic_id == "pmp_vs_capm", said
    plain = read("how long do certifications take", AFTER_CERTIFICATES)
    assert isinstance(plain, TopicAnswer) and plain.topic_id == "project_management_certifications", plain


def test_a_short_message_without_a_subject_is_read_in_its_conversation(read) -> None:
    # Alone, "which is easier to get" reads as breaking into a first job; after the
    # certificates its words point to the comparison next to them.
    said = read("which is easier to get", AFTER_CERTIFICATES)
    assert isinstance(said, TopicAnswer) and said.topic_id == "pmp_vs_capm", said
    # A short message holding the matched topic's own words keeps it, though "Spain" is a pay word.
    remote = read("and remote in Spain", AFTER_PAY)
    assert isinstance(remote, TopicAnswer) and remote.topic_id == "remote_work", remote


def test_what_is_left_without_the_focus_words_must_name_a_subject_to_keep_a_match(read) -> None:
    # Without "cheaper" only function words remain; the matcher's reading of them is no subject
    # of the user's, so the exams just shown keep the follow-up.
    said = read("which one is cheaper?", Context(topic="pmp_vs_capm", focus="project_manager", last="topic"))
    assert isinstance(said, TopicAnswer) and said.topic_id == "pmp_vs_capm", said


def test_the_role_guard_still_holds_for_a_topic_chosen_by_focus(read) -> None:
    # After the product certificates "which is easier?" reaches PMP-or-CAPM by its words; it is a
    # project topic, so its product counterpart answers.
    said = read("which is easier?", AFTER_PRODUCT_CERTIFICATES)
    assert isinstance(said, TopicAnswer) and said.topic_id == "product_management_certification", said


def test_a_follow_up_naming_its_own_subject_is_not_pulled_back(read) -> None:
    # "Spain" keeps a follow-up on pay, but this one names remote work, which is not next to pay.
    said = read("is remote work common in Spain", AFTER_PAY)
    assert isinstance(said, TopicAnswer) and said.topic_id == "remote_work", said


def test_a_short_follow_up_whose_subject_stands_without_the_focus_words_keeps_it(read) -> None:
    # "germany" keeps a follow-up on pay, but without it the matcher still finds agile: the
    # message names its own subject, which the focus words must not override.
    said = read("is agile used in Germany", AFTER_PAY)
    assert isinstance(said, TopicAnswer) and said.topic_id == "agile_and_scrum", said
    # A match that rests on the place alone (nothing is left without it) still gives way.
    vague = read("is it used in Germany", AFTER_PAY)
    assert isinstance(vague, TopicAnswer) and vague.topic_id == "salaries", vague


def test_an_unsure_match_is_settled_by_the_neighbour_of_the_last_topic(read) -> None:
    said = read("and at a desk at home", AFTER_STRESS)
    assert isinstance(said, TopicAnswer) and said.topic_id == "remote_work", said
    # With nothing nearby the same text still gets the suggestions.
    assert isinstance(read("and at a desk at home", Context()), Suggestions)


def test_an_unsure_match_with_no_neighbour_among_it_stays_suggestions(read) -> None:
    said = read("and with a team", AFTER_COMPARISON)
    assert isinstance(said, Suggestions | Unknown), said


def test_the_neighbourhood_reads_related_topics_both_ways(content: Content) -> None:
    focus = TopicFocus(content, str.split, TableMatcher({}))
    near = focus.neighbourhood("project_manager_day")
    assert near[0] == "project_manager_day"
    topic = content.topic("project_manager_day")
    assert topic is not None and set(topic.related) <= set(near)
    assert "stress_and_work_life" in near, "the stress topic lists the day, so the day is next to it"
    assert focus.neighbourhood("no_such_topic") == ()


def test_a_question_with_subjects_of_its_own_is_not_pulled_back_to_the_answer_just_shown(read) -> None:
    # Re-asked with the pay topic's title, "what certifications exist" leans to pay; the user has
    # just read that answer and asks about something else: the certificates.
    said = read("what certifications exist", AFTER_PAY)
    offered = (said.topic_id,) if isinstance(said, TopicAnswer) else getattr(said, "topic_ids", ())
    assert offered and set(offered) <= set(CERTIFICATES), said


class _WithCareful(TableMatcher):
    """A matcher whose quick reading of a fragment is sure of pay, where its careful one doubts."""

    def __init__(self) -> None:
        super().__init__({"which one is quicker to earn": FakeMatch("salaries", score=0.7)})
        self.careful = TableMatcher(
            {"which one is quicker to earn": FakeMatch(None, ("salaries", "pmp_vs_capm"), 0.69)}
        )


def test_a_follow_up_in_context_is_read_by_the_careful_matcher(content: Content) -> None:
    read = Interpreter(content, _WithCareful()).interpret
    # After the certificates, the careful matcher's doubt leaves room for the conversation; the
    # quick reading alone would have answered pay.
    said = read("which one is quicker to earn", AFTER_CERTIFICATES)
    assert not (isinstance(said, TopicAnswer) and said.topic_id == "salaries"), said
    # A first message leans on nothing: the quick reading answers it.
    first = read("which one is quicker to earn", Context())
    assert isinstance(first, TopicAnswer) and first.topic_id == "salaries", first
