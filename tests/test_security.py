"""The promises of docs/security.md, each checked as an attacker or a careless user would probe
it: no network reach unless asked, one line and exit code 2 for every bad input, bounded time,
no poisoned store, no half-written output."""

from __future__ import annotations

import time

import pytest

import stancegraph
from stancegraph.errors import DataLoadError, EndpointError, QueryError
from stancegraph.store import RemoteStore

from . import hostile
from .conftest import RIVER

SG = "PREFIX sg: <https://w3id.org/stancegraph/ns#> "


@pytest.fixture(scope="module")
def listener():
    server = hostile.Counting()
    yield server
    server.close()


@pytest.mark.parametrize("which", range(5))
def test_service_is_refused_and_sends_nothing(cli, listener, which):
    query = hostile.service_queries(listener.url)[which]
    before = listener.requests
    result = cli("query", query)
    assert hostile.one_line_error(result.exit_code, result.stderr)
    assert "SERVICE (a query to another endpoint) is refused" in result.stderr
    with pytest.raises(QueryError, match="SERVICE"):
        stancegraph.open(RIVER).sparql(query)
    assert listener.requests == before


def test_service_runs_when_allowed(cli, listener):
    before = listener.requests
    query = hostile.service_queries(listener.url)[0]
    result = cli("--allow-service", "query", query, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert listener.requests == before + 1


def test_bindings_reach_variables_the_query_does_not_project(river):
    query = SG + "SELECT ?actor WHERE { ?s sg:actor ?actor ; sg:position ?p } ORDER BY ?actor"
    frame = river.sparql(query, short=False, p="http://example.org/river/BuildDam")
    # The river fixture's stances on the dam: Aland s05, Borduria s06, Delta s12, Eastmark s14.
    assert frame["actor"].str.rsplit("/", n=1).str[-1].tolist() == [
        "Aland",
        "Borduria",
        "DeltaNGO",
        "Eastmark",
    ]


def test_a_slow_query_stops_at_its_timeout():
    g = stancegraph.open(timeout=1)
    start = time.monotonic()
    with pytest.raises(QueryError, match="ran longer than 1 s"):
        g.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    assert time.monotonic() - start < 5


@pytest.mark.slow
def test_a_slow_query_in_the_cli_is_one_line():
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    start = time.monotonic()
    result = hostile.run(["--timeout", "1", "query", query])
    assert hostile.one_line_error(result.returncode, result.stderr), result.stderr
    assert time.monotonic() - start < 15


@pytest.mark.slow
def test_a_dripping_server_is_cut_off_at_the_deadline():
    server = hostile.Counting(drip=True)
    try:
        start = time.monotonic()
        with pytest.raises(EndpointError, match="no complete answer within 2 s"):
            RemoteStore(server.url).query("ASK { ?s ?p ?o }", timeout=2)
        assert time.monotonic() - start < 6
    finally:
        server.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    "name",
    [
        "malformed.ttl",
        "binary.ttl",
        "laughs.rdf",
        "long-literal.ttl",
        "unknown.suffix",
        "missing file",
        "a directory",
        "file URL",
        "unreachable URL",
    ],
)
def test_bad_data_is_one_line_for_every_command(cli, tmp_path, name):
    source = hostile.bad_sources(tmp_path)[name]
    start = time.monotonic()
    for args in hostile.COMMANDS[:: 4 if name != "malformed.ttl" else 1]:
        result = cli(*hostile.fill(args, out=tmp_path / "out"), data=source)
        assert hostile.one_line_error(result.exit_code, result.stderr), (args, result.stderr)
    assert time.monotonic() - start < 30  # no billion laughs, no endless literal


@pytest.mark.parametrize("args", hostile.BAD_ARGUMENTS, ids=lambda a: " ".join(a)[:40])
def test_bad_arguments_are_one_line(cli, tmp_path, args):
    args = hostile.fill(args, out=tmp_path / "out", folder=tmp_path / "in", river=RIVER)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "latin1.rq").write_bytes("SELECT * WHERE { ?s ?p 'é' }".encode("latin-1"))
    result = cli(*args, data=None if "--store" in args or "--endpoint" in args else RIVER)
    assert hostile.one_line_error(result.exit_code, result.stderr), result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["in"]  # nothing written on the way


def test_laughs_are_refused_before_they_expand(tmp_path):
    laughs = hostile.bad_sources(tmp_path)["laughs.rdf"]
    with pytest.raises(DataLoadError, match="XML entity declarations"):
        stancegraph.open(laughs)


@pytest.mark.slow
def test_kills_leave_old_or_new_outputs_and_only_tmp_files(tmp_path):
    report = hostile.kill_writes(tmp_path, per_command=3)
    assert (report.runs, report.leftovers, report.mixed, report.broken) == (12, [], 0, 0)


def test_validate_never_opens_files_outside_the_data(tmp_path):
    data = tmp_path / "d.ttl"
    data.write_text(
        RIVER.read_text()
        + "\n<http://e/src> a <https://w3id.org/stancegraph/ns#Source> ;"
        + ' <https://schema.org/url> "file:///etc/hostname" , "../../etc/hostname" , "d.ttl" .\n'
    )
    from stancegraph.validate import source_texts

    assert "http://e/src" not in source_texts(stancegraph.open(data).store)


def test_nothing_is_half_written_when_the_target_is_a_folder(river, tmp_path):
    (tmp_path / "x.png").mkdir()
    with pytest.raises(stancegraph.StanceGraphError, match="is a directory"):
        river.export("turtle", tmp_path / "x.png")
    assert [p.name for p in tmp_path.iterdir()] == ["x.png"]


def test_store_directory_cannot_be_poisoned_by_a_failed_load(cli, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://e/> . ex:a ex:b ")
    db = tmp_path / "db"
    first = cli("--store", str(db), "summary", data=broken)
    assert hostile.one_line_error(first.exit_code, first.stderr)
    again = cli("--store", str(db), "summary", data=None)
    assert hostile.one_line_error(again.exit_code, again.stderr) and "is empty" in again.stderr
    loaded = cli("--store", str(db), "summary", "-f", "json", data=RIVER)
    assert loaded.exit_code == 0 and '"actors": 7' in loaded.stdout


def test_an_endpoint_answering_other_variables_is_one_line(cli, listener):
    result = cli("--endpoint", listener.url, "actors", data=None)
    assert hostile.one_line_error(result.exit_code, result.stderr)
    assert (
        "answered the query 'names' with the variables (none), not node, kind, name"
        in result.stderr
    )


def test_an_endpoint_answering_other_variables_to_the_shape_checks_is_one_line(cli, listener):
    result = cli("--endpoint", listener.url, "validate", data=None)
    assert hostile.one_line_error(result.exit_code, result.stderr)
    assert "answered the shape checks with the variables (none), not focus, path" in result.stderr
