"""Blocking issues and common ground among the veto players (DESIGN §4)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..definitions import EXPLICIT_CONFIDENCE
from .derived import confidence_of

TIERS = ("consensus", "agreeable")


def blocking_issues(
    stances: pd.DataFrame, positions: pd.DataFrame, veto: list[str]
) -> pd.DataFrame:
    """Which issues have no zone of possible agreement among the veto players.

    Position p is *opposed* by veto player v when x_v(p) < 0. An issue is *blocking* when every
    position on it that any veto player has a stance on is opposed by at least one veto player.
    Its *severity* is min over those positions of Σ_{v opposing p} |x_v(p)|·s_v(p) (0 when some
    position is unopposed); its *blockers* are the veto players opposing the position(s) that
    reach the minimum.

    Parameters
    ----------
    stances
        Current stances: ``actor``, ``position``, ``polarity``, ``salience``; optionally
        ``confidence`` (1 when absent), ``stance``, ``derived`` and ``derived_from`` (derived
        opposition, see :mod:`stancegraph.analysis.derived`).
    positions
        ``position``, ``issue``.
    veto
        The veto players.

    Returns
    -------
    DataFrame
        One row per issue that some veto player has a stance on: ``issue``, ``blocking``,
        ``severity``, ``blockers`` (list), ``blocking_positions`` (the minimum positions, list),
        ``opposition`` (list of ``{position, actor, polarity, salience, confidence, stance,
        derived, derived_from, derived_from_position}``), ``confidence`` (the lowest confidence among the opposing
        stances the severity rests on; null when not blocking) and ``explicit`` (that lowest
        confidence ≥ 0.8); most severe first.

    Examples
    --------
    Issue I: v1 wants p, v2 opposes it, and v1 opposes v2's q. Issue J: both accept r.

    >>> s = pd.DataFrame({"actor": ["v1", "v2", "v1", "v2", "v1", "v2"],
    ...                   "position": ["p", "p", "q", "q", "r", "r"],
    ...                   "polarity": [1.0, -1.0, -0.5, 1.0, 1.0, 0.5],
    ...                   "salience": [1.0, 0.8, 1.0, 1.0, 1.0, 1.0]})
    >>> pos = pd.DataFrame({"position": ["p", "q", "r"], "issue": ["I", "I", "J"]})
    >>> b = blocking_issues(s, pos, ["v1", "v2"])
    >>> b[["issue", "blocking", "severity", "blockers"]].values.tolist()
    [['I', True, 0.5, ['v1']], ['J', False, 0.0, []]]
    """
    columns = [
        "issue",
        "blocking",
        "severity",
        "blockers",
        "blocking_positions",
        "opposition",
        "confidence",
        "explicit",
    ]
    v = stances[stances["actor"].isin(veto)].merge(positions[["position", "issue"]], on="position")
    v = v.dropna(subset=["issue"])
    if v.empty:
        return pd.DataFrame(columns=columns)
    v = v.assign(
        confidence=confidence_of(v),
        stance=v.get("stance", None),
        derived=v["derived"].astype(bool) if "derived" in v else False,
        derived_from=v.get("derived_from", None),
        derived_from_position=v.get("derived_from_position", None),
    )
    v = v.assign(opposing=v["polarity"] < 0)
    v["weight"] = np.where(v["opposing"], v["polarity"].abs() * v["salience"], 0.0)
    per_position = (
        v.groupby(["issue", "position"], sort=True)["weight"]
        .sum()
        .rename("opposition_weight")
        .reset_index()
    )
    severity = per_position.groupby("issue")["opposition_weight"].min()
    at_min = per_position[per_position["opposition_weight"] == per_position["issue"].map(severity)]
    min_positions = at_min.groupby("issue")["position"].agg(list)
    opposing = v[v["opposing"]]
    blockers_at = opposing.merge(at_min[["issue", "position"]], on=["issue", "position"])
    blockers = blockers_at.groupby("issue")["actor"].agg(lambda a: sorted(set(a)))
    weakest = blockers_at.groupby("issue")["confidence"].min()
    fields = ["position", "actor", "polarity", "salience", "confidence", "stance", "derived"]
    opposition = opposing.groupby("issue").apply(
        lambda g: [
            {
                "position": p,
                "actor": a,
                "polarity": float(x),
                "salience": float(s),
                "confidence": float(c),
                "stance": st,
                "derived": bool(d),
                "derived_from": df,
                "derived_from_position": dp,
            }
            for p, a, x, s, c, st, d, df, dp in g[
                [*fields, "derived_from", "derived_from_position"]
            ].itertuples(index=False)
        ],
        include_groups=False,
    )
    out = pd.DataFrame({"issue": severity.index, "severity": severity.to_numpy()})
    out["blocking"] = out["severity"] > 0
    flags = list(zip(out["issue"], out["blocking"], strict=True))
    out["blockers"] = [blockers.get(i, []) if b else [] for i, b in flags]
    out["blocking_positions"] = [min_positions[i] if b else [] for i, b in flags]
    out["opposition"] = out["issue"].map(lambda i: opposition.get(i, []))
    out["confidence"] = out["issue"].map(weakest).where(out["blocking"])
    out["explicit"] = out["confidence"] >= EXPLICIT_CONFIDENCE
    out = out.sort_values(["severity", "issue"], ascending=[False, True]).reset_index(drop=True)
    return out[columns]


def common_ground(stances: pd.DataFrame, positions: pd.DataFrame, veto: list[str]) -> pd.DataFrame:
    """Positions the veto players can all live with.

    *consensus*: every veto player has a current stance on the position and all are > 0;
    *agreeable*: no veto player is < 0 and at least one is > 0.

    Returns one row per such position: ``position``, ``issue``, ``tier``, ``veto_support``
    (how many veto players support it), ``supporters`` (every actor with polarity > 0, strongest
    first), ``confidence`` (the lowest confidence among the veto players' supporting stances,
    1 when ``stances`` has no ``confidence``) and ``explicit`` (that confidence ≥ 0.8);
    consensus first. Derived stances (always < 0) can only take a position out of the common
    ground.

    Examples
    --------
    >>> s = pd.DataFrame({"actor": ["v1", "v2", "v1", "x", "v1", "v2"],
    ...                   "position": ["p", "p", "q", "q", "r", "r"],
    ...                   "polarity": [1.0, 0.5, 1.0, 1.0, 1.0, -1.0], "salience": [1.0] * 6})
    >>> pos = pd.DataFrame({"position": ["p", "q", "r"], "issue": ["I", "I", "J"]})
    >>> common_ground(s, pos, ["v1", "v2"])[["position", "tier", "supporters"]].values.tolist()
    [['p', 'consensus', ['v1', 'v2']], ['q', 'agreeable', ['v1', 'x']]]
    """
    columns = ["position", "issue", "tier", "veto_support", "supporters", "confidence", "explicit"]
    v = stances[stances["actor"].isin(veto)]
    if v.empty or not veto:
        return pd.DataFrame(columns=columns)
    stats = v.groupby("position").agg(
        n=("polarity", "size"),
        pos=("polarity", lambda x: int((x > 0).sum())),
        neg=("polarity", lambda x: int((x < 0).sum())),
    )
    n_veto = len(set(veto))
    consensus = (stats["n"] == n_veto) & (stats["pos"] == n_veto)
    agreeable = (stats["neg"] == 0) & (stats["pos"] > 0) & ~consensus
    tier = pd.Series(
        np.where(consensus, "consensus", np.where(agreeable, "agreeable", "")), index=stats.index
    )
    chosen = tier[tier != ""]
    support = stances[stances["polarity"] > 0].sort_values(
        ["polarity", "salience", "actor"], ascending=[False, False, True]
    )
    supporters = support.groupby("position")["actor"].agg(list)
    out = pd.DataFrame({"position": chosen.index, "tier": chosen.to_numpy()})
    out["issue"] = out["position"].map(
        dict(zip(positions["position"], positions["issue"], strict=True))
    )
    out["veto_support"] = out["position"].map(stats["pos"]).astype(int)
    out["supporters"] = out["position"].map(lambda p: supporters.get(p, []))
    veto_support = v[v["polarity"] > 0]
    certainty = confidence_of(veto_support).groupby(veto_support["position"]).min()
    out["confidence"] = out["position"].map(certainty)
    out["explicit"] = out["confidence"] >= EXPLICIT_CONFIDENCE
    out["_rank"] = out["tier"].map({t: k for k, t in enumerate(TIERS)})
    out["_n"] = out["supporters"].map(len)
    out = out.sort_values(["_rank", "_n", "position"], ascending=[True, False, True]).reset_index(
        drop=True
    )
    return out[columns]


def with_quote(stance: dict[str, Any], quotes: pd.Series, notes: pd.Series) -> dict[str, Any]:
    """An opposing stance (an item of ``blocking_issues``' ``opposition``) with the quote and note
    it rests on: for a derived stance, those of the stance it derives from. ``quotes`` and
    ``notes`` are indexed by stance IRI.

    >>> q, n = pd.Series({"s1": "We refuse."}), pd.Series({"s1": None})
    >>> with_quote({"stance": "s1", "confidence": 1.0, "derived": False}, q, n)["quote"]
    'We refuse.'
    """
    source = stance["derived_from"] if stance.get("derived") else stance.get("stance")
    quote = quotes.get(source)
    note = notes.get(source)
    return {
        **stance,
        "explicit": stance["confidence"] >= EXPLICIT_CONFIDENCE,
        "quote": quote if isinstance(quote, str) else None,
        "note": note if isinstance(note, str) else None,
    }
