"""Properties under random input (hypothesis): whatever a user feeds the importer, the loaders,
name resolution, the settings or the query box, stancegraph answers or raises its own error —
never anything else. ``make test`` runs a fixed budget (profile "ci"); ``HYPOTHESIS_PROFILE=long
pytest tests/test_fuzz.py`` runs a hundred times more (docs/security.md)."""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stancegraph
from stancegraph.errors import StanceGraphError
from stancegraph.sparql_text import uses_service, with_values
from stancegraph.spreadsheet import import_csv
from stancegraph.store import LocalStore

from .conftest import RIVER

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=6000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

RIVER_GRAPH = stancegraph.open(RIVER)
COLUMNS = ["actor", "position", "polarity", "issue", "salience", "confidence", "valid_from",
           "source", "quote", "role", "red_line", "note"]  # fmt: skip
cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["1", "-1", "0.5", "oppose", "yes", "2024-01-01", "party", "true", "x,y"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@given(
    header=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8, unique=True),
    rows=st.lists(st.lists(cell, min_size=0, max_size=9), max_size=6),
)
def test_the_importer_writes_turtle_that_reads_back_or_says_why(header, rows):
    # The Turtle is written directly (no serializer behind it): whatever the cells hold (quotes,
    # backslashes, line breaks, any script), it must parse, and hold exactly the triples counted.
    text = io.StringIO()
    csv.writer(text, quoting=csv.QUOTE_NONNUMERIC).writerows([header, *rows])
    with tempfile.TemporaryDirectory() as folder:
        sheet, out = Path(folder) / "s.csv", Path(folder) / "s.ttl"
        sheet.write_text(text.getvalue(), encoding="utf-8")
        try:
            count = import_csv(sheet, out)
        except StanceGraphError:
            assert not out.exists()
            return
        store = LocalStore()
        store.load([out])  # what was written parses
        assert count > 0 and count == len(store.oxigraph)


@given(
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".ttl", ".nt", ".rdf", ".jsonld", ".trig"]),
)
def test_the_loaders_load_or_refuse(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(StanceGraphError):
            LocalStore().load([path])


@given(name=st.text(max_size=40), kind=st.sampled_from(["actor", "position", "issue", "scenario"]))
def test_names_resolve_or_say_they_do_not(name, kind):
    try:
        iri = RIVER_GRAPH.resolve(name, kind)
    except StanceGraphError:
        return
    assert iri.startswith("http://example.org/river/")


@given(value=st.floats(allow_nan=True, allow_infinity=True))
def test_settings_are_accepted_in_range_and_refused_outside(value):
    try:
        RIVER_GRAPH.coalitions(value)
        accepted = True
    except StanceGraphError:
        accepted = False
    assert accepted == (math.isfinite(value) and 0 <= value <= 1)


@given(text=st.text(max_size=120))
def test_any_query_text_answers_or_raises_a_query_error(text):
    with contextlib.suppress(StanceGraphError):
        RIVER_GRAPH.sparql(text)


@given(
    body=st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=40),
    value=st.text(max_size=20),
)
def test_bound_values_cannot_break_out_of_the_query(body, value):
    """A bound string, whatever it holds, is one literal: the query's shape is unchanged."""
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    try:
        bound = RIVER_GRAPH.sparql(query, short=False, o=value)
    except StanceGraphError:
        pytest.fail("a bound literal broke the query")
    assert list(bound.columns) == ["s"]
    if "service" not in body.lower():
        assert not uses_service(body)
    assert with_values(query, {}) == query
