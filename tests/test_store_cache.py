"""Stance records kept beside a store directory (stancegraph.cache): read from the cache only
while the store is unchanged, never stale, and never a reason to fail."""

import numpy as np
import pandas as pd

import stancegraph
from stancegraph import cache, model
from stancegraph.store import LocalStore

from .conftest import RIVER, write

EXTRA = (
    "@prefix sg: <https://w3id.org/stancegraph/ns#> . @prefix ex: <http://example.org/river/> .\n"
    "ex:s99 a sg:Stance ; sg:actor ex:Eastmark ; sg:position ex:JointCommission ; "
    "sg:polarity -1.0 .\n"
)


def every_kind() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iri": pd.Series(["http://x/a", "http://x/é", "http://x/a"], dtype="str"),
            "note": pd.Series(["two words", None, "ünïcode ✓"], dtype=object),
            "x": [1.0, np.nan, -0.5],
            "day": pd.to_datetime(["2014-03-27", None, "2019-12-31"]).astype("datetime64[s]"),
            "flag": [True, False, True],
        }
    )


def test_a_table_comes_back_from_the_cache_exactly_until_the_store_changes(tmp_path):
    store = LocalStore(tmp_path / "db")
    reads = []

    def read():
        reads.append(1)
        return every_kind()

    first = cache.cached_table(store, "t", read)
    second = cache.cached_table(store, "t", read)
    assert len(reads) == 1
    pd.testing.assert_frame_equal(second, first)
    store.load([RIVER])  # the store changed
    store.oxigraph.flush()
    cache.cached_table(store, "t", read)
    assert len(reads) == 2
    assert cache.cached_table(LocalStore(), "t", read) is not None and len(reads) == 3  # no dir


def test_a_damaged_or_unwritable_cache_falls_back_to_the_store(tmp_path):
    store = LocalStore(tmp_path / "db")
    (store.path / cache.FOLDER).mkdir()
    (store.path / cache.FOLDER / "t.npz").write_bytes(b"not a zip file")
    pd.testing.assert_frame_equal(cache.cached_table(store, "t", every_kind), every_kind())
    other = LocalStore(tmp_path / "other")
    (other.path / cache.FOLDER).write_text("a file where the folder goes")  # cannot be written
    pd.testing.assert_frame_equal(cache.cached_table(other, "t", every_kind), every_kind())


def test_records_of_a_store_directory_are_cached_and_never_stale(tmp_path, monkeypatch):
    db = tmp_path / "db"
    stancegraph.load(RIVER, store=db)
    records = stancegraph.open(store=db).stance_records()
    assert (db / cache.FOLDER / "stance_records.npz").is_file()

    def refuse(_store):
        raise AssertionError("read from the store although the cache is valid")

    with monkeypatch.context() as m:
        m.setattr(model, "_read_records", refuse)
        again = stancegraph.open(store=db).stance_records()
    pd.testing.assert_frame_equal(again, records)
    stancegraph.load(write(tmp_path, "extra.ttl", EXTRA), store=db, append=True)
    grown = stancegraph.open(store=db).stance_records()
    assert len(grown) == len(records) + 1
    assert "http://example.org/river/s99" in set(grown["stance"])
    pd.testing.assert_frame_equal(stancegraph.open(store=db).stance_records(), grown)


def test_the_cached_records_have_the_same_types(tmp_path):
    db = tmp_path / "db"
    stancegraph.load(RIVER, store=db)
    fresh = stancegraph.open(store=db).stance_records()
    cached = stancegraph.open(store=db).stance_records()
    assert cached.dtypes.tolist() == fresh.dtypes.tolist()


def test_names_of_a_store_directory_are_cached(tmp_path, monkeypatch):
    from stancegraph import names

    db = tmp_path / "db"
    stancegraph.load(RIVER, store=db)
    first = stancegraph.open(store=db).resolve("equal share", "position")

    def refuse(_store):
        raise AssertionError("read the names from the store although the cache is valid")

    monkeypatch.setattr(names, "_read_names", refuse)
    again = stancegraph.open(store=db)
    assert again.resolve("equal share", "position") == first
    assert again.label(first) == "Equal share of the river"


def test_evidence_of_a_store_directory_is_cached(tmp_path, monkeypatch):
    db = tmp_path / "db"
    stancegraph.load(RIVER, store=db)
    first = stancegraph.open(store=db).snapshot().evidence

    def refuse(_store):
        raise AssertionError("read the evidence from the store although the cache is valid")

    monkeypatch.setattr(model, "_read_evidence", refuse)
    again = stancegraph.open(store=db).snapshot().evidence
    pd.testing.assert_frame_equal(again, first)
    assert "Borduria now accepts a commission." in set(again["quote"])


def test_texts_that_hold_the_separator_are_read_but_not_cached(tmp_path):
    store = LocalStore(tmp_path / "db")
    odd = pd.DataFrame({"note": pd.Series(["a\x00b", "", "c"], dtype=object)})
    reads = []

    def read():
        reads.append(1)
        return odd

    for _ in range(2):
        pd.testing.assert_frame_equal(cache.cached_table(store, "odd", read), odd)
    assert len(reads) == 2  # read from the store each time, never a wrong split
    plain = pd.DataFrame({"note": pd.Series(["", "x", None], dtype=object)})
    cache.cached_table(store, "plain", lambda: plain)
    pd.testing.assert_frame_equal(cache.cached_table(store, "plain", lambda: odd), plain)
