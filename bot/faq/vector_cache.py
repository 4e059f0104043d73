"""Phrasing embeddings on disk, keyed by model and content, so a restart skips the encoding."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


def _path(cache_dir: Path, key: str) -> Path:
    return Path(cache_dir) / f"faq-vectors-{key}.npy"


def load_vectors(cache_dir: Path, key: str, rows: int) -> np.ndarray | None:
    path = _path(cache_dir, key)
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    if vectors.ndim != 2 or vectors.shape[0] != rows or vectors.dtype != np.float32:
        log.warning("ignoring a malformed FAQ vector cache: %s", path)
        return None
    return vectors


def save_vectors(cache_dir: Path, key: str, vectors: np.ndarray) -> None:
    """Write atomically; a cache that can't be written only costs start-up time."""
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            np.save(file, vectors.astype(np.float32), allow_pickle=False)
        os.replace(temporary, _path(cache_dir, key))
    except OSError as exc:
        log.info("could not write the FAQ vector cache in %s: %s", cache_dir, exc)
