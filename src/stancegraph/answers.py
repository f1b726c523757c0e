"""Answers to "who supports what": actors, issues, the stances on a position or of an actor, and
the evidence behind them, each as a DataFrame with the keys of DESIGN §5."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .analysis.tables import at_least, current_stances, dated_since, first_evidence, typed_records
from .errors import InputError
from .names import NameIndex
from .nodes import actor_table, position_table
from .queries import run
from .store import Store
from .vocab import local_name

#: What every answer about a stance shows: how strong it is, how sure the coding is, and why.
STANCE_COLUMNS = [
    "polarity",
    "salience",
    "confidence",
    "explicit",
    "note",
    "quote",
    "source",
]


def _with_evidence(
    records: pd.DataFrame,
    as_of: dt.date | None,
    min_confidence: float | None = None,
    since: dt.date | None = None,
) -> pd.DataFrame:
    """Current stances of the records (DESIGN §4) with the first quote and source of each;
    with ``since``, of the records dated from then on only."""
    records = dated_since(at_least(typed_records(records), min_confidence), since)
    if records.empty:
        return pd.DataFrame(columns=["actor", "position", "stance", *STANCE_COLUMNS])
    current = current_stances(records.drop_duplicates("stance"), as_of)
    evidence = first_evidence(records).drop_duplicates("stance")[["stance", "quote", "source"]]
    return current.merge(evidence, on="stance", how="left")


def actors(store: Store, names: NameIndex, role: str | None = None) -> pd.DataFrame:
    """Every actor: ``actor``, ``label``, ``type``, ``roles`` (a list of role IRIs)."""
    out = actor_table(store, names.label)[["actor", "label", "type"]]
    if out.empty:
        return pd.DataFrame(columns=["actor", "label", "type", "roles"])
    parts = run(store, "participations")
    roles = parts.groupby("actor")["role"].agg(lambda r: sorted(set(r.dropna())))
    out["roles"] = out["actor"].map(lambda a: roles.get(a, []))
    if role is not None:
        wanted = role.casefold()
        known = sorted({local_name(r).casefold() for rs in out["roles"] for r in rs})
        if wanted not in known:
            raise InputError(f"unknown role {role!r}; the actors' roles are: {', '.join(known)}")
        out = out[out["roles"].map(lambda rs: any(local_name(r).casefold() == wanted for r in rs))]
    return out.sort_values("label", key=lambda s: s.str.casefold()).reset_index(drop=True)


def issues(store: Store, names: NameIndex) -> list[dict[str, object]]:
    """Every issue with its positions: ``issue``, ``label``, ``broader``, ``positions`` (each
    ``position``, ``label``)."""
    rows = run(store, "issues")
    out: list[dict[str, object]] = []
    typed = set(rows.loc[rows["position"].isna() & rows["broader"].isna(), "issue"])
    rows = rows[rows["issue"].isin(typed)]
    if rows.empty:
        return out
    for issue, group in rows.groupby("issue", sort=False):
        positions = sorted(
            {p for p in group["position"].dropna()}, key=lambda p: names.label(p).casefold()
        )
        broader = group["broader"].dropna()
        out.append(
            {
                "issue": issue,
                "label": names.label(str(issue)),
                "broader": str(broader.iloc[0]) if len(broader) else None,
                "positions": [{"position": p, "label": names.label(p)} for p in positions],
            }
        )
    return sorted(out, key=lambda d: str(d["label"]).casefold())


def stances_on(
    store: Store,
    names: NameIndex,
    position: str,
    as_of: dt.date | None = None,
    min_confidence: float | None = None,
    since: dt.date | None = None,
) -> pd.DataFrame:
    """Current stances of every actor on ``position`` (an IRI): ``actor``, ``label``,
    ``stance``, ``polarity``, ``salience``, ``confidence``, ``explicit``, ``note``, ``quote``,
    ``source``; strongest first. Stances below ``min_confidence`` are left out."""
    records = run(store, "stances_on_position", position=position)
    current = _with_evidence(records, as_of, min_confidence, since)
    current["label"] = current["actor"].map(names.label)
    current = current.sort_values(["polarity", "salience", "label"], ascending=[False, False, True])
    return current[["actor", "label", "stance", *STANCE_COLUMNS]].reset_index(drop=True)


def who_supports(
    store: Store,
    names: NameIndex,
    position: str,
    as_of: dt.date | None = None,
    min_confidence: float | None = None,
    since: dt.date | None = None,
) -> pd.DataFrame:
    """Actors whose current polarity on ``position`` is > 0, strongest first."""
    table = stances_on(store, names, position, as_of, min_confidence, since)
    return table[table["polarity"] > 0].reset_index(drop=True)


def who_opposes(
    store: Store,
    names: NameIndex,
    position: str,
    as_of: dt.date | None = None,
    min_confidence: float | None = None,
    since: dt.date | None = None,
) -> pd.DataFrame:
    """Actors whose current polarity on ``position`` is < 0, strongest opposition first."""
    table = stances_on(store, names, position, as_of, min_confidence, since)
    table = table[table["polarity"] < 0].sort_values(
        ["polarity", "salience"], ascending=[True, False]
    )
    return table.reset_index(drop=True)


def stances_of(
    store: Store,
    names: NameIndex,
    actor: str,
    as_of: dt.date | None = None,
    min_confidence: float | None = None,
    since: dt.date | None = None,
) -> pd.DataFrame:
    """Current stances of ``actor``: ``position``, ``label``, ``issue``, ``stance``,
    ``polarity``, ``salience``, ``confidence``, ``explicit``, ``note``, ``quote``, ``source``;
    ordered by issue, then position."""
    records = run(store, "stances_of_actor", actor=actor)
    current = _with_evidence(records, as_of, min_confidence, since)
    positions = position_table(store, names.label).dropna(subset=["issue"])
    issue_of = dict(zip(positions["position"], positions["issue"], strict=True))
    current["label"] = current["position"].map(names.label)
    current["issue"] = current["position"].map(issue_of)
    current["issue_label"] = current["issue"].map(
        lambda i: names.label(i) if isinstance(i, str) else ""
    )
    current = current.sort_values(["issue_label", "label"], key=lambda s: s.str.casefold())
    return current[["position", "label", "issue", "stance", *STANCE_COLUMNS]].reset_index(drop=True)


def evidence(
    store: Store, actor: str, position: str, min_confidence: float | None = None
) -> pd.DataFrame:
    """Every piece of evidence for ``actor``'s stances on ``position`` (all records, any date):
    ``quote``, ``source``, ``source_title``, ``date``, ``polarity``, ``confidence``,
    ``explicit``, ``note``, ``valid_from``, ``valid_until``, ``stance``."""
    rows = run(store, "evidence", actor=actor, position=position)
    columns = [
        "quote",
        "source",
        "source_title",
        "date",
        "polarity",
        "confidence",
        "explicit",
        "note",
        "valid_from",
        "valid_until",
        "stance",
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = typed_records(rows)
    rows = at_least(rows, min_confidence)
    return rows[columns].reset_index(drop=True)


def summary(store: Store) -> dict[str, int]:
    """Counts of actors, issues, positions, stances, relationships, scenarios and sources."""
    rows = run(store, "summary")
    counts = dict.fromkeys(
        ["actors", "issues", "positions", "stances", "relationships", "scenarios", "sources"], 0
    )
    if not rows.empty:
        counts.update({str(k): int(v) for k, v in zip(rows["kind"], rows["n"], strict=True)})
    return counts
