"""Compose the figures of a :class:`~stancegraph.api.StanceGraph` (data from the analyses, drawing
from :mod:`stancegraph.plot`) and save them atomically."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .api import StanceGraph
from .errors import InputError
from .io import write_atomic
from .model import stance_records
from .vocab import NS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

KINDS = ("network", "stances", "alignment", "blocking", "scenarios", "timeline")
SUFFIXES = (".png", ".svg", ".pdf")
MEDIATOR = NS + "Mediator"
MAX_TIMELINE_SERIES = 12


def _selection(
    g: StanceGraph, actors: Sequence[str] | None, issues: Sequence[str] | None
) -> tuple[set[str] | None, set[str] | None]:
    chosen_actors = {g.resolve(a, "actor") for a in actors} if actors else None
    chosen_positions = None
    if issues:
        wanted = {g.resolve(i, "issue") for i in issues}
        positions = g.snapshot().positions
        chosen_positions = set(positions.loc[positions["issue"].isin(wanted), "position"])
    return chosen_actors, chosen_positions


def _coalition_order(g: StanceGraph) -> tuple[list[list[str]], dict[str, int]]:
    groups = g.coalitions().coalitions
    return groups, {a: k for k, grp in enumerate(groups) for a in grp}


def draw(
    g: StanceGraph,
    kind: str,
    ax: Any = None,
    *,
    actors: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    title: str | None = None,
) -> Any:
    """Draw figure ``kind`` of ``g`` on ``ax`` (the current axes when None); return the Axes."""
    from . import plot

    if kind not in KINDS:
        raise InputError(f"unknown figure {kind!r}; use one of {', '.join(KINDS)}")
    snap = g.snapshot()
    labels = snap.labels
    only_actors, only_positions = _selection(g, actors, issues)
    stances = snap.stances
    if only_actors is not None:
        stances = stances[stances["actor"].isin(only_actors)]
    if only_positions is not None:
        stances = stances[stances["position"].isin(only_positions)]
    day = snap.as_of.isoformat()

    if kind == "network":
        G = g.signed_graph()
        if only_actors is not None:
            G = G.subgraph(only_actors).copy()
        groups, _ = _coalition_order(g)
        groups = [[a for a in grp if a in G] for grp in groups]
        groups = [grp for grp in groups if grp]
        roles = dict(zip(snap.actors["actor"], snap.actors["roles"], strict=True))
        middle = [a for a in G.nodes if MEDIATOR in roles.get(a, [])]
        if not middle:
            brokers = g.brokers()
            middle = [a for a in brokers.loc[brokers["score"] > 0, "actor"] if a in G]
        capability = snap.actors.set_index("actor")["capability"].dropna()
        sizes = capability.astype(float).to_dict() if len(capability) else None
        types = dict(zip(snap.actors["actor"], snap.actors["type"], strict=True))
        return plot.plot_network(
            G,
            labels=labels,
            types=types,
            groups=groups,
            middle=middle,
            sizes=sizes,
            title=title or f"Who works with whom — signed ties and alignment, as of {day}",
            ax=ax,
        )
    if kind == "stances":
        _, member = _coalition_order(g)
        present = set(stances["actor"])
        actor_order = sorted(
            present, key=lambda a: (member.get(a, 99), str(labels.get(a, a)).casefold())
        )
        positions = snap.positions[snap.positions["position"].isin(set(stances["position"]))]
        positions = positions.assign(
            _issue=positions["issue_label"].fillna("~"), _label=positions["label"].str.casefold()
        ).sort_values(["_issue", "_label"])
        return plot.plot_stances(
            stances,
            actor_order=actor_order,
            position_order=positions["position"].tolist(),
            labels=labels,
            issue_of=dict(zip(positions["position"], positions["issue"], strict=True)),
            actor_groups=member,
            title=title or f"Who supports what, as of {day}",
            ax=ax,
        )
    if kind == "alignment":
        al = g.alignment()
        keep = [
            i
            for i, a in enumerate(al.actors)
            if al.overlap[i, i] > 0 and (only_actors is None or a in only_actors)
        ]
        values = al.values[keep][:, keep]
        return plot.plot_alignment(
            values,
            [al.actors[i] for i in keep],
            labels=labels,
            overlap=al.overlap[keep][:, keep],
            title=title or f"Alignment (S-score) between actors, as of {day}",
            ax=ax,
        )
    if kind == "blocking":
        table = g.blocking()
        if issues:
            wanted = {g.resolve(i, "issue") for i in issues}
            table = table[table["issue"].isin(wanted)]
        names = ", ".join(labels.get(v, v) for v in snap.veto)
        return plot.plot_blocking(
            table,
            labels=labels,
            title=title or f"Issues that block a deal among {names}, as of {day}",
            ax=ax,
        )
    if kind == "scenarios":
        verdicts = g.scenarios()
        if only_actors is not None:
            verdicts = verdicts[verdicts["actor"].isin(only_actors) | verdicts["veto"]]
        return plot.plot_scenarios(
            verdicts,
            labels=labels,
            title=title or f"Which agreement packages each side accepts, as of {day}",
            ax=ax,
        )
    records = stance_records(g.store)
    if only_actors is not None:
        records = records[records["actor"].isin(only_actors)]
    if only_positions is not None:
        records = records[records["position"].isin(only_positions)]
    if only_actors is None and only_positions is None:
        dated = records[records["valid_from"].notna() | records["valid_until"].notna()]
        pairs = dated[["actor", "position"]].drop_duplicates()
        if pairs.empty:
            pairs = records[records["actor"].isin(snap.veto)][
                ["actor", "position"]
            ].drop_duplicates()
        records = records.merge(pairs.head(MAX_TIMELINE_SERIES), on=["actor", "position"])
    return plot.plot_timeline(
        records, labels=labels, as_of=snap.as_of, title=title or "Stances over time", ax=ax
    )


FIGURE_SIZES: dict[str, tuple[float, float]] = {
    "network": (12, 8.5),
    "stances": (13, 10),
    "alignment": (10, 8.5),
    "blocking": (11, 6.5),
    "scenarios": (10, 7.5),
    "timeline": (12, 5.5),
}


def figure(
    g: StanceGraph,
    kind: str,
    *,
    actors: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    title: str | None = None,
    width: float | None = None,
    height: float | None = None,
) -> Figure:
    """A new figure of ``kind``, sized for a briefing page (inches; overridable)."""
    from matplotlib.figure import Figure

    if kind not in KINDS:
        raise InputError(f"unknown figure {kind!r}; use one of {', '.join(KINDS)}")
    default_w, default_h = FIGURE_SIZES[kind]
    fig = Figure(figsize=(width or default_w, height or default_h), layout="constrained")
    draw(g, kind, fig.add_subplot(), actors=actors, issues=issues, title=title)
    return fig


def save(fig: Figure, out: Path, dpi: int = 150) -> Path:
    """Write ``fig`` to ``out`` (PNG, SVG or PDF by suffix) atomically: an existing file is
    never left half-written."""
    suffix = Path(out).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"{out}: unknown figure type {suffix or '(none)'!r}; use .png, .svg or .pdf"
        )
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=dpi, format=suffix[1:])
    return write_atomic(Path(out), buffer.getvalue())
