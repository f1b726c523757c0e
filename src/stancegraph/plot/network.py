"""The relationship diagram: actors as nodes, signed ties as edges, camps left and right,
mediators between them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

from ..vocab import local_name
from ._style import COALITION_COLOURS, NEGATIVE, POSITIVE, axes, wrap

UNALIGNED = "#b0b0b0"

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MARKERS = {
    "State": "o",
    "InternationalOrganization": "s",
    "Person": "^",
    "Group": "D",
}


def _type_name(iri: str | None) -> str:
    return local_name(str(iri)) if iri else "Actor"


def layout(G: nx.Graph, groups: list[list[str]], mediators: list[str]) -> dict[str, np.ndarray]:
    """A deterministic layout: the two largest camps on rings left and right, the
    ``mediators`` on the vertical axis between them, any other group in a row at the bottom.
    Nodes are placed by their number of ties (most tied nearest the middle), so the same data
    always gives the same picture."""
    pos: dict[str, np.ndarray] = {}
    mediator_set = set(mediators)
    camps = [[a for a in g if a not in mediator_set] for g in groups]
    camps = [c for c in camps if c]
    left = camps[0] if camps else []
    right = camps[1] if len(camps) > 1 else []
    rest = [a for c in camps[2:] for a in c]

    def camp(nodes: list[str], side: float) -> None:
        """A camp on a ring left (side −1) or right (+1) of the middle; its ties to each other
        become chords across the ring, its most connected member faces the middle."""
        ordered = sorted(nodes, key=lambda n: (-G.degree(n), str(n)))
        n = len(ordered)
        if n < 4:
            for i, node in enumerate(ordered):
                pos[node] = np.array([side * 1.1, (i - (n - 1) / 2) * 0.6])
            return
        radius = 0.32 * np.sqrt(n)
        centre = side * (1.15 + radius)
        facing = 0.0 if side < 0 else np.pi
        slots = sorted(range(n), key=lambda i: min(i, n - i))  # 0, 1, n-1, 2, n-2, ...
        for node, slot in zip(ordered, slots, strict=True):
            angle = facing + 2 * np.pi * slot / n
            pos[node] = np.array([centre + radius * np.cos(angle), radius * np.sin(angle)])

    camp(left, -1.0)
    camp(right, 1.0)
    mediator_order = sorted(mediators, key=lambda n: (-G.degree(n), str(n)))
    slots = sorted(range(len(mediator_order)), key=lambda i: abs(i - (len(mediator_order) - 1) / 2))
    for node, slot in zip(mediator_order, slots, strict=True):
        pos[node] = np.array([0.0, (slot - (len(mediator_order) - 1) / 2) * 0.55])
    bottom = min((p[1] for p in pos.values()), default=0.0) - 0.6
    for i, node in enumerate(sorted(rest)):
        pos[node] = np.array([(i - (len(rest) - 1) / 2) * 0.6, bottom])
    return pos


def plot_network(
    G: nx.Graph,
    *,
    labels: dict[str, str] | None = None,
    types: dict[str, str] | None = None,
    groups: list[list[str]] | None = None,
    mediators: list[str] | None = None,
    sizes: dict[str, float] | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a signed actor graph.

    Parameters
    ----------
    G
        Signed graph; edge attribute ``weight`` (its sign gives the tie's sign).
    labels, types
        Node label and actor class (IRI or local name: State, InternationalOrganization, Person,
        Group) for the marker shape.
    groups
        Coalitions (colour of the nodes; the two largest are the camps left and right).
    mediators
        Actors drawn between the camps (mediators).
    sizes
        Relative node size in [0, 1] (capability); degree when None.

    Returns
    -------
    Axes
        Nodes are drawn one collection per actor type; positive edges solid green, negative
        dashed magenta, width by |weight|.
    """
    from matplotlib.lines import Line2D

    ax = axes(ax, (11, 8))
    labels = labels or {n: str(n) for n in G.nodes}
    types = types or {}
    groups = groups or [sorted(G.nodes)]
    mediators = [m for m in (mediators or []) if m in G]
    pos = layout(G, groups, mediators)
    member = {a: k for k, grp in enumerate(groups) for a in grp if len(grp) > 1}
    max_w = max((abs(w) for _, _, w in G.edges(data="weight", default=1.0)), default=1.0) or 1.0

    for sign, colour, style in ((1, POSITIVE, "solid"), (-1, NEGATIVE, (0, (4, 3)))):
        edges = [(u, v) for u, v, w in G.edges(data="weight", default=1.0) if np.sign(w) == sign]
        widths = [0.8 + 3.2 * abs(G[u][v].get("weight", 1.0)) / max_w for u, v in edges]
        nx.draw_networkx_edges(
            G,
            pos,
            edgelist=edges,
            width=widths,
            edge_color=colour,
            style=style,
            alpha=0.75,
            ax=ax,
            arrows=False,
        )

    degree = dict(G.degree())
    top = max(degree.values(), default=1) or 1
    marker_of = {n: MARKERS.get(_type_name(types.get(n)), "h") for n in G.nodes}
    size_of = {
        n: 350 + 900 * (sizes[n] if sizes and n in sizes else degree[n] / top) for n in G.nodes
    }
    for marker in sorted(set(marker_of.values())):
        nodes = [n for n in G.nodes if marker_of[n] == marker]
        size = [size_of[n] for n in nodes]
        colours = [COALITION_COLOURS[member[n] % 6] if n in member else UNALIGNED for n in nodes]
        nx.draw_networkx_nodes(
            G,
            pos,
            nodelist=nodes,
            node_shape=marker,
            node_size=size,
            node_color=colours,
            edgecolors="white",
            linewidths=1.5,
            ax=ax,
        )

    # Labels sit outside their node, pushed away from the centre of its group, at a distance
    # in points that grows with the node, so they clear the marker at any figure size.
    by_group: dict[int, list[str]] = {}
    for node in G.nodes:
        by_group.setdefault(member.get(node, -1) if node not in mediators else -2, []).append(node)
    for group_nodes in by_group.values():
        centre = np.mean([pos[n] for n in group_nodes], axis=0)
        for node in group_nodes:
            x, y = pos[node]
            direction = np.array([x, y]) - centre
            if node in mediators or np.linalg.norm(direction) < 1e-6:
                direction = np.array([0.0, 1.0])
            direction = direction / np.linalg.norm(direction)
            radius_pt = np.sqrt(size_of[node]) / 2 + 6
            ha = "left" if direction[0] > 0.3 else ("right" if direction[0] < -0.3 else "center")
            va = "bottom" if direction[1] > 0.3 else ("top" if direction[1] < -0.3 else "center")
            ax.annotate(
                wrap(labels.get(node, node), 22),
                (x, y),
                xytext=tuple(direction * radius_pt),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=9,
                zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )

    handles = [
        Line2D([], [], color=POSITIVE, lw=2.5, label="friendly tie / agreement"),
        Line2D([], [], color=NEGATIVE, lw=2.5, ls=(0, (4, 3)), label="hostile tie / disagreement"),
    ]
    present = {_type_name(types.get(n)) for n in G.nodes}
    nice = {
        "State": "state",
        "InternationalOrganization": "international organisation",
        "Person": "person",
        "Group": "group / NGO",
    }
    handles += [
        Line2D([], [], marker=m, ls="", color="#777777", markersize=9, label=nice[t])
        for t, m in MARKERS.items()
        if t in present
    ]
    for k, grp in enumerate(groups[:6]):
        if len(grp) > 1:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    ls="",
                    color=COALITION_COLOURS[k],
                    markersize=9,
                    label=f"coalition {k + 1}",
                )
            )
    if any(n not in member for n in G.nodes):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                color=UNALIGNED,
                markersize=9,
                label="in no coalition",
            )
        )
    if mediators:
        # Mediators sit between the camps by role, but their colour is their coalition, the
        # same membership the coalitions table and the report's text give.
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                markerfacecolor="white",
                markeredgecolor="#555555",
                markersize=9,
                label="mediator: coalition colour",
            )
        )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncol=4,
        frameon=False,
        fontsize=8.5,
    )
    if mediators:
        top_y = max(pos[m][1] for m in mediators)
        ax.text(
            0,
            top_y + 0.32,
            "mediators",
            ha="center",
            va="bottom",
            fontsize=9.5,
            color="#555555",
            style="italic",
        )
    xs = [p[0] for p in pos.values()] or [0]
    ys = [p[1] for p in pos.values()] or [0]
    ax.set_xlim(min(xs) - 0.75, max(xs) + 0.75)
    ax.set_ylim(min(ys) - 0.3, max(ys) + 0.45)
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=13)
    return ax
