"""stancegraph: map a negotiation as a knowledge graph of actors, positions, stances and evidence.

>>> import stancegraph
>>> sg = stancegraph.open()
>>> sg.summary()["actors"] > 0
True
"""

from typing import Any

from .api import StanceGraph, load, open
from .errors import StanceGraphError

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
    # pySHACL takes a tenth of a second to import, and the package metadata a twentieth:
    # commands that do not validate or print the version skip them.
    if name in ("validate_graph", "validate_store"):
        from . import validate

        return getattr(validate, name)
    if name == "__version__":
        from .io import package_version

        return package_version()
    raise AttributeError(f"module 'stancegraph' has no attribute {name!r}")
