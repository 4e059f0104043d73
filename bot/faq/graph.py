"""The same MiniLM encoder rebuilt as a standard BERT graph of onnxruntime's fused operators.

The packaged model is a torch export: each layer's attention is ~40 small nodes (shape
arithmetic, Slice/Concat, a NaN guard after the softmax), so onnxruntime's transformer
optimiser cannot recognise it and a question pays per-node overhead for about half of its
time. Here the weights are read out of the (weight-folded) packaged model and laid into
onnxruntime's own contrib operators, which run the same maths in a few nodes per layer:

    EmbedLayerNormalization -> per layer: Attention (q, k, v in one product), MatMul + Add,
    Add + LayerNormalization, MatMul + Add, Gelu (exact erf GELU, as the model), MatMul + Add,
    Add + LayerNormalization

The graph keeps the packaged model's inputs and output (int64 ids, mask and token types;
`last_hidden_state`), so the encoder feeds either model the same way. Weights are found by
the bias each product feeds (`...attention.self.query.bias` and so on), not by node order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

EPSILON = 1e-12  # BERT's LayerNorm epsilon, as in the packaged model
MS = "com.microsoft"
_LINEAR_BIAS = re.compile(r"inner\.encoder\.layer\.(\d+)\.(.+)\.bias$")
LINEARS = (
    *("attention.self.query", "attention.self.key", "attention.self.value"),
    *("attention.output.dense", "intermediate.dense", "output.dense"),
)


class GraphShapeError(ValueError):
    """The source model is not the BERT encoder this builder knows."""


@dataclass(frozen=True)
class Weights:
    tensors: dict[str, np.ndarray]  # initializer name -> array
    linear: dict[tuple[int, str], np.ndarray]  # (layer, linear name) -> [in, out] weight
    layers: int
    heads: int


def build(w: Weights) -> onnx.ModelProto:
    """A fused-operator model of an encoder with these weights (read from the packaged model by
    `read`, and possibly replaced by the distilled student's layers, student_file.py)."""
    hidden = w.tensors["inner.embeddings.LayerNorm.weight"].shape[0]
    nodes: list[onnx.NodeProto] = []
    inits: list[TensorProto] = []

    def const(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def emb(name: str) -> str:
        return const(name, w.tensors[f"inner.embeddings.{name}"])

    for name in ("input_ids", "token_type_ids", "attention_mask"):
        nodes.append(helper.make_node("Cast", [name], [f"{name}32"], to=TensorProto.INT32))
    tables = [emb(f"{n}_embeddings.weight") for n in ("word", "position", "token_type")]
    nodes.append(
        helper.make_node(
            "EmbedLayerNormalization",
            [
                "input_ids32",
                "token_type_ids32",
                *tables,
                emb("LayerNorm.weight"),
                emb("LayerNorm.bias"),
                "attention_mask32",
            ],
            ["h0", "key_lengths"],  # key lengths: the mask as one count per text (right padding)
            domain=MS,
            epsilon=EPSILON,
        )
    )
    state = "h0"
    for i in range(w.layers):
        p = f"inner.encoder.layer.{i}."

        def bias(name: str, layer: str = p) -> str:
            return const(f"{layer}{name}.bias", w.tensors[f"{layer}{name}.bias"])

        def norm(name: str, layer: str = p) -> list[str]:
            return [const(f"{layer}{name}.weight", w.tensors[f"{layer}{name}.weight"]), bias(name)]

        qkv_w = np.concatenate([w.linear[(i, n)] for n in LINEARS[:3]], axis=1)
        qkv_b = np.concatenate([w.tensors[f"{p}{n}.bias"] for n in LINEARS[:3]])
        attn, mixed, normed, inner, act, out = (f"l{i}_{s}" for s in ("attn", "mixed", "n1", "inner", "act", "out"))
        nodes += [
            helper.make_node(
                "Attention",
                [state, const(f"l{i}_qkv_w", qkv_w), const(f"l{i}_qkv_b", qkv_b), "key_lengths"],
                [attn],
                domain=MS,
                num_heads=w.heads,
            ),
            *_linear(mixed, attn, const(f"l{i}_ao_w", w.linear[(i, LINEARS[3])]), bias("attention.output.dense")),
            *_residual_norm(normed, mixed, state, norm("attention.output.LayerNorm")),
            *_linear(inner, normed, const(f"l{i}_in_w", w.linear[(i, LINEARS[4])]), bias("intermediate.dense")),
            helper.make_node("Gelu", [inner], [act], domain=MS),
            *_linear(out, act, const(f"l{i}_out_w", w.linear[(i, LINEARS[5])]), bias("output.dense")),
        ]
        state = "last_hidden_state" if i == w.layers - 1 else f"h{i + 1}"
        nodes += _residual_norm(state, out, normed, norm("output.LayerNorm"))
    ids = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "sequence"]) for n in _INPUTS]
    output = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", hidden])
    graph = helper.make_graph(nodes, "minilm-fused", ids, [output], inits)
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid(MS, 1)]
    return helper.make_model(graph, opset_imports=opsets, producer_name="rolefit-faq-graph")


_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def _linear(output: str, x: str, weight: str, bias: str) -> list[onnx.NodeProto]:
    """x @ weight + bias; quantisation turns the pair into one int8 product with its bias."""
    return [
        helper.make_node("MatMul", [x, weight], [f"{output}_nobias"]),
        helper.make_node("Add", [f"{output}_nobias", bias], [output]),
    ]


def _residual_norm(output: str, x: str, residual: str, gamma_beta: list[str]) -> list[onnx.NodeProto]:
    """LayerNorm(x + residual) as two plain nodes: onnxruntime's fused SkipLayerNormalization
    costs ~4x as much on CPU for a question's few rows (18 against 4.5 us measured), so the
    encoder also keeps onnxruntime from fusing this pair back (see `encoder.DISABLED_FUSIONS`)."""
    return [
        helper.make_node("Add", [x, residual], [f"{output}_sum"]),
        helper.make_node("LayerNormalization", [f"{output}_sum", *gamma_beta], [output], axis=-1, epsilon=EPSILON),
    ]


def read(folded: onnx.ModelProto) -> Weights:
    """The encoder's weights, each product's weight found through the bias added to its result."""
    tensors = {t.name: numpy_helper.to_array(t) for t in folded.graph.initializer}
    producers = {out: node for node in folded.graph.node for out in node.output}
    linear: dict[tuple[int, str], np.ndarray] = {}
    for node in folded.graph.node:
        if node.op_type != "Add":
            continue
        names = [n for n in node.input if _LINEAR_BIAS.match(n)]
        others = [producers.get(n) for n in node.input if n not in names]
        if len(names) != 1 or len(others) != 1 or others[0] is None or others[0].op_type != "MatMul":
            continue
        match = _LINEAR_BIAS.match(names[0])
        assert match is not None
        weight = tensors.get(others[0].input[1])
        if match.group(2) in LINEARS and weight is not None:
            linear[(int(match.group(1)), match.group(2))] = weight.astype(np.float32)
    layers = 1 + max((layer for layer, _ in linear), default=-1)
    if layers == 0 or len(linear) != layers * len(LINEARS):
        raise GraphShapeError(f"found {len(linear)} weight matrices for {layers} layers")
    return Weights(tensors, linear, layers, _heads(folded, tensors))


def _heads(folded: onnx.ModelProto, tensors: dict[str, np.ndarray]) -> int:
    """Attention heads: hidden size over the head size the export reshapes queries to."""
    hidden = int(tensors["inner.embeddings.LayerNorm.weight"].shape[0])
    producers = {out: node for node in folded.graph.node for out in node.output}
    for node in folded.graph.node:
        shape = producers.get(node.input[1]) if node.op_type == "Reshape" else None
        if shape is None or shape.op_type != "Concat" or len(shape.input) != 4:
            continue
        head_size = tensors.get(shape.input[3])
        if head_size is not None and head_size.size == 1 and hidden % int(head_size.item()) == 0:
            return hidden // int(head_size.item())
    raise GraphShapeError("no reshape to attention heads found")
