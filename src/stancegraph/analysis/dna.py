"""Discourse networks compatible with Leifeld's Discourse Network Analyzer (DNA).

Statements are stance records, the concept is the position and the qualifier the polarity
(range R = 2 for polarity in [−1, 1]; DNA's binary agreement maps 1 → +1, 0 → −1). See
docs/analysis.md for the definitions and the conformance check on DNA's sample data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._lazy import lazy
from ..errors import InputError
from ._sparse import gram, level_distance

if TYPE_CHECKING:
    import scipy.sparse as sp
else:  # imported on first use (stancegraph._lazy)
    sp = lazy("scipy.sparse")

ONE_MODE = ("congruence", "conflict", "subtract", "ignore")
TWO_MODE = ("ignore", "subtract", "combine")
NORMALIZATIONS = ("no", "average", "jaccard", "cosine")
QUALIFIER_RANGE = 2.0


@dataclass(frozen=True)
class Network:
    """A one-mode actor x actor or two-mode actor x position matrix with its labels."""

    rows: list[str]
    columns: list[str]
    values: np.ndarray
    kind: str

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.values, index=self.rows, columns=self.columns)

    def pairs(self) -> pd.DataFrame:
        """Upper triangle of a one-mode network: ``actor_a``, ``actor_b``, ``value``."""
        i, j = np.triu_indices(len(self.rows), k=1)
        names = np.asarray(self.rows, dtype=object)
        return pd.DataFrame({"actor_a": names[i], "actor_b": names[j], "value": self.values[i, j]})


@dataclass(frozen=True)
class _Counts:
    actors: pd.Index
    positions: pd.Index
    levels: np.ndarray
    rows: np.ndarray  # one entry per record
    cols: np.ndarray
    level_of: np.ndarray
    per_level: list[sp.csr_matrix]  # a_{ijk}: actor x position counts at level q_k
    total: sp.csr_matrix  # Σ_k a_{ijk}


def _counts(records: pd.DataFrame, actors: list[str] | None = None) -> _Counts:
    actor_index = pd.Index(actors if actors is not None else sorted(records["actor"].unique()))
    position_index = pd.Index(sorted(records["position"].unique()))
    rows = actor_index.get_indexer(records["actor"])
    cols = position_index.get_indexer(records["position"])
    q = np.round(records["polarity"].to_numpy(dtype=float), 9)
    keep = rows >= 0
    rows, cols, q = rows[keep], cols[keep], q[keep]
    levels, level_of = np.unique(q, return_inverse=True)
    shape = (len(actor_index), len(position_index))
    per_level = [
        sp.csr_matrix(
            (np.ones(int((level_of == k).sum())), (rows[level_of == k], cols[level_of == k])),
            shape=shape,
        )
        for k in range(len(levels))
    ]
    total = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
    return _Counts(actor_index, position_index, levels, rows, cols, level_of, per_level, total)


def _conflict_raw(c: _Counts) -> np.ndarray:
    """Σ_j Σ_k Σ_l a_ijk a_i'jl |q_k − q_l| for all actor pairs, as one sparse product."""
    return level_distance(c.rows, c.cols, c.levels, c.level_of, c.total.shape).toarray()


def _normalize(values: np.ndarray, c: _Counts, normalization: str) -> np.ndarray:
    n = np.asarray(c.total.sum(axis=1)).ravel()
    if normalization == "no":
        return values
    if normalization == "average":
        norm = (n[:, None] + n[None, :]) / 2.0
    elif normalization == "cosine":
        norm = np.outer(n, n)
    elif normalization == "jaccard":
        cells = sp.hstack(c.per_level).tocsr() if c.per_level else sp.csr_matrix(c.total.shape)
        present = (cells > 0).astype(float)
        m11 = (cells @ cells.T).toarray()
        m10 = n[:, None] - (cells @ present.T).toarray()
        m01 = n[None, :] - (present @ cells.T).toarray()
        norm = m10 + m01 + m11
    else:
        raise InputError(
            f"unknown normalization {normalization!r}; use one of {', '.join(NORMALIZATIONS)}"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(norm > 0, values / norm, 0.0)
    return out


def one_mode(
    records: pd.DataFrame,
    kind: str = "congruence",
    normalization: str = "no",
    *,
    actors: list[str] | None = None,
) -> Network:
    """DNA one-mode actor network from stance records (statement level).

    With a_{ijk} the number of records of actor i on position j at polarity level q_k:

    - congruence W_ii' = Σ_j Σ_k Σ_l a_ijk a_i'jl (1 − |q_k − q_l| / R);
    - conflict uses |q_k − q_l| / R; subtract = congruence − conflict;
    - ignore = Σ_j (Σ_k a_ijk)(Σ_k a_i'jk);
    - the diagonal is 0.

    Normalisation: ``average`` divides by (n_i + n_i')/2 (n_i = actor i's record count),
    ``jaccard`` by m10 + m01 + m11 over (position, level) cells, ``cosine`` by n_i·n_i' (DNA's
    definition); a zero norm gives 0.

    Examples
    --------
    a supports p twice, b supports p once and opposes it once:

    >>> r = pd.DataFrame({"actor": ["a", "a", "b", "b"], "position": ["p"] * 4,
    ...                   "polarity": [1.0, 1.0, 1.0, -1.0]})
    >>> one_mode(r, "congruence").values.tolist()
    [[0.0, 2.0], [2.0, 0.0]]
    >>> one_mode(r, "conflict").values.tolist()
    [[0.0, 2.0], [2.0, 0.0]]
    >>> one_mode(r, "ignore", "average").values.tolist()
    [[0.0, 2.0], [2.0, 0.0]]
    """
    if kind not in ONE_MODE:
        raise InputError(f"unknown one-mode network {kind!r}; use one of {', '.join(ONE_MODE)}")
    c = _counts(records, actors)
    ignore = gram(c.total)
    conflict = _conflict_raw(c) / QUALIFIER_RANGE
    congruence = ignore - conflict
    values = {
        "congruence": congruence,
        "conflict": conflict,
        "subtract": congruence - conflict,
        "ignore": ignore,
    }[kind]
    values = _normalize(values, c, normalization)
    np.fill_diagonal(values, 0.0)
    return Network(list(c.actors), list(c.actors), values, kind)


def two_mode(
    records: pd.DataFrame, kind: str = "ignore", *, actors: list[str] | None = None
) -> Network:
    """DNA two-mode actor x position matrix.

    ``ignore``: record counts Σ_k a_ijk; ``subtract``: Σ_k q_k a_ijk (support minus opposition);
    ``combine``: 1 when all of the actor's records on the position support (q > 0), −1 when all
    oppose, 2 when both occur, 0 otherwise (DNA's combined qualifier coding, with neutral records
    counted as neither).

    >>> r = pd.DataFrame({"actor": ["a", "a", "b"], "position": ["p", "p", "p"],
    ...                   "polarity": [1.0, -1.0, 1.0]})
    >>> two_mode(r, "subtract").values.tolist(), two_mode(r, "combine").values.tolist()
    ([[0.0], [1.0]], [[2.0], [1.0]])
    """
    if kind not in TWO_MODE:
        raise InputError(f"unknown two-mode network {kind!r}; use one of {', '.join(TWO_MODE)}")
    c = _counts(records, actors)
    if kind == "ignore":
        values = c.total.toarray()
    elif kind == "subtract":
        values = sum(
            (lv * m for lv, m in zip(c.levels, c.per_level, strict=True)),
            sp.csr_matrix(c.total.shape),
        ).toarray()
    else:
        pos = sum(
            (m for lv, m in zip(c.levels, c.per_level, strict=True) if lv > 0),
            sp.csr_matrix(c.total.shape),
        ).toarray()
        neg = sum(
            (m for lv, m in zip(c.levels, c.per_level, strict=True) if lv < 0),
            sp.csr_matrix(c.total.shape),
        ).toarray()
        values = np.where(
            (pos > 0) & (neg > 0), 2.0, np.where(pos > 0, 1.0, np.where(neg > 0, -1.0, 0.0))
        )
    return Network(list(c.actors), list(c.positions), np.asarray(values, dtype=float), kind)
