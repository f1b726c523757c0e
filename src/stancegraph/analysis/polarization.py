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
#: Beyond this many actors the search runs over the most active ones (and says so): each step
#: of the hill climb weighs every swap, N²/4 of them.
SEARCH_MAX_ACTORS = 400
#: Cells of the candidate arrays evaluated at once by the k > 2 search (memory, not speed).
CHUNK_CELLS = 20_000_000


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


def _swap_climb(C: np.ndarray, F: np.ndarray, g: np.ndarray) -> tuple[float, np.ndarray]:
    """Best-improvement swap hill climb for two groups, from ``g``.

    A swap keeps the group sizes, so W, B and the expected values E^C_c, E^F are fixed, and D
    changes only on the pairs of the two actors: with X_c = (|C − E^C_c| + |F|) − (|C| +
    |F − E^F|), the cost of a pair turning from "different groups" to "both in c", moving i
    from group a to b changes D by 2 R_i, R_i = Σ_{m∈b} X_b[i,m] − Σ_{m∈a} X_a[i,m], and
    swapping i ∈ a with j ∈ b by 2 (R_i + R_j − X_b[i,j] − X_a[j,i]) (their own pair stays
    split). All swaps are weighed at once, O(N²) a step, with no N × N array per candidate."""
    N = len(C)
    norm_c, norm_f = np.abs(C).sum(), np.abs(F).sum()
    sizes = np.bincount(g, minlength=2)
    W = float((sizes * (sizes - 1)).sum())
    B = N * (N - 1) - W
    ec = [n * (n - 1) / W * (norm_c / W) if W > 0 else 0.0 for n in sizes]
    ef = sizes[0] * sizes[1] / B * (norm_f / B) if B > 0 else 0.0
    split = np.abs(C) + np.abs(F - ef)
    X = [np.abs(C - ec[c]) + np.abs(F) - split for c in (0, 1)]
    for x in X:
        np.fill_diagonal(x, 0.0)
    q = float(partition_quality(C, F, g)[0])
    scale = norm_c + norm_f  # Q = D / (2 scale); a swap changes D by 2Δ
    g = g.copy()
    while True:
        one = g == 1
        zero = ~one
        to_other = np.where(zero, X[1][:, one].sum(axis=1) - X[0][:, zero].sum(axis=1),
                            X[0][:, zero].sum(axis=1) - X[1][:, one].sum(axis=1))  # fmt: skip
        a, b = np.flatnonzero(zero), np.flatnonzero(one)
        delta = (to_other[a][:, None] + to_other[b][None, :]
                 - X[1][np.ix_(a, b)] - X[0][np.ix_(b, a)].T)  # fmt: skip
        best = np.unravel_index(np.argmax(delta), delta.shape) if delta.size else None
        if best is None or delta[best] <= 1e-12 * scale:
            return q, g
        q += float(delta[best]) / scale
        g[a[best[0]]], g[b[best[1]]] = 1, 0


def _local_search(
    C: np.ndarray, F: np.ndarray, K: int, restarts: int, seed: int
) -> tuple[float, np.ndarray]:
    rng = np.random.default_rng(seed)
    N = len(C)
    best_q, best_g = -np.inf, np.zeros(N, dtype=int)
    chunk_size = max(1, min(512, CHUNK_CELLS // max(1, N * N)))
    for _ in range(restarts):
        g = rng.permutation(np.arange(N) % K)
        if K == 2:
            q, g = _swap_climb(C, F, g)
        else:
            q = float(partition_quality(C, F, g)[0])
            improved = True
            while improved:
                improved = False
                # All swaps of two actors in different groups keep the groups balanced.
                i, j = np.triu_indices(N, k=1)
                pairs = np.flatnonzero(g[i] != g[j])
                for start in range(0, len(pairs), chunk_size):
                    chunk = pairs[start : start + chunk_size]
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
    everyone = sorted(records["actor"].unique()) if actors is None else list(actors)
    suffix = ""
    if len(everyone) > max(SEARCH_MAX_ACTORS, EXHAUSTIVE_MAX_ACTORS):
        counts = records["actor"].value_counts()
        active = counts.reindex(everyone).fillna(0).sort_values(ascending=False, kind="stable")
        actors = sorted(active.index[:SEARCH_MAX_ACTORS])
        records = records[records["actor"].isin(actors)]
        suffix = f", over the {len(actors)} most active of {len(everyone)} actors"
    C = one_mode(records, "congruence", "average", actors=actors)
    F = one_mode(records, "conflict", "average", actors=actors)
    names = C.rows
    N = len(names)
    if camps is not None:
        # The camps are scored over the same actors as the search, so the two scores compare.
        result = polarization(records, k=k, actors=actors, restarts=restarts, seed=seed)
        result = replace(result, method=result.method + suffix)
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
        method = f"heuristic: swap hill climb, {restarts} seeded restarts{suffix}"
    groups = [sorted(n for n, gi in zip(names, g, strict=True) if gi == c) for c in range(k)]
    groups.sort(key=lambda grp: grp[0] if grp else "")
    return Polarization(q, groups, method)
