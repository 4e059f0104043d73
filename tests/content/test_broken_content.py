"""One broken copy of dialogues/ per defect: loading refuses it, naming file, line and problem.

Each fixture copies the shipped content and changes exactly one thing, so the fixtures keep
tracking the real files (an edit that no longer applies fails loudly here).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content import ContentError, load_content
from tests.content.broken import DIALOGUES, Defect, assert_refused, broken_copy, line_of

DEFECTS = [
    Defect(
        "topic with an unknown role",
        "faq.yaml",
        '    title: "What a project manager does"\n    role: project_manager\n',
        '    title: "What a project manager does"\n    role: projekt_manager\n',
        "topics[1].role",
        "unknown role 'projekt_manager'",
        anchor="role: projekt_manager",
    ),
    Defect(
        "role-specific topic without its counterpart",
        "faq.yaml",
        "    role: project_manager\n    counterpart: product_manager_role\n",
        "    role: project_manager\n",
        "topics[1]",
        "missing required field 'counterpart'",
        anchor="  - id: project_manager_role",
    ),
    Defect(
        "counterpart about the same role",
        "faq.yaml",
        "    role: project_manager\n    counterpart: product_manager_role\n",
        "    role: project_manager\n    counterpart: become_project_manager\n",
        "topics[1].counterpart",
        "not the other role",
        anchor="    counterpart: become_project_manager\n    answer: |\n      <b>What a project manager does",
    ),
    Defect(
        "bad YAML syntax",
        "roles.yaml",
        "    person: product manager\n",
        "    person: product: manager\n",
        "",
        "invalid YAML",
        anchor="person: product: manager",
    ),
    Defect(
        "missing field",
        "checklist.yaml",
        '    reason: "untangling complex customer problems"\n',
        "",
        "statements[2]",
        "missing required field 'reason'",
        anchor="id: customer_problems",
    ),
    Defect(
        "unknown role",
        "checklist.yaml",
        '    role: product_manager\n    text: "You like getting',
        '    role: prodct_manager\n    text: "You like getting',
        "statements[2].role",
        "unknown role 'prodct_manager'",
        anchor="role: prodct_manager",
    ),
    Defect(
        "duplicate topic id",
        "faq.yaml",
        "  - id: difference\n",
        "  - id: product_manager_role\n",
        "topics[2].id",
        "duplicate id 'product_manager_role'",
        anchor='  - id: product_manager_role\n    title: "Product vs. project management"',
    ),
    Defect(
        "dangling related topic",
        "faq.yaml",
        "    related: [project_manager_role, difference, product_manager_example]",
        "    related: [project_manager_role, no_such_topic, product_manager_example]",
        "topics[0].related[1]",
        "unknown topic 'no_such_topic'",
    ),
    Defect(
        "phrasing taught to two topics",
        "faq.yaml",
        "      - what's the path to becoming a project manager\n",
        "      - project manager example\n",
        "topics[12].phrasings[4]",
        "already listed under 'project_manager_example'",
        anchor="      - project manager example\n      - how do I start out",
    ),
    Defect(
        "dangling menu topic",
        "faq.yaml",
        "menu_topics: [product_manager_role,",
        "menu_topics: [product_manger_role,",
        "menu_topics[0]",
        "unknown topic 'product_manger_role'",
    ),
    Defect(
        "dangling next topic of a role",
        "roles.yaml",
        "next_topics: [become_product_manager,",
        "next_topics: [become_product_managr,",
        "roles[0].next_topics[0]",
        "unknown topic 'become_product_managr'",
    ),
    Defect(
        "unknown message placeholder",
        "messages.yaml",
        "at question {number} of",
        "at question {numbr} of",
        "messages.resume_offer",
        "unknown placeholder {numbr}",
    ),
    Defect(
        "missing message",
        "messages.yaml",
        '  back_at_first: "This is already the first question."\n',
        "",
        "messages",
        "missing message 'back_at_first'",
        anchor="messages:",
    ),
    Defect(
        "unknown message",
        "messages.yaml",
        '  back_at_first: "',
        '  back_at_frist: "',
        "messages.back_at_frist",
        "unknown message 'back_at_frist'",
    ),
    Defect(
        "bad HTML in an answer",
        "faq.yaml",
        "<b>What a product manager does</b>",
        "<b>What a product manager does",
        "topics[0].answer",
        "<b> is never closed",
        anchor="    answer: |\n      <b>What a product manager does\n",
    ),
    Defect(
        "bare ampersand in a statement",
        "checklist.yaml",
        "engineers and creative people",
        "engineers & creative people",
        "statements[4].text",
        "'&' must be written as &amp;",
        anchor="engineers & creative people",
    ),
    Defect(
        "unknown field",
        "faq.yaml",
        "    phrasings:\n      - what's a product manager's job all about\n",
        "    phrasing:\n      - what's a product manager's job all about\n",
        "topics[0].phrasing",
        "unknown field 'phrasing'",
    ),
    Defect(
        "wrong type: flag as text",
        "faq.yaml",
        "    offers_quiz: true\n",
        '    offers_quiz: "yes"\n',
        "topics[15].offers_quiz",
        "must be true or false",
    ),
    Defect(
        "wrong type: points as text",
        "checklist.yaml",
        "points: 2,",
        'points: "two",',
        "answers[0].points",
        "must be a whole number",
        anchor='points: "two",',
    ),
    Defect(
        "wrong type: related as text",
        "faq.yaml",
        "    related: [project_manager_role, difference, product_manager_example]",
        "    related: project_manager_role",
        "topics[0].related",
        "must be a list of texts",
    ),
    Defect(
        "duplicate YAML key",
        "roles.yaml",
        "    person: product manager\n",
        "    person: product manager\n    person: product person\n",
        "roles[0].person",
        "duplicate key 'person'",
        anchor="    person: product person",
    ),
    Defect(
        "small-talk phrase in two groups",
        "small_talk.yaml",
        "      - cheers\n",
        "      - hello\n",
        "small_talk[2].phrases[14]",
        "already listed under 'greeting'",
        anchor="      - hello\n      - much appreciated",
    ),
    Defect(
        "small-talk phrase without words",
        "small_talk.yaml",
        "      - cya\n",
        '      - "👋!"\n',
        "small_talk[3].phrases[7]",
        "has no words",
    ),
    Defect(
        "bad HTML in a small-talk reply",
        "small_talk.yaml",
        "suits them better.",
        "suits <b>them better.",
        "small_talk[0].reply",
        "<b> is never closed",
        anchor="suits <b>them better.",
    ),
    Defect(
        "unknown command in language.yaml",
        "language.yaml",
        "  menu:\n    - menu\n",
        "  manu:\n    - menu\n",
        "commands.manu",
        "unknown name 'manu'",
        anchor="  manu:",
    ),
    Defect(
        "role words for a role that does not exist",
        "language.yaml",
        "  project_manager:\n    - project manager\n",
        "  projekt_manager:\n    - project manager\n",
        "role_names.projekt_manager",
        "unknown name 'projekt_manager'",
        anchor="  projekt_manager:",
    ),
    Defect(
        "example topic of the wrong role",
        "language.yaml",
        "  product_manager: product_manager_example\n",
        "  product_manager: project_manager_example\n",
        "example_topics.product_manager",
        "is about role 'project_manager'",
    ),
    Defect(
        "focus words for a topic that does not exist",
        "language.yaml",
        "focus_words:\n  salaries:\n",
        "focus_words:\n  salary:\n",
        "focus_words.salary",
        "unknown name 'salary'",
        anchor="  salary:",
    ),
    Defect(
        "language list that is not a list",
        "language.yaml",
        "negations: [not, never, dont, isnt, nope]\n",
        "negations: not\n",
        "negations",
        "must be a list of texts",
    ),
    Defect(
        "unknown small-talk field",
        "small_talk.yaml",
        "    in_quiz: \"👍 Let's",
        "    in_qiuz: \"👍 Let's",
        "small_talk[5].in_qiuz",
        "unknown field 'in_qiuz'",
    ),
]


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_broken_content_is_refused_naming_file_line_and_problem(tmp_path: Path, defect: Defect) -> None:
    assert_refused(tmp_path, defect)


def test_unknown_role_error_reads_as_the_design_promises(tmp_path: Path) -> None:
    folder, _ = broken_copy(
        tmp_path,
        "checklist.yaml",
        "  - id: tech_and_creative\n    role: product_manager\n",
        "  - id: tech_and_creative\n    role: prodct_manager\n",
    )
    with pytest.raises(
        ContentError, match=r"^dialogues/checklist\.yaml:\d+: statements\[4\]\.role: unknown role 'prodct_manager'"
    ):
        load_content(folder)


def test_the_unedited_copy_loads(tmp_path: Path) -> None:
    """Guards the fixtures: every failure above comes from the one edit, not from the copying."""
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    assert len(load_content(folder).topics) >= 15


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    (folder / "messages.yaml").unlink()
    with pytest.raises(ContentError, match=r"^dialogues/messages\.yaml: file is missing"):
        load_content(folder)


def test_small_talk_is_optional(tmp_path: Path) -> None:
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    (folder / "small_talk.yaml").unlink()
    content = load_content(folder)
    assert content.small_talk == ()


def test_language_data_is_optional_buttons_and_commands_still_work(tmp_path: Path) -> None:
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    (folder / "language.yaml").unlink()
    assert load_content(folder).language.commands == {}


def test_a_stray_brace_in_a_message_is_a_content_error(tmp_path: Path) -> None:
    folder, edited = broken_copy(
        tmp_path,
        "messages.yaml",
        'back_at_first: "This is already the first question."',
        'back_at_first: "This is already the first question }."',
    )
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert caught.value.line == line_of(edited, "back_at_first:")
    assert "messages.back_at_first" in str(caught.value)


def test_a_doubled_brace_is_shown_as_one_brace(tmp_path: Path) -> None:
    folder, _ = broken_copy(
        tmp_path,
        "messages.yaml",
        'back_at_first: "This is already the first question."',
        'back_at_first: "This is already the first question {{1}}."',
    )
    assert load_content(folder).text("back_at_first") == "This is already the first question {1}."
