"""The Python face of stancegraph, for notebooks and scripts (the CLI calls the same methods).

>>> import stancegraph
>>> sg = stancegraph.open()                       # the bundled seed graph
>>> sg.who_supports("full restoration of borders")["label"].tolist()[:2]
['Ukraine', 'Volodymyr Zelenskyy']
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from . import lookup
from .analysis import alignment as _alignment
from .analysis import blocking as _blocking
from .analysis import brokers as _brokers
from .analysis import coalitions as _coalitions
from .analysis import dna as _dna
from .analysis import polarization as _polarization
from .analysis import scenarios as _scenarios
from .errors import InputError, QueryError
from .model import Snapshot, bipartite_graph, signed_graph, snapshot
from .names import NameIndex
from .queries import as_binding, rows_frame
from .store import Rows, Store, Triples, open_store
from .vocab import shorten

ALIGN_METHODS = ("sscore", "agreement", "cosine", "congruence", "conflict", "subtract", "ignore")
DEFAULT_THRESHOLD = 0.5


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
    """

    def __init__(
        self, store: Store, as_of: dt.date | None = None, veto: Sequence[str] | None = None
    ) -> None:
        self.store = store
        self.as_of = as_of
        self._names: NameIndex | None = None
        self._veto_names = list(veto) if veto else None
        self._snapshots: dict[tuple[dt.date | None, tuple[str, ...] | None], Snapshot] = {}

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

    def snapshot(self, as_of: dt.date | None = None) -> Snapshot:
        """All tables the analyses use, as of ``as_of`` (default: this graph's date)."""
        day = as_of or self.as_of
        veto = (
            tuple(self.resolve(v, "actor") for v in self._veto_names) if self._veto_names else None
        )
        key = (day, veto)
        if key not in self._snapshots:
            self._snapshots[key] = snapshot(
                self.store, day, list(veto) if veto is not None else None
            )
        return self._snapshots[key]

    def at(self, as_of: dt.date | str | None) -> StanceGraph:
        """The same graph as of another date (shares the store)."""
        day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
        other = StanceGraph(self.store, day, self._veto_names)
        other._names = self._names
        return other

    def with_veto(self, veto: Sequence[str] | None) -> StanceGraph:
        """The same graph with other veto players."""
        other = StanceGraph(self.store, self.as_of, veto)
        other._names = self._names
        return other

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
        return lookup.who_supports(
            self.store, self.names, self.resolve(position, "position"), self.as_of
        )

    def who_opposes(self, position: str) -> pd.DataFrame:
        return lookup.who_opposes(
            self.store, self.names, self.resolve(position, "position"), self.as_of
        )

    def stances(self, actor: str) -> pd.DataFrame:
        return lookup.stances_of(self.store, self.names, self.resolve(actor, "actor"), self.as_of)

    def evidence(self, actor: str, position: str) -> pd.DataFrame:
        return lookup.evidence(
            self.store, self.resolve(actor, "actor"), self.resolve(position, "position")
        )

    def stance_table(self) -> pd.DataFrame:
        """Current stances with labels: actor, actor_label, position, position_label, issue, ..."""
        snap = self.snapshot()
        table = snap.stances.merge(snap.positions[["position", "issue"]], on="position", how="left")
        table.insert(1, "actor_label", table["actor"].map(snap.label))
        table.insert(3, "position_label", table["position"].map(snap.label))
        return table

    # ------------------------------------------------------------------ analyses
    def alignment(self, method: str = "sscore", *, weighted: bool = False) -> _alignment.Alignment:
        snap = self.snapshot()
        actors = snap.actors["actor"].tolist()
        return _alignment.alignment_matrix(snap.stances, method, weighted=weighted, actors=actors)

    def align(
        self, method: str = "sscore", normalize: str = "no", *, weighted: bool = False
    ) -> pd.DataFrame:
        """One row per unordered pair of actors: ``actor_a``, ``actor_b``, ``value``, ``overlap``
        (labels in ``label_a``/``label_b``); pairs without overlap have a null value."""
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
        pairs.insert(1, "label_a", pairs["actor_a"].map(snap.label))
        pairs.insert(3, "label_b", pairs["actor_b"].map(snap.label))
        return pairs

    def compare(self, actor_a: str, actor_b: str, *, weighted: bool = False) -> dict[str, object]:
        a, b = self.resolve(actor_a, "actor"), self.resolve(actor_b, "actor")
        if a == b:
            raise InputError(
                f"compare needs two different actors; both names resolve to {shorten(a)}"
            )
        result = _alignment.compare(self.snapshot().stances, a, b, weighted=weighted).as_dict()
        result["label_a"], result["label_b"] = self.label(a), self.label(b)
        return result

    def discourse_network(self, kind: str = "congruence", normalize: str = "no") -> _dna.Network:
        snap = self.snapshot()
        return _dna.one_mode(snap.records, kind, normalize, actors=snap.actors["actor"].tolist())

    def two_mode(self, kind: str = "ignore") -> _dna.Network:
        snap = self.snapshot()
        return _dna.two_mode(snap.records, kind, actors=snap.actors["actor"].tolist())

    def signed_graph(self, threshold: float = DEFAULT_THRESHOLD) -> nx.Graph:
        """Signed actor graph: S-score edges with |S| >= threshold plus explicit ties."""
        snap = self.snapshot()
        G = signed_graph(
            snap.actors["actor"].tolist(), self.alignment().pairs(), snap.relationships, threshold
        )
        for node in G.nodes:
            G.nodes[node]["label"] = snap.label(node)
        return G

    def bipartite_graph(self) -> nx.Graph:
        return bipartite_graph(self.snapshot())

    def coalitions(self, threshold: float = DEFAULT_THRESHOLD) -> _coalitions.Coalitions:
        return _coalitions.coalitions(self.signed_graph(threshold))

    def polarization(self, k: int = 2) -> _polarization.Polarization:
        snap = self.snapshot()
        active = sorted(snap.records["actor"].unique())
        return _polarization.polarization(snap.records, k=k, actors=active)

    def blocking(self, *, evidence: bool = False) -> pd.DataFrame:
        """Blocking issues (DESIGN §4); with ``evidence``, an ``evidence`` column lists the
        quotes behind every opposing stance (``actor``, ``position``, ``polarity``, ``quote``)."""
        snap = self.snapshot()
        table = _blocking.blocking_issues(snap.stances, snap.positions, snap.veto)
        table = self._labelled(table, "issue")
        if evidence:
            quotes = snap.evidence.dropna(subset=["quote"]).groupby("stance")["quote"].agg(list)
            stance_of = {
                (a, p): st
                for a, p, st in snap.stances[["actor", "position", "stance"]].itertuples(
                    index=False
                )
            }
            table["evidence"] = [
                [
                    {**o, "quote": q}
                    for o in opposition
                    for q in quotes.get(stance_of.get((o["actor"], o["position"])), [None])
                ]
                for opposition in table["opposition"]
            ]
        return table

    def common_ground(self) -> pd.DataFrame:
        snap = self.snapshot()
        table = _blocking.common_ground(snap.stances, snap.positions, snap.veto)
        return self._labelled(table, "position")

    def brokers(self, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
        snap = self.snapshot()
        table = _brokers.brokers(
            self.alignment(), snap.relationships, snap.veto, self.signed_graph(threshold)
        )
        return self._labelled(table, "actor")

    def scenarios(self) -> pd.DataFrame:
        snap = self.snapshot()
        table = _scenarios.scenario_verdicts(snap.stances, snap.scenarios, snap.veto)
        table = self._labelled(table, "scenario")
        table.insert(3, "actor_label", table["actor"].map(snap.label))
        return table

    def scenario_summary(self) -> pd.DataFrame:
        table = _scenarios.scenario_summary(
            _scenarios.scenario_verdicts(
                self.snapshot().stances, self.snapshot().scenarios, self.veto_players()
            )
        )
        return self._labelled(table, "scenario")

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
) -> StanceGraph:
    """Open a negotiation graph from RDF files or URLs (the bundled seed graph when none), a
    store directory, or a SPARQL endpoint."""
    day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    opened = open_store(list(sources), endpoint=endpoint, store_dir=Path(store) if store else None)
    return StanceGraph(opened, day, veto)
