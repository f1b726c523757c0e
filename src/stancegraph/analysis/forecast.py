"""Where an issue will land: the standard static models of the field on an issue's numeric scale.

Each actor's *ideal point* on an issue is the scale value of the position it supports most
(highest polarity × salience, among the issue's positions with a scale value); its weight is
capability × salience of that stance. Two models (docs/analysis.md, "Forecasts"):

- **weighted mean** (the compromise model; the Nash bargaining solution under quadratic loss):
  Σ c_i s_i x_i / Σ c_i s_i;
- **weighted median** (Black's median voter with weights): the smallest ideal point at which the
  weights of the actors at or below it reach half of the total.

Where an actor with an ideal point has no capability, the models are not computed and the row
names who is missing: nothing is guessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MODELS = ("weighted mean", "weighted median")
#: The actors named as furthest from a prediction (the likely spoilers).
SPOILERS = 3


def ideal_points(stances: pd.DataFrame, scales: pd.DataFrame) -> pd.DataFrame:
    """Each actor's ideal point per issue: ``actor``, ``issue``, ``x`` (scale value of the
    position it supports most), ``salience``, ``position``.

    >>> s = pd.DataFrame({"actor": ["a", "a"], "position": ["p", "q"], "polarity": [1.0, 0.5],
    ...                   "salience": [0.5, 1.0]})
    >>> sc = pd.DataFrame({"position": ["p", "q"], "issue": ["i", "i"], "scale_value": [10.0, 80.0]})
    >>> ideal_points(s, sc)[["actor", "x"]].values.tolist()  # 1 × 0.5 = 0.5 ties 0.5 × 1: first by value
    [['a', 10.0]]
    """
    placed = stances.merge(scales[["position", "issue", "scale_value"]], on="position")
    placed = placed[placed["polarity"] > 0]
    placed = placed.assign(pull=placed["polarity"] * placed["salience"])
    placed = placed.sort_values(["actor", "issue", "pull", "scale_value"],
                                ascending=[True, True, False, True])  # fmt: skip
    best = placed.drop_duplicates(["actor", "issue"])
    sureness = [c for c in ("confidence", "explicit") if c in best]  # carried when known
    return best.rename(columns={"scale_value": "x"})[
        ["actor", "issue", "x", "salience", "position", *sureness]
    ].reset_index(drop=True)


def scale_ends(scales: pd.DataFrame) -> pd.DataFrame:
    """Each issue's scale ends ``lo`` and ``hi`` (indexed by issue): its ``scale_min`` and
    ``scale_max`` where given, else its lowest and highest ``scale_value``.

    >>> sc = pd.DataFrame({"issue": ["i", "i", "j"], "scale_value": [10.0, 80.0, 5.0],
    ...                    "scale_min": [0.0, 0.0, None], "scale_max": [None, None, None]})
    >>> scale_ends(sc).values.tolist()
    [[0.0, 80.0], [5.0, 5.0]]
    """
    by = scales.groupby("issue")
    return pd.DataFrame(
        {
            "lo": by["scale_min"].first().fillna(by["scale_value"].min()),
            "hi": by["scale_max"].first().fillna(by["scale_value"].max()),
        }
    )


def weighted_mean(x: np.ndarray, w: np.ndarray) -> float:
    """Σ w x / Σ w.

    >>> weighted_mean(np.array([0.0, 100.0]), np.array([1.0, 3.0]))
    75.0
    """
    return float(np.sum(w * x) / np.sum(w))


def weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    """The smallest x at which the weight at or below it reaches half the total.

    >>> weighted_median(np.array([10.0, 50.0, 90.0]), np.array([1.0, 1.0, 3.0]))
    90.0
    >>> weighted_median(np.array([10.0, 50.0]), np.array([1.0, 1.0]))  # exactly half: the lower
    10.0
    """
    order = np.argsort(x, kind="stable")
    cumulative = np.cumsum(w[order])
    return float(x[order][np.searchsorted(cumulative, cumulative[-1] / 2.0)])


def forecast(
    points: pd.DataFrame,
    capability: pd.Series,
    scales: pd.DataFrame,
    others: dict[str, dict[str, float]] | None = None,
) -> pd.DataFrame:
    """Both models, and the predictions of ``others`` (model → issue → value, e.g. the
    exchange model's), for every issue with ideal points: ``issue``, ``model``, ``value``,
    ``position`` (the scaled position nearest the value), ``spoilers`` (the actors furthest from
    it, weightiest first on ties), ``actors`` (how many), ``missing`` (actors without a
    capability: then no value), and how sure the ideal points are: ``confidence`` (the lowest
    of the stances they rest on) and ``inferred`` (how many rest on an inferred stance)."""
    rows = []
    for issue, group in points.groupby("issue", sort=True):
        cap = group["actor"].map(capability)
        missing = sorted(group.loc[cap.isna(), "actor"])
        positions = scales[scales["issue"] == issue]
        for model in (*MODELS, *(others or {})):
            row = {"issue": issue, "model": model, "value": None, "position": None,
                   "spoilers": [], "actors": len(group), "missing": missing,
                   "confidence": float(group["confidence"].min()) if "confidence" in group
                   else None,
                   "inferred": int((~group["explicit"].astype(bool)).sum()) if "explicit" in group
                   else None}  # fmt: skip
            if not missing:
                x = group["x"].to_numpy(dtype=float)
                w = cap.to_numpy(dtype=float) * group["salience"].to_numpy(dtype=float)
                value = (
                    np.nan if w.sum() <= 0
                    else weighted_mean(x, w) if model == MODELS[0]
                    else weighted_median(x, w) if model == MODELS[1]
                    else (others or {})[model].get(issue, np.nan)
                )  # fmt: skip
                if not np.isnan(value):
                    nearest = (positions["scale_value"] - value).abs().idxmin()
                    distance = np.abs(x - value)
                    far = np.lexsort((-w, -distance))[:SPOILERS]
                    row |= {
                        "value": value,
                        "position": positions.loc[nearest, "position"],
                        # a model's value may miss an ideal point by rounding only
                        "spoilers": [
                            group["actor"].iloc[k]
                            for k in far
                            if distance[k] > 1e-9 * max(1.0, abs(value))
                        ],
                    }
            rows.append(row)
    columns = ["issue", "model", "value", "position", "spoilers", "actors", "missing",
               "confidence", "inferred"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
