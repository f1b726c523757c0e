"""A real SPARQL server: the `oxigraph` PyPI package serves a store directory read-only on a
free 127.0.0.1 port, and every answer through --endpoint / open(endpoint=...) equals the
embedded store's. (tests/endpoint.py stays for the faults a real server will not show: a silent
result cap, a slow drip.)"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import stancegraph

from .conftest import RIVER

pytestmark = pytest.mark.slow
SERVER = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    if not Path(SERVER).is_file():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    db = tmp_path_factory.mktemp("served") / "db"
    stancegraph.load(RIVER, store=db)
    port = free_port()
    process = subprocess.Popen(
        [SERVER, "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_the_api_answers_the_same_on_the_server(endpoint):
    local, remote = stancegraph.open(RIVER), stancegraph.open(endpoint=endpoint)
    assert remote.summary() == local.summary()
    for name in ("equal share", "JRC", "build the dam"):
        assert remote.who_supports(name).equals(local.who_supports(name))
        assert remote.who_opposes(name).equals(local.who_opposes(name))
    assert (
        remote.blocking()
        .drop(columns="opposition")
        .equals(local.blocking().drop(columns="opposition"))
    )
    assert remote.coalitions() == local.coalitions()
    assert remote.alignment_pairs().equals(local.alignment_pairs())
    assert remote.robustness()["holds"].tolist() == local.robustness()["holds"].tolist()
    frame = remote.sparql(
        "PREFIX sg: <https://w3id.org/stancegraph/ns#> SELECT ?a WHERE "
        "{ ?s sg:actor ?a ; sg:position ?p } ORDER BY ?a",
        short=False,
        p="http://example.org/river/BuildDam",
    )
    assert len(frame) == 4  # a binding of a variable the query does not project


@pytest.mark.parametrize(
    "args",
    [
        ["who-supports", "equal share"],
        ["blocking", "--evidence"],
        ["common-ground"],
        ["scenarios"],
        ["coalitions"],
        ["align"],
        ["compare", "Aland", "Borduria"],
    ],
)
def test_the_cli_answers_the_same_on_the_server(cli, endpoint, args):
    local = cli(*args, "-f", "json")
    remote = cli("--endpoint", endpoint, *args, "-f", "json", data=None)
    assert remote.exit_code == local.exit_code == 0, remote.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)
