"""Colours and helpers shared by the figures (colour-blind-safe where it matters)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes

POSITIVE = "#1b7837"  # green: support, friendly ties
NEGATIVE = (
    "#c51b7d"  # magenta: opposition, hostile ties (distinct from green for red-green blindness)
)
MISSING = "#e6e6e6"
NEUTRAL_TEXT = "#333333"
DIVERGING = "RdBu"  # red = opposes (-1), blue = supports (+1)
#: Paul Tol's "muted" scheme (colour-blind safe), for series: with SERIES_STYLES, 20 series stay
#: distinct (10 colours, solid then dashed).
SERIES_COLOURS = [
    "#332288",
    "#88ccee",
    "#44aa99",
    "#117733",
    "#999933",
    "#ddcc77",
    "#cc6677",
    "#882255",
    "#aa4499",
    "#555555",
]
SERIES_STYLES = ["-", (0, (5, 2))]
#: Paul Tol's "vibrant" scheme: one colour per veto player.
PLAYER_COLOURS = ["#0077bb", "#ee7733", "#009988", "#ee3377", "#33bbee", "#cc3311", "#bbbbbb"]
COALITION_COLOURS = [
    "#4477aa",
    "#ee6677",
    "#228833",
    "#ccbb44",
    "#66ccee",
    "#aa3377",
    "#bbbbbb",
    "#000000",
]


def axes(ax: Axes | None, figsize: tuple[float, float] = (8, 6)) -> Axes:
    """The given Axes, or the current one (a new figure of ``figsize`` when none is open)."""
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    if not plt.get_fignums():
        plt.figure(figsize=figsize)
    return plt.gca()


def wrap(text: str, width: int = 28) -> str:
    """Wrap a long label on several lines.

    >>> wrap("Full restoration of internationally recognised borders", 20)
    'Full restoration of\\ninternationally\\nrecognised borders'
    """
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def diverging_norm() -> Any:
    from matplotlib.colors import TwoSlopeNorm

    return TwoSlopeNorm(vmin=-1.0, vcenter=0.0, vmax=1.0)


def page_scale(ax: Axes, default_width: float) -> float:
    """How wide the figure is against the width its kind is designed for (1 at the default
    size, about 0.5 at 6 inches): fonts, label wrapping and cell annotations follow it, so a
    figure pasted into a narrow column still reads.

    Fonts shrink by its square root, never below 5.5 pt (see ``font``)."""
    width = float(ax.figure.get_size_inches()[0])  # type: ignore[union-attr]
    return min(1.0, width / default_width)


def font(size: float, scale: float) -> float:
    """``size`` points scaled for a narrower page, but never below a legible 5.5 pt.

    >>> font(9, 1.0), font(9, 0.25)
    (9.0, 5.5)
    """
    return float(max(5.5, size * scale**0.5))
