"""Alignment between actors: agreement index, S-score (Signorino & Ritter 1999) and cosine.

All pairs at once from sparse matrix products over the stance table (DESIGN §2: 1.8 s for 100k
stances where Python loops over pairs took 7 s and a networkx projection 45 s), kept sparse: only
the pairs that share a position are stored, so a million stances over 20,000 actors are 47M
cells, not 400M.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._lazy import lazy
from ..errors import InputError
from ._sparse import level_distance, on_structure, shared_and_distance
from .tables import StanceMatrix, current_stances, stance_matrix

if TYPE_CHECKING:
    import scipy.sparse as sp
else:  # imported on first use (stancegraph._lazy)
    sp = lazy("scipy.sparse")

METHODS = ("sscore", "agreement", "cosine")


#: Beyond this many actors ``Alignment.values`` (a dense n × n array) is refused: 10,000 actors
#: are 800 MB a matrix. The analyses never need it; they read pairs, rows and blocks.
DENSE_MAX_ACTORS = 10_000


def pairwise_l1(m: StanceMatrix, weighted: bool = False) -> tuple[sp.csr_array, sp.csr_array]:
    """For every pair of actors sharing a position: Σ_p w_p |x_a(p) − x_b(p)| and Σ_p w_p over
    the shared positions, as sparse matrices (absent: no shared position, or 0).

    ``w_p = 1`` or, with ``weighted``, ``s_a(p)·s_b(p)``. The absolute difference is not a
    bilinear form, so it is summed over the distinct polarity levels q_k:
    Σ_{k,l} |q_k − q_l| (W∘A_k)(W∘A_l)ᵀ with A_k the indicator of level k, done as one sparse
    product (see :func:`stancegraph.analysis._sparse.level_distance`) instead of a loop
    over pairs.

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["a", "a", "b", "b"], "position": ["p", "q", "p", "q"],
    ...                   "polarity": [1.0, -1.0, 0.5, -1.0], "salience": [1.0, 1.0, 1.0, 1.0]})
    >>> dist, shared = pairwise_l1(stance_matrix(s))
    >>> float(dist[0, 1]), float(shared[0, 1])
    (0.5, 2.0)
    """
    w = m.s if weighted else np.ones(len(m.x))
    levels, level_of = np.unique(np.round(m.x, 9), return_inverse=True)
    shape = m.mask.shape
    weights = sp.csr_array((w, (m.rows, m.cols)), shape=shape)
    dist = level_distance(m.rows, m.cols, levels, level_of, shape, w)
    return dist, sp.csr_array(weights @ weights.T)


@dataclass(frozen=True)
class Alignment:
    """An all-pairs alignment, kept sparse: only the pairs that share a position are stored
    (5,000 actors are 12.5M pairs; 20,000 are 200M, of which a tenth share a position).

    ``shared`` holds |S_ab|, the number of positions both take a stance on (CSR, symmetric,
    the diagonal each actor's own count; the columns of a row in no set order: sorting 47M
    cells costs a second, and only listings need an order); ``scores`` the value of each of its
    entries, in the order of ``shared.data``. A pair without a shared position has the value
    ``missing``: NaN (undefined, never 0) except for cosine, where it is 0. ``undefined`` marks
    the actors whose every value is NaN (cosine of a zero vector).

    Read pairs with :meth:`take`, rows with :meth:`block`, the stored pairs with :meth:`upper`;
    ``values`` and ``overlap`` are the dense matrices, for small graphs.
    """

    actors: list[str]
    shared: sp.csr_array
    scores: np.ndarray
    method: str
    missing: float = np.nan
    undefined: np.ndarray | None = None

    @classmethod
    def from_dense(
        cls, actors: list[str], values: np.ndarray, overlap: np.ndarray, method: str = "sscore"
    ) -> Alignment:
        """An alignment from dense matrices (tests and examples): the pairs with overlap > 0.

        >>> al = Alignment.from_dense(["a", "b"], np.array([[1, .5], [.5, 1]]), np.ones((2, 2)))
        >>> al.take(np.array([0]), np.array([1]))
        (array([0.5]), array([1]))
        """
        shared = sp.csr_array(np.asarray(overlap, dtype=np.int64))
        shared.sort_indices()
        rows = np.repeat(np.arange(len(actors)), np.diff(shared.indptr))
        scores = np.asarray(values, dtype=float)[rows, shared.indices]
        return cls(list(actors), shared, scores, method)

    @cached_property
    def _entry(self) -> sp.csr_array:
        # The number (from 1) of each stored pair's entry: a lookup gives 0 for "not stored".
        n = self.shared.nnz
        return sp.csr_array(
            (np.arange(1, n + 1), self.shared.indices, self.shared.indptr), shape=self.shared.shape
        )

    def _read(self, entry: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        found = entry > 0
        at = np.where(found, entry - 1, 0)
        values = np.where(found, self.scores[at] if len(self.scores) else 0.0, self.missing)
        overlap = np.where(found, self.shared.data[at] if self.shared.nnz else 0, 0)
        return values, overlap.astype(np.int64)

    def _blank(self, which: np.ndarray) -> np.ndarray:
        # Which of these actors have every value undefined (cosine of a zero vector).
        return np.zeros(len(which), dtype=bool) if self.undefined is None else self.undefined[which]

    def take(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The values and overlaps of the pairs (``i[k]``, ``j[k]``)."""
        i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
        if not len(i):
            return np.zeros(0), np.zeros(0, dtype=np.int64)
        values, overlap = self._read(np.asarray(self._entry[i, j]).ravel())
        values[self._blank(i) | self._blank(j)] = np.nan
        return values, overlap

    def block(
        self, rows: np.ndarray | list[int], cols: np.ndarray | list[int] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The dense values and overlaps of ``rows`` × ``cols`` (default: every column)."""
        rows = np.asarray(rows, dtype=np.int64)
        every = np.arange(len(self.actors)) if cols is None else np.asarray(cols, dtype=np.int64)
        picked = self._entry[rows]
        entry = (picked if cols is None else picked[:, every]).toarray()
        values, overlap = self._read(entry)
        values[self._blank(rows), :] = np.nan
        values[:, self._blank(every)] = np.nan
        return values, overlap

    def upper(self, min_overlap: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The pairs i < j sharing at least max(1, ``min_overlap``) positions, by row (within a
        row in the stored order), with their values and overlaps: read off the stored
        entries, no lookup per pair."""
        S = self.shared
        # In the index type of the matrix (int32 up to 2^31 cells): 47M cells at 1M stances.
        i = np.repeat(np.arange(S.shape[0], dtype=S.indices.dtype), np.diff(S.indptr))
        keep = S.indices > i
        if min_overlap > 1:
            keep &= S.data >= min_overlap
        at = np.flatnonzero(keep)
        i, j = i[at].astype(np.int64), S.indices[at].astype(np.int64)
        values = self.scores[at]
        if self.undefined is not None and self.undefined.any():
            values = np.where(self.undefined[i] | self.undefined[j], np.nan, values)
        return i, j, values, S.data[at].astype(np.int64)

    def counts(self) -> np.ndarray:
        """Each actor's own number of current stances (the diagonal of ``shared``)."""
        return np.asarray(self.shared.diagonal(), dtype=np.int64)

    def _dense(self) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.actors)
        if n > DENSE_MAX_ACTORS:
            raise InputError(
                f"the dense alignment matrix of {n:,} actors would take {n * n * 8 / 1e9:.1f} GB; "
                "read pairs with take(), rows with block() or the strongest pairs with "
                "alignment_pairs(top=...)"
            )
        return self.block(np.arange(n))

    @property
    def values(self) -> np.ndarray:
        """The dense n × n matrix of values (NaN where undefined)."""
        return self._dense()[0]

    @property
    def overlap(self) -> np.ndarray:
        """The dense n × n matrix of shared positions."""
        return self._dense()[1]

    def pairs(self) -> pd.DataFrame:
        """One row per unordered pair: ``actor_a``, ``actor_b``, ``value``, ``overlap``."""
        i, j = np.triu_indices(len(self.actors), k=1)
        names = np.asarray(self.actors, dtype=object)
        value, overlap = self.take(i, j)
        return pd.DataFrame(
            {"actor_a": names[i], "actor_b": names[j], "value": value, "overlap": overlap}
        )

    def frame(self) -> pd.DataFrame:
        """The square matrix as a labelled DataFrame."""
        return pd.DataFrame(self.values, index=self.actors, columns=self.actors)


def alignment_matrix(
    stances: pd.DataFrame,
    method: str = "sscore",
    *,
    weighted: bool = False,
    actors: list[str] | None = None,
) -> Alignment:
    """Alignment of every pair of actors over their current stances (DESIGN §4).

    Parameters
    ----------
    stances
        Current-stance table: ``actor``, ``position``, ``polarity``, ``salience``.
    method
        ``agreement``: IA = 1 − (1/|S_ab|) Σ_{p∈S_ab} |x_a(p) − x_b(p)| / 2, in [0, 1];
        ``sscore``: S = 2·IA − 1, in [−1, 1] (Signorino & Ritter 1999); with ``weighted`` each
        position counts s_a(p)·s_b(p);
        ``cosine``: x_a·x_b / (‖x_a‖‖x_b‖) over all positions (absent = 0), null for a zero vector.
    actors
        Row order, and actors to include even without stances.

    Returns
    -------
    Alignment
        Sparse: a value for each pair sharing a position (``shared`` = |S_ab|); a pair without
        one is undefined (cosine: 0); the diagonal is each actor with itself.

    Examples
    --------
    Two positions, b agrees on one and half-agrees on the other:

    >>> s = pd.DataFrame({"actor": ["a", "a", "b", "b", "c"], "position": ["p", "q", "p", "q", "r"],
    ...                   "polarity": [1.0, -1.0, 0.5, -1.0, 1.0], "salience": [1.0] * 5})
    >>> al = alignment_matrix(s, "agreement")
    >>> round(float(al.values[0, 1]), 4)   # 1 − (0.5/2 + 0)/2
    0.875
    >>> al = alignment_matrix(s, "sscore")
    >>> round(float(al.values[0, 1]), 4), bool(np.isnan(al.values[0, 2]))
    (0.75, True)
    """
    if method not in METHODS:
        raise InputError(f"unknown alignment method {method!r}; use one of {', '.join(METHODS)}")
    m = stance_matrix(stances, actors=actors)
    levels, level_of = np.unique(np.round(m.x, 9), return_inverse=True)
    shared, dist_on = shared_and_distance(m.rows, m.cols, levels, level_of, m.mask.shape)
    if method == "cosine" or weighted:
        # The other products are lined up with these cells on sorted indices (on_structure).
        shared.sort_indices()
    if method == "cosine":
        rows = np.repeat(np.arange(shared.shape[0]), np.diff(shared.indptr))
        cols = shared.indices
        P = sp.csr_array(m.polarity)
        # |x_a·x_b| ≤ |S_ab|·max|x|², so the offset keeps every shared cell positive.
        offset = float(np.max(np.abs(m.x), initial=0.0)) ** 2 + 1.0
        dot = on_structure(sp.csr_array(P @ P.T), shared, offset)
        norms = np.sqrt(np.asarray(P.multiply(P).sum(axis=1)).ravel())
        scale = norms[rows] * norms[cols]
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.where(scale > 0, dot / np.where(scale > 0, scale, 1.0), np.nan)
        return Alignment(list(m.actors), shared, scores, method, 0.0, norms == 0)
    if weighted:
        dist, total = pairwise_l1(m, weighted=True)
        dist_on, total_on = on_structure(dist, shared), on_structure(total, shared)
        scores = np.full(len(dist_on), np.nan)
        np.divide(dist_on, total_on, out=scores, where=total_on > 0)
    else:  # every stored pair shares at least one position: in place over 47M cells at 1M
        scores = dist_on
        scores /= shared.data
    # With d the mean absolute difference: IA = 1 − d/2 and S = 2·IA − 1 = 1 − d.
    scores *= -0.5 if method == "agreement" else -1.0
    scores += 1.0
    return Alignment(list(m.actors), shared, scores, method)


@dataclass(frozen=True)
class Comparison:
    """Two actors side by side: the positions they agree and disagree on, the ones only one of
    them has a stance on, and their S-score over the shared ones."""

    actor_a: str
    actor_b: str
    agree: list[str]
    disagree: list[str]
    only_a: list[str]
    only_b: list[str]
    sscore: float | None
    overlap: int

    def as_dict(self) -> dict[str, object]:
        return {
            "actor_a": self.actor_a,
            "actor_b": self.actor_b,
            "agree": self.agree,
            "disagree": self.disagree,
            "only_a": self.only_a,
            "only_b": self.only_b,
            "sscore": self.sscore,
            "overlap": self.overlap,
        }


def compare(
    stances: pd.DataFrame, actor_a: str, actor_b: str, *, weighted: bool = False
) -> Comparison:
    """Compare two actors' current stances.

    A shared position is *agreed* when both polarities have the same sign (both > 0, both < 0 or
    both 0) and *disagreed* otherwise.

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["a", "a", "a", "b", "b"], "position": ["p", "q", "r", "p", "q"],
    ...                   "polarity": [1.0, -1.0, 1.0, 1.0, 1.0], "salience": [1.0] * 5})
    >>> c = compare(s, "a", "b")
    >>> c.agree, c.disagree, c.only_a, c.only_b, c.sscore, c.overlap
    (['p'], ['q'], ['r'], [], 0.0, 2)
    """
    a = stances[stances["actor"] == actor_a].set_index("position")["polarity"]
    b = stances[stances["actor"] == actor_b].set_index("position")["polarity"]
    shared = a.index.intersection(b.index)
    same = np.sign(a[shared]) == np.sign(b[shared])
    pair = alignment_matrix(
        stances[stances["actor"].isin([actor_a, actor_b])],
        "sscore",
        weighted=weighted,
        actors=[actor_a, actor_b],
    )
    value = pair.values[0, 1]
    return Comparison(
        actor_a,
        actor_b,
        sorted(shared[same.to_numpy()]),
        sorted(shared[~same.to_numpy()]),
        sorted(a.index.difference(b.index)),
        sorted(b.index.difference(a.index)),
        None if np.isnan(value) else float(value),
        len(shared),
    )


def explicit_mask(stances: pd.DataFrame, actors: list[str]) -> sp.csr_array:
    """E: actors x positions, 1 where the actor's current stance is explicit (built once for a
    whole listing of pairs, however many blocks it streams in)."""
    return sp.csr_array(stance_matrix(stances[stances["explicit"]], actors=actors).mask)


def explicit_overlap(E: sp.csr_array, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For the pairs of rows (``i``, ``j``) of ``E`` (:func:`explicit_mask`), how many positions
    both hold an explicit stance on: entries of E·Eᵀ, kept sparse.

    >>> s = pd.DataFrame({"actor": ["a", "b", "b", "c"], "position": ["p", "p", "q", "q"],
    ...     "polarity": [1.0, 1.0, 1.0, 1.0], "explicit": [True, True, True, False]})
    >>> E = explicit_mask(s, ["a", "b", "c"])
    >>> explicit_overlap(E, np.array([0, 0, 1]), np.array([1, 2, 2])).tolist()
    [1, 0, 0]
    """
    if not len(i):
        return np.zeros(0, dtype=np.int64)
    # The rows the pairs start from only: the top 1,000 pairs need a few hundred rows of
    # E·Eᵀ, not all 20,000 × 20,000 of it.
    starts, at = np.unique(i, return_inverse=True)
    both = sp.csr_array(E[starts] @ E.T)
    return np.asarray(both[at, j], dtype=np.int64).ravel()


def alignment_trend(
    records: pd.DataFrame, actors: list[str], periods: list[tuple[str, pd.Timestamp, pd.Timestamp]]
) -> pd.DataFrame:
    """The S-score of every pair of ``actors`` in each period, over the stance records dated in
    it: for a period (``name``, ``start``, ``end``), the current stances (DESIGN §4) of the
    records with ``start ≤ valid_from ≤ end``, then S as in :func:`alignment_matrix`. Columns
    ``period``, ``start``, ``end``, ``actor_a``, ``actor_b``, ``sscore`` (null without a shared
    position), ``overlap``, ``explicit_overlap``.

    >>> r = pd.DataFrame({"stance": list("stuvwx"), "actor": list("ababab"),
    ...     "position": ["p", "p", "q", "q", "r", "r"], "polarity": [1., 1., 1., -1., 1., 1.],
    ...     "salience": [1.] * 6, "confidence": [1.] * 6, "explicit": [True] * 6,
    ...     "valid_from": pd.to_datetime(["2014-03-01"] * 4 + ["2015-05-01"] * 2),
    ...     "valid_until": pd.to_datetime([None] * 6)})
    >>> years = [(str(y), pd.Timestamp(f"{y}-01-01"), pd.Timestamp(f"{y}-12-31"))
    ...          for y in (2014, 2015)]
    >>> alignment_trend(r, ["a", "b"], years)[["period", "sscore", "overlap"]].values.tolist()
    [['2014', 0.0, 2], ['2015', 1.0, 1]]

    (2014: S = 1 − (|1 − 1| + |1 − (−1)|)/2 = 0 over p and q; 2015: agreement on r.)
    """
    chosen = records[records["actor"].isin(actors)]
    i, j = np.triu_indices(len(actors), 1)
    names = np.asarray(actors, dtype=object)
    parts = []
    for name, start, end in periods:
        dated = chosen[(chosen["valid_from"] >= start) & (chosen["valid_from"] <= end)]
        stances = current_stances(dated, end.date())
        value, overlap = alignment_matrix(stances, "sscore", actors=actors).take(i, j)
        parts.append(
            pd.DataFrame(
                {
                    "period": name,
                    "start": start.date(),
                    "end": end.date(),
                    "actor_a": names[i],
                    "actor_b": names[j],
                    "sscore": value,
                    "overlap": overlap,
                    "explicit_overlap": explicit_overlap(explicit_mask(stances, actors), i, j),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)
