"""stancegraph: map a negotiation as a knowledge graph of actors, positions, stances and evidence.

>>> import stancegraph
>>> sg = stancegraph.open()
>>> sg.summary()["actors"] > 0
True
"""

from importlib.metadata import PackageNotFoundError, version

from .api import StanceGraph, open
from .errors import StanceGraphError
from .validate import validate_graph, validate_store

try:
    __version__ = version("stancegraph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "StanceGraph",
    "StanceGraphError",
    "__version__",
    "open",
    "validate_graph",
    "validate_store",
]
