import json

import pytest

from stancegraph.errors import DataLoadError
from stancegraph.opening import open_store
from stancegraph.store import LocalStore

from .conftest import PREFIXES, RIVER, write


def test_malformed_turtle_names_file_line_and_column(tmp_path):
    bad = write(tmp_path, "bad.ttl", PREFIXES + 'ex:a a sg:State ;\n  rdfs:label "unterminated .\n')
    with pytest.raises(DataLoadError, match=r"bad\.ttl:6:\d+: invalid RDF"):
        open_store([bad])


def test_a_syntax_error_leaves_the_store_as_it_was(tmp_path):
    store = LocalStore()
    store.load([RIVER])
    before = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value
    bad = write(tmp_path, "bad.ttl", PREFIXES + "ex:x a sg:State .\nex:y a ;\n")
    with pytest.raises(DataLoadError):
        store.load([bad])
    after = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value
    assert before == after


def test_missing_file_and_unknown_suffix_are_clear(tmp_path):
    with pytest.raises(DataLoadError, match="no such file"):
        open_store([tmp_path / "nope.ttl"])
    odd = write(tmp_path, "data.xyz", "")
    with pytest.raises(DataLoadError, match="unknown RDF file type '.xyz'"):
        open_store([odd])


def test_jsonld_ntriples_and_trig_load_alike(tmp_path):
    nt = write(
        tmp_path, "a.nt", '<http://e/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n'
    )
    jsonld = write(
        tmp_path,
        "b.jsonld",
        json.dumps({"@id": "http://e/b", "http://www.w3.org/2000/01/rdf-schema#label": "B"}),
    )
    trig = write(
        tmp_path,
        "c.trig",
        '<http://e/g> { <http://e/c> <http://www.w3.org/2000/01/rdf-schema#label> "C" . }\n',
    )
    store = open_store([nt, jsonld, trig])
    rows = store.query(
        "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    ).rows
    assert [r[0].value for r in rows if r[0].value in "ABC"] == ["A", "B", "C"]


def test_prefixes_declared_in_turtle_are_kept_for_output():
    store = open_store([RIVER])
    assert store.prefixes["ex"] == "http://example.org/river/"


def test_unreachable_url_is_a_load_error():
    with pytest.raises(DataLoadError, match="cannot fetch http://127.0.0.1:9/"):
        open_store(["http://127.0.0.1:9/x.ttl"])
