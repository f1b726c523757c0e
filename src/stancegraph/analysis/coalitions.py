"""Coalitions: the partition of the signed actor graph with the least frustration.

Frustration of a partition = total weight of negative edges inside groups + total weight of
positive edges between groups (structural balance; Doreian & Mrvar's partitioning criterion with
equal weights). Any number of groups is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

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


def _groups(nodes: list[str], same: np.ndarray) -> list[list[str]]:
    H = nx.Graph()
    H.add_nodes_from(range(len(nodes)))
    i, j = np.nonzero(np.triu(same, k=1))
    H.add_edges_from(zip(i.tolist(), j.tolist(), strict=True))
    groups = [sorted(nodes[k] for k in comp) for comp in nx.connected_components(H)]
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _exact(G: nx.Graph, nodes: list[str]) -> np.ndarray:
    """Correlation clustering as an integer program: x_ij = 1 when i and j share a group,
    transitivity by triangle inequalities, solved by HiGHS (scipy.optimize.milp)."""
    # Imported here: scipy.optimize costs 0.2 s at start-up, and most commands never need it.
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(nodes)
    index = {a: k for k, a in enumerate(nodes)}
    iu, ju = np.triu_indices(n, k=1)
    pair_id = -np.ones((n, n), dtype=int)
    pair_id[iu, ju] = np.arange(len(iu))
    pair_id[ju, iu] = pair_id[iu, ju]
    weight = np.zeros(len(iu))
    for u, v, w in G.edges(data="weight", default=1.0):
        weight[pair_id[index[u], index[v]]] += w
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
    same = np.zeros((n, n), dtype=bool)
    same[iu, ju] = x
    return same | same.T


def _heuristic(G: nx.Graph, nodes: list[str], seed: int) -> np.ndarray:
    """Greedy local moves (each actor to the group that lowers frustration most) from the
    positive-edge Louvain communities, until no move helps."""
    positive = nx.Graph()
    positive.add_nodes_from(nodes)
    positive.add_weighted_edges_from(
        (u, v, w) for u, v, w in G.edges(data="weight", default=1.0) if w > 0
    )
    communities = nx.community.louvain_communities(positive, weight="weight", seed=seed)
    member = {a: k for k, comm in enumerate(communities) for a in comm}
    improved = True
    while improved:
        improved = False
        for a in nodes:
            gain: dict[int, float] = {}
            for b, data in G[a].items():
                gain[member[b]] = gain.get(member[b], 0.0) + data.get("weight", 1.0)
            current = gain.get(member[a], 0.0)
            best_group, best_gain = member[a], current
            for group, value in gain.items():
                if value > best_gain + 1e-12:
                    best_group, best_gain = group, value
            # Moving to a new singleton group gains 0 (no ties there).
            if best_gain < 0 and current < 0:
                best_group = max(member.values()) + 1
            if best_group != member[a]:
                member[a] = best_group
                improved = True
    labels = np.array([member[a] for a in nodes])
    return labels[:, None] == labels[None, :]


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
    nodes = sorted(G.nodes)
    if not nodes:
        return Coalitions([], 0.0, "empty graph")
    if len(nodes) <= exact_max:
        same = _exact(G, nodes)
        method = f"exact (integer program, {len(nodes)} actors)"
    else:
        same = _heuristic(G, nodes, seed)
        method = f"heuristic (Louvain on positive ties + greedy moves, seed {seed}); frustration is an upper bound"
    groups = _groups(nodes, same)
    result = Coalitions(groups, 0.0, method)
    return Coalitions(groups, round(frustration(G, result.membership()), 12), method)
