"""The semantic matcher: sentence embeddings, nearest phrasing per class plus a kernel ridge model.

A class's score is its best cosine similarity to one of its phrasings (nearest neighbour)
plus the output of a kernel ridge-regression classifier trained on all phrasings at load.
The neighbour part carries "how close is this to something we wrote"; the ridge part learns
what separates topics that share words ("example" vs "role", product vs project). It is
solved in its dual form over a Gaussian kernel on the embeddings' cosine, so it can bend
around a topic whose phrasings sit on two sides of another topic, which a linear model over
384 dimensions could not (fresh wording ranked its topic first more often; README "FAQ
matching"). Both parts are computed for held-out phrasings too (leave-one-out, closed form
for kernel ridge), and the zones are calibrated on those; see zones.py.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.faq.examples import Examples
from bot.faq.hubness import Pull, held_out_pull, pull
from bot.faq.types import Match
from bot.faq.vector_cache import load_vectors, save_vectors
from bot.faq.zones import HeldOut, Scored, Thresholds, calibrate, clear, decide
from bot.understand.normalize import Normalizer

log = logging.getLogger(__name__)

KERNEL_WIDTH = 2.0  # kernel exp(KERNEL_WIDTH * (cosine - 1)): 1 for a phrasing itself, e^-1 at cosine 0.5
RIDGE_STRENGTH = 0.35  # ridge penalty as a share of the kernel's mean eigenvalue (its diagonal is 1): scale-free
LINEAR_WEIGHT = 2.0  # weight of the ridge output next to the nearest-phrasing cosine
HUB_WEIGHT = 1.0  # share of a phrasing's pull (hubness.py) taken off its cosine in the nearest-phrasing part
MAX_RIDGE_ROWS = 2500  # the ridge learns from at most this many phrasings (an even spread of them):
# its two n x n float64 matrices at load stay under ~100 MB; the shipped content has ~750.
# All three were chosen by top-1 of the ranking on the content's own phrasings held out one at
# a time, checked on every evaluation set we have (README "FAQ matching"). They shape the
# ranking only; no zone threshold is fixed here.
CHUNK = 512  # phrasings scored at once at load: bounds the similarity matrices on a large content
MAX_INPUT_CHARS = 500  # a question is short; a pasted essay is cut before the model sees it


class TextEncoder(Protocol):
    model_id: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class _Model:
    vectors: np.ndarray  # (n_examples, dim), unit rows
    starts: np.ndarray  # first row of each class in `vectors`
    support: np.ndarray  # the rows the ridge learnt from (all of them up to MAX_RIDGE_ROWS)
    dual: np.ndarray  # (n_support, n_classes): kernel ridge coefficients, (K + penalty I)^-1 Y
    leverage: np.ndarray  # (n_support,): diagonal of the ridge's hat matrix, for leave-one-out
    hub: Pull  # how strongly each phrasing pulls questions in, whatever they ask (hubness.py)


class SemanticMatcher:
    def __init__(
        self,
        examples: Examples,
        encoder: TextEncoder,
        *,
        cache_dir: Path | None = None,
        normalizer: Normalizer | None = None,
    ) -> None:
        self.examples = examples
        self.normalizer = normalizer or Normalizer(examples.texts, examples.language.shorthand)
        self._encoder = encoder
        normalized = [self.normalizer(t) for t in examples.texts]
        self._model: _Model | None = None
        self.thresholds = Thresholds(1.0, 1.0, 1.0, 1.0, 1.0)
        if examples.n_topics:  # without topics every question is out of scope
            self._model = _fit(self._example_vectors(normalized, cache_dir), examples)
            self.thresholds = calibrate(_held_out(self._model, examples), examples.n_topics)
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
        return self._scored_words(self.normalizer(text[:MAX_INPUT_CHARS]))

    def _scored_words(self, words: str) -> Scored | None:
        if not words or self._model is None:
            return None
        query = self._encoder.encode([words])
        return _score(self._model, self.examples.n_topics, query)[0]

    def match(self, text: str) -> Match:
        return self.match_words(self.normalizer(text[:MAX_INPUT_CHARS]))

    def match_words(self, words: str) -> Match:
        """The match for a text the normaliser has already cleaned up (what `match` does after it)."""
        scored = self._scored_words(words)
        if scored is None:
            return Match(None, (), 0.0)
        return self._decide(scored)

    def clear_match(self, words: str, slack: float) -> Match | None:
        """The match for cleaned-up words when it clears its zone's thresholds by `slack` (zones.clear);
        None when it is close to a boundary, or nothing in the words can be matched."""
        scored = self._scored_words(words)
        if scored is None:
            return None
        match = self._decide(scored)
        return match if clear(scored, match, self.thresholds, self.examples.n_topics, slack) else None

    def _decide(self, scored: Scored) -> Match:
        return decide(scored, self.thresholds, self.examples.class_ids, self.examples.n_topics)

    def own_answers(self) -> dict[str, Match]:
        """What this matcher answers to each content phrasing, typed as it is written, keyed by the
        normalised phrasing. Scored from the vectors embedded at load, so it costs no model run."""
        if self._model is None:
            return {}
        normalized = [self.normalizer(t) for t in self.examples.texts]
        vectors, n_topics = self._model.vectors, self.examples.n_topics
        answers: dict[str, Match] = {}
        # In chunks: one n x n similarity matrix (and n score rows) would take gigabytes on a 1,000-topic content.
        for begin in range(0, len(vectors), CHUNK):
            scored = _score(self._model, n_topics, vectors[begin : begin + CHUNK])
            for words, s in zip(normalized[begin : begin + CHUNK], scored, strict=True):
                if words:
                    answers[words] = self._decide(s)
        return answers


def _kernel(similarity: np.ndarray) -> np.ndarray:
    """Gaussian kernel on the unit sphere: exp(-width/2 * |a - b|^2), from the cosine."""
    return np.exp(KERNEL_WIDTH * (similarity - 1.0))


def _one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    y = np.zeros((len(labels), n_classes))
    y[np.arange(len(labels)), labels] = 1.0
    return y


def _fit(vectors: np.ndarray, examples: Examples) -> _Model:
    n = len(vectors)
    support = np.arange(0, n, -(-n // MAX_RIDGE_ROWS))  # every k-th row: classes keep their share
    x = vectors[support].astype(np.float64)
    gram = _kernel(x @ x.T)
    penalty = RIDGE_STRENGTH * float(np.trace(gram)) / len(gram)
    inverse = np.linalg.inv(gram + penalty * np.eye(len(gram)))
    del gram
    dual = inverse @ _one_hot(np.asarray(examples.labels)[support], len(examples.class_ids))
    # H = K (K + pI)^-1 = I - p (K + pI)^-1, so the hat matrix's diagonal needs no more products.
    leverage = 1.0 - penalty * np.diag(inverse)
    vectors = vectors.astype(np.float32)
    return _Model(vectors, np.asarray(examples.starts), support, dual.astype(np.float32), leverage, pull(vectors))


def _score(model: _Model, n_topics: int, queries: np.ndarray) -> list[Scored]:
    similarity = queries @ model.vectors.T
    # The cosine decides in or out of scope; the cosine less each phrasing's pull ranks the topics.
    nearest = np.maximum.reduceat(similarity, model.starts, axis=1)
    unpulled = np.maximum.reduceat(similarity - HUB_WEIGHT * model.hub.value, model.starts, axis=1)
    linear = _kernel(similarity[:, model.support]) @ model.dual
    scores = unpulled + LINEAR_WEIGHT * linear
    agreed = _agreed(unpulled, linear, scores, n_topics)
    best_topic = nearest[:, :n_topics].max(axis=1)
    best_negative = nearest[:, n_topics:].max(axis=1) if nearest.shape[1] > n_topics else np.zeros(len(queries))
    return [
        Scored(tuple(row.tolist()), float(n), bool(a), float(neg))
        for row, n, a, neg in zip(scores, best_topic, agreed, best_negative, strict=False)
    ]


def _agreed(nearest: np.ndarray, linear: np.ndarray, scores: np.ndarray, n_topics: int) -> np.ndarray:
    """Per row: the nearest phrasing and the ridge model each name the best-scoring topic."""
    best = scores[:, :n_topics].argmax(axis=1)
    return (nearest[:, :n_topics].argmax(axis=1) == best) & (linear[:, :n_topics].argmax(axis=1) == best)


def _held_out(model: _Model, examples: Examples) -> list[HeldOut]:
    """Every phrasing scored by a model that never saw it: kernel ridge leave-one-out in closed form for
    the rows the ridge learnt from; the others (only past MAX_RIDGE_ROWS) are held out already."""
    labels = np.asarray(examples.labels)
    in_support = np.full(len(labels), -1)
    in_support[model.support] = np.arange(len(model.support))
    n_topics = examples.n_topics
    records: list[HeldOut] = []
    for begin in range(0, len(labels), CHUNK):
        rows = np.arange(begin, min(begin + CHUNK, len(labels)))
        similarity = model.vectors[rows] @ model.vectors.T
        linear = (_kernel(similarity[:, model.support].astype(np.float64)) @ model.dual).astype(np.float64)
        # A learnt row's prediction without it: (fitted - leverage * own label) / (1 - leverage).
        learnt = in_support[rows] >= 0
        leverage = model.leverage[in_support[rows][learnt]]
        own = labels[rows][learnt]
        linear[np.flatnonzero(learnt), own] -= leverage
        linear[learnt] /= (1.0 - leverage)[:, None]
        pulled = similarity - HUB_WEIGHT * held_out_pull(model.hub, similarity, rows)
        for matrix in (similarity, pulled):
            matrix[np.arange(len(rows)), rows] = -1.0  # a phrasing may not match itself
        nearest = np.maximum.reduceat(similarity, model.starts, axis=1)
        unpulled = np.maximum.reduceat(pulled, model.starts, axis=1)
        scores = unpulled + LINEAR_WEIGHT * linear
        agreed = _agreed(unpulled, linear, scores, n_topics)
        records += _records(scores, nearest[:, :n_topics].max(axis=1), labels[rows], n_topics, agreed)
    return records


def _records(
    scores: np.ndarray, nearest: np.ndarray, own: np.ndarray, n_topics: int, agreed: np.ndarray
) -> list[HeldOut]:
    topics = scores[:, :n_topics]
    if n_topics > 1:
        top2 = np.argpartition(-topics, 1, axis=1)[:, :2]
        pair = np.take_along_axis(topics, top2, axis=1)
        order = np.argsort(-pair, axis=1)
        best = np.take_along_axis(top2, order[:, :1], axis=1)[:, 0]
        lead = np.abs(pair[:, 0] - pair[:, 1])
    else:
        best = np.zeros(len(scores), dtype=int)
        lead = np.zeros(len(scores))
    index = np.arange(len(scores))
    trail = topics[index, best] - scores[index, own]
    return [
        HeldOut(int(label), float(n), int(b), float(l), float(t), bool(a))
        for label, n, b, l, t, a in zip(own, nearest, best, lead, trail, agreed, strict=False)  # noqa: E741
    ]
