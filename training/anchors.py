"""The content's phrasings as anchors: the student learns the teacher's similarities to them.

The matcher never reads a sentence vector on its own. It reads cosines: a question's to every
phrasing (nearest phrasing, kernel ridge) and the phrasings' to one another (the ridge, the
zones calibrated on held-out phrasings; bot/faq/semantic.py). A student whose vectors are each
2% off the teacher's can still move those cosines enough to turn an answer into a suggestion.
So training also compares, per batch, the student's cosines between the batch's texts and a
set of phrasings (and among those phrasings) with the teacher's. The set holds the phrasings
nearest to the batch's texts by the teacher, where the matcher's decisions are made, and a
random rest, so far cosines stay far too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jax.numpy as jnp
import numpy as np

from bot.content import load_content
from bot.faq.examples import examples_from
from bot.understand.normalize import Normalizer
from bot.understand.vocabulary import content_texts

NEAREST = 2  # anchors per batch text taken from its nearest phrasings
CLOSE = 0.4  # teacher cosines above this (where answers are decided) weigh more
CLOSE_WEIGHT = 4.0


def anchor_texts(content_dir: Path) -> list[str]:
    """The phrasings as the bot encodes them: cleaned up by the same normaliser."""
    content = load_content(content_dir)
    normalizer = Normalizer(content_texts(content), content.language.shorthand)
    return list(dict.fromkeys(w for w in (normalizer(t) for t in examples_from(content).texts) if w))


def pooled(states: list[np.ndarray]) -> np.ndarray:
    """Unit sentence vectors from per-text token states (mean pooling, as the encoder does)."""
    vectors = np.stack([s.astype(np.float32).mean(0) for s in states])
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


@dataclass
class Anchors:
    ids: np.ndarray  # (n, tokens) int32, zero-padded
    mask: np.ndarray  # (n, tokens) float32
    vectors: np.ndarray  # (n, dim) teacher sentence vectors
    nearest: np.ndarray  # (n_texts, NEAREST) each corpus text's nearest anchors by the teacher
    size: int
    rng: np.random.Generator

    @classmethod
    def build(
        cls, ids: list[np.ndarray], states: list[np.ndarray], text_vectors: np.ndarray, size: int, seed: int = 1
    ) -> Anchors:
        tokens = max(8, -(-max(len(i) for i in ids) // 8) * 8)
        padded = np.zeros((len(ids), tokens), np.int32)
        mask = np.zeros((len(ids), tokens), np.float32)
        for r, row in enumerate(ids):
            padded[r, : len(row)], mask[r, : len(row)] = row, 1
        vectors = pooled(states)
        nearest = np.argsort(-(text_vectors @ vectors.T), axis=1)[:, :NEAREST]
        return cls(padded, mask, vectors, nearest, size, np.random.default_rng(seed))

    def batch(self, texts: list[int]) -> tuple[Any, Any, Any]:
        """(ids, mask, teacher vectors) of `size` anchors: the batch texts' nearest, then random ones."""
        chosen = list(dict.fromkeys(int(a) for a in self.nearest[texts].ravel()))[: self.size]
        rest = np.setdiff1d(np.arange(len(self.ids)), chosen)
        chosen += self.rng.choice(rest, self.size - len(chosen), replace=False).tolist()
        return jnp.asarray(self.ids[chosen]), jnp.asarray(self.mask[chosen]), jnp.asarray(self.vectors[chosen])


def relational_error(student: Any, teacher: Any, student_anchors: Any, teacher_anchors: Any, rows: Any) -> Any:
    """Weighted squared difference of the cosines texts x anchors and anchors x anchors."""

    def weighted(s: Any, t: Any, real: Any) -> Any:
        real = jnp.broadcast_to(real, s.shape)
        weight = real * (1.0 + CLOSE_WEIGHT * (t > CLOSE))
        return (weight * (s - t) ** 2).sum() / real.sum()

    texts = weighted(student @ student_anchors.T, teacher @ teacher_anchors.T, rows[:, None])
    among = weighted(student_anchors @ student_anchors.T, teacher_anchors @ teacher_anchors.T, 1.0)
    return texts + among
