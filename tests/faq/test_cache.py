"""Phrasing vectors are cached on disk, keyed by model and content."""

from __future__ import annotations

import numpy as np

from bot.faq.examples import examples_from


class CountingEncoder:
    model_id = "counting"

    def __init__(self) -> None:
        self.texts = 0
        self._rng = np.random.default_rng(0)

    def encode(self, texts):
        self.texts += len(texts)
        vectors = np.stack([self._vector(t) for t in texts]).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    @staticmethod
    def _vector(text: str) -> np.ndarray:
        return np.random.default_rng(abs(hash(text)) % 2**32).normal(size=16) + 0.1


def test_second_build_reads_the_cache(faq_content, tmp_path) -> None:
    from bot.faq.semantic import SemanticMatcher

    examples = examples_from(faq_content)
    first = CountingEncoder()
    SemanticMatcher(examples, first, cache_dir=tmp_path)
    assert first.texts == len(examples.texts)
    second = CountingEncoder()
    SemanticMatcher(examples, second, cache_dir=tmp_path)
    assert second.texts == 0
    assert len(list(tmp_path.glob("faq-vectors-*.npy"))) == 1


def test_corrupt_cache_is_rebuilt(faq_content, tmp_path) -> None:
    from bot.faq.semantic import SemanticMatcher

    examples = examples_from(faq_content)
    SemanticMatcher(examples, CountingEncoder(), cache_dir=tmp_path)
    for path in tmp_path.glob("faq-vectors-*.npy"):
        path.write_bytes(b"not numpy")
    encoder = CountingEncoder()
    SemanticMatcher(examples, encoder, cache_dir=tmp_path)
    assert encoder.texts == len(examples.texts)


def test_unwritable_cache_dir_is_not_fatal(faq_content, tmp_path) -> None:
    from bot.faq.semantic import SemanticMatcher

    blocker = tmp_path / "file"
    blocker.write_text("x")
    matcher = SemanticMatcher(examples_from(faq_content), CountingEncoder(), cache_dir=blocker / "cache")
    assert matcher.match("anything") is not None
