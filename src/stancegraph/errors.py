"""One exception hierarchy: every error a user can cause is a :class:`StanceGraphError`.

The CLI turns each into one line on stderr and exit code 2; messages name the bad value and say
what to do next.
"""

from __future__ import annotations


class StanceGraphError(Exception):
    """Base class of every error stancegraph raises on bad input."""


class DataLoadError(StanceGraphError):
    """A file or URL could not be read or parsed (the message carries file:line:column)."""


class ShapeError(StanceGraphError):
    """Data does not conform to the SHACL shapes where conformance is required (import)."""


class NameResolutionError(StanceGraphError):
    """A name did not resolve to exactly one node."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class UnknownNameError(NameResolutionError):
    """No node has this IRI, label or alias."""


class AmbiguousNameError(NameResolutionError):
    """Several nodes match the name."""


class QueryError(StanceGraphError):
    """A SPARQL query is malformed, not allowed (updates), or failed."""


class EndpointError(StanceGraphError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""


class InputError(StanceGraphError):
    """A bad option value, CSV row or parameter."""
