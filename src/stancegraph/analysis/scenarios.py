"""Which agreement packages (scenarios) each actor would accept or reject (DESIGN §4)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def scenario_verdicts(
    stances: pd.DataFrame, scenarios: pd.DataFrame, veto: list[str]
) -> pd.DataFrame:
    """Utility and verdict of every actor for every scenario.

    U_a(σ) = Σ_p s_a(p)·x_a(p) / Σ_p s_a(p) over the scenario's positions the actor has a current
    stance on (null when none). The actor *accepts* when U > 0, *rejects* when U < 0, is
    *indifferent* at 0, and has *no stance* when U is null. A scenario is *blocked* when any veto
    player rejects it; a rejecting actor's *dealbreakers* are the included positions it opposes.

    Parameters
    ----------
    stances
        Current stances: ``actor``, ``position``, ``polarity``, ``salience``.
    scenarios
        ``scenario``, ``position`` (one row per included position).
    veto
        The veto players; they get a row for every scenario even without stances.

    Returns
    -------
    DataFrame
        ``scenario``, ``actor``, ``utility``, ``verdict``, ``dealbreakers`` (list), ``veto``
        (bool), ``blocked`` (bool, per scenario).

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["v1", "v1", "v2"], "position": ["p", "q", "p"],
    ...                   "polarity": [1.0, -1.0, 0.5], "salience": [1.0, 0.5, 1.0]})
    >>> sc = pd.DataFrame({"scenario": ["S", "S"], "position": ["p", "q"]})
    >>> v = scenario_verdicts(s, sc, ["v1", "v2"])
    >>> v[["actor", "utility", "verdict", "blocked"]].round(4).values.tolist()
    [['v1', 0.3333, 'accept', False], ['v2', 0.5, 'accept', False]]
    """
    columns = ["scenario", "actor", "utility", "verdict", "dealbreakers", "veto", "blocked"]
    included = scenarios.dropna(subset=["position"])[["scenario", "position"]].drop_duplicates()
    if included.empty:
        return pd.DataFrame(columns=columns)
    joined = included.merge(stances[["actor", "position", "polarity", "salience"]], on="position")
    joined["sx"] = joined["salience"] * joined["polarity"]
    grouped = joined.groupby(["scenario", "actor"])
    util = (grouped["sx"].sum() / grouped["salience"].sum()).rename("utility").reset_index()
    # A salience-0 stance carries no weight; with nothing else the utility is undefined.
    util["utility"] = util["utility"].replace([np.inf, -np.inf], np.nan)
    opposed = (
        joined[joined["polarity"] < 0]
        .groupby(["scenario", "actor"])["position"]
        .agg(lambda p: sorted(p))
    )
    # Veto players get a row for every scenario, with a null utility where they have no stance.
    grid = pd.MultiIndex.from_product(
        [sorted(included["scenario"].unique()), sorted(set(veto))], names=["scenario", "actor"]
    )
    util = util.set_index(["scenario", "actor"])
    util = util.reindex(util.index.union(grid)).reset_index()
    util["verdict"] = np.select(
        [util["utility"] > 0, util["utility"] < 0, util["utility"] == 0],
        ["accept", "reject", "indifferent"],
        "no stance",
    )
    util["dealbreakers"] = [
        opposed.get((s, a), []) if v == "reject" else []
        for s, a, v in util[["scenario", "actor", "verdict"]].itertuples(index=False)
    ]
    util["veto"] = util["actor"].isin(veto)
    blocked = util[util["veto"] & (util["verdict"] == "reject")].groupby("scenario").size()
    util["blocked"] = util["scenario"].map(lambda s: bool(blocked.get(s, 0)))
    util = util.sort_values(
        ["scenario", "veto", "actor"], ascending=[True, False, True]
    ).reset_index(drop=True)
    return util[columns]


def scenario_summary(verdicts: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario: ``blocked``, ``rejected_by`` (veto players), ``accepted_by``,
    ``rejecting`` (all rejecting actors), and the veto players' ``dealbreakers``.

    >>> v = pd.DataFrame({"scenario": ["S", "S"], "actor": ["v1", "x"], "utility": [-1.0, 1.0],
    ...     "verdict": ["reject", "accept"], "dealbreakers": [["q"], []], "veto": [True, False],
    ...     "blocked": [True, True]})
    >>> scenario_summary(v)[["scenario", "blocked", "rejected_by", "accepted_by"]].values.tolist()
    [['S', True, ['v1'], ['x']]]
    """
    rows = []
    for scenario, group in verdicts.groupby("scenario", sort=True):
        veto_rejects = group[group["veto"] & (group["verdict"] == "reject")]
        rows.append(
            {
                "scenario": scenario,
                "blocked": bool(len(veto_rejects)),
                "rejected_by": sorted(veto_rejects["actor"]),
                "accepted_by": sorted(group.loc[group["verdict"] == "accept", "actor"]),
                "rejecting": sorted(group.loc[group["verdict"] == "reject", "actor"]),
                "dealbreakers": sorted({p for ps in veto_rejects["dealbreakers"] for p in ps}),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["scenario", "blocked", "rejected_by", "accepted_by", "rejecting", "dealbreakers"],
    )
