"""The Python face of stancegraph, for notebooks and scripts; the CLI and the report call the same
methods, so there is one path from a question to its answer. :class:`StanceGraph` is the façade:
the direct questions (:mod:`.questions`), the analyses (:mod:`.analyses`), and here the figures,
exports and notebook display.

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
from typing import TYPE_CHECKING, Any

from ._lazy import lazy
from .analyses import ALIGN_METHODS
from .checks import as_date, check_confidence, check_range, check_timeout, check_window
from .definitions import DEFAULT_THRESHOLD
from .io import write_atomic
from .opening import open_store
from .outlook import Outlook
from .queries import run
from .questions import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    import networkx as nx
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "ALIGN_METHODS",
    "DEFAULT_TIMEOUT",
    "StanceGraph",
    "as_date",
    "check_confidence",
    "load",
    "open",
]


class StanceGraph(Outlook):
    """A negotiation knowledge graph: the questions (settings ``store``, ``as_of``, ``veto``,
    ``min_confidence``, ``timeout``; SPARQL; who supports what), the analyses, and the figures
    and exports built on them."""

    # ------------------------------------------------------------------ figures and exports
    def figure_inputs(
        self,
        kind: str,
        *,
        actors: Sequence[str] | None = None,
        issues: Sequence[str] | None = None,
        title: str | None = None,
        min_tie: float | None = None,
    ) -> dict[str, Any]:
        """The keyword arguments of figure ``kind``'s drawing function, composed from this
        graph's analyses (only the chosen actors and the positions of the chosen issues;
        ``min_tie``: the weakest alignment the network draws)."""
        from .plot import figures

        figures.check_kind(kind)
        snap = self.snapshot()
        only_actors = {self.resolve(a, "actor") for a in actors} if actors else None
        only_issues = {self.resolve(i, "issue") for i in issues} if issues else None
        only_positions = (
            set(snap.positions.loc[snap.positions["issue"].isin(only_issues), "position"])
            if only_issues is not None
            else None
        )
        groups = self.coalitions().coalitions
        if kind == "network":
            check_range(min_tie, 0.0, 1.0, "min_tie")
            signed = self._signed_matrix(DEFAULT_THRESHOLD)
            total = None
            if only_actors is None and len(signed.actors) > figures.MAX_NETWORK_ACTORS:
                # Chosen on the sparse matrix first: the attributed graph of all actors (1.9M
                # edges among 5,000) is never built for a figure of 40.
                chosen = figures.network_actors(snap, signed, self.brokers())
                only_actors, total = set(chosen), len(signed.actors)
            network = self.actor_network(DEFAULT_THRESHOLD, among=only_actors)
            inputs = figures.network_inputs(
                snap, network, groups, self.brokers(), only_actors, min_tie, total
            )
        elif kind == "stances":
            inputs = figures.stances_inputs(snap, groups, only_actors, only_positions)
        elif kind == "alignment":
            inputs = figures.alignment_inputs(snap, self.alignment_matrix(), only_actors)
        elif kind == "blocking":
            inputs = figures.blocking_inputs(snap, self.blocking(), only_issues)
        elif kind == "scenarios":
            inputs = figures.scenarios_inputs(snap, self.scenarios(), only_actors)
        elif kind == "forecast":
            issue = next(iter(issues)) if issues else None
            forecast = self.forecast(issue)
            inputs = figures.forecast_inputs(
                snap, self.ideal_points(issue), forecast, self.scales(issue)
            )
        else:
            records = self.stance_records()
            inputs = figures.timeline_inputs(snap, records, only_actors, only_positions)
        return inputs | ({"title": title} if title else {})

    def plot(
        self,
        kind: str = "network",
        ax: Any = None,
        *,
        actors: Sequence[str] | None = None,
        issues: Sequence[str] | None = None,
        title: str | None = None,
        min_tie: float | None = None,
    ) -> Any:
        """Draw figure ``kind`` (network, stances, alignment, blocking, scenarios, timeline) on
        ``ax`` or a new figure sized for it; returns the Axes (shown inline in notebooks)."""
        from .plot.figures import draw

        inputs = self.figure_inputs(
            kind, actors=actors, issues=issues, title=title, min_tie=min_tie
        )
        return draw(kind, inputs, ax)

    def figure(
        self,
        kind: str,
        *,
        actors: Sequence[str] | None = None,
        issues: Sequence[str] | None = None,
        title: str | None = None,
        width: float | None = None,
        height: float | None = None,
        min_tie: float | None = None,
    ) -> Figure:
        """Figure ``kind`` as a matplotlib Figure outside pyplot (the backend is left alone),
        sized for a briefing page unless ``width``/``height`` (inches) are given."""
        from .plot.figures import new_figure

        check_range(width, 1, 100, "width (inches)")
        check_range(height, 1, 100, "height (inches)")
        inputs = self.figure_inputs(
            kind, actors=actors, issues=issues, title=title, min_tie=min_tie
        )
        return new_figure(kind, inputs, width, height)

    def diagram(
        self,
        *,
        actors: Sequence[str] | None = None,
        min_tie: float | None = None,
        title: str | None = None,
    ) -> Any:
        """The interactive relationship diagram (a :class:`~stancegraph.plot.interactive.Diagram`:
        shown inline in notebooks, ``.save(path)`` writes one self-contained HTML file): pan,
        zoom, drag; hover for stances and quotes; filter by issue, tie kind and confidence;
        search names and aliases; an as-of slider when stances carry dates."""
        from .plot import interactive

        check_range(min_tie, 0.0, 1.0, "min_tie")
        inputs = self.figure_inputs("network", actors=actors, min_tie=min_tie)
        snap = self.snapshot()
        evidence = snap.evidence.drop_duplicates("stance")[["stance", "quote"]]
        records = self.stance_records()
        records = records[records["actor"].isin(set(inputs["G"].nodes))]
        records = records.merge(evidence, on="stance", how="left")
        names = self.names.names
        aliases = names[names["name"] != ""].groupby("node")["name"].agg(list).to_dict()
        ties = run(self.store, "relationship_evidence").dropna(subset=["quote"])
        quotes = dict(zip(ties["relationship"], ties["quote"], strict=True))
        data = interactive.diagram_data(
            snap,
            inputs["G"],
            inputs["groups"],
            inputs["mediators"],
            records,
            aliases,
            quotes,
            inputs["min_tie"],
        )
        return interactive.Diagram(interactive.diagram_html(data, title or inputs["title"]))

    def show(self, **options: Any) -> Any:
        """The interactive diagram, for a notebook cell (see :meth:`diagram`)."""
        return self.diagram(**options)

    def actor_network(
        self, threshold: float = DEFAULT_THRESHOLD, *, among: set[str] | None = None
    ) -> nx.Graph:
        """The signed actor graph with the attributes Gephi and Cytoscape read (coalition,
        S-score, overlap, tie kinds, ...); of the actors ``among`` only (IRIs) when given."""
        from .export import network

        return network(*self._actor_tables(threshold, among))

    def _actor_tables(
        self, threshold: float, among: set[str] | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        from .export import actor_tables

        membership = self.coalitions(threshold).membership()
        matrix = self._signed_matrix(threshold)
        if among is not None:
            matrix = matrix.restricted([a for a in matrix.actors if a in among])
        return actor_tables(self.snapshot(), matrix, membership, self.alignment_matrix())

    def export(
        self,
        fmt: str,
        out: str | Path,
        *,
        two_mode: bool = False,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> Path:
        """Write the graph to ``out`` atomically in ``fmt``: turtle, jsonld or ntriples (the
        data), graphml or gexf (the actor network, or with ``two_mode`` the actor–position
        graph), csv (every stance record), mermaid or dot (a relationship diagram)."""
        from . import export as ex

        ex.check_format(fmt)
        data: bytes | str
        if fmt in ex.RDF_FORMATS:
            return ex.write_rdf(self.store, fmt, Path(out))
        if fmt in ("graphml", "gexf"):
            tables = (
                ex.two_mode_tables(self.snapshot()) if two_mode else self._actor_tables(threshold)
            )
            return ex.write_network(*tables, fmt, Path(out))
        if fmt == "csv":
            data = ex.stance_csv(self.snapshot(), self.stance_records())
        else:
            draw = ex.mermaid if fmt == "mermaid" else ex.dot
            data = draw(self.actor_network(threshold), self.coalitions(threshold).coalitions)
        return write_atomic(Path(out), data)

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
        # No query here: a repr must not send a request to an endpoint.
        day = self.as_of.isoformat() if self.as_of else "today"
        floor = f", min_confidence={self.min_confidence}" if self.min_confidence is not None else ""
        return f"<StanceGraph {self.store.description}, as of {day}{floor}>"


def open(
    *sources: str | Path,
    endpoint: str | None = None,
    store: str | Path | None = None,
    as_of: dt.date | str | None = None,
    veto: Sequence[str] | None = None,
    min_confidence: float | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    since: dt.date | str | None = None,
) -> StanceGraph:
    """Open a negotiation graph from RDF files or URLs (the bundled seed graph when none), a
    store directory, or a SPARQL endpoint. Settings are checked before anything is loaded.
    ``timeout`` bounds each :meth:`~StanceGraph.sparql` query (seconds); ``allow_service`` lets
    queries ask other endpoints (SERVICE), which is refused by default; ``since`` keeps the
    stance records dated from then to ``as_of`` only (see :meth:`~StanceGraph.during`)."""
    day = as_date(as_of)
    start = as_date(since, "since")
    check_window(start, day)
    confidence = check_confidence(min_confidence)
    check_timeout(timeout)
    opened = open_store(
        list(sources),
        endpoint=endpoint,
        store_dir=Path(store) if store is not None else None,
        allow_service=allow_service,
    )
    return StanceGraph(opened, day, veto, confidence, timeout, since=start)


def load(
    *sources: str | Path,
    store: str | Path,
    append: bool = False,
    step: Any = None,
) -> StanceGraph:
    """Load RDF files or URLs into the store directory ``store`` once (Oxigraph's bulk loader;
    with ``append``, into a store that already holds data), and open the graph. Later runs open
    the directory in milliseconds: ``stancegraph.open(store=...)``."""
    from .opening import load_store

    filled = load_store(list(sources), Path(store), append=append, step=step)
    return StanceGraph(filled)
