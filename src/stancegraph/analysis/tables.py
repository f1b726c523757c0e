"""Stance tables, pure pandas/scipy/networkx: typed stance records, the records in force, the
current stance of each actor on each position (DESIGN §4), the sparse actor x position matrix and
the signed actor graph. Nothing here reads RDF: :mod:`stancegraph.model` reads the tables from a
store and every analysis starts from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._lazy import lazy
from ..definitions import DEFAULT_CONFIDENCE, EXPLICIT_CONFIDENCE

if TYPE_CHECKING:
    import scipy.sparse as sp
else:  # imported on first use (stancegraph._lazy)
    sp = lazy("scipy.sparse")


def _as_timestamp(as_of: dt.date | None) -> pd.Timestamp:
    return pd.Timestamp(as_of if as_of is not None else dt.date.today())


def typed_records(frame: pd.DataFrame) -> pd.DataFrame:
    """Give stance rows read from SPARQL their types and defaults:
    numbers as floats (salience 1 and confidence 1 when absent), dates as datetime64, ``note``
    as text or None, ``red_line`` as bool, plus ``explicit`` (confidence ≥ 0.8).

    The one reader of stance rows: the answers (who supports what) and the analyses both use it.

    >>> f = typed_records(pd.DataFrame({"polarity": ["-1"], "salience": [None],
    ...     "confidence": ["0.5"], "valid_from": ["2024-01-01"], "valid_until": [None],
    ...     "note": ["Implied: x"], "red_line": ["true"]}))
    >>> f[["salience", "confidence", "explicit", "red_line"]].values.tolist()
    [[1.0, 0.5, False, True]]
    """
    for column in ("polarity", "salience", "confidence"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce")
    if "salience" in frame:
        frame["salience"] = frame["salience"].fillna(1.0)
    if "confidence" in frame:
        frame["confidence"] = frame["confidence"].fillna(DEFAULT_CONFIDENCE)
        frame["explicit"] = frame["confidence"] >= EXPLICIT_CONFIDENCE
    for column in ("valid_from", "valid_until"):
        if column in frame:
            frame[column] = pd.to_datetime(
                frame[column].astype("string").str.slice(0, 10), errors="coerce"
            )
    if "note" in frame:
        frame["note"] = frame["note"].astype(object).where(frame["note"].notna(), None)
    if "red_line" in frame:
        flag = frame["red_line"].astype("string").str.strip().str.lower()
        frame["red_line"] = flag.isin(["true", "1"]).fillna(False).astype(bool)
    return frame


def at_least(records: pd.DataFrame, min_confidence: float | None) -> pd.DataFrame:
    """The records whose confidence is at least ``min_confidence`` (all when None).

    >>> r = pd.DataFrame({"confidence": [1.0, 0.8, 0.4]})
    >>> len(at_least(r, 0.8)), len(at_least(r, None))
    (2, 3)
    """
    if min_confidence is None:
        return records
    return records[records["confidence"] >= min_confidence]


def in_force(frame: pd.DataFrame, as_of: dt.date | None = None) -> pd.Series:
    """Which rows hold on ``as_of`` (today by default): ``valid_from <= date < valid_until``,
    either end open when missing.

    >>> f = pd.DataFrame({"valid_from": pd.to_datetime(["2024-01-01", None]),
    ...                   "valid_until": pd.to_datetime([None, "2024-06-01"])})
    >>> in_force(f, dt.date(2024, 3, 1)).tolist()
    [True, True]
    >>> in_force(f, dt.date(2024, 6, 1)).tolist()
    [True, False]
    """
    day = _as_timestamp(as_of)
    vf, vu = frame["valid_from"], frame["valid_until"]
    return (vf.isna() | (vf <= day)) & (vu.isna() | (day < vu))


def dated_since(frame: pd.DataFrame, since: dt.date | None) -> pd.DataFrame:
    """The rows dated ``since`` or later (``valid_from >= since``); all rows when ``since`` is
    None. An undated row is left out of a window: nothing says it was made in it.

    >>> f = pd.DataFrame({"valid_from": pd.to_datetime(["2024-01-01", "2024-06-01", None])})
    >>> len(dated_since(f, dt.date(2024, 3, 1))), len(dated_since(f, None))
    (1, 3)
    """
    if since is None:
        return frame
    return frame[frame["valid_from"] >= _as_timestamp(since)]


def current_stances(records: pd.DataFrame, as_of: dt.date | None = None) -> pd.DataFrame:
    """The current stance of each actor on each position (DESIGN §4).

    Among an actor's records on a position in force on ``as_of``, the one with the latest
    ``valid_from`` (an open start counts as earliest); ties are averaged.

    Returns one row per (actor, position): ``polarity``, ``salience``, ``confidence``,
    ``records`` (how many records were averaged), ``stance`` (one of their IRIs) and
    ``explicit`` (the averaged confidence ≥ 0.8); with ``note`` and ``red_line`` in the records
    also ``note`` (the first) and ``red_line`` (any).

    Examples
    --------
    >>> r = pd.DataFrame({"stance": ["s1", "s2", "s3"], "actor": ["a", "a", "a"],
    ...     "position": ["p", "p", "q"], "polarity": [1.0, -1.0, 0.5], "salience": [1.0, 1.0, 1.0],
    ...     "confidence": [None, None, None],
    ...     "valid_from": pd.to_datetime(["2024-01-01", "2024-05-01", None]),
    ...     "valid_until": pd.to_datetime([None, None, None])})
    >>> current_stances(r, dt.date(2024, 3, 1))[["position", "polarity"]].values.tolist()
    [['p', 1.0], ['q', 0.5]]
    >>> current_stances(r, dt.date(2024, 6, 1))[["position", "polarity"]].values.tolist()
    [['p', -1.0], ['q', 0.5]]
    """
    frame = records[in_force(records, as_of)]
    # As integers NaT is the smallest value, so an open start counts as the earliest.
    start = pd.Series(
        frame["valid_from"].to_numpy().astype("datetime64[us]").view("int64"), index=frame.index
    )
    # One integer per (actor, position), in the order of the names: grouping 1M rows by it is
    # several times faster than by the two columns of text.
    actor_of, actors = pd.factorize(frame["actor"], sort=True)
    position_of, positions = pd.factorize(frame["position"], sort=True)
    key = pd.Series(
        actor_of.astype(np.int64) * max(len(positions), 1) + position_of, index=frame.index
    )
    latest = start.groupby(key).transform("max")
    keep = start == latest
    frame, key = frame[keep], key[keep]
    grouped = frame.groupby(key.to_numpy(), sort=True)
    extra = {}
    if "note" in frame:
        extra["note"] = ("note", "first")
    if "red_line" in frame:
        extra["red_line"] = ("red_line", "any")
    out = grouped.agg(
        polarity=("polarity", "mean"),
        salience=("salience", "mean"),
        confidence=("confidence", "mean"),
        records=("stance", "size"),
        stance=("stance", "first"),
        valid_from=("valid_from", "max"),
        **extra,
    )
    width = max(len(positions), 1)
    codes = out.index.to_numpy()
    out.insert(0, "actor", pd.Index(actors).take(codes // width).to_numpy())
    out.insert(1, "position", pd.Index(positions).take(codes % width).to_numpy())
    out = out.reset_index(drop=True)
    out["explicit"] = out["confidence"].fillna(DEFAULT_CONFIDENCE) >= EXPLICIT_CONFIDENCE
    if "note" in frame:
        out["note"] = out["note"].astype(object).where(out["note"].notna(), None)
    return out


def first_evidence(evidence: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows with quoted ones first (stable otherwise), so the first row of a stance is
    one with a quote when any has one; a source alone still shows.

    >>> e = pd.DataFrame({"stance": ["s", "s"], "quote": [None, "q"]})
    >>> first_evidence(e).drop_duplicates("stance")["quote"].tolist()
    ['q']
    """
    order = evidence["quote"].isna().to_numpy().argsort(kind="stable")
    return evidence.iloc[order].reset_index(drop=True)


@dataclass(frozen=True)
class StanceMatrix:
    """Sparse actor x position matrices of current stances.

    ``polarity`` holds x_a(p), ``salience`` s_a(p) and ``mask`` 1 where a stance exists, so a
    neutral stance (x = 0) stays distinct from a missing one. ``rows``, ``cols``, ``x`` and
    ``s`` are the same entries in coordinate form (one per stance).
    """

    actors: pd.Index
    positions: pd.Index
    polarity: sp.csr_matrix
    salience: sp.csr_matrix
    mask: sp.csr_matrix
    rows: np.ndarray
    cols: np.ndarray
    x: np.ndarray
    s: np.ndarray


def stance_matrix(
    stances: pd.DataFrame, actors: list[str] | None = None, positions: list[str] | None = None
) -> StanceMatrix:
    """Build the sparse matrices from a current-stance table.

    ``actors`` / ``positions`` fix the row / column order (and include actors without stances).

    >>> s = pd.DataFrame({"actor": ["a", "b"], "position": ["p", "p"], "polarity": [1.0, 0.0],
    ...                   "salience": [1.0, 0.5]})
    >>> m = stance_matrix(s)
    >>> m.mask.toarray().tolist(), m.polarity.toarray().tolist()
    ([[1.0], [1.0]], [[1.0], [0.0]])
    """
    actor_index = pd.Index(actors if actors is not None else sorted(stances["actor"].unique()))
    position_index = pd.Index(
        positions if positions is not None else sorted(stances["position"].unique())
    )
    rows = actor_index.get_indexer(stances["actor"])
    cols = position_index.get_indexer(stances["position"])
    keep = (rows >= 0) & (cols >= 0)
    rows, cols = rows[keep], cols[keep]
    shape = (len(actor_index), len(position_index))

    x = stances["polarity"].to_numpy(dtype=float)[keep]
    s = (
        stances["salience"].to_numpy(dtype=float)[keep]
        if "salience" in stances
        else np.ones(len(rows))
    )

    def build(values: np.ndarray) -> sp.csr_matrix:
        return sp.csr_matrix((values, (rows, cols)), shape=shape)

    return StanceMatrix(
        actor_index, position_index, build(x), build(s), build(np.ones(len(rows))), rows, cols, x, s
    )
