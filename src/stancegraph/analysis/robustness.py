"""Robustness of the key findings: do they hold on explicit evidence alone (DESIGN §4)?

A finding *holds on explicit evidence* when the same analysis, recomputed on the stances with
confidence ≥ 0.8 only, reaches the same conclusion; otherwise it *rests on inferred stances*,
and those stances are named (for a derived stance, the stance it derives from)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..definitions import EXPLICIT_CONFIDENCE

KINDS = ("blocking", "consensus", "verdict", "broker", "coalition")
#: Coalition-mates named in a coalition finding; the rest are counted (``size``).
MATES_SHOWN = 20
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
    """Rows below the explicit threshold, with ``source``: the stance a finding rests on (for a
    derived stance, the stance it derives from)."""
    weak = stances[stances["confidence"] < EXPLICIT_CONFIDENCE]
    derived = weak["derived"].astype(bool) if "derived" in weak else False
    source = weak["derived_from"].where(derived, weak["stance"]) if len(weak) else weak["stance"]
    return weak.assign(source=source.astype(object), derived=derived)


def _sources_by(rows: pd.DataFrame, keys: list[str]) -> dict[Any, list[str]]:
    """Sorted distinct ``source`` IRIs per key (one groupby, looked up per finding)."""
    rows = rows.dropna(subset=["source"])
    if rows.empty:
        return {}
    grouped = rows.groupby(keys if len(keys) > 1 else keys[0])["source"]
    return {k: sorted(set(v)) for k, v in grouped}


def _row(
    kind: str,
    subject: str,
    claim: dict[str, Any],
    after: dict[str, Any],
    rests_on: list[str],
    context: str | None = None,
    holds: bool | None = None,
) -> dict[str, Any]:
    """One finding; it holds when the explicit-only claim equals the claim (unless ``holds``
    says otherwise)."""
    holds = after == claim if holds is None else holds
    return {
        "kind": kind,
        "subject": subject,
        "context": context,
        "claim": claim,
        "explicit_claim": after,
        "holds": holds,
        "rests_on": [] if holds else rests_on,
    }


def robustness(full: Findings, explicit: Findings) -> pd.DataFrame:
    """Compare each key finding of ``full`` with the same finding in ``explicit``.

    Findings: every blocking issue (holds when it still blocks, with the same blockers); every
    consensus position (still consensus); every veto player's verdict on every scenario (same
    verdict); the top broker (still the top broker); each actor's coalition (the same
    coalition-mates: its claim names up to ``MATES_SHOWN`` of them and the ``size``, the
    explicit claim who ``joined`` and who ``left``).

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
    rows: list[dict[str, Any]] = []
    weak = _inferred(full.stances)
    weak_veto = weak[weak["actor"].isin(full.veto)]

    by_issue = _sources_by(weak_veto.merge(full.positions[["position", "issue"]]), ["issue"])
    after_blocking = {
        issue: list(blockers)
        for issue, blocks, blockers in explicit.blocking[
            ["issue", "blocking", "blockers"]
        ].itertuples(index=False)
        if blocks
    }
    for issue, blockers in full.blocking.loc[
        full.blocking["blocking"], ["issue", "blockers"]
    ].itertuples(index=False):
        still = issue in after_blocking
        rows.append(
            _row(
                "blocking",
                issue,
                {"blocking": True, "blockers": list(blockers)},
                {"blocking": still, "blockers": after_blocking.get(issue, [])},
                by_issue.get(issue, []),
            )
        )

    by_position = _sources_by(weak_veto, ["position"])
    ground_after = set(
        explicit.common_ground.loc[explicit.common_ground["tier"] == "consensus", "position"]
    )
    for position in full.common_ground.loc[full.common_ground["tier"] == "consensus", "position"]:
        after_tier = "consensus" if position in ground_after else "not consensus"
        rows.append(
            _row(
                "consensus",
                position,
                {"tier": "consensus"},
                {"tier": after_tier},
                by_position.get(position, []),
            )
        )

    by_verdict = _sources_by(weak_veto.merge(full.scenario_positions), ["scenario", "actor"])
    after_verdicts = {
        (s, a): v
        for s, a, v in explicit.verdicts[["scenario", "actor", "verdict"]].itertuples(index=False)
    }
    verdicts = full.verdicts[full.verdicts["veto"].astype(bool)]
    for scenario, actor, verdict in verdicts[["scenario", "actor", "verdict"]].itertuples(
        index=False
    ):
        rows.append(
            _row(
                "verdict",
                scenario,
                {"verdict": verdict},
                {"verdict": after_verdicts.get((scenario, actor), "no stance")},
                by_verdict.get((scenario, actor), []),
                context=actor,
            )
        )

    if full.top_broker is not None:
        broker_positions = full.stances.loc[full.stances["actor"] == full.top_broker, "position"]
        involved = weak[
            (weak["actor"] == full.top_broker)
            | (weak["actor"].isin(full.veto) & weak["position"].isin(broker_positions))
        ]
        rows.append(
            _row(
                "broker",
                full.top_broker,
                {"top_broker": full.top_broker},
                {"top_broker": explicit.top_broker},
                sorted(set(involved["source"].dropna())),
            )
        )

    # Coalitions: the set algebra once per (group before, group after) pair, not per actor, and
    # a bounded list of mates per row (a 5,000-member coalition is named by its size).
    by_actor = _sources_by(weak[~weak["derived"]], ["actor"])
    groups_before = _members(full.membership)
    groups_after = _members(explicit.membership)
    moves: dict[tuple[int, int | None], tuple[frozenset[str], frozenset[str], list[str]]] = {}
    heads: dict[int, list[str]] = {}
    for actor in sorted(full.membership):
        key = (full.membership[actor], explicit.membership.get(actor))
        if key not in moves:
            before = groups_before[key[0]]
            later = groups_after[key[1]] if key[1] is not None else frozenset()
            moved = before ^ later
            sources = sorted({src for a in moved for src in by_actor.get(a, [])})
            moves[key] = (later - before, before - later, sources)
        joined, left, sources = moves[key]
        group = groups_before[key[0]]
        if key[0] not in heads:
            heads[key[0]] = sorted(group)[: MATES_SHOWN + 1]
        mates = [a for a in heads[key[0]] if a != actor][:MATES_SHOWN]
        came, went = sorted(joined - {actor}), sorted(left - {actor})
        own = by_actor.get(actor, [])
        rows.append(
            _row(
                "coalition",
                actor,
                {"size": len(group), "with": mates},
                {"joined": came, "left": went},
                sorted(set(sources) | set(own)) if own else sources,
                holds=not came and not went,
            )
        )
    out = pd.DataFrame(rows, columns=COLUMNS)
    # None, not NaN, where a finding has no context: callers key findings by (kind, subject,
    # context).
    out["context"] = out["context"].astype(object).where(out["context"].notna(), None)
    return out


def _members(membership: dict[str, int]) -> dict[int, frozenset[str]]:
    groups: dict[int, set[str]] = {}
    for actor, group in membership.items():
        groups.setdefault(group, set()).add(actor)
    return {k: frozenset(v) for k, v in groups.items()}


def finding_sentence(
    kind: str, subject: str, context: Any, claim: dict[str, Any], label: Callable[[str], str]
) -> str:
    """A robustness row's finding in words, with ``label`` naming each IRI.

    >>> finding_sentence("consensus", "p", None, {}, str.upper)
    'every veto player supports P'
    >>> finding_sentence("coalition", "a", None, {"with": ["b"], "size": 3}, str.upper)
    'A is in a coalition with B and 1 more'
    """

    def names(iris: Sequence[str]) -> str:
        return ", ".join(label(i) for i in iris) if len(iris) else "nobody"

    name = label(subject)
    if kind == "blocking":
        return f"{name} blocks a deal (blocked by {names(claim['blockers'])})"
    if kind == "consensus":
        return f"every veto player supports {name}"
    if kind == "verdict":
        return f"{label(context)}: {claim['verdict']} {name}"
    if kind == "broker":
        return f"{name} is the strongest broker"
    mates, size = claim["with"], claim["size"]
    more = f" and {size - 1 - len(mates)} more" if size - 1 > len(mates) else ""
    return (
        f"{name} is in a coalition with {names(mates)}{more}"
        if mates
        else f"{name} is in no coalition"
    )
