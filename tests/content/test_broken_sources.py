"""Issue 10's rules for topics: sources, dated figures, counterparts and next steps.

One broken copy of dialogues/ per defect, like test_broken_content.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.content import ContentError, load_content
from tests.content.broken import DIALOGUES, Defect, assert_refused, line_of

CAREERS = "topics/careers.yaml"
SOURCE_DEFECTS = [
    Defect(
        "source without a URL",
        CAREERS,
        '        url: "https://www.simplilearn.com/will-project-managers-be-replaced-by-ai-article"\n',
        "",
        "topics[3].sources[0]",
        "missing required field 'url'",
        anchor='      - title: "Simplilearn: Will project managers be replaced by AI?"',
    ),
    Defect(
        "source URL that is not http(s)",
        CAREERS,
        '"https://www.simplilearn.com/will-project-managers-be-replaced-by-ai-article"',
        '"ftp://www.simplilearn.com/ai"',
        "topics[3].sources[0].url",
        "is not an http(s) address",
    ),
    Defect(
        "figure in an answer that no dated source states",
        CAREERS,
        "$94,500 in May 2021, $100,750",
        "$95,500 in May 2021, $100,750",
        "topics[2].answer",
        "the figure '95500' is in no fact of a dated source",
        anchor="    answer: |\n      <b>What the two roles pay</b>",
    ),
    Defect(
        "figure in a source without its year",
        CAREERS,
        '        year: 2021\n        facts:\n          - "median annual wage',
        '        facts:\n          - "median annual wage',
        "topics[2].sources[0].facts[0]",
        "needs the source's 'year'",
        anchor='          - "median annual wage for project management specialists was $94,500',
    ),
    Defect(
        "role-specific topic without its counterpart, in a topic file",
        CAREERS,
        "    role: product_manager\n    counterpart: project_management_career\n",
        "    role: product_manager\n",
        "topics[0]",
        "missing required field 'counterpart'",
        anchor="  - id: product_management_career",
    ),
    Defect(
        "counterpart not offered as a next step",
        CAREERS,
        "    related: [project_management_career, product_leadership, salaries]",
        "    related: [job_outlook, product_leadership, salaries]",
        "topics[0].related",
        "must offer the counterpart 'project_management_career'",
    ),
    Defect(
        "broken related link in a topic file",
        CAREERS,
        "    related: [salaries, ai_and_the_future, product_management_career]",
        "    related: [salaries, ai_and_the_futur, product_management_career]",
        "topics[1].related[1]",
        "unknown topic 'ai_and_the_futur'",
    ),
    Defect(
        "more than three next steps",
        CAREERS,
        "    related: [salaries, ai_and_the_future, product_management_career]",
        "    related: [salaries, ai_and_the_future, product_management_career, difference]",
        "topics[1].related",
        "at most 3 next steps",
    ),
    Defect(
        "answer too long for one screen",
        CAREERS,
        "      If shaping what gets built excites you more than running the schedule, it is a rewarding path.\n",
        "      If shaping what gets built excites you more than running the schedule, it is a rewarding path.\n"
        + "      More words to read on a small phone screen, again and again.\n" * 6,
        "topics[0].answer",
        "keep them within 900",
        anchor="    answer: |\n      <b>Product management as a career</b>",
    ),
    Defect(
        "topic id used in two files",
        CAREERS,
        "  - id: job_outlook\n",
        "  - id: difference\n",
        "topics[1].id",
        "duplicate id 'difference'",
        anchor="  - id: difference",
    ),
]


@pytest.mark.parametrize("defect", SOURCE_DEFECTS, ids=[d.name for d in SOURCE_DEFECTS])
def test_broken_sources_are_refused_naming_file_line_and_problem(tmp_path: Path, defect: Defect) -> None:
    assert_refused(tmp_path, defect)


def test_topic_without_sources_is_refused(tmp_path: Path) -> None:
    # The last topic of the file loses its whole `sources:` block.
    folder = tmp_path / "dialogues"
    shutil.copytree(DIALOGUES, folder)
    careers = folder / CAREERS
    text = careers.read_text(encoding="utf-8")
    cut = text.index('    sources:\n      - title: "Simplilearn')
    careers.write_text(text[:cut], encoding="utf-8")

    with pytest.raises(ContentError) as caught:
        load_content(folder)

    assert str(caught.value).startswith(f"dialogues/{CAREERS}:{line_of(text, '  - id: ai_and_the_future')}: ")
    assert "topics[3]: missing required field 'sources'" in str(caught.value)
