"""Brokers: actors outside the veto players whom every veto player can accept (DESIGN §4).

See docs/analysis.md for the combination of alignment and explicit ties.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._lazy import lazy
from .alignment import Alignment
from .signed import SignedMatrix

if TYPE_CHECKING:
    import networkx as nx
    import scipy.sparse as sp
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")
    sp = lazy("scipy.sparse")


def tie_matrix(
    actors: list[str], ties: pd.DataFrame, columns: list[str] | None = None
) -> np.ndarray:
    """T[i, j] = clip(Σ sign·weight of explicit ties between i and j in either direction, −1, 1),
    NaN where there is no tie; the columns are ``columns`` (default: ``actors``).

    >>> t = pd.DataFrame({"from": ["m", "m"], "to": ["a", "a"], "sign": [1.0, 1.0], "weight": [0.5, 1.0]})
    >>> tie_matrix(["a", "m"], t).tolist()
    [[nan, 1.0], [1.0, nan]]
    """
    columns = actors if columns is None else columns
    rows, cols = pd.Index(actors), pd.Index(columns)
    shape = (len(actors), len(columns))
    out = np.full(shape, np.nan)
    if ties.empty:
        return out
    total, has = np.zeros(shape), np.zeros(shape, dtype=bool)
    value = (ties["sign"] * ties["weight"]).to_numpy(dtype=float)
    for a, b in (("from", "to"), ("to", "from")):  # either direction
        i, j = rows.get_indexer(ties[a]), cols.get_indexer(ties[b])
        ok = (i >= 0) & (j >= 0) & (ties[a] != ties[b]).to_numpy()
        np.add.at(total, (i[ok], j[ok]), value[ok])
        has[i[ok], j[ok]] = True
    out[has] = np.clip(total[has], -1.0, 1.0)
    return out


def acceptability(
    alignment: Alignment, ties: pd.DataFrame, columns: list[str] | None = None
) -> pd.DataFrame:
    """acc(m, v) = the mean of the evidence available for the pair: the S-score S(m, v) when
    they share a position, and the tie term T(m, v) when they have explicit ties; NaN when
    neither exists. Rows are actors m, columns actors v (``columns``, default all: brokers
    need the veto players' columns only, n × 2 instead of n × n)."""
    columns = list(alignment.actors) if columns is None else columns
    at = pd.Index(alignment.actors).get_indexer(columns)
    S = alignment.block(at)[0].T  # symmetric: the columns are the rows of the veto players
    T = tie_matrix(alignment.actors, ties, columns)
    stacked = np.stack([S, T])
    count = np.sum(~np.isnan(stacked), axis=0)
    total = np.nansum(stacked, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        acc = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return pd.DataFrame(acc, index=alignment.actors, columns=columns)


def subset_betweenness(adjacency: sp.csr_array, ends: list[int]) -> np.ndarray:
    """Betweenness of every node on the shortest paths between the nodes ``ends`` of the
    undirected graph ``adjacency`` (Brandes' accumulation restricted to sources and targets, as
    networkx's ``betweenness_centrality_subset(..., normalized=False)``: each unordered pair
    once), by breadth-first layers of sparse products instead of a Python graph.

    >>> path = sp.csr_array(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]))  # 0 – 1 – 2
    >>> subset_betweenness(path, [0, 2]).tolist()
    [0.0, 1.0, 0.0]
    """
    A = sp.csr_array(adjacency, dtype=float)
    n = A.shape[0]
    out = np.zeros(n)
    is_end = np.zeros(n, dtype=bool)
    is_end[ends] = True
    for s in ends:
        seen = np.zeros(n, dtype=bool)
        seen[s] = True
        sigma = np.zeros(n)  # the number of shortest paths from s
        sigma[s] = 1.0
        layers = [np.array([s])]
        while True:
            front = layers[-1]
            reach = A[front].T @ sigma[front]
            new = np.flatnonzero((reach > 0) & ~seen)
            if not len(new):
                break
            seen[new] = True
            sigma[new] = reach[new]
            layers.append(new)
        delta = np.zeros(n)
        target = is_end.copy()
        target[s] = False
        for d in range(len(layers) - 1, 0, -1):
            w, before = layers[d], layers[d - 1]
            coeff = np.zeros(n)
            coeff[w] = (delta[w] + target[w]) / sigma[w]
            delta[before] += sigma[before] * (A[before] @ coeff)
            out[w] += delta[w]
    # Each unordered pair was counted from both ends (networkx's rescaling, undirected).
    return out * (0.5 if n > 2 else 1.0)


def brokers(
    alignment: Alignment,
    ties: pd.DataFrame,
    veto: list[str],
    G: nx.Graph | SignedMatrix | None = None,
) -> pd.DataFrame:
    """Rank the actors outside ``veto`` as mediators.

    score(m) = min_v acc(m, v) over veto players v: a mediator must be acceptable to every side.
    Where nothing links m to v, acc(m, v) counts as 0 (unknown: neither acceptable nor not);
    actors linked to no veto player at all are not ranked.
    ``betweenness`` is m's share of the shortest paths between veto players in the graph of
    positive ties ``G`` (networkx ``betweenness_centrality_subset`` with the veto players as
    sources and targets, normalised by the number of veto pairs); 0 without a graph. ``G``
    may be the signed graph as a networkx graph or as a :class:`SignedMatrix`.

    Returns ``actor``, ``score``, ``betweenness``, ``acceptability`` (dict v → acc), best first.

    Examples
    --------
    m agrees half-way with both sides and has friendly ties to both; x sides with a:

    >>> from stancegraph.analysis.alignment import alignment_matrix
    >>> s = pd.DataFrame({"actor": ["a", "b", "m", "x"], "position": ["p"] * 4,
    ...                   "polarity": [1.0, -1.0, 0.0, 1.0], "salience": [1.0] * 4})
    >>> ties = pd.DataFrame({"from": ["m", "m"], "to": ["a", "b"], "sign": [1.0, 1.0], "weight": [1.0, 1.0]})
    >>> b = brokers(alignment_matrix(s), ties, ["a", "b"])
    >>> b[["actor", "score"]].values.tolist()
    [['m', 0.5], ['x', -1.0]]
    """
    known = set(alignment.actors)
    veto_set = [v for v in veto if v in known]
    vetoed = set(veto)
    candidates = [a for a in alignment.actors if a not in vetoed]
    if not candidates or not veto_set:
        return pd.DataFrame(columns=["actor", "score", "betweenness", "acceptability"])
    sub = acceptability(alignment, ties, veto_set).loc[candidates]
    sub = sub[sub.notna().any(axis=1)].fillna(0.0)
    candidates = list(sub.index)
    between: dict[str, float] = {}
    if G is not None and len(veto_set) > 1:
        signed = G if isinstance(G, SignedMatrix) else SignedMatrix.of_graph(G)
        index = {a: k for k, a in enumerate(signed.actors)}
        raw = subset_betweenness(signed.weights > 0, [index[v] for v in veto_set if v in index])
        pairs = len(veto_set) * (len(veto_set) - 1) / 2
        between = dict(zip(signed.actors, (raw / pairs).tolist(), strict=True))
    out = pd.DataFrame(
        {
            "actor": candidates,
            "score": sub.min(axis=1).to_numpy(),
            "betweenness": [between.get(a, 0.0) for a in candidates],
            "acceptability": [
                dict(zip(veto_set, row, strict=True)) for row in sub.to_numpy().tolist()
            ],
        }
    )
    return out.sort_values(
        ["score", "betweenness", "actor"], ascending=[False, False, True]
    ).reset_index(drop=True)
