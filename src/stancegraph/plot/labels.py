"""Labels that no edge and no other label crosses: candidate places around each node, scored by
what they would cover (measured with the figure's own text renderer), and the measure of
collisions the tests hold at zero."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

LABEL_GID, EDGE_GID = "node-label", "edge"


def _segments(points: np.ndarray) -> np.ndarray:
    """A polyline's segments as rows x0, y0, x1, y1."""
    return np.hstack([points[:-1], points[1:]])


def _hits(segments: np.ndarray, box: tuple[float, ...]) -> np.ndarray:
    """Which segments (rows x0, y0, x1, y1, display px) pass through an axis-aligned box."""
    return _hits_many(segments, np.asarray([box], dtype=float))[0]


def _hits_many(segments: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """For each box (rows x0, y0, x1, y1) which segments pass through it, as a boxes x
    segments array: Liang–Barsky clipping, vectorised over both."""
    x0, y0, x1, y1 = (boxes[:, k : k + 1] for k in range(4))
    ax_, ay, bx, by = segments.T
    dx, dy = bx - ax_, by - ay
    shape = (len(boxes), len(segments))
    t0, t1 = np.zeros(shape), np.ones(shape)
    ok = np.ones(shape, dtype=bool)
    for p, q in ((-dx, ax_ - x0), (dx, x1 - ax_), (-dy, ay - y0), (dy, y1 - ay)):
        p = np.broadcast_to(p, shape)
        parallel = p == 0
        ok &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    return ok & (t0 <= t1)


def _segments_hit_box(points: np.ndarray, box: tuple[float, ...]) -> bool:
    """Whether a polyline (display coordinates) passes through an axis-aligned box.

    >>> _segments_hit_box(np.array([[0, 5], [10, 5]]), (4, 4, 6, 6))
    True
    >>> _segments_hit_box(np.array([[0, 0], [10, 1]]), (4, 4, 6, 6))
    False
    """
    return bool(_hits(_segments(np.asarray(points, dtype=float)), box).any())


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# Right, left, above, below first (the most natural places), then the diagonals and between.
DIRECTIONS = [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)] + [
    (round(float(np.cos(a)), 3), round(float(np.sin(a)), 3))
    for a in np.deg2rad([45, 135, 225, 315, 22.5, 157.5, 202.5, 337.5, 67.5, 112.5, 247.5, 292.5])
]
DISTANCES = (0, 6, 14, 24, 36)


def place_labels(
    ax: Axes,
    pos: dict[str, np.ndarray],
    texts: dict[str, str],
    radius_pt: dict[str, float],
    edges: list[Any],
    fontsize: float,
) -> dict[str, tuple[np.ndarray, str, str]]:
    """For every node, the label anchor (display px), ha and va that crosses the fewest edges
    and labels: 16 directions × 5 distances around the node, chosen greedily (most tied nodes
    first), then improved twice. Sizes are measured with the figure's own text renderer."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    fig = ax.figure
    px_per_pt = fig.dpi / 72.0
    renderer = RendererAgg(*fig.canvas.get_width_height(), fig.dpi)
    prop = FontProperties(size=fontsize)
    size = {}
    for node, text in texts.items():
        w = h = 0.0
        lines = text.split("\n")
        for line in lines:
            lw, lh, _ = renderer.get_text_width_height_descent(line or " ", prop, ismath=False)
            w = max(w, lw)
            h = lh
        size[node] = (w + 4 * px_per_pt, h * len(lines) * 1.25 + 3 * px_per_pt)
    to_px = ax.transData.transform
    node_px = {n: to_px(p) for n, p in pos.items()}
    edge_px = [to_px(e.path) for e in edges]
    # Every edge's segments in one array, tagged by edge: one vectorised test per candidate.
    segments = np.vstack([_segments(p) for p in edge_px]) if edge_px else np.zeros((0, 4))
    owner = (
        np.concatenate([np.full(len(p) - 1, i) for i, p in enumerate(edge_px)])
        if edge_px
        else np.zeros(0, int)
    )
    node_boxes = {
        n: (p[0] - r * px_per_pt, p[1] - r * px_per_pt, p[0] + r * px_per_pt, p[1] + r * px_per_pt)
        for n, p in node_px.items()
        for r in [radius_pt[n]]
    }
    axes_box = ax.get_window_extent().extents

    def box_for(node: str, direction: tuple[float, float], extra: float) -> tuple[float, ...]:
        w, h = size[node]
        gap = (radius_pt[node] + 3 + extra) * px_per_pt
        cx, cy = node_px[node] + np.array(direction) * gap
        dx, dy = direction
        left = cx if dx > 0.3 else (cx - w if dx < -0.3 else cx - w / 2)
        bottom = cy if dy > 0.3 else (cy - h if dy < -0.3 else cy - h / 2)
        return (left, bottom, left + w, bottom + h)

    # Every edge's first segment: the segments of one edge are consecutive in ``segments``.
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(owner) else owner
    all_boxes = np.array(list(node_boxes.values())).reshape(-1, 4)
    box_owner = list(node_boxes)

    def overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
        # How many of ``others`` each of ``boxes`` overlaps (as _overlap, all pairs at once).
        if not len(others):
            return np.zeros(len(boxes))
        a, b = boxes[:, None, :], others[None, :, :]
        hit = (a[..., 0] < b[..., 2]) & (b[..., 0] < a[..., 2])
        hit &= (a[..., 1] < b[..., 3]) & (b[..., 1] < a[..., 3])
        return hit.sum(axis=1)

    def costs(node: str, boxes: np.ndarray, chosen: dict[str, tuple[float, ...]]) -> np.ndarray:
        """The cost of each candidate box of ``node``: 100 per edge and per placed label it
        covers, 50 per node, 10 per pixel outside the axes; all candidates at once."""
        c = np.zeros(len(boxes))
        if len(segments):
            crossed = _hits_many(segments, boxes).astype(np.int8)
            c += 100 * (np.maximum.reduceat(crossed, starts, axis=1) > 0).sum(axis=1)
        placed = np.array([b for n, b in chosen.items() if n != node]).reshape(-1, 4)
        c += 100 * overlaps(boxes, placed)
        c += 50 * overlaps(boxes, all_boxes[[n != node for n in box_owner]])
        outside = (
            np.maximum(0, axes_box[0] - boxes[:, 0])
            + np.maximum(0, boxes[:, 2] - axes_box[2])
            + np.maximum(0, axes_box[1] - boxes[:, 1])
            + np.maximum(0, boxes[:, 3] - axes_box[3])
        )
        return c + 10 * outside

    candidates = {n: [(d, e, box_for(n, d, e)) for e in DISTANCES for d in DIRECTIONS] for n in pos}
    boxes_of = {n: np.array([c[2] for c in found]) for n, found in candidates.items()}
    tie = {n: [(c[1], DIRECTIONS.index(c[0])) for c in found] for n, found in candidates.items()}
    order = sorted(pos, key=lambda n: -sum(1 for e in edges if n in (e.u, e.v)))
    chosen: dict[str, tuple[float, ...]] = {}
    pick: dict[str, tuple[tuple[float, float], float]] = {}
    for _ in range(3):
        for node in order:
            cost = costs(node, boxes_of[node], chosen)
            # The cheapest; among equals the nearest, then the most natural direction.
            k = min(range(len(cost)), key=lambda i: (cost[i], *tie[node][i]))
            best = candidates[node][k]
            chosen[node], pick[node] = best[2], (best[0], best[1])
    out = {}
    for node, box in chosen.items():
        (dx, dy), _ = pick[node]
        ha = "left" if dx > 0.3 else ("right" if dx < -0.3 else "center")
        va = "bottom" if dy > 0.3 else ("top" if dy < -0.3 else "center")
        x = box[0] if ha == "left" else (box[2] if ha == "right" else (box[0] + box[2]) / 2)
        y = box[1] if va == "bottom" else (box[3] if va == "top" else (box[1] + box[3]) / 2)
        # Text is placed inside the padded box, by its own padding.
        pad = 2 * px_per_pt
        x += pad if ha == "left" else (-pad if ha == "right" else 0)
        y += pad if va == "bottom" else (-pad if va == "top" else 0)
        out[node] = (np.array([x, y]), ha, va)
    return out


def label_collisions(ax: Axes) -> tuple[int, int]:
    """How many (label, label) pairs overlap and how many (label, edge) pairs cross in a drawn
    relationship diagram — the measure its tests hold at zero."""
    fig: Any = ax.figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if hasattr(fig.canvas, "get_renderer") else FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [t.get_window_extent(renderer).extents for t in ax.texts if t.get_gid() == LABEL_GID]
    paths = [
        line.get_transform().transform(line.get_xydata())
        for line in ax.lines
        if line.get_gid() == EDGE_GID
    ]
    label_pairs = sum(
        _overlap(tuple(a), tuple(b)) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
    )
    crossings = sum(_segments_hit_box(p, tuple(b)) for b in boxes for p in paths)
    return label_pairs, crossings
