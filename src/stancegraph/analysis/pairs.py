"""Listing pairs of actors from an alignment: which pairs, in which order, without the list of
all n²/2 pairs (200M at 20,000 actors)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from .alignment import Alignment

ORDERS = ("strongest", "highest", "lowest")


@dataclass(frozen=True)
class OtherValues:
    """Another all-pairs measure (a DNA network, dense) listed over an alignment's pairs: its
    values, with the overlap (shared positions) of ``alignment``."""

    values: np.ndarray
    alignment: Alignment

    @property
    def actors(self) -> list[str]:
        return self.alignment.actors

    def upper(self, min_overlap: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        i, j, _, overlap = self.alignment.upper(min_overlap)
        return i, j, self.values[i, j], overlap

    def take(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.values[i, j], self.alignment.take(i, j)[1]

    def block(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.values[rows], self.alignment.block(rows)[1]


def select_pairs(
    source: Alignment | OtherValues,
    top: int | None = None,
    min_overlap: int = 0,
    *,
    order: str = "strongest",
) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays (i < j) of the unordered pairs to list, in ``np.triu_indices`` order: every
    pair with at least ``min_overlap`` shared positions, or, when there are more pairs than
    ``top``, only the ``top`` first of those sharing a position by ``order`` — ``strongest``:
    largest |value|; ``highest``: largest value; ``lowest``: smallest value; then most shared
    positions. Reads the stored pairs only: never the list of all pairs, unless every pair is
    asked for (no ``top``, no ``min_overlap``).

    >>> v = np.array([[1, .2, -.9], [.2, 1, .5], [-.9, .5, 1]])
    >>> al = Alignment.from_dense(["a", "b", "c"], v, np.ones((3, 3)))
    >>> [a.tolist() for a in select_pairs(al, top=2)]  # 3 pairs, the 2 strongest
    [[0, 1], [2, 2]]
    >>> [a.tolist() for a in select_pairs(al, top=1, order="highest")]  # 0.5
    [[1], [2]]
    """
    if order not in ORDERS:
        raise InputError(f"unknown order {order!r}; use one of {', '.join(ORDERS)}")
    n = len(source.actors)
    if top is None or n * (n - 1) // 2 <= top:
        if min_overlap >= 1:
            return _in_order(*source.upper(min_overlap)[:2])
        i, j = np.triu_indices(n, k=1)
        return i.astype(np.int64), j.astype(np.int64)
    # The first pairs are among those that share a position (the rest are undefined).
    i, j, found, overlap = source.upper(max(min_overlap, 1))
    if len(i) > top:
        rank = {"strongest": np.abs(found), "highest": found, "lowest": -found}[order]
        rank = np.where(np.isnan(rank), -np.inf, rank)
        # The value first, then shared positions, in linear time: every pair above the
        # top-th value, then the ties at it with the most shared positions.
        kth = np.partition(rank, len(rank) - top)[len(rank) - top]
        above, tied = np.flatnonzero(rank > kth), np.flatnonzero(rank == kth)
        tied = tied[np.argsort(-overlap[tied], kind="stable")[: top - len(above)]]
        chosen = np.concatenate([above, tied])
        i, j = i[chosen], j[chosen]
    return _in_order(i, j)


def _in_order(i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pairs in ``np.triu_indices`` order (by i, then j)."""
    order = np.lexsort((j, i))
    return i[order], j[order]
