"""The zones are calibrated on phrasings scored by a model that never saw them: the closed form
must give exactly what refitting the kernel ridge without the phrasing gives."""

from __future__ import annotations

import numpy as np
import pytest

from bot.faq import semantic
from bot.faq.examples import Examples
from bot.faq.zones import held_out

PER_CLASS = (6, 5, 7, 4)  # three topics and one not-covered group
DIM = 12


def _examples(sizes: tuple[int, ...]) -> Examples:
    labels = tuple(c for c, size in enumerate(sizes) for _ in range(size))
    starts = tuple(int(s) for s in np.cumsum((0, *sizes[:-1])))
    class_ids = (*(f"topic_{c}" for c in range(len(sizes) - 1)), "not_covered:other")
    texts = tuple(f"phrasing {i}" for i in range(len(labels)))
    return Examples(class_ids, len(sizes) - 1, texts, labels, starts)


def _vectors(n: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, DIM))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_closed_form_leave_one_out_equals_refitting_without_the_phrasing() -> None:
    examples = _examples(PER_CLASS)
    vectors = _vectors(len(examples.labels))
    records = semantic._held_out(semantic._fit(vectors, examples), examples)
    for row in range(len(vectors)):
        sizes = tuple(size - (label == examples.labels[row]) for label, size in enumerate(PER_CLASS))
        without = semantic._fit(np.delete(vectors, row, axis=0), _examples(sizes))
        scored = semantic._score(without, examples.n_topics, vectors[[row]])[0]
        expected = held_out(scored, examples.labels[row], examples.n_topics)
        got = records[row]
        assert (got.label, got.best, got.agreed) == (expected.label, expected.best, expected.agreed)
        assert got.nearest == pytest.approx(expected.nearest, abs=1e-5)
        assert got.lead == pytest.approx(expected.lead, abs=1e-4)
        assert got.trail == pytest.approx(expected.trail, abs=1e-4)


def test_a_large_content_trains_the_ridge_on_an_even_spread_and_still_scores_every_phrasing(monkeypatch) -> None:
    monkeypatch.setattr(semantic, "MAX_RIDGE_ROWS", 8)
    examples = _examples(PER_CLASS)
    vectors = _vectors(len(examples.labels))
    model = semantic._fit(vectors, examples)
    assert len(model.support) <= 8
    assert {examples.labels[i] for i in model.support} == set(range(len(PER_CLASS)))  # every class keeps rows
    records = semantic._held_out(model, examples)
    assert len(records) == len(vectors)
    assert all(np.isfinite([r.nearest, r.lead, r.trail]).all() for r in records)
