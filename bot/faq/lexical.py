"""The fallback matcher: TF-IDF word overlap, no model, pure Python.

Used when the embedding model can't be loaded. Words are normalised (typos corrected
towards the content vocabulary, see normalize.py) and crudely stemmed; a class scores its
best cosine similarity to one of its phrasings. The zones are calibrated like the semantic
matcher's, on held-out phrasings (zones.py). Weaker on paraphrases that share no words.
"""

from __future__ import annotations

import math
from collections import Counter

from bot.faq.examples import Examples
from bot.faq.types import Match
from bot.faq.zones import Scored, Thresholds, calibrate, decide, held_out
from bot.understand.normalize import Normalizer

MAX_INPUT_CHARS = 500

Vector = dict[str, float]


def stem(word: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


class LexicalMatcher:
    def __init__(self, examples: Examples, normalizer: Normalizer | None = None) -> None:
        self.examples = examples
        self._stop_words = examples.language.stop_words
        self._suffixes = examples.language.stem_suffixes
        self.normalizer = normalizer or Normalizer(examples.texts, examples.language.shorthand)
        terms = [self._terms(t) for t in examples.texts]
        frequency = Counter(term for words in terms for term in set(words))
        total = len(terms)
        self._idf = {term: math.log((total + 1) / (count + 1)) + 1 for term, count in frequency.items()}
        self._unseen_idf = math.log(total + 1) + 1
        self._vectors = [self._vector(words) for words in terms]
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for index, vector in enumerate(self._vectors):
            for term, weight in vector.items():
                self._postings.setdefault(term, []).append((index, weight))
        records = [
            held_out(self._scored(vector, exclude=i), examples.labels[i], examples.n_topics)
            for i, vector in enumerate(self._vectors)
        ]
        self.thresholds: Thresholds = calibrate(records, examples.n_topics)

    def _terms(self, text: str) -> list[str]:
        return [stem(w, self._suffixes) for w in self.normalizer.words(text) if w not in self._stop_words]

    def _vector(self, terms: list[str]) -> Vector:
        counts = Counter(terms)
        raw = {t: (1 + math.log(c)) * self._idf.get(t, self._unseen_idf) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {t: v / norm for t, v in raw.items()}

    def _scored(self, vector: Vector, exclude: int = -1) -> Scored:
        similarity: dict[int, float] = {}
        for term, weight in vector.items():
            for index, other in self._postings.get(term, ()):
                similarity[index] = similarity.get(index, 0.0) + weight * other
        scores = [0.0] * len(self.examples.class_ids)
        for index, value in similarity.items():
            label = self.examples.labels[index]
            if index != exclude and value > scores[label]:
                scores[label] = value
        nearest = max(scores[: self.examples.n_topics], default=0.0)
        return Scored(tuple(scores), nearest)

    def match(self, text: str) -> Match:
        terms = self._terms(text[:MAX_INPUT_CHARS])
        if not terms or not self.examples.n_topics:
            return Match(None, (), 0.0)
        scored = self._scored(self._vector(terms))
        return decide(scored, self.thresholds, self.examples.class_ids, self.examples.n_topics)
