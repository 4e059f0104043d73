"""MiniLM's forward pass in JAX, so the student can be trained by gradient descent.

The same maths as the fused ONNX graph the bot runs (bot/faq/graph.py): embeddings and their
LayerNorm, then per layer self-attention (12 heads), a residual LayerNorm, an exact-erf GELU
feed-forward block and a second residual LayerNorm; sentence vectors are the mean of the token
states, unit length. Layer parameters use the names of `bot.faq.student_file.write`.
"""

from __future__ import annotations

import math
from typing import Any

import jax
import jax.numpy as jnp

from bot.faq.graph import EPSILON

Layer = dict[str, Any]  # parameter name -> array
QKV = ("attention.self.query", "attention.self.key", "attention.self.value")
MASKED = -1e4  # added to attention scores of padding positions


def layer_norm(x: Any, gamma: Any, beta: Any) -> Any:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / jnp.sqrt(var + EPSILON) * gamma + beta


def embed(tables: dict[str, Any], ids: Any) -> Any:
    """Token states before the first layer (the embeddings are the teacher's and stay frozen)."""
    x = tables["word_embeddings.weight"][ids] + tables["position_embeddings.weight"][: ids.shape[1]][None]
    x = x + tables["token_type_embeddings.weight"][0]
    return layer_norm(x, tables["LayerNorm.weight"], tables["LayerNorm.bias"])


def layer(h: Any, mask_bias: Any, p: Layer, heads: int) -> tuple[Any, Any]:
    """One transformer layer: (its output, its feed-forward activations)."""
    batch, tokens, hidden = h.shape

    def split(x: Any) -> Any:
        return x.reshape(batch, tokens, heads, hidden // heads).transpose(0, 2, 1, 3)

    q, k, v = (split(h @ p[f"{n}.weight"] + p[f"{n}.bias"]) for n in QKV)
    scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hidden // heads) + mask_bias
    context = (jax.nn.softmax(scores, -1) @ v).transpose(0, 2, 1, 3).reshape(batch, tokens, hidden)
    attended = context @ p["attention.output.dense.weight"] + p["attention.output.dense.bias"]
    h1 = layer_norm(attended + h, p["attention.output.LayerNorm.weight"], p["attention.output.LayerNorm.bias"])
    act = jax.nn.gelu(h1 @ p["intermediate.dense.weight"] + p["intermediate.dense.bias"], approximate=False)
    out = act @ p["output.dense.weight"] + p["output.dense.bias"]
    return layer_norm(out + h1, p["output.LayerNorm.weight"], p["output.LayerNorm.bias"]), act


def forward(tables: dict[str, Any], layers: list[Layer], ids: Any, mask: Any, heads: int) -> Any:
    """Last hidden states, [batch, tokens, hidden]."""
    h = embed(tables, ids)
    mask_bias = ((1.0 - mask) * MASKED)[:, None, None, :]
    for p in layers:
        h, _ = layer(h, mask_bias, p, heads)
    return h


def sentence_vectors(hidden: Any, mask: Any) -> Any:
    """Mean of the real tokens' states, unit length (as the encoder pools). The epsilon sits inside
    the square root: an all-padding row must give a zero vector with a finite gradient."""
    summed = (hidden * mask[..., None]).sum(1) / jnp.maximum(mask.sum(1, keepdims=True), 1)
    return summed / jnp.sqrt((summed * summed).sum(-1, keepdims=True) + 1e-12)
