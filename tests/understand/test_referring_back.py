"""Follow-ups that point back at the last answer ("is that the same as a project manager?") or
ask to choose between what it compared ("which is better?"). A table matcher stands in for the
FAQ model and answers the way the real one reads each message alone, so these test the reading;
tests/cli/test_ask_referring_back.py runs the real model."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.understand.intents import Context, TopicAnswer, Unknown
from bot.understand.interpret import Interpreter
from tests.matching import FakeMatch, TableMatcher


def after(topic: str, focus: str | None = "both") -> Context:
    """The chat just after `topic` was answered, with `focus` the role in focus."""
    return Context(topic=topic, focus=focus, last="topic")


AFTER_SCRUM_MASTER = after("scrum_master", "project_manager")
AFTER_PROGRAM_MANAGER = after("program_manager", "project_manager")
AFTER_PMBOK = after("pmbok_guide")
AFTER_AGILE = after("agile_and_scrum")
AFTER_TOOLS = after("project_manager_tools", "project_manager")
AFTER_PMP_OR_CAPM = after("pmp_vs_capm", "project_manager")
AFTER_COMPARISON = after("difference")
AFTER_CHOOSING = after("quiz", None)
# "did you mean...?" after an older answer: the offer, not the older topic, is what comes next to.
CERTIFICATES = ("product_management_certification", "project_management_certifications", "degree_and_education")
AFTER_CERTIFICATES_OFFERED = Context(topic="salaries", focus="both", last="suggest", suggested=CERTIFICATES)
STRESS = ("stress_and_work_life", "career_change_later", "skills_and_expertise")
AFTER_STRESS_OFFERED = Context(topic="project_manager_day", focus="project_manager", last="suggest", suggested=STRESS)
AFTER_SALARIES_FOR_PRODUCT = after("salaries", "product_manager")


@pytest.fixture(scope="module")
def read(content: Content):
    table = {
        # Read alone, a comparison with a role is about that role, or about the two main roles.
        "is that the same as a project manager?": FakeMatch("project_manager_role", score=0.86),
        "how is that different from a project manager": FakeMatch("difference", score=0.84),
        "is it like being a project manager?": FakeMatch("project_manager_role", score=0.8),
        "what does that mean for a project manager": FakeMatch("project_manager_role", score=0.8),
        "what about the pmp?": FakeMatch("pmp_vs_capm", score=0.82),
        "and prince2?": FakeMatch("project_management_certifications", score=0.73),
        # Read alone, "which is better?" asks which role is better for me: the checklist.
        "which is better?": FakeMatch("quiz", score=0.72),
        # "how would I switch" is lost alone; asked for each role it names one subject for both.
        "how would i switch for a product manager": FakeMatch("switch_into_product_management", score=0.79),
        "how would i switch for a project manager": FakeMatch("switch_into_project_management", score=0.87),
        "how would i get paid for a product manager": FakeMatch("salaries", score=0.8),
        "how would i get paid for a project manager": FakeMatch("salaries", score=0.8),
        # Unsure alone; with the last topic's title the model leans on that topic.
        "which one is quicker to earn": FakeMatch(None, ("salaries", "pmp_vs_capm", "entry_level_paths"), 0.69),
        "how long are the days?": FakeMatch(None, (), 0.48),
        "how long are the days (a project manager's day)": FakeMatch("project_manager_day", score=0.83),
        "how long are the days (stress and work-life balance)": FakeMatch("stress_and_work_life", score=0.8),
    }
    return Interpreter(content, TableMatcher(table)).interpret


@pytest.mark.parametrize(
    ("text", "ctx", "topic"),
    [
        ("is that the same as a project manager?", AFTER_SCRUM_MASTER, "scrum_master"),
        ("How is that different from a project manager", AFTER_PROGRAM_MANAGER, "program_manager"),
        ("is it like being a project manager?", AFTER_SCRUM_MASTER, "scrum_master"),
    ],
)
def test_that_compared_with_a_role_is_the_last_subject_set_against_it(read, text: str, ctx: Context, topic: str):
    # "that" is the scrum master just explained; its answer is the comparison with project managers.
    said = read(text, ctx)
    assert isinstance(said, TopicAnswer) and said.topic_id == topic, said


def test_a_question_with_a_subject_of_its_own_is_not_a_comparison(read) -> None:
    said = read("what does that mean for a project manager", AFTER_SCRUM_MASTER)
    assert isinstance(said, TopicAnswer) and said.topic_id == "project_manager_role", said


@pytest.mark.parametrize(
    ("text", "ctx", "topic"),
    [
        ("what about the PMP?", AFTER_PMBOK, "pmp_vs_capm"),
        ("and prince2?", AFTER_SCRUM_MASTER, "project_management_certifications"),
    ],
)
def test_a_credential_after_an_opener_is_a_subject_not_a_role(read, text: str, ctx: Context, topic: str) -> None:
    # "the PMP" names the project side, but the user asks about the PMP itself: not about the
    # PMBOK (or the scrum master) for project managers, which repeated the answer just read.
    said = read(text, ctx)
    assert isinstance(said, TopicAnswer) and said.topic_id == topic, said


def test_a_role_after_an_opener_still_asks_for_the_last_subject_for_that_role(read) -> None:
    said = read("and project managers?", AFTER_SALARIES_FOR_PRODUCT)
    assert isinstance(said, TopicAnswer) and said.topic_id == "salaries" and said.focus == "project_manager", said


@pytest.mark.parametrize(
    ("ctx", "topic"),
    [
        (AFTER_AGILE, "waterfall_and_agile"),  # was the checklist
        (AFTER_PMP_OR_CAPM, "pmp_vs_capm"),  # was the checklist
        (AFTER_TOOLS, "project_manager_tools"),  # the tools, not the comparison next to them
        (AFTER_COMPARISON, "quiz"),  # after the two roles compared, "better" is better for me
    ],
)
def test_which_is_better_chooses_between_what_the_conversation_compared(read, ctx: Context, topic: str) -> None:
    said = read("which is better?", ctx)
    assert isinstance(said, TopicAnswer) and said.topic_id == topic, said


def test_a_lost_follow_up_with_both_roles_open_gets_the_subject_for_the_likelier_role(read) -> None:
    # After "product or project?" no role is in focus, and "how would I switch" fell back. Asked
    # for each role it is one subject (switching in, and its counterpart): the surer one answers.
    said = read("how would I switch", AFTER_CHOOSING)
    assert isinstance(said, TopicAnswer) and said.topic_id == "switch_into_project_management", said
    assert said.focus == "project_manager"
    # Without a conversation to lean on it stays unanswered.
    assert isinstance(read("how would I switch", Context()), Unknown)


def test_two_subjects_that_are_not_one_for_each_role_are_not_guessed_between(read) -> None:
    # Both roles lead to the same topic, about both: no counterpart pair, so nothing is chosen here.
    assert isinstance(read("how would I get paid", AFTER_CHOOSING), Unknown)


@pytest.mark.parametrize(
    ("text", "ctx", "topic"),
    [
        ("which one is quicker to earn", AFTER_CERTIFICATES_OFFERED, "pmp_vs_capm"),  # was pay
        ("how long are the days?", AFTER_STRESS_OFFERED, "stress_and_work_life"),  # was the project day
    ],
)
def test_a_follow_up_to_suggestions_leans_on_the_best_offer(read, text: str, ctx: Context, topic: str) -> None:
    said = read(text, ctx)
    assert isinstance(said, TopicAnswer) and said.topic_id == topic, said
