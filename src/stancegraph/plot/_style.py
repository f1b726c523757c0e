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
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def diverging_norm() -> Any:
    from matplotlib.colors import TwoSlopeNorm

    return TwoSlopeNorm(vmin=-1.0, vcenter=0.0, vmax=1.0)
