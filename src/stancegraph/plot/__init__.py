"""Figures: each ``plot_*`` function takes plain data (DataFrames, graphs), draws on ``ax`` (the
current axes when None) and returns the Axes; :mod:`.figures` registers the figure kinds and
composes their inputs from the analyses' results. matplotlib is imported inside the functions, so
importing stancegraph never loads it; nothing here calls ``show()``."""

from .charts import plot_blocking, plot_scenarios, plot_timeline
from .figures import KINDS
from .matrices import plot_alignment, plot_stances
from .network import plot_network

__all__ = [
    "KINDS",
    "plot_alignment",
    "plot_blocking",
    "plot_network",
    "plot_scenarios",
    "plot_stances",
    "plot_timeline",
]
