"""A faster copy of the model: fused operators, and matrix products in int8 with int8 activations.

The packaged model stores int8 weights but onnxruntime widens them to float32 when it loads
it, so every question runs ~200 MFLOP of float matrix products (72% of a run). Dynamic
quantisation (onnxruntime's own `quantize_dynamic`, per output channel) turns those into
int8 products that quantise each question's activations on the fly: ~2.5x faster on a CPU
with VNNI, and a quarter of the memory. Before that, the weights are laid into a standard
BERT graph of onnxruntime's fused operators (graph.py): the export's ~450 small nodes become
64 once onnxruntime has fused the quantised products, which takes another ~30% off a
question (README, issue 13). Quality is checked with `python -m bot eval` (see README,
"FAQ matching").

The conversion takes ~2 s and ~0.5 GB, so it runs once, in a child process (the bot's own
memory stays small), and its result is cached next to the phrasing vectors, keyed by the
source model, this recipe and the onnxruntime version. When it cannot run (no `onnx`
package, an error, a model graph.py does not recognise), the encoder uses the packaged model
as it is.

    python -m bot.faq.quantize SOURCE.onnx TARGET.onnx [STUDENT_LAYERS.npz]
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import onnxruntime

log = logging.getLogger(__name__)

RECIPE = "fused-bert-dynamic-int8-per-channel-v2"
CONVERT_TIMEOUT_S = 300


def recipe_id(source_id: str, layers: Path | None = None) -> str:
    """Names the converted model in cache keys (vectors embedded with it differ slightly); a
    student's layers (student_file.py) are named by their content, so new weights re-convert."""
    stat = layers.stat() if layers else None
    student = f"+student-{_digest(layers, stat.st_mtime_ns, stat.st_size)}" if layers and stat else ""
    return f"{source_id}{student}+{RECIPE}@ort{onnxruntime.__version__}"


@functools.lru_cache(maxsize=4)
def _digest(path: Path, mtime_ns: int, size: int) -> str:
    """A file's content hash, read once per version of it: the encoder names its model twice at
    start-up (the cache file, then the vectors' key), and the student's layers are 8.7 MB."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def quantized_path(source: Path, source_id: str, cache_dir: Path, layers: Path | None = None) -> Path | None:
    """The cached converted model (with `layers` in place of the source's own, when given),
    converting it first if needed; None when that fails."""
    digest = hashlib.sha256(recipe_id(source_id, layers).encode()).hexdigest()[:16]
    target = Path(cache_dir) / f"faq-model-{digest}.onnx"
    if target.is_file():
        return target
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "bot.faq.quantize", str(source), str(target), *([str(layers)] if layers else [])],
            cwd=Path(__file__).resolve().parents[2],  # where `bot` is importable, wherever we were started
            capture_output=True,
            text=True,
            timeout=CONVERT_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("FAQ model: int8 conversion did not run (%s); using the packaged model", exc)
        return None
    if done.returncode != 0 or not target.is_file():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        log.info("FAQ model: int8 conversion failed (%s); using the packaged model", last)
        return None
    return target


def convert(source: Path, target: Path, layers: Path | None = None) -> None:
    """Fold the packaged model's weight decoding into plain float weights, rebuild (with a
    student's layers over its embeddings, when given), then quantise."""
    import onnx  # optional dependency: without it the packaged model runs

    from bot.faq.graph import build, read
    from bot.faq.student_file import with_student_layers

    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        folded = Path(work) / "folded.onnx"
        fold(source, folded)
        fused = Path(work) / "fused.onnx"
        weights = read(onnx.load(folded))
        onnx.save(build(with_student_layers(weights, layers) if layers else weights), fused)
        quantized = Path(work) / "quantized.onnx"
        quantize_int8(fused, quantized)
        os.replace(quantized, target)  # atomic: a concurrent reader sees the whole file or none


def quantize_int8(source: Path, target: Path) -> None:
    """The int8 step of RECIPE on a fused float graph; benchmarks/faq_prune.py applies the same
    step to its pruned graphs, so what it measures is what the bot would ship."""
    import onnx  # optional dependency: without it the packaged model runs
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        source,
        target,
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul", "Attention", "EmbedLayerNormalization"],
        # Shape inference does not know the contrib operators' output types; they are all float.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def fold(source: Path, target: Path) -> None:
    """Save `source` with its int8 weight decoding folded into float weights (onnxruntime's basic level)."""
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC  # portable
    options.optimized_model_filepath = str(target)
    onnxruntime.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])


if __name__ == "__main__":
    logging.disable(logging.WARNING)  # the quantiser's advice on pre-processing is not for users
    convert(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)
