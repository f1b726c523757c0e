"""The forecast figure: one issue's scale, each actor's ideal point as a dot (one row per actor,
sized by capability × salience), the positions on the scale, and the models' predictions as
marked lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ._style import SERIES_COLOURS, axes, font, page_scale, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MODEL_STYLES: dict[str, Any] = {
    "weighted mean": "-",
    "weighted median": (0, (5, 3)),
    "exchange model": (0, (1, 2)),
}


def plot_forecast(
    points: pd.DataFrame,
    positions: pd.DataFrame,
    predictions: dict[str, float],
    *,
    labels: dict[str, str],
    scale: tuple[float, float],
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw one issue's forecast.

    Parameters
    ----------
    points
        ``actor``, ``x`` (ideal point), ``weight`` (capability × salience).
    positions
        ``position``, ``scale_value``: the issue's positions on the scale.
    predictions
        Model name → predicted scale value.
    scale
        The scale's ends.
    """
    from matplotlib.lines import Line2D

    if points.empty:
        raise InputError("no actor has an ideal point on this issue: there is nothing to draw")
    ax = axes(ax, (10, 6))
    k = page_scale(ax, 10)
    ordered = points.sort_values(["x", "actor"]).reset_index(drop=True)
    top = float(ordered["weight"].max()) or 1.0
    y = np.arange(len(ordered))
    ax.scatter(ordered["x"], y, s=40 + 460 * ordered["weight"] / top, color=SERIES_COLOURS[0],
               alpha=0.75, edgecolors="white", linewidths=1, zorder=3)  # fmt: skip
    lo, hi = scale
    span = hi - lo or 1.0
    for row, (actor, x) in enumerate(ordered[["actor", "x"]].itertuples(index=False)):
        right = x < lo + 0.7 * span
        ax.text(x + (0.02 if right else -0.02) * span, row, labels.get(actor, actor),
                ha="left" if right else "right", va="center", fontsize=font(8.5, k))  # fmt: skip
    for value in positions["scale_value"]:
        ax.axvline(float(value), color="#dddddd", linewidth=0.8, zorder=0)
    handles = []
    for n, (model, value) in enumerate(predictions.items()):
        colour = SERIES_COLOURS[6 + n]
        ax.axvline(value, color=colour, linestyle=MODEL_STYLES.get(model, ":"), linewidth=2.2,
                   zorder=2)  # fmt: skip
        handles.append(Line2D([], [], color=colour, linestyle=MODEL_STYLES.get(model, ":"),
                              linewidth=2.2, label=f"{model}: {value:.1f}"))  # fmt: skip
    handles.append(Line2D([], [], marker="o", ls="", color=SERIES_COLOURS[0], alpha=0.75,
                          markersize=9, label="an actor's ideal point; size: capability × salience"))  # fmt: skip
    handles.append(Line2D([], [], color="#dddddd", label="a position on the scale"))
    ax.set_xlim(lo - 0.05 * span, hi + 0.05 * span)
    ax.set_ylim(-0.8, len(ordered) - 0.2)
    ax.set_yticks([])
    ax.set_xlabel("issue scale", fontsize=font(10, k))
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12),
              ncol=2 if k > 0.7 else 1, frameon=False, fontsize=font(8.5, k))  # fmt: skip
    if title:
        ax.set_title(wrap(title, int(80 * k)), fontsize=font(12, k))
    return ax
