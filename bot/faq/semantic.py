"""The semantic matcher: sentence embeddings, nearest phrasing per class plus a linear model.

A class's score is its best cosine similarity to one of its phrasings (nearest neighbour)
plus the output of a ridge-regression classifier trained on all phrasings at load. The
neighbour part carries "how close is this to something we wrote"; the linear part learns
which directions separate topics that share words ("example" vs "role", product vs
project). Both are computed for held-out phrasings too (leave-one-out, closed form for
ridge), and the zones are calibrated on those; see zones.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from bot.faq.examples import Examples
from bot.faq.normalize import Normalizer
from bot.faq.types import Match
from bot.faq.vector_cache import load_vectors, save_vectors
from bot.faq.zones import Scored, Thresholds, calibrate, decide

log = logging.getLogger(__name__)

RIDGE_STRENGTH = 0.35  # ridge penalty as a share of the mean eigenvalue of X^T X: scale-free
MAX_INPUT_CHARS = 500  # a question is short; a pasted essay is cut before the model sees it


class TextEncoder(Protocol):
    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class _Model:
    vectors: np.ndarray  # (n_examples, dim), unit rows
    weights: np.ndarray  # (dim, n_classes) ridge classifier
    starts: np.ndarray  # first row of each class in `vectors`


class SemanticMatcher:
    def __init__(self, examples: Examples, encoder: TextEncoder, *, cache_dir: Path | None = None) -> None:
        self.examples = examples
        self.normalizer = Normalizer(examples.texts)
        self._encoder = encoder
        normalized = [self.normalizer(t) for t in examples.texts]
        vectors = self._example_vectors(normalized, cache_dir)
        self._model = _fit(vectors, examples)
        self.thresholds: Thresholds = calibrate(_held_out(self._model, examples), examples.labels, examples.n_topics)
        log.debug("semantic matcher: %d phrasings, %s", len(examples.texts), self.thresholds)

    def _example_vectors(self, normalized: list[str], cache_dir: Path | None) -> np.ndarray:
        key = self.examples.fingerprint(self._encoder.model_id, *normalized)
        cached = load_vectors(cache_dir, key, len(normalized)) if cache_dir else None
        if cached is not None:
            return cached
        vectors = self._encoder.encode(normalized)
        if cache_dir:
            save_vectors(cache_dir, key, vectors)
        return vectors

    def scored(self, text: str) -> Scored | None:
        """Scores for every class, or None when nothing in the text can be matched."""
        words = self.normalizer(text[:MAX_INPUT_CHARS])
        if not words:
            return None
        query = self._encoder.encode([words])[0]
        return _score(self._model, self.examples.n_topics, query[None, :])[0]

    def match(self, text: str) -> Match:
        scored = self.scored(text)
        if scored is None:
            return Match(None, (), 0.0)
        return decide(scored, self.thresholds, self.examples.class_ids, self.examples.n_topics)


def _fit(vectors: np.ndarray, examples: Examples) -> _Model:
    x = vectors.astype(np.float64)
    penalty = RIDGE_STRENGTH * len(x) / x.shape[1]
    targets = _one_hot(examples)
    weights = np.linalg.solve(x.T @ x + penalty * np.eye(x.shape[1]), x.T @ targets)
    return _Model(vectors.astype(np.float32), weights.astype(np.float32), np.asarray(examples.starts))


def _one_hot(examples: Examples) -> np.ndarray:
    targets = np.zeros((len(examples.labels), len(examples.class_ids)))
    targets[np.arange(len(examples.labels)), examples.labels] = 1.0
    return targets


def _score(model: _Model, n_topics: int, queries: np.ndarray, exclude: np.ndarray | None = None) -> list[Scored]:
    similarity = queries @ model.vectors.T
    if exclude is not None:  # leave-one-out: a phrasing may not match itself
        similarity[np.arange(len(exclude)), exclude] = -np.inf
    nearest = np.maximum.reduceat(similarity, model.starts, axis=1)
    linear = queries @ model.weights
    return _as_scored(nearest + linear, nearest[:, :n_topics].max(axis=1))


def _as_scored(scores: np.ndarray, nearest: np.ndarray) -> list[Scored]:
    return [Scored(tuple(row.tolist()), float(n)) for row, n in zip(scores, nearest)]


def _held_out(model: _Model, examples: Examples, chunk: int = 1024) -> list[Scored]:
    """Every phrasing scored by a model that never saw it (ridge leave-one-out in closed form)."""
    x = model.vectors.astype(np.float64)
    penalty = RIDGE_STRENGTH * len(x) / x.shape[1]
    inverse = np.linalg.inv(x.T @ x + penalty * np.eye(x.shape[1]))
    targets = _one_hot(examples)
    leverage = np.einsum("ij,jk,ik->i", x, inverse, x)
    fitted = x @ (inverse @ (x.T @ targets))
    linear = (fitted - leverage[:, None] * targets) / (1.0 - leverage[:, None])
    out: list[Scored] = []
    for begin in range(0, len(x), chunk):
        rows = np.arange(begin, min(begin + chunk, len(x)))
        similarity = model.vectors[rows] @ model.vectors.T
        similarity[np.arange(len(rows)), rows] = -np.inf
        nearest = np.maximum.reduceat(similarity, model.starts, axis=1)
        n_topics = examples.n_topics
        out += _as_scored(nearest + linear[rows], nearest[:, :n_topics].max(axis=1))
    return out
