"""Brokers: actors outside the veto players whom every veto player can accept (DESIGN §4).

See docs/analysis.md for the combination of alignment and explicit ties.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .alignment import Alignment


def tie_matrix(actors: list[str], ties: pd.DataFrame) -> np.ndarray:
    """T[i, j] = clip(Σ sign·weight of explicit ties between i and j in either direction, −1, 1),
    NaN where there is no tie.

    >>> t = pd.DataFrame({"from": ["m", "m"], "to": ["a", "a"], "sign": [1.0, 1.0], "weight": [0.5, 1.0]})
    >>> tie_matrix(["a", "m"], t).tolist()
    [[nan, 1.0], [1.0, nan]]
    """
    index = pd.Index(actors)
    n = len(actors)
    out = np.full((n, n), np.nan)
    if ties.empty:
        return out
    i = index.get_indexer(ties["from"])
    j = index.get_indexer(ties["to"])
    ok = (i >= 0) & (j >= 0) & (i != j)
    value = (ties["sign"] * ties["weight"]).to_numpy(dtype=float)[ok]
    total = np.zeros((n, n))
    has = np.zeros((n, n), dtype=bool)
    np.add.at(total, (i[ok], j[ok]), value)
    np.add.at(total, (j[ok], i[ok]), value)
    has[i[ok], j[ok]] = True
    has[j[ok], i[ok]] = True
    out[has] = np.clip(total[has], -1.0, 1.0)
    return out


def acceptability(alignment: Alignment, ties: pd.DataFrame) -> pd.DataFrame:
    """acc(m, v) = the mean of the evidence available for the pair: the S-score S(m, v) when
    they share a position, and the tie term T(m, v) when they have explicit ties; NaN when
    neither exists. Rows are actors m, columns actors v."""
    S = alignment.values
    T = tie_matrix(alignment.actors, ties)
    stacked = np.stack([S, T])
    count = np.sum(~np.isnan(stacked), axis=0)
    total = np.nansum(stacked, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        acc = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return pd.DataFrame(acc, index=alignment.actors, columns=alignment.actors)


def brokers(
    alignment: Alignment, ties: pd.DataFrame, veto: list[str], G: nx.Graph | None = None
) -> pd.DataFrame:
    """Rank the actors outside ``veto`` as mediators.

    score(m) = min_v acc(m, v) over veto players v: a mediator must be acceptable to every side.
    Where nothing links m to v, acc(m, v) counts as 0 (unknown: neither acceptable nor not);
    actors linked to no veto player at all are not ranked.
    ``betweenness`` is m's share of the shortest paths between veto players in the graph of
    positive ties ``G`` (networkx ``betweenness_centrality_subset`` with the veto players as
    sources and targets, normalised by the number of veto pairs); 0 without a graph.

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
    veto_set = [v for v in veto if v in alignment.actors]
    acc = acceptability(alignment, ties)
    candidates = [a for a in alignment.actors if a not in set(veto)]
    if not candidates or not veto_set:
        return pd.DataFrame(columns=["actor", "score", "betweenness", "acceptability"])
    sub = acc.loc[candidates, veto_set]
    sub = sub[sub.notna().any(axis=1)].fillna(0.0)
    candidates = list(sub.index)
    between: dict[str, float] = {}
    if G is not None and len(veto_set) > 1:
        positive = nx.Graph()
        positive.add_nodes_from(G.nodes)
        positive.add_edges_from((u, v) for u, v, w in G.edges(data="weight", default=1.0) if w > 0)
        raw = nx.betweenness_centrality_subset(
            positive, sources=veto_set, targets=veto_set, normalized=False
        )
        pairs = len(veto_set) * (len(veto_set) - 1) / 2
        between = {k: v / pairs for k, v in raw.items()}
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
