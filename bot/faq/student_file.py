"""The student file: a distilled encoder's transformer layers, and how they meet MiniLM's embeddings.

The student (training/README.md) keeps MiniLM's tokenizer and embeddings and has its own, smaller
transformer layers. They are saved as float16 arrays named like the packaged model's weights
(`inner.encoder.layer.{i}.{linear}.weight`, laid out [in, out]; biases and LayerNorms as in the
model). `write` is the one place that produces such a file (distill.py uses it),
`with_student_layers` the one place that reads it: it lays the layers over the packaged model's
embeddings, and `bot.faq.graph.build` turns the result into the same fused graph the bot runs,
so `bot.faq.quantize.quantize_int8` makes its int8 copy exactly as the bot makes its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from bot.faq.graph import LINEARS, Weights

SHIPPED = Path(__file__).parent / "vendor" / "minilm_student" / "layers.npz"
_LAYER = "inner.encoder.layer.{i}."
_NORMS = ("attention.output.LayerNorm", "output.LayerNorm")


def read_layers(path: Path) -> list[dict[str, np.ndarray]]:
    """The saved layers as `write` took them (float32), to train further from them."""
    stored = _stored(path)
    layers = 1 + max(int(name.split(".")[3]) for name in stored)
    return [
        {name.removeprefix(_LAYER.format(i=i)): a for name, a in stored.items() if name.startswith(_LAYER.format(i=i))}
        for i in range(layers)
    ]


def _stored(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as arrays:
        return {name: arrays[name].astype(np.float32) for name in arrays.files}


def with_student_layers(teacher: Weights, path: Path) -> Weights:
    """The teacher's embeddings with the student's transformer layers in place of its own."""
    stored = _stored(path)
    layers = 1 + max(int(name.split(".")[3]) for name in stored)
    tensors = {name: array for name, array in teacher.tensors.items() if name.startswith("inner.embeddings.")}
    linear: dict[tuple[int, str], np.ndarray] = {}
    for i in range(layers):
        prefix = _LAYER.format(i=i)
        for name in LINEARS:
            linear[(i, name)] = stored[f"{prefix}{name}.weight"]
            tensors[f"{prefix}{name}.bias"] = stored[f"{prefix}{name}.bias"]
        for name in _NORMS:
            for part in ("weight", "bias"):
                tensors[f"{prefix}{name}.{part}"] = stored[f"{prefix}{name}.{part}"]
    return Weights(tensors, linear, layers, teacher.heads)


def write(path: Path, layers: list[Mapping[str, np.ndarray]]) -> None:
    """Save trained layers, each a mapping of `LINEARS` and `_NORMS` names plus ".weight" / ".bias"
    to arrays (linear weights [in, out]), as float16: int8 quantisation follows anyway."""
    expected = {f"{n}.{p}" for n in (*LINEARS, *_NORMS) for p in ("weight", "bias")}
    for i, layer in enumerate(layers):
        if set(layer) != expected:
            raise ValueError(
                f"layer {i}: missing {sorted(expected - set(layer))}, unknown {sorted(set(layer) - expected)}"
            )
    arrays = {
        f"{_LAYER.format(i=i)}{name}": np.asarray(array, dtype=np.float16)
        for i, layer in enumerate(layers)
        for name, array in layer.items()
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]
