"""The typed-message mix shared by the benchmarks: questions, greetings and off-topic text.

`stream(n, unique=False)` draws n messages from benchmarks/typed_questions.yaml (70% questions,
10% greetings, 20% off-topic), with repeats as real traffic has them (a few questions are asked
far more often than the rest);
`unique=True` gives n distinct messages instead (prefix x message x suffix x tail variants,
distinct after the bot's clean-up too), for runs that must not profit from any memo.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import yaml

PATH = Path(__file__).with_name("typed_questions.yaml")
KINDS = ("questions", "greetings", "off_topic")
SHARES = {"questions": 0.7, "greetings": 0.1, "off_topic": 0.2}  # of the messages sent


def messages() -> list[tuple[str, str]]:
    """(kind, text) for every message in the list, kind one of KINDS."""
    data = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    return [(kind, str(text)) for kind in KINDS for text in data[kind]]


def stream(n: int, *, unique: bool = False, seed: int = 13) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    data = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    pools: dict[str, list[str]] = {}
    for kind in KINDS:
        texts = [str(t) for t in data[kind]]
        if unique:
            texts = [
                f"{prefix}{text}{suffix}{tail}"
                for tail, suffix, prefix, text in itertools.product(
                    data["tails"], data["suffixes"], data["prefixes"], texts
                )
            ]
        rng.shuffle(texts)
        pools[kind] = texts
    kinds = rng.choices(KINDS, weights=[SHARES[k] for k in KINDS], k=n)
    if unique:
        taken = dict.fromkeys(KINDS, 0)
        out = []
        for kind in kinds:
            if taken[kind] >= len(pools[kind]):
                raise ValueError(f"only {len(pools[kind])} distinct {kind}; asked for more")
            out.append((kind, pools[kind][taken[kind]]))
            taken[kind] += 1
        return out
    # Zipf-like popularity within a kind: its i-th message is asked ~1/(i+1) as often as the first.
    weights = {k: [1 / (i + 1) for i in range(len(pools[k]))] for k in KINDS}
    return [(kind, rng.choices(pools[kind], weights=weights[kind])[0]) for kind in kinds]
