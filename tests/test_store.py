import gc

import pytest

import stancegraph
from stancegraph.errors import DataLoadError, EndpointError, InputError, QueryError
from stancegraph.opening import open_store
from stancegraph.store import LocalStore

from .conftest import EX, RIVER
from .endpoint import Endpoint


def test_an_endpoint_answers_like_the_embedded_store():
    local = stancegraph.open(RIVER)
    with Endpoint(RIVER, stancegraph.io.resource_path("stancegraph.ttl")) as ep:
        remote = stancegraph.open(endpoint=ep.url)
        assert (
            remote.who_supports("equal share")["actor"].tolist()
            == local.who_supports("equal share")["actor"].tolist()
        )
        assert remote.blocking()["issue"].tolist() == local.blocking()["issue"].tolist()
        assert remote.sparql("ASK { ?s ?p ?o }") is True


def test_bindings_reach_the_endpoint_as_values():
    with Endpoint(RIVER) as ep:
        g = stancegraph.open(endpoint=ep.url)
        frame = g.sparql(
            "PREFIX sg: <https://w3id.org/stancegraph/ns#> SELECT ?actor ?position WHERE { ?s sg:actor ?actor ; sg:position ?position }",
            short=False,
            actor=EX + "Carpathia",
        )
        assert sorted(frame["position"]) == [EX + "EqualShare", EX + "JointCommission"]


def test_a_silently_capped_endpoint_is_detected():
    with (
        Endpoint(RIVER, cap=5) as ep,
        pytest.raises(EndpointError, match="returned 5 of 15 stance records"),
    ):
        stancegraph.open(endpoint=ep.url).snapshot()


def test_unreachable_endpoint_and_rejected_query():
    with pytest.raises(
        EndpointError, match="cannot reach SPARQL endpoint http://127.0.0.1:9/sparql"
    ):
        stancegraph.open(endpoint="http://127.0.0.1:9/sparql").summary()
    with Endpoint(RIVER) as ep, pytest.raises(QueryError, match="bad SPARQL"):
        stancegraph.open(endpoint=ep.url).sparql("SELEC ?x")


def test_store_directory_is_loaded_once_and_reopened(tmp_path):
    first = open_store([RIVER], store_dir=tmp_path / "db")
    n = first.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value
    del first
    gc.collect()  # the on-disk store is locked until the first handle is gone
    reopened = open_store([], store_dir=tmp_path / "db")
    assert isinstance(reopened, LocalStore) and reopened.read_only
    assert reopened.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value == n
    # Readers share the store: a second one opens while the first is open.
    second = open_store([], store_dir=tmp_path / "db")
    assert second.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0].value == n
    del reopened, second
    gc.collect()
    with pytest.raises(InputError, match="already holds data"):
        open_store([RIVER], store_dir=tmp_path / "db")


def test_the_bundled_graph_never_enters_a_users_store(tmp_path):
    with pytest.raises(InputError, match="is new; give the data files to load into it"):
        open_store([], store_dir=tmp_path / "db")
    assert not (tmp_path / "db").exists() or not any((tmp_path / "db").iterdir())


def test_a_failed_load_leaves_the_store_empty_and_says_so(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text(RIVER.read_text() + "\nthis is not turtle .\n")
    with pytest.raises(DataLoadError, match="broken.ttl:"):
        open_store([RIVER, broken], store_dir=tmp_path / "db")
    gc.collect()
    with pytest.raises(InputError, match="is empty; give the data files"):
        open_store([], store_dir=tmp_path / "db")
    gc.collect()
    # ... and it takes the data on the next try.
    store = open_store([RIVER], store_dir=tmp_path / "db")
    assert not store.is_empty()


def test_a_killed_load_is_refused_until_reloaded(tmp_path):
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / ".stancegraph-loading").touch()  # what a SIGKILL mid-load leaves
    with pytest.raises(DataLoadError, match="its last load did not finish"):
        open_store([], store_dir=tmp_path / "db")


def test_updates_are_refused():
    store = open_store([RIVER])
    with pytest.raises(QueryError, match="updates are not allowed"):
        store.query("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
