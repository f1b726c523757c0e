"""What every query passes through before it reaches a store: SERVICE refused unless allowed,
bindings written into an inline VALUES block, and a deadline on its evaluation."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import pyoxigraph as ox

from .errors import QueryError
from .sparql_text import uses_service, with_values

T = TypeVar("T")
Binding = ox.NamedNode | ox.Literal


def prepared(sparql: str, bindings: Mapping[str, Binding] | None, allow_service: bool) -> str:
    """The query to send: SERVICE refused unless allowed, bindings as an inline VALUES block."""
    if not allow_service and uses_service(sparql):
        raise QueryError(
            "SERVICE (a query to another endpoint) is refused: stancegraph reaches the network "
            "only when asked; allow it explicitly to run this query"
        )
    for name in bindings or {}:
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"cannot bind {name!r}: not a SPARQL variable name")
    # Oxigraph writes each term (N-Triples syntax, escaped), so no user text is pasted in.
    return with_values(sparql, {k: str(v) for k, v in (bindings or {}).items()})


def within(seconds: float | None, work: Callable[[], T]) -> T:
    """``work()`` (a query and the reading of its results) within ``seconds``. Oxigraph
    releases the GIL while it evaluates, so the caller's thread wakes up on time; the abandoned
    evaluation ends with the process (the CLI exits on the error)."""
    if seconds is None:
        return work()
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="stancegraph-query")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise QueryError(
            f"the query ran longer than {seconds:g} s and was given up; narrow it (a LIMIT, "
            "more specific patterns) or allow more time"
        )
    if "error" in box:
        raise box["error"]
    return box["value"]
