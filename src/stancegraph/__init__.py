"""stancegraph: map a negotiation as a knowledge graph of actors, positions, stances and evidence.

>>> import stancegraph
>>> sg = stancegraph.open()
>>> sg.summary()["actors"] > 0
True
"""

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from .api import StanceGraph, load, open
from .errors import StanceGraphError

try:
    __version__ = version("stancegraph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "StanceGraph",
    "StanceGraphError",
    "__version__",
    "load",
    "open",
    "validate_graph",
    "validate_store",
]


def __getattr__(name: str) -> Any:
    # pySHACL takes a tenth of a second to import; commands that do not validate skip it.
    if name in ("validate_graph", "validate_store"):
        from . import validate

        return getattr(validate, name)
    raise AttributeError(f"module 'stancegraph' has no attribute {name!r}")
