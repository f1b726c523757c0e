"""Derived opposition: what an actor's support for one position says about the positions that
cannot be part of the same deal (DESIGN §4). Used by the deal analyses only (blocking, common
ground, scenarios) — never by alignment, DNA networks, coalitions, polarization or who-supports,
which measure what actors said."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..definitions import (
    DEFAULT_CONFIDENCE,
    EXPLICIT_CONFIDENCE,
    RED_LINE_POLARITY,
    RED_LINE_SALIENCE,
)

DERIVED_COLUMNS = [
    "actor",
    "position",
    "polarity",
    "salience",
    "confidence",
    "explicit",
    "derived",
    "derived_from",
    "derived_from_position",
]


def confidence_of(stances: pd.DataFrame) -> pd.Series:
    """The confidence of each stance, 1.0 where the table or the stance has none (DESIGN §4).

    >>> confidence_of(pd.DataFrame({"confidence": [0.5, None]})).tolist()
    [0.5, 1.0]
    >>> confidence_of(pd.DataFrame({"polarity": [1.0]})).tolist()
    [1.0]
    """
    if "confidence" not in stances:
        return pd.Series(DEFAULT_CONFIDENCE, index=stances.index, dtype=float)
    return stances["confidence"].astype(float).fillna(DEFAULT_CONFIDENCE)


def derived_stances(stances: pd.DataFrame, incompatible: pd.DataFrame) -> pd.DataFrame:
    """Stances implied by support for incompatible positions.

    Where actor a has no current stance on position q but supports (x > 0) positions p with
    p ``sg:incompatibleWith`` q (either direction), a holds the derived stance

        x_a(q) = −max_p x_a(p),

    with the salience and confidence of that p (ties in x: the higher salience, then the position
    IRI, so the result does not depend on row order).

    Parameters
    ----------
    stances
        Current stances: ``actor``, ``position``, ``polarity``, ``salience``, and optionally
        ``confidence`` (1 when absent) and ``stance`` (the record's IRI).
    incompatible
        Pairs ``a``, ``b`` of incompatible positions; one direction is enough.

    Returns
    -------
    DataFrame
        ``DERIVED_COLUMNS``: the derived stance, ``derived`` True, ``derived_from`` the IRI of the
        stance it rests on (None when ``stances`` has no ``stance`` column) and
        ``derived_from_position`` (p). Never written back to the graph.

    Examples
    --------
    a supports p (+1, salience 0.5) and r (+0.5, salience 1); both are incompatible with q, on
    which a has no stance. b already opposes q, so nothing is derived for b.

    >>> s = pd.DataFrame({"actor": ["a", "a", "b", "b"], "position": ["p", "r", "p", "q"],
    ...                   "polarity": [1.0, 0.5, 1.0, -0.5], "salience": [0.5, 1.0, 1.0, 1.0]})
    >>> pairs = pd.DataFrame({"a": ["p", "q"], "b": ["q", "r"]})
    >>> d = derived_stances(s, pairs)
    >>> d[["actor", "position", "polarity", "salience", "derived_from_position"]].values.tolist()
    [['a', 'q', -1.0, 0.5, 'p']]
    """
    if stances.empty or incompatible.empty:
        return pd.DataFrame(columns=DERIVED_COLUMNS)
    pairs = pd.concat(
        [
            incompatible[["a", "b"]].rename(columns={"a": "p", "b": "q"}),
            incompatible[["a", "b"]].rename(columns={"a": "q", "b": "p"}),
        ],
        ignore_index=True,
    ).drop_duplicates()
    pairs = pairs[pairs["p"] != pairs["q"]]
    support = stances[stances["polarity"] > 0]
    support = support.assign(
        confidence=confidence_of(support),
        stance=support.get("stance", None),
    )
    candidates = support[["actor", "position", "polarity", "salience", "confidence", "stance"]]
    candidates = candidates.merge(pairs, left_on="position", right_on="p")
    # Only where the actor has no current stance of its own on q.
    held = stances[["actor", "position"]].rename(columns={"position": "q"}).assign(_held=True)
    candidates = candidates.merge(held, on=["actor", "q"], how="left")
    candidates = candidates[candidates["_held"].isna()]
    if candidates.empty:
        return pd.DataFrame(columns=DERIVED_COLUMNS)
    best = candidates.sort_values(
        ["actor", "q", "polarity", "salience", "p"], ascending=[True, True, False, False, True]
    ).drop_duplicates(["actor", "q"])
    out = pd.DataFrame(
        {
            "actor": best["actor"].to_numpy(),
            "position": best["q"].to_numpy(),
            "polarity": -best["polarity"].to_numpy(dtype=float),
            "salience": best["salience"].to_numpy(dtype=float),
            "confidence": best["confidence"].to_numpy(dtype=float),
        }
    )
    out["explicit"] = out["confidence"] >= EXPLICIT_CONFIDENCE
    out["derived"] = True
    out["derived_from"] = best["stance"].to_numpy(dtype=object)
    out["derived_from_position"] = best["p"].to_numpy(dtype=object)
    return out.reset_index(drop=True)[DERIVED_COLUMNS]


def deal_stances(stances: pd.DataFrame, incompatible: pd.DataFrame) -> pd.DataFrame:
    """Current stances plus derived ones, as the deal analyses see them.

    Every row gets ``derived`` (bool) and ``derived_from`` / ``derived_from_position`` (None for
    stances the actor holds itself).

    >>> s = pd.DataFrame({"actor": ["a"], "position": ["p"], "polarity": [1.0],
    ...                   "salience": [1.0], "confidence": [0.6], "stance": ["s1"]})
    >>> d = deal_stances(s, pd.DataFrame({"a": ["p"], "b": ["q"]}))
    >>> d[["position", "polarity", "derived", "derived_from", "explicit"]].values.tolist()
    [['p', 1.0, False, None, False], ['q', -1.0, True, 's1', False]]
    """
    own = stances.copy()
    own["derived"] = False
    own["derived_from"] = None
    own["derived_from_position"] = None
    own["confidence"] = confidence_of(own)
    if "explicit" not in own:
        own["explicit"] = own["confidence"] >= EXPLICIT_CONFIDENCE
    derived = derived_stances(stances, incompatible)
    if derived.empty:
        return own.reset_index(drop=True)
    out = pd.concat([own, derived], ignore_index=True)
    out["derived"] = out["derived"].astype(bool)
    out["explicit"] = out["explicit"].astype(bool)
    for column in ("derived_from", "derived_from_position"):
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    if "red_line" in out:
        out["red_line"] = out["red_line"].fillna(False).astype(bool)
    return out


def is_red_line(polarity: pd.Series, salience: pd.Series, flagged: pd.Series | None) -> np.ndarray:
    """Red lines (DESIGN §4): x ≤ −0.75 with salience ≥ 0.9, or ``sg:redLine true`` on a stance
    that opposes the position (x < 0).

    >>> is_red_line(pd.Series([-1.0, -1.0, -0.5, 0.5]), pd.Series([0.9, 0.5, 0.2, 1.0]),
    ...             pd.Series([False, False, True, True])).tolist()
    [True, False, True, False]
    """
    x = polarity.to_numpy(dtype=float)
    s = salience.to_numpy(dtype=float)
    strong = (x <= RED_LINE_POLARITY) & (s >= RED_LINE_SALIENCE)
    if flagged is None:
        return strong
    return strong | (flagged.fillna(False).to_numpy(dtype=bool) & (x < 0))
