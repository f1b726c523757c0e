"""Robustness of the key findings: do they hold on explicit evidence alone (DESIGN §4)?

A finding *holds on explicit evidence* when the same analysis, recomputed on the stances with
confidence ≥ 0.8 only, reaches the same conclusion; otherwise it *rests on inferred stances*,
and those stances are named (for a derived stance, the stance it derives from)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..definitions import EXPLICIT_CONFIDENCE

KINDS = ("blocking", "consensus", "verdict", "broker", "coalition")
COLUMNS = ["kind", "subject", "context", "claim", "explicit_claim", "holds", "rests_on"]


@dataclass(frozen=True)
class Findings:
    """The key findings of one stance set, as the analyses return them.

    ``stances`` are the deal stances (own and derived: ``actor``, ``position``, ``confidence``,
    ``stance``, ``derived``, ``derived_from``); ``blocking``, ``common_ground`` and ``verdicts``
    the tables of :mod:`stancegraph.analysis.blocking` and :mod:`.scenarios`; ``top_broker`` the
    best-ranked broker (None when there is none); ``membership`` actor → coalition number;
    ``positions`` (``position``, ``issue``); ``scenario_positions`` (``scenario``,
    ``position``)."""

    stances: pd.DataFrame
    blocking: pd.DataFrame
    common_ground: pd.DataFrame
    verdicts: pd.DataFrame
    top_broker: str | None
    membership: dict[str, int]
    veto: list[str]
    positions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["position", "issue"])
    )
    scenario_positions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["scenario", "position"])
    )


def _inferred(stances: pd.DataFrame) -> pd.DataFrame:
    """Rows below the explicit threshold, with ``source``: the stance a finding rests on."""
    weak = stances[stances["confidence"] < EXPLICIT_CONFIDENCE]
    derived = weak["derived"].astype(bool) if "derived" in weak else False
    source = weak["derived_from"].where(derived, weak["stance"]) if len(weak) else weak["stance"]
    return weak.assign(source=source)


def _sources(rows: pd.DataFrame) -> list[str]:
    return sorted({str(s) for s in rows["source"].dropna()})


def robustness(full: Findings, explicit: Findings) -> pd.DataFrame:
    """Compare each key finding of ``full`` with the same finding in ``explicit``.

    Findings: every blocking issue (holds when it still blocks, with the same blockers); every
    consensus position (still consensus); every veto player's verdict on every scenario (same
    verdict); the top broker (still the top broker); each actor's coalition (the same
    coalition-mates).

    Returns
    -------
    DataFrame
        ``kind`` (one of ``KINDS``), ``subject`` (the issue, position, scenario or actor),
        ``context`` (the veto player of a verdict, else None), ``claim`` and ``explicit_claim``
        (what the finding says on all stances and on explicit ones), ``holds`` (bool) and
        ``rests_on`` (the inferred stances, empty when the finding holds).

    Examples
    --------
    v1 and v2 oppose issue I's only position p; v2's stance is inferred (0.4). On explicit
    stances only v1 blocks I, so the finding "I blocks, by v1 and v2" rests on v2's stance.

    >>> st = pd.DataFrame({"actor": ["v1", "v2"], "position": ["p", "p"],
    ...     "polarity": [-1.0, -1.0], "confidence": [1.0, 0.4], "stance": ["s1", "s2"],
    ...     "derived": [False, False], "derived_from": [None, None]})
    >>> def findings(blockers, stances):
    ...     b = pd.DataFrame({"issue": ["I"], "blocking": [True], "blockers": [blockers]})
    ...     return Findings(stances, b, pd.DataFrame(columns=["position", "tier"]),
    ...                     pd.DataFrame(columns=["scenario", "actor", "verdict", "veto"]),
    ...                     None, {}, ["v1", "v2"], pd.DataFrame({"position": ["p"], "issue": ["I"]}))
    >>> r = robustness(findings(["v1", "v2"], st), findings(["v1"], st.iloc[:1]))
    >>> r[["kind", "subject", "holds", "rests_on"]].values.tolist()
    [['blocking', 'I', False, ['s2']]]
    """
    rows: list[dict[str, object]] = []
    weak = _inferred(full.stances)
    weak_veto = weak[weak["actor"].isin(full.veto)]
    issue_positions = full.positions.groupby("issue")["position"].agg(set)

    blocking_after = (
        explicit.blocking.set_index("issue")
        if len(explicit.blocking)
        else pd.DataFrame(columns=["blocking", "blockers"])
    )
    for row in full.blocking[full.blocking["blocking"]].itertuples(index=False):
        claim = {"blocking": True, "blockers": list(row.blockers)}
        if row.issue in blocking_after.index and bool(blocking_after.loc[row.issue, "blocking"]):
            after = {
                "blocking": True,
                "blockers": list(blocking_after.loc[row.issue, "blockers"]),
            }
        else:
            after = {"blocking": False, "blockers": []}
        holds = after == claim
        positions = issue_positions.get(row.issue, set())
        rows.append(
            {
                "kind": "blocking",
                "subject": row.issue,
                "context": None,
                "claim": claim,
                "explicit_claim": after,
                "holds": holds,
                "rests_on": []
                if holds
                else _sources(weak_veto[weak_veto["position"].isin(positions)]),
            }
        )

    ground_after = set(
        explicit.common_ground.loc[explicit.common_ground["tier"] == "consensus", "position"]
    )
    for position in full.common_ground.loc[full.common_ground["tier"] == "consensus", "position"]:
        holds = position in ground_after
        rows.append(
            {
                "kind": "consensus",
                "subject": position,
                "context": None,
                "claim": {"tier": "consensus"},
                "explicit_claim": {"tier": "consensus" if holds else "not consensus"},
                "holds": holds,
                "rests_on": [] if holds else _sources(weak_veto[weak_veto["position"] == position]),
            }
        )

    verdicts = full.verdicts[full.verdicts["veto"].astype(bool)]
    after_verdicts = {
        (s, a): v
        for s, a, v in explicit.verdicts[["scenario", "actor", "verdict"]].itertuples(index=False)
    }
    included = full.scenario_positions.groupby("scenario")["position"].agg(set)
    for scenario, actor, verdict in verdicts[["scenario", "actor", "verdict"]].itertuples(
        index=False
    ):
        after = after_verdicts.get((scenario, actor), "no stance")
        holds = after == verdict
        mine = weak_veto[
            (weak_veto["actor"] == actor)
            & weak_veto["position"].isin(included.get(scenario, set()))
        ]
        rows.append(
            {
                "kind": "verdict",
                "subject": scenario,
                "context": actor,
                "claim": {"verdict": verdict},
                "explicit_claim": {"verdict": after},
                "holds": holds,
                "rests_on": [] if holds else _sources(mine),
            }
        )

    if full.top_broker is not None:
        holds = explicit.top_broker == full.top_broker
        broker_positions = set(
            full.stances.loc[full.stances["actor"] == full.top_broker, "position"]
        )
        involved = weak[
            (weak["actor"] == full.top_broker)
            | (weak["actor"].isin(full.veto) & weak["position"].isin(broker_positions))
        ]
        rows.append(
            {
                "kind": "broker",
                "subject": full.top_broker,
                "context": None,
                "claim": {"top_broker": full.top_broker},
                "explicit_claim": {"top_broker": explicit.top_broker},
                "holds": holds,
                "rests_on": [] if holds else _sources(involved),
            }
        )

    def mates(membership: dict[str, int], actor: str) -> list[str]:
        group = membership.get(actor)
        return sorted(a for a, k in membership.items() if k == group and a != actor)

    own = weak[~weak["derived"].astype(bool)] if "derived" in weak else weak
    for actor in sorted(full.membership):
        before, after_mates = mates(full.membership, actor), mates(explicit.membership, actor)
        holds = before == after_mates
        # The coalition changes through the actor's own inferred stances or through those of
        # the actors that joined or left it.
        moved = {actor} | (set(before) ^ set(after_mates))
        rows.append(
            {
                "kind": "coalition",
                "subject": actor,
                "context": None,
                "claim": {"with": before},
                "explicit_claim": {"with": after_mates},
                "holds": holds,
                "rests_on": [] if holds else _sources(own[own["actor"].isin(moved)]),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
