"""The signed actor graph as a sparse matrix: what coalitions and brokers read, built straight
from the alignment matrix's strong cells and the explicit ties, with no list of all pairs and no
networkx graph in between (5,000 actors: 12.5M pairs, of which a few hundred thousand are edges).

The definition is DESIGN §4's: an edge's weight is the S-score where ``|S| >= threshold`` plus
``sign * weight`` of every explicit tie between the two actors (either direction); its sign is
the sign of that sum; pairs whose sum is 0 get no edge. :meth:`SignedMatrix.graph` gives the same
edges as a networkx graph for the figures and exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._lazy import lazy
from .alignment import Alignment

if TYPE_CHECKING:
    import networkx as nx
    import scipy.sparse as sp
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")
    sp = lazy("scipy.sparse")


@dataclass(frozen=True)
class SignedMatrix:
    """``actors`` and the symmetric weight matrix ``weights`` (CSR, zero diagonal) over them."""

    actors: list[str]
    weights: sp.csr_array

    def graph(self) -> nx.Graph:
        """The same edges as a networkx graph (``weight`` and ``sign`` on each edge)."""
        G = nx.Graph()
        G.add_nodes_from(self.actors)
        upper = sp.triu(self.weights, k=1).tocoo()
        names = np.asarray(self.actors, dtype=object)
        # In name order, so that the graph is the same whatever the actors' order.
        lo, hi = names[upper.row], names[upper.col]
        swap = lo > hi
        lo, hi = np.where(swap, hi, lo), np.where(swap, lo, hi)
        order = np.lexsort((hi, lo))
        G.add_edges_from(
            (a, b, {"weight": float(w), "sign": 1 if w > 0 else -1})
            for a, b, w in zip(lo[order], hi[order], upper.data[order], strict=True)
        )
        return G

    def restricted(self, actors: list[str]) -> SignedMatrix:
        """The signed graph among ``actors`` only (in that order)."""
        at = pd.Index(self.actors).get_indexer(actors)
        return SignedMatrix(list(actors), sp.csr_array(self.weights[at][:, at]))

    def strength(self) -> np.ndarray:
        """Each actor's Σ |weight| of its edges."""
        return np.asarray(abs(self.weights).sum(axis=1)).ravel()

    @classmethod
    def of_graph(cls, G: nx.Graph) -> SignedMatrix:
        """A networkx signed graph (``weight`` on edges, 1 when missing) as a matrix, its actors
        in name order."""
        actors = sorted(G.nodes)
        if not actors:
            return cls([], sp.csr_array((0, 0)))
        W = nx.to_scipy_sparse_array(G, nodelist=actors, weight="weight", format="csr")
        W.setdiag(0)
        W.eliminate_zeros()
        return cls(actors, sp.csr_array(W))


def signed_matrix(
    alignment: Alignment, ties: pd.DataFrame, threshold: float, actors: list[str] | None = None
) -> SignedMatrix:
    """The signed actor graph over ``actors`` (default: the alignment's) as a sparse matrix.

    >>> from stancegraph.analysis.alignment import alignment_matrix
    >>> s = pd.DataFrame({"actor": ["a", "b", "c"], "position": ["p"] * 3,
    ...                   "polarity": [1.0, 1.0, -1.0], "salience": [1.0] * 3})
    >>> ties = pd.DataFrame({"from": ["c"], "to": ["a"], "sign": [1.0], "weight": [1.0]})
    >>> m = signed_matrix(alignment_matrix(s), ties, 0.5)
    >>> m.weights.toarray().tolist()  # a–b: S 1; a–c: S −1 plus a friendly tie: no edge
    [[0.0, 1.0, 0.0], [1.0, 0.0, -1.0], [0.0, -1.0, 0.0]]
    """
    actors = list(alignment.actors) if actors is None else actors
    n = len(actors)
    index = pd.Index(actors)
    where = index.get_indexer(alignment.actors)
    i, j, S, _ = alignment.upper()  # the pairs sharing a position: the others have no S-score
    with np.errstate(invalid="ignore"):
        keep = (np.abs(S) >= threshold) & (where[i] >= 0) & (where[j] >= 0)
    rows, cols, values = [where[i[keep]]], [where[j[keep]]], [S[keep]]
    if not ties.empty:
        a, b = index.get_indexer(ties["from"]), index.get_indexer(ties["to"])
        ok = (a >= 0) & (b >= 0) & (a != b)
        rows.append(a[ok])
        cols.append(b[ok])
        values.append((ties["sign"] * ties["weight"]).to_numpy(dtype=float)[ok])
    r, c, v = (np.concatenate(x) for x in (rows, cols, values))
    lo, hi = np.minimum(r, c), np.maximum(r, c)
    upper = sp.coo_array((v, (lo, hi)), shape=(n, n)).tocsr()  # duplicates add up
    upper.eliminate_zeros()  # a tie cancelling an S-score exactly: no edge
    return SignedMatrix(actors, sp.csr_array(upper + upper.T))
