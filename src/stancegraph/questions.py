"""A store seen one way (as of a date, through a confidence floor, with chosen veto players) and
the questions asked of it directly: SPARQL and who supports what. It owns what the questions and
the analyses share: the label service, one :class:`~stancegraph.model.Snapshot` per setting and a
memo of results derived from it. :class:`stancegraph.api.StanceGraph` adds the analyses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Self, TypeVar

import pandas as pd

from . import answers
from .checks import as_date, check_confidence, check_timeout, check_window
from .errors import QueryError
from .model import Snapshot, snapshot, stance_records
from .names import NameIndex
from .queries import as_binding, rows_frame
from .store import Rows, Store, Triples

T = TypeVar("T")
#: Seconds a user's SPARQL query may run.
DEFAULT_TIMEOUT = 60.0
SnapshotKey = tuple[dt.date | None, tuple[str, ...] | None, float | None, dt.date | None]


class Questions:
    """A store with the settings every answer depends on, the caches they share, and the
    direct questions (SPARQL, who supports what).

    Parameters
    ----------
    store
        Any :class:`stancegraph.store.Store`.
    as_of
        The date whose stances count (today when None): a date or YYYY-MM-DD.
    veto
        Veto players (names or IRIs); the parties by default.
    min_confidence
        Stances below this confidence are left out of every answer and analysis (a stance
        without ``sg:confidence`` counts as 1.0).
    timeout
        Seconds a query given to :meth:`sparql` may run (None: no limit).
    since
        Only stance records dated from this day on count (a window of time from ``since`` to
        ``as_of``; undated records fall outside it). None: every record.
    """

    def __init__(
        self,
        store: Store,
        as_of: dt.date | str | None = None,
        veto: Sequence[str] | None = None,
        min_confidence: float | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        since: dt.date | str | None = None,
    ) -> None:
        self.store = store
        self.as_of = as_date(as_of)
        self.since = as_date(since, "since")
        check_window(self.since, self.as_of)
        self.min_confidence = check_confidence(min_confidence)
        self.timeout = check_timeout(timeout)
        self._names: NameIndex | None = None
        # The store's stance records, read once and shared by every copy (at, during, ...):
        # a snapshot per date filters them instead of reading the store again.
        self._records: list[pd.DataFrame] = []
        self._veto_names = list(veto) if veto else None
        self._snapshots: dict[SnapshotKey, Snapshot] = {}
        # Results derived from one snapshot (deal stances, alignment, signed graph, coalitions):
        # the report, robustness and the figures ask for them many times.
        self._results: dict[tuple[Any, ...], Any] = {}

    @property
    def names(self) -> NameIndex:
        """The label service: names to IRIs (``resolve``) and IRIs to labels (``label``)."""
        if self._names is None:
            self._names = NameIndex.from_store(self.store)
        return self._names

    def resolve(self, name: str, kind: str = "actor") -> str:
        """The IRI of the ``kind`` (actor, position, issue, scenario) that ``name`` names."""
        return self.names.resolve(name, kind)

    def label(self, iri: str) -> str:
        """The label of a node (its local name when it has none)."""
        return self.names.label(iri)

    def _snapshot_key(self, as_of: dt.date | None = None) -> SnapshotKey:
        veto = (
            tuple(self.resolve(v, "actor") for v in self._veto_names) if self._veto_names else None
        )
        return (as_of or self.as_of, veto, self.min_confidence, self.since)

    def _cached(self, name: str, compute: Callable[[], T], *args: Any) -> T:
        """``compute()`` once per snapshot and arguments."""
        key = (name, self._snapshot_key(), *args)
        if key not in self._results:
            self._results[key] = compute()
        return self._results[key]

    def snapshot(self, as_of: dt.date | None = None) -> Snapshot:
        """All tables the analyses use, as of ``as_of`` (default: this view's date)."""
        key = self._snapshot_key(as_of)
        day, veto, _, since = key
        if key not in self._snapshots:
            self._snapshots[key] = snapshot(
                self.store,
                day,
                list(veto) if veto is not None else None,
                min_confidence=self.min_confidence,
                names=self.names,
                since=since,
                records=self._all_records(),
            )
        return self._snapshots[key]

    def veto_players(self) -> list[str]:
        return self.snapshot().veto

    def _copy(self, **changes: Any) -> Self:
        """The same view (sharing store and names) with some settings changed, of this class."""
        settings: dict[str, Any] = {
            "as_of": self.as_of,
            "veto": self._veto_names,
            "min_confidence": self.min_confidence,
            "timeout": self.timeout,
            "since": self.since,
        }
        other = type(self)(self.store, **(settings | changes))
        other._names = self.names  # built once, shared by every copy
        other._records = self._records
        return other

    def at(self, as_of: dt.date | str | None) -> Self:
        """The same graph as of another date (shares the store)."""
        return self._copy(as_of=as_date(as_of))

    def during(self, start: dt.date | str | None, end: dt.date | str | None) -> Self:
        """The same graph seen through the stance records dated from ``start`` to ``end`` only
        (``end`` is the as-of date; None: today): what was said in that window."""
        return self._copy(as_of=as_date(end), since=as_date(start, "since"))

    def with_veto(self, veto: Sequence[str] | None) -> Self:
        """The same graph with other veto players."""
        return self._copy(veto=veto)

    def with_min_confidence(self, min_confidence: float | None) -> Self:
        """The same graph seen through its stances of at least this confidence only (None:
        all). ``with_min_confidence(0.8)`` keeps the explicit stances."""
        return self._copy(min_confidence=check_confidence(min_confidence))

    # ------------------------------------------------------------------ SPARQL
    def sparql(
        self, query: str, *, short: bool = True, **bindings: Any
    ) -> pd.DataFrame | bool | str:
        """Run SPARQL; SELECT gives a typed DataFrame (numbers as numbers, dates as datetime64,
        IRIs shortened by the graph's prefixes unless ``short=False``), ASK a bool, CONSTRUCT
        and DESCRIBE Turtle. Keyword arguments bind variables safely (IRIs, numbers, dates,
        strings), never by pasting text into the query; any variable of the WHERE clause can be
        bound. The query stops after ``timeout`` seconds; SERVICE is refused unless the graph was
        opened with ``allow_service=True``."""
        values = {k: as_binding(v) for k, v in bindings.items()}
        result = self.store.query(query, values, timeout=self.timeout)
        if isinstance(result, bool):
            return result
        if isinstance(result, Rows):
            return rows_frame(result, short=short, prefixes=self.store.prefixes)
        if isinstance(result, Triples):
            return result.to_turtle(self.store.prefixes)
        raise QueryError("unexpected query result")

    # ------------------------------------------------------------------ who supports what
    def summary(self) -> dict[str, int]:
        """Counts of actors, issues, positions, stances, relationships, scenarios, sources."""
        return answers.summary(self.store)

    def actors(self, role: str | None = None) -> pd.DataFrame:
        """Every actor (``actor``, ``label``, ``type``, ``roles``), or those with ``role``."""
        return answers.actors(self.store, self.names, role)

    def issues(self) -> list[dict[str, object]]:
        """Every issue with its positions."""
        return answers.issues(self.store, self.names)

    def who_supports(self, position: str) -> pd.DataFrame:
        """Actors whose current polarity on ``position`` is > 0, with how sure each coding is
        (``confidence``, ``explicit``, ``note``) and the evidence (``quote``, ``source``)."""
        iri = self.resolve(position, "position")
        return answers.who_supports(
            self.store, self.names, iri, self.as_of, self.min_confidence, self.since
        )

    def who_opposes(self, position: str) -> pd.DataFrame:
        """Actors whose current polarity on ``position`` is < 0 (columns as ``who_supports``)."""
        iri = self.resolve(position, "position")
        return answers.who_opposes(
            self.store, self.names, iri, self.as_of, self.min_confidence, self.since
        )

    def stances(self, actor: str) -> pd.DataFrame:
        """An actor's current stances, with confidence, explicit/inferred, note and evidence."""
        iri = self.resolve(actor, "actor")
        return answers.stances_of(
            self.store, self.names, iri, self.as_of, self.min_confidence, self.since
        )

    def evidence(self, actor: str, position: str) -> pd.DataFrame:
        """Every piece of evidence for an actor's stances on a position, with their strength."""
        a, p = self.resolve(actor, "actor"), self.resolve(position, "position")
        return answers.evidence(self.store, a, p, self.min_confidence)

    def stance_table(self) -> pd.DataFrame:
        """Current stances with labels: actor, actor_label, position, position_label, issue, ..."""
        snap = self.snapshot()
        table = snap.stances.merge(snap.positions[["position", "issue"]], on="position", how="left")
        table.insert(1, "actor_label", table["actor"].map(snap.label))
        table.insert(3, "position_label", table["position"].map(snap.label))
        return table

    def _all_records(self) -> pd.DataFrame:
        """Every stance record in the store, read once for this graph and its copies."""
        if not self._records:
            self._records.append(stance_records(self.store))
        return self._records[0]

    def stance_records(self) -> pd.DataFrame:
        """Every stance record of any date (statement level), above the confidence floor."""
        records = self._all_records()
        floor = self.min_confidence
        return records if floor is None else records[records["confidence"] >= floor]
