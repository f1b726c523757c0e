"""Run the named SPARQL queries shipped in ``resources/queries/*.rq`` with bound parameters, and
turn results into typed pandas DataFrames."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import pyoxigraph as ox

from .errors import EndpointError, QueryError
from .store import Binding, Rows, Store, Term
from .vocab import shorten

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("decimal", "double", "float")}
_INTEGER = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
    )
}


@cache
def query_text(name: str) -> str:
    """The text of a named query (``stance_records`` -> ``resources/queries/stance_records.rq``)."""
    path = resources.files("stancegraph") / "resources" / "queries" / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no named query {name!r}; see stancegraph/resources/queries/")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Names of every shipped query."""
    folder = resources.files("stancegraph") / "resources" / "queries"
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


def iri(value: str) -> ox.NamedNode:
    """A bindable IRI; a malformed one is a QueryError, not a crash."""
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise QueryError(f"not a valid IRI: {value!r}") from exc


def literal(value: Any) -> ox.Literal:
    """A bindable literal with the XSD datatype of a Python value.

    >>> str(literal(dt.date(2025, 1, 2)))
    '"2025-01-02"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> str(literal(0.5))
    '"0.5"^^<http://www.w3.org/2001/XMLSchema#double>'
    """
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, Decimal):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(str(value))


def as_binding(value: Any) -> Binding:
    """Bind IRIs (``http...`` strings or NamedNodes) as IRIs and everything else as literals."""
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://", "urn:")):
        return iri(value)
    return literal(value)


def term_value(term: Term | None) -> Any:
    """A Python value for an RDF term: numbers, dates, booleans, IRIs as strings."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _NUMERIC:
                return float(term.value)
            if datatype in _INTEGER:
                return int(term.value)
            if datatype == XSD + "boolean":
                return term.value in ("true", "1")
            if datatype == XSD + "date":
                return dt.date.fromisoformat(term.value[:10])
            if datatype == XSD + "dateTime":
                return dt.datetime.fromisoformat(term.value.replace("Z", "+00:00"))
        except ValueError:
            return term.value
        return term.value
    return str(term)


def rows_frame(
    result: Rows, *, short: bool = False, prefixes: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """A DataFrame with one typed column per variable; date columns become ``datetime64``."""
    values = [[term_value(t) for t in row] for row in result.rows]
    iris = (
        {t.value for row in result.rows for t in row if isinstance(t, ox.NamedNode)}
        if short
        else set()
    )
    table = dict(prefixes or {})
    frame = pd.DataFrame(values, columns=result.variables, dtype=object)
    for column in frame.columns:
        col = frame[column].dropna()
        if col.empty:
            continue
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in col):
            frame[column] = pd.to_numeric(frame[column])
        elif all(isinstance(v, dt.date) for v in col):
            frame[column] = pd.to_datetime(frame[column])
        elif short and all(isinstance(v, str) for v in col):
            frame[column] = frame[column].map(lambda v: shorten(v, table) if v in iris else v)
    return frame


def select(store: Store, sparql: str, **bindings: Any) -> pd.DataFrame:
    """Run a SELECT query text with bindings and return a typed DataFrame."""
    result = store.query(sparql, {k: as_binding(v) for k, v in bindings.items()})
    if not isinstance(result, Rows):
        raise QueryError("expected a SELECT query")
    return rows_frame(result)


def projected(sparql: str) -> list[str]:
    """The variables a SELECT query projects, in order (for the named queries' own text).

    >>> projected("SELECT ?a (COUNT(?s) AS ?n) ?b WHERE { ?s ?p ?a }")
    ['a', 'n', 'b']
    """
    head = re.split(r"\bWHERE\b|\{", re.split(r"\bSELECT\b", sparql, maxsplit=1)[1])[0]
    while re.search(r"\([^()]*\([^()]*\)[^()]*\)", head):  # flatten nested parentheses
        head = re.sub(r"\(([^()]*)\(([^()]*)\)([^()]*)\)", r"(\1\2\3)", head)
    head = re.sub(r"\([^()]*\bAS\s+(\?\w+)\s*\)", r"\1", head, flags=re.IGNORECASE)
    return re.findall(r"\?(\w+)", head)


def run_csv(store: Store, name: str, **read_csv: Any) -> pd.DataFrame:
    """The named query ``name`` (no bindings) as SPARQL CSV results read by pandas
    (``read_csv`` its options): a string per cell and no term object per row, the fast path
    for large tables. The same check of the variables as :func:`run`."""
    text = query_text(name)
    data = store.select_csv(text)
    first = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    header = [v for v in first.split(",") if v]
    expected = projected(text)
    if header != expected:
        raise EndpointError(
            f"{store.description} answered the query {name!r} with the variables "
            f"{', '.join(header) or '(none)'}, not {', '.join(expected)}"
        )
    return pd.read_csv(io.BytesIO(data), **read_csv)


def run(store: Store, name: str, **bindings: Any) -> pd.DataFrame:
    """Run the named query ``name`` with ``bindings`` (IRIs or Python values). An endpoint that
    answers with other variables than the query projects is an EndpointError, not a KeyError
    somewhere later."""
    text = query_text(name)
    frame = select(store, text, **bindings)
    expected = projected(text)
    if list(frame.columns) != expected:
        raise EndpointError(
            f"{store.description} answered the query {name!r} with the variables "
            f"{', '.join(map(str, frame.columns)) or '(none)'}, not {', '.join(expected)}"
        )
    return frame
