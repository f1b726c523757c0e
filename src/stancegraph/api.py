"""The Python face of stancegraph, for notebooks and scripts (the CLI calls the same methods).

>>> import stancegraph
>>> sg = stancegraph.open()                       # the bundled seed graph
>>> sg.who_supports("full restoration of borders")["label"].tolist()[:2]
['Ukraine', 'Volodymyr Zelenskyy']
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import lookup
from .analysis import alignment as _alignment
from .analysis import blocking as _blocking
from .analysis import brokers as _brokers
from .analysis import coalitions as _coalitions
from .analysis import dna as _dna
from .analysis import polarization as _polarization
from .analysis import robustness as _robustness
from .analysis import scenarios as _scenarios
from .analysis.derived import deal_stances
from .definitions import DEFAULT_THRESHOLD, EXPLICIT_CONFIDENCE
from .errors import InputError, QueryError
from .model import Snapshot, bipartite_graph, signed_graph, snapshot, stance_matrix
from .names import NameIndex
from .queries import as_binding, rows_frame
from .store import Rows, Store, Triples, open_store
from .vocab import shorten

T = TypeVar("T")

ALIGN_METHODS = ("sscore", "agreement", "cosine", "congruence", "conflict", "subtract", "ignore")


def as_date(value: dt.date | str | None, option: str = "as_of") -> dt.date | None:
    """A date from a ``datetime.date`` or a YYYY-MM-DD string; an InputError names the bad text.

    >>> as_date("2024-02-29")
    datetime.date(2024, 2, 29)
    """
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{option} {value!r} is not a date; use YYYY-MM-DD, e.g. 2025-03-01"
        ) from None


def check_confidence(value: float | None, option: str = "min_confidence") -> float | None:
    """``value`` when it is a number in [0, 1] (or None); an InputError otherwise.

    >>> check_confidence(0.8)
    0.8
    """
    if value is None:
        return None
    if not (isinstance(value, int | float) and 0.0 <= float(value) <= 1.0):
        raise InputError(f"{option} {value!r} is out of range; use a number from 0 to 1, e.g. 0.8")
    return float(value)


def explicit_overlap(stances: pd.DataFrame, actors: list[str]) -> np.ndarray:
    """For every unordered pair of ``actors`` in ``np.triu_indices`` order, how many positions
    both hold an explicit stance on: the upper triangle of E·Eᵀ over the explicit stances,
    kept sparse (only pairs that share an explicit position are touched).

    >>> s = pd.DataFrame({"actor": ["a", "b", "b", "c"], "position": ["p", "p", "q", "q"],
    ...     "polarity": [1.0, 1.0, 1.0, 1.0], "explicit": [True, True, True, False]})
    >>> explicit_overlap(s, ["a", "b", "c"]).tolist()  # pairs ab, ac, bc
    [1, 0, 0]
    """
    n = len(actors)
    E = stance_matrix(stances[stances["explicit"]], actors=actors).mask
    both = sp.triu(E @ E.T, k=1).tocoo()
    row, col = both.row.astype(np.int64), both.col.astype(np.int64)
    out = np.zeros(n * (n - 1) // 2, dtype=np.int64)
    out[row * n - row * (row + 1) // 2 + (col - row - 1)] = both.data.astype(np.int64)
    return out


class StanceGraph:
    """A negotiation knowledge graph with its analyses.

    Parameters
    ----------
    store
        Any :class:`stancegraph.store.Store` (see :func:`open`).
    as_of
        The date whose stances count (today when None).
    veto
        Veto players (names or IRIs); the parties by default.
    min_confidence
        Stances below this confidence are left out of every answer and analysis (a stance
        without ``sg:confidence`` counts as 1.0).
    """

    def __init__(
        self,
        store: Store,
        as_of: dt.date | str | None = None,
        veto: Sequence[str] | None = None,
        min_confidence: float | None = None,
    ) -> None:
        self.store = store
        self.as_of = as_date(as_of)
        self.min_confidence = check_confidence(min_confidence)
        self._names: NameIndex | None = None
        self._veto_names = list(veto) if veto else None
        self._snapshots: dict[
            tuple[dt.date | None, tuple[str, ...] | None, float | None], Snapshot
        ] = {}
        # Results derived from one snapshot (deal stances, alignment, signed graph, coalitions):
        # the report, robustness and the figures ask for them many times.
        self._results: dict[tuple[Any, ...], Any] = {}

    # ------------------------------------------------------------------ names and snapshots
    @property
    def names(self) -> NameIndex:
        if self._names is None:
            self._names = NameIndex.from_store(self.store)
        return self._names

    def resolve(self, name: str, kind: str = "actor") -> str:
        """The IRI of the ``kind`` (actor, position, issue, scenario) that ``name`` names."""
        return self.names.resolve(name, kind)

    def label(self, iri: str) -> str:
        return self.names.label(iri)

    def veto_players(self) -> list[str]:
        return self.snapshot().veto

    def _snapshot_key(
        self, as_of: dt.date | None = None
    ) -> tuple[dt.date | None, tuple[str, ...] | None, float | None]:
        veto = (
            tuple(self.resolve(v, "actor") for v in self._veto_names) if self._veto_names else None
        )
        return (as_of or self.as_of, veto, self.min_confidence)

    def _cached(self, name: str, compute: Callable[[], T], *args: Any) -> T:
        """``compute()`` once per snapshot and arguments."""
        key = (name, self._snapshot_key(), *args)
        if key not in self._results:
            self._results[key] = compute()
        return self._results[key]

    def snapshot(self, as_of: dt.date | None = None) -> Snapshot:
        """All tables the analyses use, as of ``as_of`` (default: this graph's date)."""
        key = self._snapshot_key(as_of)
        day, veto, _ = key
        if key not in self._snapshots:
            self._snapshots[key] = snapshot(
                self.store,
                day,
                list(veto) if veto is not None else None,
                min_confidence=self.min_confidence,
            )
        return self._snapshots[key]

    def _copy(self, **changes: Any) -> StanceGraph:
        """The same graph (sharing store and names) with some settings changed."""
        settings: dict[str, Any] = {
            "as_of": self.as_of,
            "veto": self._veto_names,
            "min_confidence": self.min_confidence,
        }
        other = StanceGraph(self.store, **(settings | changes))
        other._names = self._names
        return other

    def at(self, as_of: dt.date | str | None) -> StanceGraph:
        """The same graph as of another date (shares the store)."""
        return self._copy(as_of=as_date(as_of))

    def with_veto(self, veto: Sequence[str] | None) -> StanceGraph:
        """The same graph with other veto players."""
        return self._copy(veto=veto)

    def with_min_confidence(self, min_confidence: float | None) -> StanceGraph:
        """The same graph seen through its stances of at least this confidence only (None:
        all). ``with_min_confidence(0.8)`` keeps the explicit stances."""
        return self._copy(min_confidence=check_confidence(min_confidence))

    def _labelled(
        self, frame: pd.DataFrame, column: str, label_column: str = "label"
    ) -> pd.DataFrame:
        frame = frame.copy()
        position = (
            list(frame.columns).index(column) + 1 if column in frame.columns else len(frame.columns)
        )
        frame.insert(
            position,
            label_column,
            frame[column].map(self.label) if len(frame) else pd.Series(dtype=object),
        )
        return frame

    # ------------------------------------------------------------------ SPARQL
    def sparql(
        self, query: str, *, short: bool = True, **bindings: Any
    ) -> pd.DataFrame | bool | str:
        """Run SPARQL; SELECT gives a typed DataFrame (numbers as numbers, dates as datetime64,
        IRIs shortened by the graph's prefixes unless ``short=False``), ASK a bool, CONSTRUCT
        and DESCRIBE Turtle. Keyword arguments bind variables safely (IRIs, numbers, dates,
        strings), never by pasting text into the query."""
        result = self.store.query(query, {k: as_binding(v) for k, v in bindings.items()})
        if isinstance(result, bool):
            return result
        if isinstance(result, Rows):
            return rows_frame(result, short=short, prefixes=self.store.prefixes)
        if isinstance(result, Triples):
            return result.to_turtle(self.store.prefixes)
        raise QueryError("unexpected query result")

    # ------------------------------------------------------------------ who supports what
    def summary(self) -> dict[str, int]:
        return lookup.summary(self.store)

    def actors(self, role: str | None = None) -> pd.DataFrame:
        return lookup.actors(self.store, self.names, role)

    def issues(self) -> list[dict[str, object]]:
        return lookup.issues(self.store, self.names)

    def who_supports(self, position: str) -> pd.DataFrame:
        """Actors whose current polarity on ``position`` is > 0, with how sure each coding is
        (``confidence``, ``explicit``, ``note``) and the evidence (``quote``, ``source``)."""
        return lookup.who_supports(
            self.store,
            self.names,
            self.resolve(position, "position"),
            self.as_of,
            self.min_confidence,
        )

    def who_opposes(self, position: str) -> pd.DataFrame:
        """Actors whose current polarity on ``position`` is < 0 (columns as ``who_supports``)."""
        return lookup.who_opposes(
            self.store,
            self.names,
            self.resolve(position, "position"),
            self.as_of,
            self.min_confidence,
        )

    def stances(self, actor: str) -> pd.DataFrame:
        """An actor's current stances, with confidence, explicit/inferred, note and evidence."""
        return lookup.stances_of(
            self.store, self.names, self.resolve(actor, "actor"), self.as_of, self.min_confidence
        )

    def evidence(self, actor: str, position: str) -> pd.DataFrame:
        """Every piece of evidence for an actor's stances on a position, with their strength."""
        return lookup.evidence(
            self.store,
            self.resolve(actor, "actor"),
            self.resolve(position, "position"),
            self.min_confidence,
        )

    def stance_table(self) -> pd.DataFrame:
        """Current stances with labels: actor, actor_label, position, position_label, issue, ..."""
        snap = self.snapshot()
        table = snap.stances.merge(snap.positions[["position", "issue"]], on="position", how="left")
        table.insert(1, "actor_label", table["actor"].map(snap.label))
        table.insert(3, "position_label", table["position"].map(snap.label))
        return table

    def deal_stances(self) -> pd.DataFrame:
        """The stances the deal analyses use: current stances plus derived opposition (DESIGN
        §4), with ``derived`` and ``derived_from`` (the stance a derived one rests on)."""
        snap = self.snapshot()
        return self._cached("deal", lambda: deal_stances(snap.stances, snap.incompatible))

    # ------------------------------------------------------------------ analyses
    def alignment(self, method: str = "sscore", *, weighted: bool = False) -> _alignment.Alignment:
        snap = self.snapshot()
        actors = snap.actors["actor"].tolist()
        return self._cached(
            "alignment",
            lambda: _alignment.alignment_matrix(
                snap.stances, method, weighted=weighted, actors=actors
            ),
            method,
            weighted,
        )

    def align(
        self, method: str = "sscore", normalize: str = "no", *, weighted: bool = False
    ) -> pd.DataFrame:
        """One row per unordered pair of actors: ``actor_a``, ``actor_b``, ``value``, ``overlap``
        and ``explicit_overlap`` (the shared positions on which both stances are explicit; labels
        in ``label_a``/``label_b``); pairs without overlap have a null value."""
        if method not in ALIGN_METHODS:
            raise InputError(f"unknown method {method!r}; use one of {', '.join(ALIGN_METHODS)}")
        snap = self.snapshot()
        actors = snap.actors["actor"].tolist()
        if method in _alignment.METHODS:
            if normalize != "no":
                raise InputError(
                    f"--normalize applies to the DNA methods (congruence, conflict, subtract, ignore), not {method}"
                )
            pairs = self.alignment(method, weighted=weighted).pairs()
        else:
            pairs = _dna.one_mode(snap.records, method, normalize, actors=actors).pairs()
            # Overlap stays the number of shared positions (current stances), as for S-scores.
            pairs["overlap"] = self.alignment().pairs()["overlap"].to_numpy()
        pairs["explicit_overlap"] = explicit_overlap(snap.stances, actors)
        pairs.insert(1, "label_a", pairs["actor_a"].map(snap.label))
        pairs.insert(3, "label_b", pairs["actor_b"].map(snap.label))
        return pairs

    def compare(self, actor_a: str, actor_b: str, *, weighted: bool = False) -> dict[str, object]:
        a, b = self.resolve(actor_a, "actor"), self.resolve(actor_b, "actor")
        if a == b:
            raise InputError(
                f"compare needs two different actors; both names resolve to {shorten(a)}"
            )
        stances = self.snapshot().stances
        result = _alignment.compare(stances, a, b, weighted=weighted).as_dict()
        result["label_a"], result["label_b"] = self.label(a), self.label(b)
        # The shared positions whose comparison rests on an inferred stance of either actor.
        shared = set(result["agree"]) | set(result["disagree"])  # type: ignore[call-overload]
        pair = stances[stances["actor"].isin([a, b]) & stances["position"].isin(shared)]
        result["inferred"] = sorted(set(pair.loc[~pair["explicit"], "position"]))
        return result

    def discourse_network(self, kind: str = "congruence", normalize: str = "no") -> _dna.Network:
        snap = self.snapshot()
        return _dna.one_mode(snap.records, kind, normalize, actors=snap.actors["actor"].tolist())

    def two_mode(self, kind: str = "ignore") -> _dna.Network:
        snap = self.snapshot()
        return _dna.two_mode(snap.records, kind, actors=snap.actors["actor"].tolist())

    def signed_graph(self, threshold: float = DEFAULT_THRESHOLD) -> nx.Graph:
        """Signed actor graph: S-score edges with |S| >= threshold plus explicit ties (a copy the
        caller may change)."""
        return self._signed(threshold).copy()

    def _signed(self, threshold: float) -> nx.Graph:
        """The cached signed graph, for the analyses here that only read it."""
        snap = self.snapshot()

        def build() -> nx.Graph:
            G = signed_graph(
                snap.actors["actor"].tolist(),
                self.alignment().pairs(),
                snap.relationships,
                threshold,
            )
            nx.set_node_attributes(G, {n: snap.label(n) for n in G.nodes}, "label")
            return G

        return self._cached("signed", build, threshold)

    def bipartite_graph(self) -> nx.Graph:
        return bipartite_graph(self.snapshot())

    def coalitions(self, threshold: float = DEFAULT_THRESHOLD) -> _coalitions.Coalitions:
        return self._cached(
            "coalitions", lambda: _coalitions.coalitions(self._signed(threshold)), threshold
        )

    def polarization(
        self, k: int = 2, threshold: float = DEFAULT_THRESHOLD
    ) -> _polarization.Polarization:
        """DNA's polarization score and its maximising partition, plus the score of the
        coalitions' partition (``camp_score``, ``camps``: the coalitions with more than one
        member), so the camps are read from one place."""
        snap = self.snapshot()
        active = sorted(snap.records["actor"].unique())
        camps = [grp for grp in self.coalitions(threshold).coalitions if len(grp) > 1]
        return _polarization.polarization(snap.records, k=k, actors=active, camps=camps)

    def blocking(self, *, evidence: bool = False) -> pd.DataFrame:
        """Blocking issues (DESIGN §4) over current and derived stances; with ``evidence``, an
        ``evidence`` column lists every opposing stance with its quote, ``confidence``,
        ``explicit``, ``note`` and, for a derived stance, ``derived_from``."""
        snap = self.snapshot()
        table = _blocking.blocking_issues(self.deal_stances(), snap.positions, snap.veto)
        table = self._labelled(table, "issue")
        if evidence:
            # One lookup table each, built once: quotes and notes by stance IRI.
            quotes = snap.evidence.drop_duplicates("stance").set_index("stance")["quote"]
            notes = snap.stances.dropna(subset=["stance"]).set_index("stance")["note"]
            table["evidence"] = [
                [_with_quote(o, quotes, notes) for o in opposition]
                for opposition in table["opposition"]
            ]
        return table

    def common_ground(self) -> pd.DataFrame:
        """Consensus and agreeable positions among the veto players (over current and derived
        stances), with the lowest ``confidence`` of the veto players' support."""
        snap = self.snapshot()
        table = _blocking.common_ground(self.deal_stances(), snap.positions, snap.veto)
        return self._labelled(table, "position")

    def brokers(self, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
        snap = self.snapshot()
        table = _brokers.brokers(
            self.alignment(), snap.relationships, snap.veto, self._signed(threshold)
        )
        return self._labelled(table, "actor")

    def scenarios(self) -> pd.DataFrame:
        """Every actor's utility and verdict on every scenario, over current and derived
        stances, red lines first (DESIGN §4)."""
        snap = self.snapshot()
        table = _scenarios.scenario_verdicts(self.deal_stances(), snap.scenarios, snap.veto)
        table = self._labelled(table, "scenario")
        table.insert(3, "actor_label", table["actor"].map(snap.label))
        return table

    def scenario_summary(self) -> pd.DataFrame:
        snap = self.snapshot()
        table = _scenarios.scenario_summary(
            _scenarios.scenario_verdicts(self.deal_stances(), snap.scenarios, snap.veto)
        )
        return self._labelled(table, "scenario")

    def _findings(self, threshold: float) -> _robustness.Findings:
        snap = self.snapshot()
        brokers = self.brokers(threshold)
        return _robustness.Findings(
            stances=self.deal_stances(),
            blocking=self.blocking(),
            common_ground=self.common_ground(),
            verdicts=self.scenarios(),
            top_broker=str(brokers["actor"].iloc[0]) if len(brokers) else None,
            membership=self.coalitions(threshold).membership(),
            veto=snap.veto,
            positions=snap.positions[["position", "issue"]],
            scenario_positions=snap.scenarios[["scenario", "position"]]
            if not snap.scenarios.empty
            else pd.DataFrame(columns=["scenario", "position"]),
        )

    def robustness(self, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
        """Each key finding recomputed on explicit stances only (confidence ≥ 0.8): blocking
        issues and their blockers, consensus positions, the veto players' scenario verdicts, the
        top broker and each actor's coalition. Columns: ``finding`` (a sentence), ``kind``,
        ``subject``, ``context``, ``holds``, ``rests_on`` (the inferred stances it rests on),
        ``claim`` and ``explicit_claim``."""
        floor = max(self.min_confidence or 0.0, EXPLICIT_CONFIDENCE)
        table = _robustness.robustness(
            self._findings(threshold), self.with_min_confidence(floor)._findings(threshold)
        )
        table.insert(0, "finding", [self._sentence(r) for r in table.itertuples(index=False)])
        return table

    def _sentence(self, row: Any) -> str:
        """The finding of a robustness row, in words with labels."""
        name = self.label(row.subject)
        if row.kind == "blocking":
            return f"{name} blocks a deal (blocked by {self._label_list(row.claim['blockers'])})"
        if row.kind == "consensus":
            return f"every veto player supports {name}"
        if row.kind == "verdict":
            return f"{self.label(row.context)}: {row.claim['verdict']} {name}"
        if row.kind == "broker":
            return f"{name} is the strongest broker"
        mates, size = row.claim["with"], row.claim["size"]
        more = f" and {size - 1 - len(mates)} more" if size - 1 > len(mates) else ""
        return (
            f"{name} is in a coalition with {self._label_list(mates)}{more}"
            if mates
            else f"{name} is in no coalition"
        )

    def _label_list(self, iris: Sequence[str]) -> str:
        return ", ".join(self.label(i) for i in iris) if len(iris) else "nobody"

    # ------------------------------------------------------------------ figures and exports
    def plot(
        self,
        kind: str = "network",
        ax: Any = None,
        *,
        actors: Sequence[str] | None = None,
        issues: Sequence[str] | None = None,
        title: str | None = None,
    ) -> Any:
        """Draw figure ``kind`` (network, stances, alignment, blocking, scenarios, timeline) on
        ``ax`` or a new figure sized for it; returns the Axes (shown inline in notebooks)."""
        from .figures import FIGURE_SIZES, draw

        if ax is None and kind in FIGURE_SIZES:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=FIGURE_SIZES[kind], layout="constrained")
        return draw(self, kind, ax, actors=actors, issues=issues, title=title)

    def export(self, fmt: str, out: str | Path, **options: Any) -> Path:
        """Write the graph in ``fmt`` (turtle, jsonld, ntriples, graphml, gexf, csv, mermaid, dot)."""
        from .export import export

        return export(self, fmt, Path(out), **options)

    # ------------------------------------------------------------------ notebooks
    def _repr_html_(self) -> str:
        counts = self.summary()
        cells = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{v}</td></tr>"
            for k, v in counts.items()
        )
        day = (self.as_of or dt.date.today()).isoformat()
        return (
            f"<div><strong>stancegraph</strong> — {html.escape(self.store.description)}, as of {day}"
            f"<table>{cells}</table></div>"
        )

    def __repr__(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in self.summary().items())
        return f"<StanceGraph {self.store.description}: {counts}>"


def open(
    *sources: str | Path,
    endpoint: str | None = None,
    store: str | Path | None = None,
    as_of: dt.date | str | None = None,
    veto: Sequence[str] | None = None,
    min_confidence: float | None = None,
) -> StanceGraph:
    """Open a negotiation graph from RDF files or URLs (the bundled seed graph when none), a
    store directory, or a SPARQL endpoint."""
    day = as_date(as_of)
    confidence = check_confidence(min_confidence)
    opened = open_store(list(sources), endpoint=endpoint, store_dir=Path(store) if store else None)
    return StanceGraph(opened, day, veto, confidence)


def _with_quote(stance: dict[str, Any], quotes: pd.Series, notes: pd.Series) -> dict[str, Any]:
    """An opposing stance with the quote and note it rests on (for a derived stance, those of
    the stance it derives from)."""
    source = stance["derived_from"] if stance.get("derived") else stance.get("stance")
    quote = quotes.get(source)
    note = notes.get(source)
    return {
        **stance,
        "explicit": stance["confidence"] >= EXPLICIT_CONFIDENCE,
        "quote": quote if isinstance(quote, str) else None,
        "note": note if isinstance(note, str) else None,
    }
