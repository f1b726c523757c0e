"""The figure kinds, one registry for the CLI, the API and the report: what each kind is called,
its default size, how its inputs are composed from the analyses' plain results, and how it is
saved (atomically, PNG/SVG/PDF by suffix).

The ``*_inputs`` functions take tables and graphs (never a store or the façade) and return the
keyword arguments of the kind's ``plot_*`` function."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._lazy import lazy
from ..analysis.forecast import scale_ends
from ..checks import check_range
from ..errors import InputError
from ..io import write_atomic
from ..vocab import NS
from .charts import plot_blocking, plot_scenarios, plot_timeline
from .forecast import plot_forecast
from .matrices import plot_alignment, plot_stances
from .network import DEFAULT_MIN_TIE, plot_network

if TYPE_CHECKING:
    import networkx as nx
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..analysis.alignment import Alignment
    from ..analysis.signed import SignedMatrix
    from ..model import Snapshot

SUFFIXES = (".png", ".svg", ".pdf")
MEDIATOR = NS + "Mediator"
#: Actors drawn in a network figure when none are chosen (the rest are named in the title).
MAX_NETWORK_ACTORS = 40
#: The most actors (and positions) a matrix figure shows unless asked for others: beyond, the
#: veto players and the most active actors, and the title says so.
MAX_MATRIX_ROWS = 60
#: Series drawn on a timeline when no actor or issue is chosen.
MAX_TIMELINE_SERIES = 20


@dataclass(frozen=True)
class Kind:
    """A figure kind: its caption in the report, default size (inches) and drawing function."""

    caption: str
    size: tuple[float, float]
    draw: Callable[..., Any]


KINDS: dict[str, Kind] = {
    "network": Kind("Relationship diagram", (12, 8.5), plot_network),
    "stances": Kind("Who supports what", (13, 10), plot_stances),
    "alignment": Kind("Alignment between actors", (10, 8.5), plot_alignment),
    "blocking": Kind("Blocking issues", (11, 6.5), plot_blocking),
    "scenarios": Kind("Agreement packages", (10, 7.5), plot_scenarios),
    "timeline": Kind("Stances over time", (12, 5.5), plot_timeline),
    "forecast": Kind("Forecast", (10, 6.5), plot_forecast),
}


def check_kind(kind: str) -> Kind:
    """The registered kind named ``kind``; an InputError lists the kinds otherwise."""
    if kind not in KINDS:
        raise InputError(f"unknown figure {kind!r}; use one of {', '.join(KINDS)}")
    return KINDS[kind]


def check_suffix(out: str | Path) -> str:
    """The figure format of ``out`` by its suffix; an InputError names the allowed ones."""
    suffix = Path(out).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"{out}: unknown figure type {suffix or '(none)'!r}; use .png, .svg or .pdf"
        )
    return suffix[1:]


def _selected(frame: pd.DataFrame, column: str, chosen: set[str] | None) -> pd.DataFrame:
    return frame if chosen is None else frame[frame[column].isin(chosen)]


def network_inputs(
    snap: Snapshot,
    network: nx.Graph,
    coalitions: list[list[str]],
    brokers: pd.DataFrame,
    only_actors: set[str] | None = None,
    min_tie: float | None = None,
    total: int | None = None,
) -> dict[str, Any]:
    """The actor network (signed graph with tie kinds and S-scores) with the coalitions as
    camps; the mediators (role sg:Mediator, or else the brokers with a positive score) drawn
    between them; capability as node size; alignment below ``min_tie`` left out. ``total``:
    the number of actors of the whole graph when ``network`` holds only those chosen by
    :func:`network_actors` (the title says so)."""
    G = network.subgraph(only_actors).copy() if only_actors is not None else network
    mediators = network_mediators(snap, brokers, set(G.nodes))
    shown = ""
    if total is not None and total > G.number_of_nodes():
        shown = f" — the {G.number_of_nodes()} most connected of {total:,} actors"
    # Coalitions of two or more (in the whole graph), as many as are drawn; an actor in a group
    # of its own is "in no coalition".
    groups = [[a for a in grp if a in G] for grp in coalitions if len(grp) > 1]
    groups = sorted((g for g in groups if g), key=len, reverse=True)  # the largest drawn: camps
    # One camp holding every actor drawn leaves nothing to draw but ties (agreement inside a
    # camp is not drawn): the title says why, or the figure reads as a blank ring.
    if len(groups) == 1 and len(groups[0]) == G.number_of_nodes() > 1:
        shown += "\nevery actor drawn is in one coalition, and agreement inside it is not drawn"
    capability = snap.actors.set_index("actor")["capability"].dropna()
    return {
        "G": G,
        "labels": snap.labels,
        "types": dict(zip(snap.actors["actor"], snap.actors["type"], strict=True)),
        "groups": [grp for grp in groups if grp],
        "mediators": mediators,
        "sizes": capability.astype(float).to_dict() if len(capability) else None,
        "min_tie": DEFAULT_MIN_TIE if min_tie is None else min_tie,
        "title": f"Who works with whom — ties and alignment, as of {snap.as_of}{shown}",
    }


def network_mediators(snap: Snapshot, brokers: pd.DataFrame, among: set[str]) -> list[str]:
    """The actors with role sg:Mediator, or else the brokers with a positive score."""
    roles = dict(zip(snap.actors["actor"], snap.actors["roles"], strict=True))
    mediators = [a for a in snap.actors["actor"] if a in among and MEDIATOR in roles.get(a, [])]
    if not mediators:
        mediators = [a for a in brokers.loc[brokers["score"] > 0, "actor"] if a in among]
    return mediators


def network_actors(snap: Snapshot, signed: SignedMatrix, brokers: pd.DataFrame) -> list[str]:
    """The actors a briefing figure of a large graph shows (a hairball of hundreds helps
    nobody): the veto players, five mediators, then the most connected actors (Σ |tie weight|,
    ties by label), ``MAX_NETWORK_ACTORS`` in all."""
    strength = dict(zip(signed.actors, signed.strength().tolist(), strict=True))
    mediators = network_mediators(snap, brokers, set(signed.actors))
    keep = [*snap.veto, *mediators[:5]]
    keep += sorted(signed.actors, key=lambda a: (-strength[a], snap.label(a)))
    return list(dict.fromkeys(a for a in keep if a in strength))[:MAX_NETWORK_ACTORS]


def stances_inputs(
    snap: Snapshot,
    coalitions: list[list[str]],
    only_actors: set[str] | None = None,
    only_positions: set[str] | None = None,
) -> dict[str, Any]:
    """The current stances, actors ordered by coalition then name, positions by issue; of a
    large graph, the veto players and the most active actors and the positions they take most
    stances on (``MAX_MATRIX_ROWS`` of each), said in the title."""
    stances = _selected(_selected(snap.stances, "actor", only_actors), "position", only_positions)
    shown = ""
    if only_actors is None and stances["actor"].nunique() > MAX_MATRIX_ROWS:
        chosen = _most_active(snap, stances)
        shown = f" — the {len(chosen)} most active of {stances['actor'].nunique():,} actors"
        stances = stances[stances["actor"].isin(chosen)]
    if only_positions is None and stances["position"].nunique() > MAX_MATRIX_ROWS:
        counts = stances["position"].value_counts(sort=False)
        top = counts.sort_values(ascending=False, kind="stable").index[:MAX_MATRIX_ROWS]
        shown += f"{' and' if shown else ' —'} their {len(top)} most taken positions"
        stances = stances[stances["position"].isin(set(top))]
    member = {a: k for k, grp in enumerate(coalitions) for a in grp}
    actor_order = sorted(
        set(stances["actor"]), key=lambda a: (member.get(a, 99), snap.label(a).casefold())
    )
    positions = snap.positions[snap.positions["position"].isin(set(stances["position"]))]
    positions = positions.assign(
        _issue=positions["issue_label"].fillna("~"), _label=positions["label"].str.casefold()
    ).sort_values(["_issue", "_label"])
    return {
        "stances": stances,
        "actor_order": actor_order,
        "position_order": positions["position"].tolist(),
        "labels": snap.labels,
        "issue_of": dict(zip(positions["position"], positions["issue"], strict=True)),
        "actor_groups": member,
        "title": f"Who supports what, as of {snap.as_of}{shown}",
    }


def _most_active(snap: Snapshot, stances: pd.DataFrame) -> set[str]:
    """The veto players, then the actors with the most current stances (ties by name), up to
    ``MAX_MATRIX_ROWS``."""
    counts = stances["actor"].value_counts()
    ranked = sorted(counts.index, key=lambda a: (-counts[a], snap.label(a)))
    keep = [a for a in snap.veto if a in counts.index] + ranked
    return set(list(dict.fromkeys(keep))[:MAX_MATRIX_ROWS])


def alignment_inputs(
    snap: Snapshot, alignment: Alignment, only_actors: set[str] | None = None
) -> dict[str, Any]:
    """The S-score matrix of the actors with at least one stance; of a large graph, the veto
    players and the most active actors (``MAX_MATRIX_ROWS``), said in the title."""
    counts = alignment.counts()
    keep = [
        i
        for i, a in enumerate(alignment.actors)
        if counts[i] > 0 and (only_actors is None or a in only_actors)
    ]
    shown = ""
    if only_actors is None and len(keep) > MAX_MATRIX_ROWS:
        chosen = _most_active(snap, snap.stances)
        shown = f" — the {len(chosen)} most active of {len(keep):,} actors"
        keep = [i for i in keep if alignment.actors[i] in chosen]
    values, overlap = alignment.block(keep, keep)
    return {
        "values": values,
        "actors": [alignment.actors[i] for i in keep],
        "labels": snap.labels,
        "overlap": overlap,
        "title": f"Alignment (S-score) between actors, as of {snap.as_of}{shown}",
    }


def blocking_inputs(
    snap: Snapshot, blocking: pd.DataFrame, only_issues: set[str] | None = None
) -> dict[str, Any]:
    """The blocking table (of the chosen issues)."""
    names = ", ".join(snap.label(v) for v in snap.veto)
    return {
        "blocking": _selected(blocking, "issue", only_issues),
        "labels": snap.labels,
        "title": f"Issues that block a deal among {names}, as of {snap.as_of}",
    }


def scenarios_inputs(
    snap: Snapshot, verdicts: pd.DataFrame, only_actors: set[str] | None = None
) -> dict[str, Any]:
    """The verdicts of the chosen actors (the veto players always shown)."""
    if only_actors is not None:
        verdicts = verdicts[verdicts["actor"].isin(only_actors) | verdicts["veto"]]
    return {
        "verdicts": verdicts,
        "labels": snap.labels,
        "title": f"Which agreement packages each side accepts, as of {snap.as_of}",
    }


def timeline_inputs(
    snap: Snapshot,
    records: pd.DataFrame,
    only_actors: set[str] | None = None,
    only_positions: set[str] | None = None,
) -> dict[str, Any]:
    """Every stance record of the chosen actors and positions; with no choice, the dated series
    (or else the veto players'), at most ``MAX_TIMELINE_SERIES`` of them."""
    records = _selected(_selected(records, "actor", only_actors), "position", only_positions)
    if only_actors is None and only_positions is None:
        # The veto players' dated series (a timeline is about the parties' moves), else any.
        dated = records[records["valid_from"].notna() | records["valid_until"].notna()]
        pairs = dated[["actor", "position"]].drop_duplicates()
        if pairs.empty:
            pairs = records[["actor", "position"]].drop_duplicates()
        parties = pairs[pairs["actor"].isin(snap.veto)]
        pairs = parties if len(parties) else pairs
        records = records.merge(pairs.head(MAX_TIMELINE_SERIES), on=["actor", "position"])
    return {
        "records": records,
        "labels": snap.labels,
        "as_of": snap.as_of,
        "title": "Stances over time",
    }


def forecast_inputs(
    snap: Snapshot, points: pd.DataFrame, forecast: pd.DataFrame, scales: pd.DataFrame
) -> dict[str, Any]:
    """One issue's ideal points, positions and predictions (the first issue of ``forecast``)."""
    issue = forecast["issue"].iloc[0]
    rows = forecast[(forecast["issue"] == issue) & forecast["value"].notna()]
    if rows.empty:
        missing = ", ".join(snap.label(a) for a in forecast["missing"].iloc[0])
        raise InputError(f"no forecast for {snap.label(issue)}: capability missing for {missing}")
    on = scales[scales["issue"] == issue]
    lo, hi = (float(v) for v in scale_ends(on).loc[issue, ["lo", "hi"]])
    return {
        "points": points[points["issue"] == issue],
        "positions": on,
        "predictions": dict(zip(rows["model"], rows["value"].astype(float), strict=True)),
        "labels": snap.labels,
        "scale": (lo, hi),
        "title": f"Where {snap.label(issue)} may land: the actors' ideal points and the models",
    }


def draw(kind: str, inputs: dict[str, Any], ax: Axes | None = None) -> Axes:
    """Draw ``kind`` from its ``*_inputs`` on ``ax`` (a new figure of the kind's size when
    None, through pyplot so that notebooks show it); returns the Axes."""
    spec = check_kind(kind)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=spec.size, layout="constrained")
    return spec.draw(**inputs, ax=ax)


def new_figure(
    kind: str, inputs: dict[str, Any], width: float | None = None, height: float | None = None
) -> Figure:
    """A figure of ``kind`` outside pyplot (no backend is chosen or changed: safe inside a
    notebook), sized for a briefing page unless ``width``/``height`` (inches) say otherwise
    (a width alone keeps the kind's proportions)."""
    from matplotlib.figure import Figure

    spec = check_kind(kind)
    w = width or spec.size[0]
    # A width alone keeps the kind's proportions; a height alone keeps its default width.
    h = height or spec.size[1] * w / spec.size[0]
    fig = Figure(figsize=(w, h), layout="constrained")
    spec.draw(**inputs, ax=fig.add_subplot())
    return fig


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def save(fig: Figure, out: str | Path, dpi: int = 150) -> Path:
    """Write ``fig`` to ``out`` (PNG, SVG or PDF by suffix) atomically: an existing file is
    never left half-written."""
    fmt = check_suffix(out)
    check_range(dpi, 10, 1200, "dpi", integer=True)
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=dpi, format=fmt)
    return write_atomic(Path(out), buffer.getvalue())
