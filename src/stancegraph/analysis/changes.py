"""What changed between two dates: the stances that appeared, ended, flipped sign or moved, and
the findings they moved (alignment, blocking issues, common ground, scenario verdicts,
coalitions). Every item cites the stance records behind it.

Each function compares two results of one analysis, computed as of ``before`` and ``after``, and
returns rows with ``kind``, ``subject``, ``context``, ``before``, ``after`` and ``evidence`` (the
stance IRIs the change rests on)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

COLUMNS = ["kind", "subject", "context", "before", "after", "evidence"]


def stance_changes(before: pd.DataFrame, after: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Current stances (``actor``, ``position``, ``polarity``, ``stance``) at two dates, compared:
    *appeared* (none before), *ended* (none after), *flipped* (the sign changed, both non-zero),
    *moved* (same sign, |Δ polarity| ≥ ``threshold``). ``subject`` is the actor, ``context`` the
    position, ``evidence`` the stance records of both dates.

    >>> b = pd.DataFrame({"actor": ["a", "a"], "position": ["p", "q"], "polarity": [-1.0, 1.0],
    ...                   "stance": ["s1", "s2"]})
    >>> a = pd.DataFrame({"actor": ["a", "a"], "position": ["p", "r"], "polarity": [0.5, 1.0],
    ...                   "stance": ["s3", "s4"]})
    >>> stance_changes(b, a, 0.5)[["kind", "context", "before", "after"]].values.tolist()
    [['flipped', 'p', -1.0, 0.5], ['appeared', 'r', None, 1.0], ['ended', 'q', 1.0, None]]
    """
    keys = ["actor", "position"]
    both = before[[*keys, "polarity", "stance"]].merge(
        after[[*keys, "polarity", "stance"]], on=keys, how="outer", suffixes=("_b", "_a")
    )
    x, y = both["polarity_b"], both["polarity_a"]
    kind = np.select(
        [
            x.isna(),
            y.isna(),
            (np.sign(x) * np.sign(y)) < 0,
            (x - y).abs() >= threshold,
        ],
        ["appeared", "ended", "flipped", "moved"],
        default="",
    )
    both = both.assign(kind=kind)[kind != ""]
    rows = [
        {
            "kind": k,
            "subject": actor,
            "context": position,
            "before": None if pd.isna(xb) else float(xb),
            "after": None if pd.isna(xa) else float(xa),
            "evidence": [s for s in (sb, sa) if isinstance(s, str)],
        }
        for k, actor, position, xb, xa, sb, sa in both[
            ["kind", "actor", "position", "polarity_b", "polarity_a", "stance_b", "stance_a"]
        ].itertuples(index=False)
    ]
    order = {"flipped": 0, "appeared": 1, "ended": 2, "moved": 3}
    rows.sort(key=lambda r: (order[r["kind"]], str(r["subject"]), str(r["context"])))
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)  # None stays None, not NaN


def pair_changes(
    before: pd.DataFrame, after: pd.DataFrame, changed: dict[str, list[str]], top: int
) -> pd.DataFrame:
    """The ``top`` pairs (``actor_a``, ``actor_b``, ``value``) whose alignment moved most
    between two dates (both defined), with the changed stances of either actor as evidence
    (``changed``: actor → stance IRIs)."""
    keys = ["actor_a", "actor_b"]
    both = before[[*keys, "value"]].merge(after[[*keys, "value"]], on=keys, suffixes=("_b", "_a"))
    both = both.dropna(subset=["value_b", "value_a"])
    both = both.assign(delta=(both["value_a"] - both["value_b"]).abs())
    both = both[both["delta"] > 1e-12].sort_values(["delta", *keys], ascending=[False, True, True])
    return pd.DataFrame(
        [
            {
                "kind": "alignment moved",
                "subject": a,
                "context": b,
                "before": float(vb),
                "after": float(va),
                "evidence": changed.get(a, []) + changed.get(b, []),
            }
            for a, b, vb, va in both.head(top)[[*keys, "value_b", "value_a"]].itertuples(
                index=False
            )
        ],
        columns=COLUMNS,
    )


def flag_changes(
    before: Iterable[str],
    after: Iterable[str],
    became: str,
    stopped: str,
    evidence: dict[str, list[str]],
) -> pd.DataFrame:
    """Subjects that gained a property (``became``) or lost it (``stopped``) between two
    dates: blocking issues, positions in the common ground.

    >>> flag_changes(["x"], ["y"], "became blocking", "stopped blocking", {})["kind"].tolist()
    ['became blocking', 'stopped blocking']
    """
    b, a = set(before), set(after)
    rows = [
        {"kind": became, "subject": s, "context": None, "before": False, "after": True,
         "evidence": evidence.get(s, [])}
        for s in sorted(a - b)
    ] + [
        {"kind": stopped, "subject": s, "context": None, "before": True, "after": False,
         "evidence": evidence.get(s, [])}
        for s in sorted(b - a)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def verdict_changes(
    before: pd.DataFrame, after: pd.DataFrame, evidence: dict[str, list[str]]
) -> pd.DataFrame:
    """Scenario verdicts (``scenario``, ``actor``, ``verdict``) that changed; ``evidence``:
    scenario → the changed stances on its positions."""
    keys = ["scenario", "actor"]
    both = before[[*keys, "verdict"]].merge(
        after[[*keys, "verdict"]], on=keys, how="outer", suffixes=("_b", "_a")
    )
    both = both[both["verdict_b"].fillna("") != both["verdict_a"].fillna("")]
    return pd.DataFrame(
        [
            {"kind": "verdict changed", "subject": s, "context": actor, "before": vb,
             "after": va, "evidence": evidence.get(s, [])}
            for s, actor, vb, va in both[[*keys, "verdict_b", "verdict_a"]].itertuples(index=False)
        ],
        columns=COLUMNS,
    )  # fmt: skip


def coalition_moves(
    before: dict[str, int], after: dict[str, int], changed: dict[str, list[str]]
) -> pd.DataFrame:
    """Actors whose coalition-mates changed (``before``/``after``: the mates, sorted).

    >>> coalition_moves({"a": 0, "b": 0, "c": 1}, {"a": 0, "b": 1, "c": 1}, {})["subject"].tolist()
    ['a', 'b', 'c']
    """

    def mates(membership: dict[str, int]) -> dict[str, list[str]]:
        groups: dict[int, list[str]] = {}
        for actor, k in membership.items():
            groups.setdefault(k, []).append(actor)
        return {a: sorted(m for m in groups[k] if m != a) for a, k in membership.items()}

    b, a = mates(before), mates(after)
    return pd.DataFrame(
        [
            {"kind": "coalition move", "subject": actor, "context": None,
             "before": b.get(actor, []), "after": a.get(actor, []),
             "evidence": changed.get(actor, [])}
            for actor in sorted(set(b) | set(a))
            if b.get(actor, []) != a.get(actor, [])
        ],
        columns=COLUMNS,
    )  # fmt: skip
