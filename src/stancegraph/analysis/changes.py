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

from .alignment import Alignment

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
    before: Alignment,
    after: Alignment,
    changed: dict[str, list[str]],
    top: int,
) -> pd.DataFrame:
    r"""The ``top`` pairs of actors whose alignment moved most between two dates: the largest
    \|V_after(a, b) − V_before(a, b)\| over the pairs defined at both (``before``/``after``:
    the alignments at the two dates; an actor missing at one date is undefined there), ties by
    name. Evidence: the changed stances of either actor (``changed``: actor → stance IRIs).
    Reads the pairs that share a position at the later date only, and keeps only the
    candidates for the top, so no list of all n²/2 pairs is built.

    >>> nan = float("nan")
    >>> b = np.array([[1, -1.0, 0.5], [-1.0, 1, nan], [0.5, nan, 1]])
    >>> a = np.array([[1, 0.5, 0.5], [0.5, 1, 1.0], [0.5, 1.0, 1]])
    >>> one = Alignment.from_dense(["x", "y", "z"], b, ~np.isnan(b))
    >>> two = Alignment.from_dense(["x", "y", "z"], a, ~np.isnan(a))
    >>> moved = pair_changes(one, two, {}, 5)
    >>> moved[["subject", "context", "before", "after"]].values.tolist()  # x–z still; y–z new
    [['x', 'y', -1.0, 0.5]]
    """
    actors = after.actors
    i, j, va, _ = after.upper()
    vb = _matched(before, actors, i, j)
    d = np.abs(va - vb)
    keep = d > 1e-12  # NaN (undefined at either date) compares False
    i, j, d, va, vb = i[keep], j[keep], d[keep], va[keep], vb[keep]
    if len(d) > top:
        # Keep every pair tied with the top-th so the order by name below stays exact.
        kth = np.partition(d, len(d) - top)[len(d) - top] if top else np.inf
        keep = d >= kth
        i, j, d, va, vb = i[keep], j[keep], d[keep], va[keep], vb[keep]
    names = np.asarray(actors, dtype=object)
    moved = pd.DataFrame({"a": names[i], "b": names[j], "delta": d, "vb": vb,
                          "va": va}).sort_values(["delta", "a", "b"],
                                                          ascending=[False, True, True])  # fmt: skip
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
            for a, b, vb, va in moved.head(top)[["a", "b", "vb", "va"]].itertuples(index=False)
        ],
        columns=COLUMNS,
    )


def _matched(before: Alignment, actors: list[str], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The values in ``before`` of the pairs (``actors[i]``, ``actors[j]``), NaN where it has
    none: its stored pairs and these, each as one number, matched by a sorted search (23M pairs
    at a million stances; looking each up in the sparse matrix took minutes)."""
    n = len(actors)
    bi, bj, bv, _ = before.upper()
    at = pd.Index(actors).get_indexer(before.actors)
    ok = (at[bi] >= 0) & (at[bj] >= 0)
    lo, hi = np.minimum(at[bi[ok]], at[bj[ok]]), np.maximum(at[bi[ok]], at[bj[ok]])
    keys, values = lo.astype(np.int64) * n + hi, bv[ok]
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    wanted = i.astype(np.int64) * n + j
    pos = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    found = (pos < len(keys)) & (keys[pos] == wanted) if len(keys) else np.zeros(len(i), bool)
    out = np.full(len(i), np.nan)
    out[found] = values[pos[found]]
    return out


def sureness(changes: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """The changes with how sure each is: ``confidence``, the lowest confidence of the stance
    records in its ``evidence``, and ``explicit``, whether all of them are explicit (``None``
    for an item that cites no record). ``records``: ``stance``, ``confidence``, ``explicit``.

    >>> ch = pd.DataFrame({"evidence": [["s1", "s2"], ["s2"], []]})
    >>> rec = pd.DataFrame({"stance": ["s1", "s2"], "confidence": [0.9, 0.6],
    ...                     "explicit": [True, False]})
    >>> sureness(ch, rec)[["confidence", "explicit"]].values.tolist()
    [[0.6, False], [0.6, False], [None, None]]
    """
    known = records.drop_duplicates("stance").set_index("stance")
    cited = changes["evidence"].explode()
    cited = cited[cited.isin(known.index)]
    per_item = pd.DataFrame(
        {
            "confidence": cited.map(known["confidence"]).astype(float),
            "explicit": cited.map(known["explicit"]).astype(bool),
        }
    ).groupby(level=0)

    def per_change(values: pd.Series) -> pd.Series:
        values = values.reindex(changes.index).astype(object)
        return values.where(values.notna(), None)  # None, not NaN, where nothing is cited

    return changes.assign(
        confidence=per_change(per_item["confidence"].min()),
        explicit=per_change(per_item["explicit"].all()),
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

    def groups(membership: dict[str, int]) -> dict[str, tuple[str, ...]]:
        # Each actor's whole group, one shared tuple per group: comparing two actors' groups
        # is then one comparison per group, not a list of mates per actor (5,000 actors in
        # one group: 25M names).
        members: dict[int, list[str]] = {}
        for actor, k in membership.items():
            members.setdefault(k, []).append(actor)
        whole = {k: tuple(sorted(m)) for k, m in members.items()}
        return {a: whole[k] for a, k in membership.items()}

    b, a = groups(before), groups(after)
    moved = [actor for actor in sorted(set(b) | set(a)) if b.get(actor, ()) != a.get(actor, ())]

    def mates(group: tuple[str, ...], actor: str) -> list[str]:
        return [m for m in group if m != actor]

    return pd.DataFrame(
        [
            {"kind": "coalition move", "subject": actor, "context": None,
             "before": mates(b.get(actor, ()), actor), "after": mates(a.get(actor, ()), actor),
             "evidence": changed.get(actor, [])}
            for actor in moved
        ],
        columns=COLUMNS,
    )  # fmt: skip
