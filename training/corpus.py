"""The text the student learns from: what the bot will see, never what it is evaluated on.

The student only has to reproduce the full model's vectors on the kind of text RoleFit gets,
so the corpus is the content itself (phrasings, answer sentences, every string of
`dialogues/`), the source article, the benchmark's typed-message mix (questions, greetings,
off-topic, with its prefixes and tails), general English sentences from Python's own
documentation (off-topic text must stay far from every topic), and phrasings varied the way
people vary them: words dropped, product and project swapped, two questions run together, cut
short, with a greeting in front or "please" behind. Every text that also appears in an
evaluation file is removed, so no evaluation question is ever a training input.
"""

from __future__ import annotations

import itertools
import pydoc_data.topics
import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from bot.content import load_content
from bot.content.html_check import strip_tags

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "source" / "product-vs-project-management.txt"
TYPED = ROOT / "benchmarks" / "typed_questions.yaml"
EVALUATION_FILES = (
    *sorted((ROOT.parent / "shared" / "eval").glob("*.yaml")),
    *sorted(ROOT.glob("tests/**/fixture_*.yaml")),
)
AUGMENTED = 25_000
SAMPLED = 6_000  # typed-mix variants and documentation sentences, each
OPENERS = (
    *("", "", "", "hey ", "hi, ", "so ", "ok so ", "quick question: ", "can you tell me ", "i was wondering "),
    *("please explain ", "um ", "tell me ", "i'd like to know "),
)
CLOSERS = (
    "",
    "",
    "",
    "?",
    "??",
    " please",
    " thanks",
    " for me",
    " in simple words",
    " briefly",
    " exactly",
    " in 2026",
)
# Jobs next to the two roles: the same questions asked about them must stay as far from the
# topics as the teacher keeps them (the bot declines them), so they are learnt too.
OTHER_JOBS = (
    *("data analyst", "data scientist", "business analyst", "UX designer", "software engineer", "web developer"),
    *("marketing manager", "sales manager", "operations manager", "HR manager", "account manager", "accountant"),
    *("graphic designer", "nurse", "teacher", "consultant", "engineering manager", "office manager", "lawyer"),
    *("event planner", "architect", "financial analyst", "QA tester", "copywriter", "recruiter", "chef"),
)
OTHER_FIELDS = (
    *("data science", "UX design", "software engineering", "marketing", "sales", "accounting", "nursing"),
    *("consulting", "operations", "human resources", "finance", "law", "teaching", "design"),
)
ROLE_WORDS = re.compile(r"\b(product|project) (manager|management)\b", re.IGNORECASE)
OTHER_JOB_TEXTS = 8_000
SWAPPED = {"product": "project", "project": "product", "products": "projects", "projects": "products"}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n+", text) if s.strip()]


def strings(data: object) -> Iterator[str]:
    """Every string inside a YAML document."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def distillation_texts(content_dir: Path, exclude: Iterable[Path] = EVALUATION_FILES, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    content = load_content(content_dir)
    phrasings = [p for t in content.topics for p in t.phrasings] + [p for n in content.not_covered for p in n.phrasings]
    answers = [s for t in content.topics for s in sentences(strip_tags(t.answer)) if len(s) > 10]
    answers += [t.title for t in content.topics]
    everything = [
        s
        for f in sorted(content_dir.rglob("*.yaml"))
        for text in strings(yaml.safe_load(f.read_text(encoding="utf-8")))
        for s in sentences(strip_tags(text))
        if 3 <= len(s) <= 300
    ]
    article = (
        [s for s in sentences(ARTICLE.read_text(encoding="utf-8")) if 10 < len(s) < 300] if ARTICLE.is_file() else []
    )
    typed = yaml.safe_load(TYPED.read_text(encoding="utf-8"))
    kinds = [str(x) for kind in ("questions", "greetings", "off_topic") for x in typed[kind]]
    mix = [
        f"{p}{t}{s}{tail}"
        for tail, s, p, t in itertools.product(typed["tails"], typed["suffixes"], typed["prefixes"], kinds)
    ]
    docs = [
        " ".join(s.split())
        for topic in pydoc_data.topics.topics.values()
        for s in re.split(r"(?<=[.?!])\s+|\n\n+", topic)
        if 15 < len(" ".join(s.split())) < 200 and not re.search(r"[{}=<>_\[\]()]", s)
    ]
    rng.shuffle(docs)
    varied = [_vary(rng.choice(phrasings), phrasings, answers, rng) for _ in range(AUGMENTED)]
    about_roles = [p for p in phrasings + answers if ROLE_WORDS.search(p)]
    varied += [_other_job(rng.choice(about_roles), rng) for _ in range(OTHER_JOB_TEXTS)]
    rng.shuffle(mix)
    texts = dict.fromkeys(phrasings + answers + everything + article + mix[:SAMPLED] + docs[:SAMPLED] + varied)
    held_out = {s.strip().lower() for f in exclude for s in strings(yaml.safe_load(f.read_text(encoding="utf-8")))}
    return [t for t in texts if t.strip().lower() not in held_out]


def _other_job(text: str, rng: random.Random) -> str:
    """The same question about another job ("what does a data analyst do")."""
    job, field = rng.choice(OTHER_JOBS), rng.choice(OTHER_FIELDS)
    return ROLE_WORDS.sub(lambda m: job if m.group(2).lower() == "manager" else field, text)


def _vary(phrasing: str, phrasings: list[str], answers: list[str], rng: random.Random) -> str:
    """One phrasing varied as people vary a question (one change, chosen at random)."""
    words = phrasing.split()
    r = rng.random()
    if r < 0.2 and len(words) > 3:
        words = [w for w in words if rng.random() > 0.15] or words
    elif r < 0.35:
        words = [SWAPPED.get(w.lower(), w) for w in words]
    elif r < 0.45 and len(words) > 3:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif r < 0.55:
        other = rng.choice(phrasings).split()
        words = words + rng.choice([["and"], ["or"], [","], []]) + other[: max(2, len(other) // 2)]
    elif r < 0.62 and len(words) > 4:
        words = words[: rng.randrange(2, len(words))]
    elif r < 0.72:
        words = rng.choice(answers).split()[: rng.randrange(3, 12)] + (["?"] if rng.random() < 0.5 else [])
    text = " ".join(words)
    return rng.choice(OPENERS) + (text.lower() if rng.random() < 0.5 else text) + rng.choice(CLOSERS)
