"""Coalitions: the partition of the signed actor graph with the least frustration.

Frustration of a partition = total weight of negative edges inside groups + total weight of
positive edges between groups (structural balance; Doreian & Mrvar's partitioning criterion with
equal weights). Any number of groups is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .._lazy import lazy
from .signed import SignedMatrix

if TYPE_CHECKING:
    import networkx as nx
    import scipy.sparse as sp
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")
    sp = lazy("scipy.sparse")

EXACT_MAX_ACTORS = 30


@dataclass(frozen=True)
class Coalitions:
    """Groups of actors (largest first), the frustration of that partition, how it was found."""

    coalitions: list[list[str]]
    frustration: float
    method: str

    def membership(self) -> dict[str, int]:
        return {a: k for k, group in enumerate(self.coalitions) for a in group}

    def unaligned(self) -> list[str]:
        """Actors in a group of their own: "in no coalition" in every table, text and figure."""
        return sorted(a for group in self.coalitions if len(group) == 1 for a in group)

    def as_dict(self) -> dict[str, object]:
        """The result as one record: ``coalitions``, ``in_no_coalition``, ``frustration``,
        ``method``.

        >>> Coalitions([["a", "b"], ["c"]], 0.0, "exact").as_dict()["in_no_coalition"]
        ['c']
        """
        return {
            "coalitions": self.coalitions,
            "in_no_coalition": self.unaligned(),
            "frustration": self.frustration,
            "method": self.method,
        }


def frustration(G: nx.Graph, membership: dict[str, int]) -> float:
    """Weight of negative edges inside groups plus positive edges between groups.

    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=1.0); G.add_edge("a", "c", weight=-2.0)
    >>> frustration(G, {"a": 0, "b": 0, "c": 1}), frustration(G, {"a": 0, "b": 1, "c": 0})
    (0.0, 3.0)
    """
    total = 0.0
    for u, v, w in G.edges(data="weight", default=1.0):
        same = membership[u] == membership[v]
        if (w < 0 and same) or (w > 0 and not same):
            total += abs(w)
    return total


def _groups(nodes: list[str], labels: np.ndarray) -> list[list[str]]:
    """The groups of a labelling, largest first, then by first name."""
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    groups = [sorted(nodes[k] for k in part) for part in np.split(order, cuts)]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _frustration(W: sp.csr_array, labels: np.ndarray) -> float:
    """:func:`frustration` of a labelling, on the weight matrix."""
    upper = sp.triu(W, k=1).tocoo()
    same = labels[upper.row] == labels[upper.col]
    w = upper.data
    return float(np.abs(w[((w < 0) & same) | ((w > 0) & ~same)]).sum())


def _exact(W: sp.csr_array) -> np.ndarray:
    """Correlation clustering as an integer program: x_ij = 1 when i and j share a group,
    transitivity by triangle inequalities, solved by HiGHS (scipy.optimize.milp). Returns a
    group label per actor."""
    # Imported here: scipy.optimize costs 0.2 s at start-up, and most commands never need it.
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse.csgraph import connected_components

    n = W.shape[0]
    iu, ju = np.triu_indices(n, k=1)
    pair_id = -np.ones((n, n), dtype=int)
    pair_id[iu, ju] = np.arange(len(iu))
    pair_id[ju, iu] = pair_id[iu, ju]
    weight = W.toarray()[iu, ju]
    # Cost of x_ij = 1: a negative edge inside; x_ij = 0 costs a positive edge's weight, a
    # constant moved out. A tiny cost for joining unrelated actors keeps them apart without
    # changing the optimal frustration.
    smallest = np.min(np.abs(weight[weight != 0])) if np.any(weight != 0) else 1.0
    epsilon = smallest / (10.0 * n * n)
    cost = -weight + np.where(weight == 0, epsilon, 0.0)
    rows, cols, vals = [], [], []
    r = 0
    for i in range(n):
        for j in range(i + 1, n):
            for k in range(j + 1, n):
                a, b, c = pair_id[i, j], pair_id[j, k], pair_id[i, k]
                for plus1, plus2, minus in ((a, b, c), (a, c, b), (b, c, a)):
                    rows += [r, r, r]
                    cols += [plus1, plus2, minus]
                    vals += [1.0, 1.0, -1.0]
                    r += 1
    constraints = []
    if r:
        A = sp.csr_matrix((vals, (rows, cols)), shape=(r, len(iu)))
        constraints.append(LinearConstraint(A, -np.inf, 1.0))
    result = milp(cost, constraints=constraints, integrality=np.ones(len(iu)), bounds=Bounds(0, 1))
    x = np.round(result.x).astype(bool) if result.x is not None else np.zeros(len(iu), dtype=bool)
    same = sp.coo_array((np.ones(int(x.sum())), (iu[x], ju[x])), shape=(n, n))
    _, labels = connected_components(same, directed=False)
    return labels


def _louvain(A: sp.csr_array, seed: int) -> np.ndarray:
    """Louvain communities (Blondel et al. 2008; Newman's modularity, resolution 1) of the
    non-negative symmetric matrix ``A``, a community label per node: scikit-network's
    implementation (BSD-3-Clause, compiled), seeded. Our own, a Python loop over nodes, took
    45 s on the 20,000 actors and 23M ties of a million stances; this takes 4 s."""
    from sknetwork.clustering import Louvain

    n = A.shape[0]
    if n == 0 or A.nnz == 0:
        return np.arange(n)
    finder = Louvain(
        modularity="newman", shuffle_nodes=True, random_state=seed,
        return_probs=False, return_aggregate=False,
    )  # fmt: skip
    return np.asarray(finder.fit_predict(sp.csr_matrix(A)), dtype=np.int64)


def _heuristic(W: sp.csr_array, seed: int) -> np.ndarray:
    """Greedy local moves (each actor to the group that lowers frustration most) from the
    Louvain communities of the positive ties, until no move helps. A group label per actor."""
    positive = W.multiply(W > 0).tocsr()
    member = _louvain(sp.csr_array(positive), seed)
    indptr, indices, data = W.indptr, W.indices, W.data
    improved = True
    while improved:
        improved = False
        for a in range(W.shape[0]):
            groups, at = np.unique(member[indices[indptr[a] : indptr[a + 1]]], return_inverse=True)
            gain = np.bincount(at, data[indptr[a] : indptr[a + 1]], minlength=len(groups))
            mine = np.flatnonzero(groups == member[a])
            current = float(gain[mine[0]]) if len(mine) else 0.0
            best_group, best_gain = member[a], current
            if len(gain) and gain.max() > best_gain + 1e-12:
                best_group, best_gain = groups[int(np.argmax(gain))], float(gain.max())
            # Moving to a new singleton group gains 0 (no ties there).
            if best_gain < 0 and current < 0:
                best_group = member.max() + 1
            if best_group != member[a]:
                member[a] = best_group
                improved = True
    return member


def coalitions(G: nx.Graph, *, exact_max: int = EXACT_MAX_ACTORS, seed: int = 0) -> Coalitions:
    """Minimum-frustration partition of a signed actor graph (``weight`` on edges, signed).

    Exact (integer program over "same group" pair variables with triangle constraints, HiGHS)
    up to ``exact_max`` actors; beyond, a stated heuristic: Louvain communities of the positive
    ties refined by greedy single-actor moves (the frustration it reports is an upper bound).

    Examples
    --------
    A triangle a–b–c of friends and d hostile to all of them:

    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", 1),
    ...                            ("a", "d", -1), ("b", "d", -1), ("c", "d", -0.5)])
    >>> c = coalitions(G)
    >>> c.coalitions, c.frustration
    ([['a', 'b', 'c'], ['d']], 0.0)

    An unbalanced triangle (two friendships and an enmity) must leave one tie frustrated, the
    lightest:

    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", -0.4)])
    >>> coalitions(G).frustration
    0.4
    """
    return partition(SignedMatrix.of_graph(G), exact_max=exact_max, seed=seed)


def partition(
    signed: SignedMatrix, *, exact_max: int = EXACT_MAX_ACTORS, seed: int = 0
) -> Coalitions:
    """:func:`coalitions` of a signed graph given as a sparse matrix.

    >>> import scipy.sparse as sp
    >>> W = sp.csr_array([[0, 1.0, -1.0], [1.0, 0, -1.0], [-1.0, -1.0, 0]])
    >>> partition(SignedMatrix(["a", "b", "c"], W)).coalitions
    [['a', 'b'], ['c']]
    """
    nodes, W = signed.actors, signed.weights
    if not nodes:
        return Coalitions([], 0.0, "empty graph")
    if len(nodes) <= exact_max:
        labels = _exact(W)
        method = f"exact (integer program, {len(nodes)} actors)"
    else:
        labels = _heuristic(W, seed)
        method = f"heuristic (Louvain on positive ties + greedy moves, seed {seed}); frustration is an upper bound"
    return Coalitions(_groups(nodes, labels), round(_frustration(W, labels), 12), method)
