"""Hub phrasings: some phrasings are close to almost any question (long, generic ones such as "what
does a product manager do from the start to the end of a working day"), so as nearest phrasing they
pull questions of other topics to their own. Each phrasing's pull is measured at load as the mean
cosine of its HUB_NEIGHBOURS closest other phrasings, and the nearest-phrasing score of a question
subtracts it (as CSLS does for word translation, Conneau et al. 2018).

For the leave-one-out scores the zones are calibrated on, a held-out phrasing must not count in
another phrasing's pull either: `held_out_pull` gives the pull each phrasing would have without it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HUB_NEIGHBOURS = 10  # closest other phrasings that measure a phrasing's pull
CHUNK = 512  # rows of the similarity matrix computed at once


@dataclass(frozen=True)
class Pull:
    value: np.ndarray  # (n,) mean cosine of each phrasing's HUB_NEIGHBOURS closest other phrasings
    members: np.ndarray  # (n, k) those neighbours' rows
    next_value: np.ndarray  # (n,) cosine of the (k+1)-th closest, which replaces a held-out member


def pull(vectors: np.ndarray) -> Pull:
    n = len(vectors)
    k = min(HUB_NEIGHBOURS, n - 2)
    if k < 1:  # too few phrasings to tell a hub from a phrasing
        return Pull(np.zeros(n, dtype=np.float32), np.zeros((n, 0), dtype=np.int64), np.zeros(n, dtype=np.float32))
    values, members, next_values = [], [], []
    for begin in range(0, n, CHUNK):
        similarity = vectors[begin : begin + CHUNK] @ vectors.T
        similarity[np.arange(len(similarity)), np.arange(begin, begin + len(similarity))] = -np.inf
        top = np.argpartition(-similarity, k, axis=1)[:, : k + 1]  # the k+1 closest, unordered
        top_values = np.take_along_axis(similarity, top, axis=1)
        order = np.argsort(-top_values, axis=1)
        top, top_values = np.take_along_axis(top, order, axis=1), np.take_along_axis(top_values, order, axis=1)
        values.append(top_values[:, :k].mean(axis=1))
        members.append(top[:, :k])
        next_values.append(top_values[:, k])
    return Pull(
        np.concatenate(values).astype(np.float32),
        np.concatenate(members),
        np.concatenate(next_values).astype(np.float32),
    )


def held_out_pull(hub: Pull, similarity: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """(len(rows), n): each phrasing's pull as seen by held-out row `rows[i]`, i.e. without that row
    among its neighbours. `similarity` holds those rows' cosines to every phrasing (rows contiguous)."""
    seen = np.broadcast_to(hub.value, similarity.shape).copy()
    k = hub.members.shape[1]
    if k == 0:
        return seen
    inside = (hub.members >= rows[0]) & (hub.members <= rows[-1])
    phrasing, slot = np.nonzero(inside)
    held = hub.members[phrasing, slot] - rows[0]
    seen[held, phrasing] += (hub.next_value[phrasing] - similarity[held, phrasing]) / k
    return seen
