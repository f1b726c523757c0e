"""stancegraph load: a store directory filled once (bulk), refused twice unless appended to,
reopened by later runs; stances are never duplicated by an append."""

import pytest

import stancegraph
from stancegraph.errors import InputError

from .conftest import RIVER, write


def test_load_then_reopen(cli, tmp_path):
    db = tmp_path / "db"
    result = cli("load", str(RIVER), "--store", str(db), "-q", data=None)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{db}: 15 stances, 7 actors from 1 file(s) in ")
    again = cli("--store", str(db), "who-supports", "equal share", "-f", "json", data=None)
    assert again.exit_code == 0 and '"Aland"' in again.stdout


def test_a_second_load_needs_append_and_adds_without_duplicates(tmp_path):
    db = tmp_path / "db"
    stancegraph.load(RIVER, store=db)
    with pytest.raises(InputError, match="already holds data; append to it"):
        stancegraph.load(RIVER, store=db)
    extra = write(
        tmp_path,
        "extra.ttl",
        "@prefix sg: <https://w3id.org/stancegraph/ns#> . @prefix ex: <http://example.org/river/> .\n"
        "ex:s99 a sg:Stance ; sg:actor ex:Eastmark ; sg:position ex:JointCommission ; "
        "sg:polarity -1.0 .\n",
    )
    g = stancegraph.load(RIVER, extra, store=db, append=True)  # the river again: no duplicate
    assert g.summary()["stances"] == 16
    assert [r for r in g.who_opposes("JRC")["label"]] == ["Eastmark"]


def test_load_reports_progress_per_file(tmp_path):
    seen = []
    stancegraph.load(RIVER, store=tmp_path / "db", step=seen.append)
    assert seen == [str(RIVER)]


def test_a_failed_load_leaves_no_store_behind(cli, tmp_path):
    bad = write(tmp_path, "bad.ttl", "@prefix ex: <http://e/> . ex:a ex:b ")
    db = tmp_path / "db"
    result = cli("load", str(RIVER), str(bad), "--store", str(db), data=None)
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "bad.ttl:1:" in result.stderr
    assert not db.exists()
