"""The one boundary between RDF and analysis: every table the analyses need, read from a store
for one date (:class:`Snapshot`), and the actor–position graph. The tables' own logic (current
stances, the sparse matrix, the signed graph) is pure and lives in :mod:`stancegraph.analysis.tables`."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._lazy import lazy
from .analysis.tables import (
    at_least,
    current_stances,
    dated_since,
    first_evidence,
    in_force,
    typed_records,
)
from .cache import cached_table
from .errors import EndpointError, InputError
from .names import NameIndex
from .nodes import actor_table, position_table
from .queries import run, run_csv
from .store import RemoteStore, Store
from .vocab import NS, local_name

if TYPE_CHECKING:
    import networkx as nx
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")

RECORD_COLUMNS = [
    "stance",
    "actor",
    "position",
    "polarity",
    "salience",
    "confidence",
    "valid_from",
    "valid_until",
    "note",
    "red_line",
]
PARTY = NS + "Party"

#: The columns of stance_records.rq's ?k, in order.
RECORD_PROPERTIES = ["actor", "position", "polarity", "salience", "confidence", "valid_from",
                     "valid_until", "note", "red_line"]  # fmt: skip


def stance_records(store: Store) -> pd.DataFrame:
    """Every stance record, one row each (columns ``RECORD_COLUMNS`` and ``explicit``; salience
    and confidence 1 when absent): the stances that have an actor, a position and a polarity,
    each property's first value.

    Read as SPARQL CSV results, the fast path for large stores (DESIGN §2): one scan per
    property, pivoted here. A store directory keeps them beside it until it changes
    (:mod:`stancegraph.cache`): 23 s for the UN record's 870k votes, then under a second.
    """
    return cached_table(store, "stance_records", lambda: _read_records(store))


EVIDENCE_COLUMNS = ["stance", "quote", "source", "source_title", "source_date"]


def stance_evidence(store: Store, stances: pd.Series) -> pd.DataFrame:
    """The evidence of the stance records ``stances``: one row per stance and evidence node
    (``EVIDENCE_COLUMNS``; a node with several quotes or sources gives a row for each), read
    as five property scans (``stance_evidence.rq``) joined here, and kept beside a store
    directory like the records (a million stances: 25 s to read, Oxigraph writing the CSV)."""
    found = cached_table(store, "stance_evidence", lambda: _read_evidence(store))
    return found[found["stance"].isin(set(stances))].reset_index(drop=True)


def _read_evidence(store: Store) -> pd.DataFrame:
    long = run_csv(store, "stance_evidence", dtype={"subject": str, "k": "int8", "value": str},
                   keep_default_na=False, na_values=[""])  # fmt: skip

    def part(k: int, key: str, value: str) -> pd.DataFrame:
        rows = long.loc[long["k"] == k, ["subject", "value"]]
        return rows.rename(columns={"subject": key, "value": value})

    found = part(0, "stance", "node").merge(part(1, "node", "quote"), on="node", how="left")
    found = found.merge(part(2, "node", "source"), on="node", how="left")
    found = found.merge(part(3, "source", "source_title"), on="source", how="left")
    found = found.merge(part(4, "source", "source_date"), on="source", how="left")
    return found[EVIDENCE_COLUMNS].reset_index(drop=True)


def _read_records(store: Store) -> pd.DataFrame:
    ids = run_csv(store, "stance_ids", dtype=str)
    long = run_csv(
        store,
        "stance_records",
        dtype={"stance": str, "k": "int8", "value": str},
        keep_default_na=False,
        na_values=[""],
    )
    stances = pd.Index(ids["stance"].drop_duplicates())
    row = stances.get_indexer(long["stance"])
    keep = row >= 0
    row, k, value = row[keep], long["k"].to_numpy()[keep], long["value"].to_numpy()[keep]
    frame = pd.DataFrame({"stance": stances})
    for number, column in enumerate(RECORD_PROPERTIES):
        at = np.flatnonzero(k == number)[::-1]  # reversed: the first value is written last
        values = np.full(len(stances), None, dtype=object)
        values[row[at]] = value[at]
        frame[column] = values
    frame = frame.dropna(subset=["actor", "position", "polarity"]).reset_index(drop=True)
    if isinstance(store, RemoteStore):
        counts = run(store, "count_stances").iloc[0]
        for got, expected, what in ((len(ids), counts["n"], "stance records"),
                                    (len(long), counts["values"], "stance property values")):  # fmt: skip
            if int(expected) != got:
                raise EndpointError(
                    f"the endpoint returned {got} of {int(expected)} {what}: it caps results "
                    "silently; raise its result limit (Virtuoso: ResultSetMaxRows) or load the "
                    "data locally"
                )
    return typed_records(frame)[[*RECORD_COLUMNS, "explicit"]]


@dataclass
class Snapshot:
    """Everything the analyses need, as plain tables, for one as-of date."""

    as_of: dt.date
    records: pd.DataFrame  # stance records in force (statement level)
    stances: pd.DataFrame  # current stances, one per (actor, position)
    actors: pd.DataFrame  # actor, label, type, roles (list), capability
    positions: pd.DataFrame  # position, label, issue, issue_label
    relationships: pd.DataFrame  # ties in force: from, to, kind, sign, weight
    scenarios: pd.DataFrame  # scenario, label, position
    participations: pd.DataFrame  # actor, negotiation, role, veto
    incompatible: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["a", "b"]))
    labels: dict[str, str] = field(default_factory=dict)
    veto: list[str] = field(default_factory=list)
    # The evidence is read on first use: coalitions, brokers or alignment never need the quotes
    # (100k stances: 2.5 s of a 6 s snapshot).
    read_evidence: Callable[[], pd.DataFrame] = field(default=lambda: pd.DataFrame(), repr=False)
    _evidence: pd.DataFrame | None = field(default=None, repr=False)
    # The report reads the evidence in a thread while it computes the analyses.
    _reading: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def evidence(self) -> pd.DataFrame:
        """stance, quote, source, source_title, source_date (quoted evidence first)."""
        with self._reading:
            if self._evidence is None:
                self._evidence = self.read_evidence()
        return self._evidence

    def label(self, node: str) -> str:
        return self.labels.get(node, local_name(node))


def default_veto_players(participations: pd.DataFrame) -> list[str]:
    """Actors with role ``sg:Party``, plus any participation flagged ``sg:vetoPlayer true``,
    minus those flagged ``false`` (DESIGN §4)."""
    if participations.empty:
        return []
    veto = participations["veto"]
    is_party = participations["role"] == PARTY
    flagged_true = veto.eq(True)
    flagged_false = veto.eq(False)
    chosen = set(participations.loc[(is_party | flagged_true), "actor"])
    chosen -= set(participations.loc[flagged_false, "actor"])
    return sorted(chosen)


def snapshot(
    store: Store,
    as_of: dt.date | None = None,
    veto: list[str] | None = None,
    min_confidence: float | None = None,
    names: NameIndex | None = None,
    since: dt.date | None = None,
    records: pd.DataFrame | None = None,
) -> Snapshot:
    """Read every table the analyses need from ``store`` as of ``as_of`` (today by default).

    ``veto`` overrides the veto players (IRIs); by default they are the parties.
    ``min_confidence`` drops stance records below that confidence before anything else, so
    every analysis of the snapshot sees only the stronger evidence. ``since`` keeps the stance
    records dated from then on only (a window of time: ``since`` to ``as_of``). ``records``:
    the store's stance records when already read (:func:`stance_records`).
    """
    day = as_of or dt.date.today()
    labels = (names or NameIndex.from_store(store)).labels()
    if records is None:
        records = stance_records(store)
    every_stance = records["stance"]  # the evidence of ended and filtered records is read too
    all_records = dated_since(at_least(records, min_confidence), since)
    records = all_records[in_force(all_records, day)].reset_index(drop=True)
    stances = current_stances(all_records, day)

    def label(node: str) -> str:
        return labels.get(node, local_name(node))

    participations = run(store, "participations")
    roles = participations.groupby("actor")["role"].agg(lambda r: sorted(set(r.dropna())))
    actors = actor_table(store, label)
    actors["roles"] = actors["actor"].map(lambda a: roles.get(a, []))

    positions = position_table(store, label)
    positions["issue_label"] = positions["issue"].map(
        lambda i: label(i) if isinstance(i, str) else None
    )

    ties = run(store, "relationships")
    ties = ties.rename(columns={"validFrom": "valid_from", "validUntil": "valid_until"})
    for column in ("valid_from", "valid_until"):
        ties[column] = pd.to_datetime(ties[column])
    ties = ties[in_force(ties, day)].copy()
    ties["sign"] = pd.to_numeric(ties["sign"], errors="coerce").fillna(1.0)
    ties["weight"] = pd.to_numeric(ties["weight"], errors="coerce").fillna(1.0)
    ties = ties.reset_index(drop=True)

    scenarios = run(store, "scenarios")
    if not scenarios.empty:
        scenarios["label"] = scenarios["label"].where(
            scenarios["label"].notna(), scenarios["scenario"].map(local_name)
        )

    def read_evidence() -> pd.DataFrame:
        return first_evidence(stance_evidence(store, every_stance))

    incompatible = run(store, "incompatible")

    chosen = veto if veto is not None else default_veto_players(participations)
    known = set(actors["actor"])
    unknown = [v for v in chosen if v not in known]
    if unknown:
        raise InputError(f"veto player {unknown[0]!r} is not an actor in the data")
    return Snapshot(
        as_of=day,
        records=records,
        stances=stances,
        actors=actors,
        positions=positions,
        relationships=ties,
        scenarios=scenarios,
        participations=participations,
        incompatible=incompatible,
        labels=labels,
        veto=list(chosen),
        read_evidence=read_evidence,
    )


def bipartite_graph(snap: Snapshot) -> nx.Graph:
    """Actor–position graph: ``polarity`` and ``salience`` on each edge, ``kind`` on each node."""
    G = nx.Graph()
    for row in snap.actors.itertuples(index=False):
        G.add_node(row.actor, kind="actor", label=row.label, bipartite=0)
    for row in snap.positions.itertuples(index=False):
        G.add_node(row.position, kind="position", label=row.label, issue=row.issue, bipartite=1)
    G.add_edges_from(
        (a, p, {"polarity": float(x), "salience": float(s)})
        for a, p, x, s in snap.stances[["actor", "position", "polarity", "salience"]].itertuples(
            index=False
        )
    )
    return G
