"""Which agreement packages (scenarios) each actor would accept or reject (DESIGN §4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..definitions import EXPLICIT_CONFIDENCE
from .derived import confidence_of, is_red_line


def scenario_verdicts(
    stances: pd.DataFrame, scenarios: pd.DataFrame, veto: list[str]
) -> pd.DataFrame:
    """Utility and verdict of every actor for every scenario.

    U_a(σ) = Σ_p s_a(p)·x_a(p) / Σ_p s_a(p) over the scenario's positions the actor has a current
    (explicit or derived) stance on (null when none). A *red line* — an included position with
    x_a(p) ≤ −0.75 and s_a(p) ≥ 0.9, or whose opposing stance is marked ``sg:redLine true`` —
    makes the actor *reject*, whatever U. Otherwise the actor *accepts* when U > 0, *rejects*
    when U < 0, is *indifferent* at 0, and has *no stance* when U is null. A scenario is
    *blocked* when any veto player rejects it. A rejecting actor's *dealbreakers* are its
    red-line positions, or, without one, the included positions it opposes.

    Parameters
    ----------
    stances
        Current stances: ``actor``, ``position``, ``polarity``, ``salience``; optionally
        ``confidence``, ``red_line`` and ``derived`` (see
        :func:`stancegraph.analysis.derived.deal_stances`).
    scenarios
        ``scenario``, ``position`` (one row per included position).
    veto
        The veto players; they get a row for every scenario even without stances.

    Returns
    -------
    DataFrame
        ``scenario``, ``actor``, ``utility``, ``verdict``, ``dealbreakers`` (list),
        ``red_lines`` (list), ``veto`` (bool), ``blocked`` (bool, per scenario), ``covered``
        (how many of the included positions the actor has a stance on), ``included`` (how many
        positions the scenario has), ``derived`` (positions whose stance is derived, list),
        ``confidence`` (the lowest confidence among the stances the verdict uses) and
        ``explicit`` (that confidence ≥ 0.8).

    Examples
    --------
    v1 gains on p but q is a red line (x = −1, s = 0.9), so v1 rejects although U > 0:

    >>> s = pd.DataFrame({"actor": ["v1", "v1", "v2"], "position": ["p", "q", "p"],
    ...                   "polarity": [1.0, -1.0, 0.5], "salience": [1.0, 0.9, 1.0]})
    >>> sc = pd.DataFrame({"scenario": ["S", "S"], "position": ["p", "q"]})
    >>> v = scenario_verdicts(s, sc, ["v1", "v2"])
    >>> v[["actor", "utility", "verdict", "red_lines", "blocked"]].round(4).values.tolist()
    [['v1', 0.0526, 'reject', ['q'], True], ['v2', 0.5, 'accept', [], True]]
    """
    columns = [
        "scenario",
        "actor",
        "utility",
        "verdict",
        "dealbreakers",
        "red_lines",
        "veto",
        "blocked",
        "covered",
        "included",
        "derived",
        "confidence",
        "explicit",
    ]
    included = scenarios.dropna(subset=["position"])[["scenario", "position"]].drop_duplicates()
    if included.empty:
        return pd.DataFrame(columns=columns)
    size = included.groupby("scenario").size()
    wanted = ["actor", "position", "polarity", "salience"]
    joined = included.merge(
        stances[wanted + [c for c in ("confidence", "red_line", "derived") if c in stances]],
        on="position",
    )
    joined["confidence"] = confidence_of(joined)
    joined["derived"] = joined["derived"].astype(bool) if "derived" in joined else False
    joined["red"] = is_red_line(joined["polarity"], joined["salience"], joined.get("red_line"))
    joined["sx"] = joined["salience"] * joined["polarity"]
    grouped = joined.groupby(["scenario", "actor"])
    util = (grouped["sx"].sum() / grouped["salience"].sum()).rename("utility").reset_index()
    # A salience-0 stance carries no weight; with nothing else the utility is undefined.
    util["utility"] = util["utility"].replace([np.inf, -np.inf], np.nan)

    stats = grouped.agg(covered=("position", "size"), confidence=("confidence", "min"))
    # Veto players get a row for every scenario, with a null utility where they have no stance.
    grid = pd.MultiIndex.from_product(
        [sorted(included["scenario"].unique()), sorted(set(veto))], names=["scenario", "actor"]
    )
    util = util.set_index(["scenario", "actor"])
    util = util.reindex(util.index.union(grid))
    util = util.join(stats)
    keys = util.index
    util = util.reset_index()

    def positions_where(mask: pd.Series) -> list[list[str]]:
        """The sorted positions meeting ``mask`` per (scenario, actor) row, [] where none: one
        groupby and one reindex, not a lookup per row."""
        lists = joined[mask].groupby(["scenario", "actor"])["position"].agg(sorted)
        return [v if isinstance(v, list) else [] for v in lists.reindex(keys).tolist()]

    util["red_lines"] = positions_where(joined["red"])
    has_red = util["red_lines"].map(bool)
    util["verdict"] = np.select(
        [has_red, util["utility"] > 0, util["utility"] < 0, util["utility"] == 0],
        ["reject", "accept", "reject", "indifferent"],
        "no stance",
    )
    util["dealbreakers"] = [
        (lines or opposed) if verdict == "reject" else []
        for lines, opposed, verdict in zip(
            util["red_lines"],
            positions_where(joined["polarity"] < 0),
            util["verdict"],
            strict=True,
        )
    ]
    util["derived"] = positions_where(joined["derived"])
    util["covered"] = util["covered"].fillna(0).astype(int)
    util["included"] = util["scenario"].map(size).astype(int)
    util["explicit"] = util["confidence"] >= EXPLICIT_CONFIDENCE
    util["veto"] = util["actor"].isin(veto)
    blocked = util[util["veto"] & (util["verdict"] == "reject")].groupby("scenario").size()
    util["blocked"] = util["scenario"].isin(blocked.index)
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
