"""The relationship diagram: the coalitions as shaded camps left and right, the mediators between
them, explicit ties always drawn, alignment drawn where it says something a camp does not (across
camps, or hostile inside one), cross-camp edges bundled through the middle, and labels placed
where no edge and no other label crosses them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .._lazy import lazy
from ..errors import InputError
from ..vocab import local_name
from ._style import COALITION_COLOURS, NEGATIVE, POSITIVE, axes, wrap
from .labels import EDGE_GID, LABEL_GID, place_labels

if TYPE_CHECKING:
    import networkx as nx
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")

if TYPE_CHECKING:
    from matplotlib.axes import Axes

UNALIGNED = "#b0b0b0"
MARKERS = {"State": "o", "InternationalOrganization": "s", "Person": "^", "Group": "D"}
NICE_TYPES = {
    "State": "state",
    "InternationalOrganization": "international organisation",
    "Person": "person",
    "Group": "group / NGO",
}
#: Alignment edges weaker than this are not drawn (explicit ties always are): ``--min-tie``.
DEFAULT_MIN_TIE = 0.5


def _type_name(iri: str | None) -> str:
    return local_name(str(iri)) if iri else "Actor"


def layout(G: nx.Graph, groups: list[list[str]], mediators: list[str]) -> dict[str, np.ndarray]:
    """A deterministic layout: the two largest camps on rings left and right, the
    ``mediators`` in a row below the gap between them, any other actor in a row at the bottom.
    Nodes are placed by their number of ties (most tied facing the middle), so the same data
    always gives the same picture."""
    pos: dict[str, np.ndarray] = {}
    mediator_set = set(mediators)
    camps = [[a for a in g if a not in mediator_set] for g in groups]
    camps = [c for c in camps if c]
    left = camps[0] if camps else []
    right = camps[1] if len(camps) > 1 else []
    placed = set(left) | set(right) | mediator_set
    rest = sorted(a for a in G.nodes if a not in placed)

    def camp(nodes: list[str], side: float) -> None:
        ordered = sorted(nodes, key=lambda n: (-G.degree(n), str(n)))
        n = len(ordered)
        radius = max(0.35, 0.3 * np.sqrt(n))
        centre = side * (1.2 + radius)
        facing = 0.0 if side < 0 else np.pi
        slots = sorted(range(n), key=lambda i: min(i, n - i))  # 0, 1, n-1, 2, n-2, ...
        for node, slot in zip(ordered, slots, strict=True):
            angle = facing + 2 * np.pi * slot / n
            pos[node] = np.array([centre + radius * np.cos(angle), radius * np.sin(angle)])

    camp(left, -1.0)
    camp(right, 1.0)
    low = min((p[1] for p in pos.values()), default=0.0)

    def row(nodes: list[str], y: float, spacing: float) -> None:
        for i, node in enumerate(nodes):
            pos[node] = np.array([(i - (len(nodes) - 1) / 2) * spacing, y])

    ordered_mediators = sorted(mediators, key=lambda n: (-G.degree(n), str(n)))
    row(ordered_mediators, low - 0.45 if camps else 0.0, 0.9)
    row(rest, min((p[1] for p in pos.values()), default=0.0) - 0.75, 1.1)
    return pos


@dataclass(frozen=True)
class Edge:
    u: str
    v: str
    weight: float
    explicit: bool  # an sg:Relationship between the two (else alignment only)
    path: np.ndarray  # points in data coordinates
    count: int = 1  # alignment pairs this edge stands for (a bundle when > 1)


def _curve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A straight path, or for ends on either side of the middle a curve bent through it, so
    the edges between the camps read as one bundle."""
    if np.sign(a[0]) * np.sign(b[0]) < 0 and abs(a[0]) > 0.5 and abs(b[0]) > 0.5:
        control = 0.25 * (a + b) / 2 + 0.75 * np.array([0.0, 0.1])
        t = np.linspace(0, 1, 24)[:, None]
        return (1 - t) ** 2 * a + 2 * (1 - t) * t * control + t**2 * b
    return np.array([a, b])


#: Alignment edges between one end (an actor, or a whole camp) and another, of one sign, are
#: merged into one bundle from this many on (its width gives the count).
BUNDLE_AT = 4


def bundle_width(count: int) -> float:
    """Line width of a bundle of ``count`` alignment pairs (points)."""
    return float(1.5 + 2.0 * np.log2(count))


def edges_to_draw(
    G: nx.Graph,
    member: dict[str, int],
    pos: dict[str, np.ndarray],
    min_tie: float,
    camps: int = 2,
) -> list[Edge]:
    """The edges worth drawing, with their paths: explicit ties always; alignment when
    |S| >= ``min_tie`` and it crosses camps or is hostile inside one (a camp already says its
    members agree). Alignment edges of one sign between the same two ends — an actor, or one of
    the ``camps`` as a whole — merge into one bundle from ``BUNDLE_AT`` on, drawn from the
    camp's rim: hundreds of pairwise edges between two blocs read as one band and a count."""
    out: list[Edge] = []
    bundles: dict[tuple[str, str, int], list[tuple[str, str, float]]] = {}

    def end(node: str) -> str:
        return f"camp {member[node]}" if member.get(node, camps) < camps else node

    for u, v, data in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        weight = float(data.get("weight", 1.0))
        explicit = bool(data.get("kinds"))
        same = u in member and member.get(u) == member.get(v)
        strength = abs(float(data.get("sscore", weight)))
        if not explicit and (strength < min_tie or (same and weight > 0)):
            continue
        if explicit:
            out.append(Edge(u, v, weight, True, _curve(pos[u], pos[v])))
            continue
        a, b = sorted((end(u), end(v)))
        bundles.setdefault((a, b, 1 if weight > 0 else -1), []).append((u, v, weight))
    centre = {
        f"camp {k}": np.mean([pos[n] for n, c in member.items() if c == k and n in pos], axis=0)
        for k in range(camps)
        if any(c == k for c in member.values())
    }
    for (a, b, _), pairs in sorted(bundles.items()):
        if len(pairs) < BUNDLE_AT or a == b:
            out += [Edge(u, v, w, False, _curve(pos[u], pos[v])) for u, v, w in pairs]
            continue
        points = {}
        for key, other in ((a, b), (b, a)):
            if key in centre:
                target = pos[other] if other in pos else centre[other]
                ring = [pos[n] for n, c in member.items() if f"camp {c}" == key and n in pos]
                radius = max(float(np.linalg.norm(p - centre[key])) for p in ring)
                direction = target - centre[key]
                # Just outside the ring, so a band never seems to end on one member.
                points[key] = centre[key] + direction / (np.linalg.norm(direction) or 1.0) * (
                    radius + 0.3
                )
            else:
                points[key] = pos[key]
        weight = float(np.mean([w for *_, w in pairs]))
        first = pairs[0]
        out.append(
            Edge(first[0], first[1], weight, False, _curve(points[a], points[b]), len(pairs))
        )
    return out


def plot_network(
    G: nx.Graph,
    *,
    labels: dict[str, str] | None = None,
    types: dict[str, str] | None = None,
    groups: list[list[str]] | None = None,
    mediators: list[str] | None = None,
    sizes: dict[str, float] | None = None,
    min_tie: float = DEFAULT_MIN_TIE,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a signed actor graph for a briefing.

    Parameters
    ----------
    G
        Signed actor graph; edge ``weight`` (its sign is the tie's sign), and where known
        ``kinds`` (explicit relation kinds: an explicit tie) and ``sscore``.
    labels, types
        Node label and actor class (IRI or local name: State, InternationalOrganization, Person,
        Group) for the marker shape.
    groups
        Coalitions (every actor in none is drawn "in no coalition"): the first two are the
        shaded camps left and right.
    mediators
        Actors drawn between the camps.
    sizes
        Relative node size in [0, 1] (capability); number of ties when None.
    min_tie
        Alignment weaker than this is not drawn (explicit ties always are).

    Returns
    -------
    Axes
        Every encoding is in the legend: colour = coalition, shape = actor type, size =
        capability (or ties), solid green = friendly, dashed magenta = hostile, width = |weight|,
        thin = alignment only, thick outline = explicit tie.
    """
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.patches import Polygon

    if G.number_of_nodes() == 0:
        raise InputError("no actor to draw: the selection is empty")
    ax = axes(ax, (12, 8.5))
    fig: Any = ax.figure
    if fig.get_layout_engine() is not None:
        fig.set_layout_engine("none")  # this figure places its own legend and title
    labels = labels or {n: str(n) for n in G.nodes}
    types = types or {}
    groups = [g for g in (groups or [sorted(G.nodes)]) if g]
    mediators = [m for m in (mediators or []) if m in G]
    pos = layout(G, groups, mediators)
    member = {a: k for k, grp in enumerate(groups) for a in grp}
    edges = edges_to_draw(G, member, pos, min_tie)
    width_in, height_in = fig.get_size_inches()
    fontsize = float(np.clip(width_in * 0.75, 6.5, 9.5))
    scale = float(np.clip(width_in / 12, 0.45, 1.0))  # markers shrink with the page

    max_w = max((abs(e.weight) for e in edges), default=1.0) or 1.0
    counts = [e.count for e in edges if e.count > 1]
    handles = _legend(G, types, groups, member, mediators, sizes, max_w, min_tie, counts)
    legend = fig.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.005),
        ncol=4 if width_in >= 10 else (3 if width_in >= 7 else 2),
        frameon=False,
        fontsize=fontsize - 0.5,
        handlelength=2.4,
        columnspacing=1.2,
    )
    canvas_w, canvas_h = fig.canvas.get_width_height()
    renderer = RendererAgg(canvas_w, canvas_h, fig.dpi)
    legend_h = legend.get_window_extent(renderer).height / (height_in * fig.dpi)
    title_h = (fontsize + 3.5) * 2.2 / 72 / height_in if title else 0.02
    ax.set_position((0.01, legend_h + 0.02, 0.98, max(0.3, 0.98 - title_h - legend_h - 0.02)))

    xs = np.array([p[0] for p in pos.values()] or [0.0])
    ys = np.array([p[1] for p in pos.values()] or [0.0])
    span_x, span_y = xs.max() - xs.min() + 1e-9, ys.max() - ys.min() + 1e-9
    ax.set_xlim(xs.min() - 0.22 * span_x - 0.3, xs.max() + 0.22 * span_x + 0.3)
    ax.set_ylim(ys.min() - 0.12 * span_y - 0.25, ys.max() + 0.12 * span_y + 0.25)
    ax.set_axis_off()

    # The camps: a shaded hull around each of the two rings (other coalitions sit in a row).
    for k, grp in enumerate(groups[:2]):
        points = np.array([pos[a] for a in grp if a in pos and a not in mediators])
        if len(points) < 1:
            continue
        centre = points.mean(axis=0)
        angles = np.linspace(0, 2 * np.pi, 60)
        spread = np.abs(points - centre).max(axis=0) + 0.28
        ring = centre + np.c_[np.cos(angles) * spread[0], np.sin(angles) * spread[1]]
        ax.add_patch(
            Polygon(ring, closed=True, fc=COALITION_COLOURS[k % 8], alpha=0.1, ec="none", zorder=0)
        )

    for e in edges:
        colour = POSITIVE if e.weight > 0 else NEGATIVE
        style = "-" if e.weight > 0 else (0, (4, 3))
        width = 0.8 + 3.2 * abs(e.weight) / max_w
        if e.count > 1:  # a bundle: solid, as wide as its count says (see the legend)
            width, style = bundle_width(e.count), "-"
        ax.plot(
            e.path[:, 0],
            e.path[:, 1],
            color=colour,
            lw=width if e.explicit or e.count > 1 else width * 0.6,
            ls=style,
            alpha=0.85 if e.explicit else (0.35 if e.count > 1 else 0.55),
            zorder=1,
            gid=EDGE_GID,
            solid_capstyle="round",
        )

    ties = {n: 0 for n in G.nodes}
    for e in edges:
        ties[e.u] += 1
        ties[e.v] += 1
    top = max(ties.values(), default=1) or 1
    marker_of = {n: MARKERS.get(_type_name(types.get(n)), "h") for n in G.nodes}
    value = {n: (sizes[n] if sizes and n in sizes else ties[n] / top) for n in G.nodes}
    area = {n: (120 + 700 * value[n]) * scale**2 for n in G.nodes}
    for marker in sorted(set(marker_of.values())):
        nodes = [n for n in G.nodes if marker_of[n] == marker]
        ax.scatter(
            [pos[n][0] for n in nodes],
            [pos[n][1] for n in nodes],
            s=[area[n] for n in nodes],
            marker=marker,
            c=[COALITION_COLOURS[member[n] % 8] if n in member else UNALIGNED for n in nodes],
            edgecolors="white",
            linewidths=1.5,
            zorder=3,
            gid="node",
        )

    texts = {n: wrap(labels.get(n, str(n)), 20) for n in G.nodes}
    radius_pt = {n: np.sqrt(area[n]) / 2 for n in G.nodes}
    placed = place_labels(ax, pos, texts, radius_pt, edges, fontsize)
    inverse = ax.transData.inverted().transform
    for node, (anchor, ha, va) in placed.items():
        x, y = inverse(anchor)
        ax.text(
            x,
            y,
            texts[node],
            ha=ha,
            va=va,
            fontsize=fontsize,
            zorder=5,
            gid=LABEL_GID,
            linespacing=1.1,
        )

    if title:
        fig.suptitle(title, fontsize=fontsize + 3.5, y=0.985)
    return ax


def _legend(
    G: nx.Graph,
    types: dict[str, str],
    groups: list[list[str]],
    member: dict[str, int],
    mediators: list[str],
    sizes: dict[str, float] | None,
    max_w: float,
    min_tie: float,
    bundles: list[int] | None = None,
) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    thin = 0.8 + 3.2 * 0.5 / max_w
    handles: list[Any] = [
        Line2D([], [], color=POSITIVE, lw=2.5, label="friendly tie"),
        Line2D([], [], color=NEGATIVE, lw=2.5, ls=(0, (4, 3)), label="hostile tie"),
        Line2D([], [], color=POSITIVE, lw=1.2, alpha=0.55, label=f"aligned, S ≥ {min_tie:g}"),
        Line2D(
            [],
            [],
            color=NEGATIVE,
            lw=1.2,
            alpha=0.55,
            ls=(0, (4, 3)),
            label=f"opposed, S ≤ −{min_tie:g}",
        ),
        Line2D([], [], color="#666666", lw=thin, label="thin: |weight| 0.5"),
        Line2D([], [], color="#666666", lw=4.0, label=f"thick: |weight| {max_w:.1f}"),
    ]
    for count in sorted({min(bundles), max(bundles)}) if bundles else []:
        handles.append(
            Line2D(
                [],
                [],
                color="#999999",
                alpha=0.5,
                lw=bundle_width(count),
                label=f"band: {count} aligned/opposed pairs",
            )
        )
    present = {_type_name(types.get(n)) for n in G.nodes}
    handles += [
        Line2D([], [], marker=m, ls="", color="#777777", markersize=7, label=NICE_TYPES[t])
        for t, m in MARKERS.items()
        if t in present
    ]
    what = "capability" if sizes else "ties drawn"
    handles += [
        Line2D(
            [], [], marker="o", ls="", color="#999999", markersize=4, label=f"small: low {what}"
        ),
        Line2D(
            [], [], marker="o", ls="", color="#999999", markersize=10, label=f"large: high {what}"
        ),
    ]
    for k, grp in enumerate(groups[:8]):
        if grp:
            handles.append(
                Patch(fc=COALITION_COLOURS[k % 8], alpha=0.55, label=f"coalition {k + 1}")
            )
    handles.append(Patch(fc="#dddddd", label="shaded: a camp (agreement inside not drawn)"))
    if any(n not in member for n in G.nodes):
        handles.append(
            Line2D(
                [], [], marker="o", ls="", color=UNALIGNED, markersize=7, label="in no coalition"
            )
        )
    if mediators:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                markerfacecolor="white",
                markeredgecolor="#555555",
                markersize=7,
                label="mediators: middle row",
            )
        )
    return handles
