"""Polarization of a discourse network (DNA's ``dna_polarization``, Leifeld).

C and F are the average-normalised congruence and conflict networks. A partition into groups is
scored by how far the networks are from "no polarization" (congruence spread evenly within groups,
conflict evenly between them); the polarization score is the best score over balanced partitions.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..errors import InputError
from .dna import one_mode

EXHAUSTIVE_MAX_ACTORS = 20


@dataclass(frozen=True)
class Polarization:
    """DNA's polarization score Q, the partition reaching it (``groups``: DNA's maximising
    partition, which need not be the camps), and how it was searched; with camps given, also
    ``camp_score``, Q of that partition (the coalitions), and the ``camps`` themselves."""

    score: float | None
    groups: list[list[str]]
    method: str
    camp_score: float | None = None
    camps: list[list[str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """The result as one record, saying which partition ``groups`` is."""
        return {
            "score": self.score,
            "groups": self.groups,
            "groups_are": "DNA's maximising partition (not the camps; see camps)",
            "camp_score": self.camp_score,
            "camps": self.camps,
            "method": self.method,
        }


def partition_quality(C: np.ndarray, F: np.ndarray, membership: np.ndarray) -> np.ndarray:
    """Q for one or many partitions (rows of ``membership``, group numbers 0..K−1).

    With W = Σ_c n_c(n_c − 1), B = N(N − 1) − W, E^C_c = (n_c(n_c − 1)/W)(‖C‖/W) and
    E^F_cd = (n_c n_d / B)(‖F‖/B):
    D = Σ_{i≠j same group} (|C_ij − E^C_c| + |F_ij|) + Σ_{different groups} (|C_ij| + |F_ij − E^F_cd|),
    Q = D / (2(‖C‖ + ‖F‖)).

    Examples
    --------
    Two pairs that agree inside and conflict across (‖C‖ = 4, ‖F‖ = 8). Along the camps:
    W = 4, B = 8, E^C = (2/4)(4/4) = 0.5, E^F = (4/8)(8/8) = 0.5, D = 4·0.5 + 8·0.5 = 6,
    Q = 6/24; across the camps D = (4·0.5 + 4) + (4 + 4·0.5 + 4·0.5) = 14, Q = 14/24:

    >>> C = np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], float)
    >>> F = np.array([[0, 0, 1, 1], [0, 0, 1, 1], [1, 1, 0, 0], [1, 1, 0, 0]], float)
    >>> partition_quality(C, F, np.array([[0, 0, 1, 1], [0, 1, 0, 1]])).round(4).tolist()
    [0.25, 0.5833]
    """
    membership = np.atleast_2d(membership)
    n_parts, N = membership.shape
    norm_c, norm_f = np.abs(C).sum(), np.abs(F).sum()
    if norm_c + norm_f == 0:
        return np.full(n_parts, np.nan)
    K = int(membership.max()) + 1
    sizes = np.stack([(membership == k).sum(axis=1) for k in range(K)], axis=1)  # parts x K
    W = (sizes * (sizes - 1)).sum(axis=1).astype(float)
    B = N * (N - 1) - W
    same = membership[:, :, None] == membership[:, None, :]
    off = ~np.eye(N, dtype=bool)
    n_i = np.take_along_axis(sizes, membership, axis=1).astype(float)  # size of i's group
    with np.errstate(divide="ignore", invalid="ignore"):
        ec = np.where(W[:, None] > 0, n_i * (n_i - 1) / W[:, None] * (norm_c / W[:, None]), 0.0)
        ef = np.where(
            B[:, None, None] > 0,
            n_i[:, :, None] * n_i[:, None, :] / B[:, None, None] * (norm_f / B[:, None, None]),
            0.0,
        )
    within = (np.abs(C[None] - ec[:, :, None]) + np.abs(F)[None]) * (same & off)
    between = (np.abs(C)[None] + np.abs(F[None] - ef)) * ~same
    D = within.sum(axis=(1, 2)) + between.sum(axis=(1, 2))
    return D / (2.0 * (norm_c + norm_f))


def _balanced_partitions(N: int) -> np.ndarray:
    """Every split into two groups whose sizes differ by at most 1, each listed once (actor 0
    is always in group 0).

    >>> len(_balanced_partitions(7)), len(_balanced_partitions(4))
    (35, 3)
    """
    half = N // 2
    # Actor 0's group has `half` members, or for odd N also `half + 1`.
    sizes = {half, N - half}
    rows = []
    for size in sorted(sizes):
        for combo in itertools.combinations(range(1, N), size - 1):
            g = np.ones(N, dtype=int)
            g[0] = 0
            g[list(combo)] = 0
            rows.append(g)
    return np.array(rows, dtype=int)


def _local_search(
    C: np.ndarray, F: np.ndarray, K: int, restarts: int, seed: int
) -> tuple[float, np.ndarray]:
    rng = np.random.default_rng(seed)
    N = len(C)
    best_q, best_g = -np.inf, np.zeros(N, dtype=int)
    for _ in range(restarts):
        g = rng.permutation(np.arange(N) % K)
        q = float(partition_quality(C, F, g)[0])
        improved = True
        while improved:
            improved = False
            # All swaps of two actors in different groups keep the groups balanced.
            i, j = np.triu_indices(N, k=1)
            pairs = np.flatnonzero(g[i] != g[j])
            for start in range(0, len(pairs), 512):
                chunk = pairs[start : start + 512]
                cand = np.repeat(g[None], len(chunk), axis=0)
                rows = np.arange(len(chunk))
                cand[rows, i[chunk]], cand[rows, j[chunk]] = g[j[chunk]], g[i[chunk]]
                scores = partition_quality(C, F, cand)
                k = int(np.argmax(scores))
                if scores[k] > q + 1e-12:
                    g, q, improved = cand[k], float(scores[k]), True
                    break
        if q > best_q:
            best_q, best_g = q, g
    return best_q, best_g


def polarization(
    records: pd.DataFrame,
    *,
    k: int = 2,
    actors: list[str] | None = None,
    restarts: int = 20,
    seed: int = 0,
    camps: list[list[str]] | None = None,
) -> Polarization:
    """Polarization score of the stance records (DNA's definition, DESIGN §4).

    Exhaustive over balanced two-group partitions up to ``EXHAUSTIVE_MAX_ACTORS`` actors; beyond
    that (or for ``k > 2``) a seeded hill climb over swaps from ``restarts`` random balanced
    partitions (a heuristic: the score is a lower bound of the true maximum).

    Examples
    --------
    The networks of the example above (a, b support p; c, d oppose it). DNA's Q rewards the
    partition that deviates most from an even spread, here one across the camps:

    >>> r = pd.DataFrame({"actor": ["a", "b", "c", "d"], "position": ["p"] * 4,
    ...                   "polarity": [1.0, 1.0, -1.0, -1.0]})
    >>> p = polarization(r, camps=[["a", "b"], ["c", "d"]])
    >>> round(p.score, 4), p.groups, p.camp_score
    (0.5833, [['a', 'c'], ['b', 'd']], 0.25)
    """
    if k < 2:
        raise InputError(f"polarization needs at least 2 groups, got k={k}")
    C = one_mode(records, "congruence", "average", actors=actors)
    F = one_mode(records, "conflict", "average", actors=actors)
    names = C.rows
    N = len(names)
    if camps is not None:
        result = polarization(records, k=k, actors=actors, restarts=restarts, seed=seed)
        chosen = [[a for a in grp if a in set(names)] for grp in camps]
        chosen = [grp for grp in chosen if grp]
        group_of = {a: c for c, grp in enumerate(chosen) for a in grp}
        membership = np.array([group_of.get(n, -1) for n in names])
        # Actors outside every camp form one more group, so the partition covers everyone.
        membership[membership < 0] = len(chosen)
        camp_q = float(partition_quality(C.values, F.values, membership)[0]) if N > 1 else np.nan
        return replace(result, camp_score=None if np.isnan(camp_q) else camp_q, camps=chosen)
    if k > N:
        return Polarization(None, [names], "none: fewer actors than groups")
    if k == 2 and N <= EXHAUSTIVE_MAX_ACTORS:
        parts = _balanced_partitions(N)
        scores = np.concatenate(
            [
                partition_quality(C.values, F.values, parts[s : s + 2048])
                for s in range(0, len(parts), 2048)
            ]
        )
        if np.all(np.isnan(scores)):
            return Polarization(None, [names], "none: no congruence or conflict")
        best = int(np.nanargmax(scores))
        q, g = float(scores[best]), parts[best]
        method = f"exhaustive over {len(parts)} balanced partitions"
    else:
        q, g = _local_search(C.values, F.values, k, restarts, seed)
        method = f"heuristic: swap hill climb, {restarts} seeded restarts"
    groups = [sorted(n for n, gi in zip(names, g, strict=True) if gi == c) for c in range(k)]
    groups.sort(key=lambda grp: grp[0] if grp else "")
    return Polarization(q, groups, method)
