"""Matrix figures: the actor x position stance heatmap and the clustered alignment matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import InputError
from ._style import DIVERGING, MISSING, axes, diverging_norm, font, page_scale, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def plot_stances(
    stances: pd.DataFrame,
    *,
    actor_order: list[str],
    position_order: list[str],
    labels: dict[str, str],
    issue_of: dict[str, str] | None = None,
    actor_groups: dict[str, int] | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Position x actor heatmap of current polarity (positions as rows, so their names read
    horizontally).

    Diverging colours centred on 0 (blue supports, red opposes, white neutral); a missing
    stance is light grey with a dot, never white. Positions are grouped by issue (issue names
    at the right, a line between issues), actors by coalition (a line between groups).
    """
    if stances.empty or not actor_order or not position_order:
        raise InputError(
            "no current stance among the chosen actors and issues: there is nothing to draw"
        )
    ax = axes(ax, (max(8, 0.55 * len(actor_order) + 8), max(4, 0.34 * len(position_order) + 2.5)))
    table = stances.pivot_table(
        index="position", columns="actor", values="polarity", aggfunc="mean"
    )
    grid = table.reindex(index=position_order, columns=actor_order).to_numpy(dtype=float)
    missing = np.isnan(grid)
    from matplotlib.colors import ListedColormap

    ax.imshow(
        np.where(missing, 1.0, np.nan),
        cmap=ListedColormap([MISSING]),
        aspect="auto",
        interpolation="nearest",
    )
    image = ax.imshow(
        np.ma.masked_invalid(grid),
        cmap=DIVERGING,
        norm=diverging_norm(),
        aspect="auto",
        interpolation="nearest",
    )
    rows, cols = np.nonzero(missing)
    ax.scatter(cols, rows, s=4, c="#aaaaaa", marker="o", linewidths=0)
    inferred = np.zeros_like(missing)
    if "explicit" in stances:
        weak = stances.assign(_weak=~stances["explicit"].astype(bool)).pivot_table(
            index="position", columns="actor", values="_weak", aggfunc="max"
        )
        inferred = (
            weak.reindex(index=position_order, columns=actor_order)
            .fillna(False)
            .to_numpy(dtype=bool)
        )
    from matplotlib.patches import Rectangle

    # Inferred stances (confidence < 0.8) are paler and hatched, so a reader sees at a glance
    # what is only implied.
    for r, c in zip(*np.nonzero(inferred & ~missing), strict=True):
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fc="white", ec="none", alpha=0.45))
        ax.add_patch(
            Rectangle(
                (c - 0.5, r - 0.5), 1, 1, fill=False, hatch="///", ec="#777777", lw=0, alpha=0.6
            )
        )
    scale = page_scale(ax, 13)
    axes_width = float(ax.figure.get_size_inches()[0]) * 0.55  # type: ignore[union-attr]
    show_values = axes_width / max(len(actor_order), 1) >= 0.3  # inches per cell
    for (r, c), value in np.ndenumerate(grid):
        if not np.isnan(value) and show_values:
            ax.text(
                c,
                r,
                "0" if value == 0 else f"{value:+.1f}",
                ha="center",
                va="center",
                fontsize=font(9, scale),
                fontweight="bold",
                color="white" if abs(value) > 0.6 and not inferred[r, c] else "#222222",
            )
    ax.set_yticks(
        range(len(position_order)),
        [wrap(labels.get(p, p), int(48 * max(scale, 0.55))) for p in position_order],
        fontsize=font(8, scale),
    )
    ax.set_xticks(
        range(len(actor_order)),
        [wrap(labels.get(a, a), 28) for a in actor_order],
        rotation=40 if scale > 0.7 else 90,
        ha="left" if scale > 0.7 else "center",
        fontsize=font(8.5, scale),
    )
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(-0.5, len(actor_order), 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(position_order), 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    if issue_of:
        issues = [issue_of.get(p) for p in position_order]
        start = 0
        for i in range(1, len(issues) + 1):
            if i == len(issues) or issues[i] != issues[start]:
                if i < len(issues):
                    ax.axhline(i - 0.5, color="#333333", linewidth=1.2)
                name = (
                    labels.get(str(issues[start]), str(issues[start]))
                    if issues[start]
                    else "(no issue)"
                )
                ax.text(
                    len(actor_order) - 0.3,
                    (start + i - 1) / 2,
                    wrap(name, int(26 * max(scale, 0.6))),
                    ha="left",
                    va="center",
                    fontsize=font(8, scale),
                    fontweight="bold",
                    color="#222222",
                )
                start = i
    if actor_groups:
        groups = [actor_groups.get(a, -1) for a in actor_order]
        for i in range(1, len(groups)):
            if groups[i] != groups[i - 1]:
                ax.axvline(i - 0.5, color="#333333", linewidth=1.2)
    ax.set_xlim(-0.5, len(actor_order) - 0.5)
    colorbar = ax.figure.colorbar(
        image, ax=ax, orientation="horizontal", fraction=0.03, pad=0.02, aspect=40
    )
    colorbar.set_label(
        wrap(
            "polarity: −1 opposes … +1 supports; pale and hatched = inferred (confidence < 0.8); "
            "grey with a dot = no stance" + ("" if show_values else "; values in the colours"),
            int(130 * scale),
        ),
        fontsize=font(8, scale),
    )
    if title:
        ax.set_title(wrap(title, int(90 * scale)), fontsize=font(12, scale))
    return ax


def cluster_order(values: np.ndarray) -> list[int]:
    """Leaf order of average-linkage clustering on 1 − S (a missing value counts as S = 0).

    >>> cluster_order(np.array([[1, -1, 0.9], [-1, 1, -1], [0.9, -1, 1]]))
    [1, 0, 2]
    """
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    n = len(values)
    if n < 3:
        return list(range(n))
    distance = 1.0 - np.nan_to_num(values, nan=0.0)
    np.fill_diagonal(distance, 0.0)
    distance = np.clip((distance + distance.T) / 2, 0, None)
    return [
        int(i) for i in leaves_list(linkage(squareform(distance, checks=False), method="average"))
    ]


#: Shared positions from which an alignment cell is drawn fully saturated.
FULL_OVERLAP = 4


def plot_alignment(
    values: np.ndarray,
    actors: list[str],
    *,
    labels: dict[str, str],
    overlap: np.ndarray | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Clustered actor x actor S-score matrix (−1 red … +1 blue; grey where undefined)."""
    if len(actors) < 2:
        raise InputError("fewer than two actors with stances: there is no alignment to draw")
    ax = axes(ax, (max(6, 0.45 * len(actors) + 3), max(5, 0.45 * len(actors) + 2)))
    order = cluster_order(values)
    grid = values[np.ix_(order, order)].astype(float)
    names = [labels.get(actors[i], actors[i]) for i in order]
    from matplotlib.colors import ListedColormap

    ax.imshow(
        np.where(np.isnan(grid), 1.0, np.nan),
        cmap=ListedColormap([MISSING]),
        interpolation="nearest",
    )
    image = ax.imshow(
        np.ma.masked_invalid(grid), cmap=DIVERGING, norm=diverging_norm(), interpolation="nearest"
    )
    shared = (
        overlap[np.ix_(order, order)].astype(float) if overlap is not None else np.ones_like(grid)
    )
    # A value over one shared position says little: such cells fade towards white, fully
    # saturated from FULL_OVERLAP shared positions on.
    fade = 1.0 - np.clip(shared / FULL_OVERLAP, 0.0, 1.0)
    fade[np.isnan(grid)] = 0.0
    np.fill_diagonal(fade, 0.0)
    white = np.zeros((*grid.shape, 4))
    white[..., :3] = 1.0
    white[..., 3] = 0.75 * fade
    ax.imshow(white, interpolation="nearest")
    scale = page_scale(ax, 10)
    axes_width = float(ax.figure.get_size_inches()[0]) * 0.6  # type: ignore[union-attr]
    size = font(8.5 if len(actors) <= 16 else 7, scale)
    if len(actors) <= 25 and axes_width / len(actors) >= 0.35:
        for (r, c), value in np.ndenumerate(grid):
            if not np.isnan(value) and r != c:
                strong = abs(value) > 0.6 and fade[r, c] < 0.4
                ax.text(
                    c,
                    r - (0.12 if overlap is not None else 0),
                    "0.0" if abs(value) < 0.05 else f"{value:+.1f}",
                    ha="center",
                    va="center",
                    fontsize=size,
                    fontweight="bold",
                    color="white" if strong else "#222222",
                )
                if overlap is not None:
                    ax.text(
                        c,
                        r + 0.28,
                        f"n={int(shared[r, c])}",
                        ha="center",
                        va="center",
                        fontsize=size - 1.5,
                        color="white" if strong else "#444444",
                    )
    names = [wrap(n, 24) for n in names]
    ax.set_xticks(range(len(names)), names, rotation=60 if scale > 0.7 else 90,
                  ha="right" if scale > 0.7 else "center", fontsize=font(8.5, scale))  # fmt: skip
    ax.set_yticks(range(len(names)), names, fontsize=font(8.5, scale))
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colorbar.set_label(
        "S-score (grey: no shared position)"
        + (f"; n = shared positions, paler below {FULL_OVERLAP}" if overlap is not None else ""),
        fontsize=8,
    )
    if title:
        ax.set_title(title, fontsize=12)
    return ax
