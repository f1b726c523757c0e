"""The UN General Assembly votes 2014–2019 (103,689 votes) through examples/unvotes: imported,
then answers checked against numbers computed independently from the CSV with pandas. Skips
where ../shared/external/unvotes is absent."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import stancegraph
from stancegraph.api import StanceGraph
from stancegraph.spreadsheet import csv_to_ntriples
from stancegraph.store import LocalStore

from .conftest import EXTERNAL

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (EXTERNAL / "unvotes" / "un_votes_flat.csv.gz").is_file(),
        reason="../shared/external/unvotes is absent",
    ),
]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "unvotes" / "unvotes.py"


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("unvotes_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def votes(example):
    return example.read_votes(2014, 2019)


@pytest.fixture(scope="module")
def un(example, votes, tmp_path_factory) -> StanceGraph:
    path = tmp_path_factory.mktemp("un") / "votes.nt"
    path.write_text(csv_to_ntriples(example.sheet(votes).to_csv(index=False)), encoding="utf-8")
    store = LocalStore()
    store.load([path])
    store.load_vocabulary()
    return StanceGraph(store, as_of="2019-12-31")


def test_every_vote_is_a_stance(un, votes):
    assert un.summary()["stances"] == len(votes) == 103_689
    assert un.summary()["positions"] == votes["rcid"].nunique() == 586


def test_who_voted_against_resolution_68_262(un, votes):
    rcid = votes.loc[votes["unres"] == "R/68/262", "rcid"].unique()
    assert len(rcid) == 1
    expected = votes[votes["rcid"] == rcid[0]]
    position = un.resolve(f"roll call {rcid[0]}", "position")
    table = un.stance_table()
    on = table[table["position"] == position]
    counts = on["polarity"].map({1.0: "yes", 0.0: "abstain", -1.0: "no"}).value_counts()
    assert counts.to_dict() == expected["vote"].value_counts().to_dict()
    assert counts.to_dict() == {"yes": 100, "abstain": 58, "no": 11}
    against = set(un.who_opposes(position)["label"])
    assert against == set(expected.loc[expected["vote"] == "no", "country"])
    assert "Russia" in against


def pandas_sscore(votes: pd.DataFrame, a: str, b: str) -> tuple[float, int]:
    """S = 1 − mean |x_a − x_b| over the roll calls both voted in (yes +1, abstain 0, no −1)."""
    x = votes.assign(x=votes["vote"].map({"yes": 1.0, "abstain": 0.0, "no": -1.0}))
    both = x[x["country"] == a].merge(x[x["country"] == b], on="rcid")
    return 1.0 - float((both["x_x"] - both["x_y"]).abs().mean()), len(both)


@pytest.mark.parametrize("other", ["Russia", "United States", "Turkey"])
def test_sscores_of_ukraine_match_pandas(un, votes, other):
    expected, shared = pandas_sscore(votes, "Ukraine", other)
    result = un.compare("Ukraine", other)
    assert result["overlap"] == shared
    assert result["sscore"] == pytest.approx(expected, abs=1e-12)


def test_serbia_is_named_as_it_was_on_the_day(un, votes):
    assert "Serbia" in set(un.actors()["label"])
    assert "Yugoslavia" not in set(un.actors()["label"])  # 2014–2019: the code YU is Serbia


def test_the_example_is_the_documented_command_line(example, tmp_path):
    """The example's spreadsheet goes through `stancegraph import` like any other."""
    sheet = tmp_path / "un.csv"
    example.sheet(example.read_votes(2019, 2019)).to_csv(sheet, index=False)
    out = tmp_path / "un.ttl"
    assert stancegraph.spreadsheet.import_csv(sheet, out) > 0


def pandas_yearly_sscores(votes: pd.DataFrame, example, year: int) -> pd.DataFrame:
    """Every pair's S-score over the roll calls of ``year`` both voted in, from the CSV alone:
    a country × roll-call matrix, S = 1 − mean |x_a − x_b| over the shared columns."""
    x = votes.assign(country=example.country_names(votes),
                     x=votes["vote"].map({"yes": 1.0, "abstain": 0.0, "no": -1.0}))  # fmt: skip
    x = x[x["date"].str.startswith(str(year))]
    wide = x.pivot_table(index="country", columns="rcid", values="x", aggfunc="last")
    m = wide.to_numpy()
    distance = np.abs(m[:, None, :] - m[None, :, :])
    shared = (~np.isnan(distance)).sum(axis=2)
    with np.errstate(invalid="ignore"):
        s = 1.0 - np.nansum(distance, axis=2) / shared
    i, j = np.triu_indices(len(wide), 1)
    keep = shared[i, j] > 0
    names = wide.index.to_numpy()
    return pd.DataFrame({"a": names[i][keep], "b": names[j][keep], "s": s[i, j][keep]})


def test_the_pairs_whose_alignment_moved_most_2014_to_2019(un, votes, example):
    table = un.changes("2014-12-31", "2019-12-31", window="1y", top=10)
    moved = table[table["kind"] == "alignment moved"]
    assert len(moved) == 10
    both = pandas_yearly_sscores(votes, example, 2014).merge(
        pandas_yearly_sscores(votes, example, 2019), on=["a", "b"], suffixes=("_14", "_19")
    )
    both["delta"] = (both["s_19"] - both["s_14"]).abs()
    expected = both.sort_values("delta", ascending=False)["delta"].head(10).tolist()
    got = (moved["after"] - moved["before"]).abs().tolist()
    assert got == pytest.approx(expected, abs=1e-12)
    lookup = {frozenset((a, b)): (s14, s19) for a, b, s14, s19 in
              both[["a", "b", "s_14", "s_19"]].itertuples(index=False)}  # fmt: skip
    for subject, context, before, after in moved[["subject", "context", "before", "after"]].values:
        pair = frozenset((un.label(subject), un.label(context)))
        assert (before, after) == pytest.approx(lookup[pair], abs=1e-12), pair


def test_ukraines_alignment_year_by_year(un, votes, example):
    table = un.trend(["Ukraine", "Russia", "United States", "Turkey"])
    assert table["period"].unique().tolist() == [str(y) for y in range(2014, 2020)]
    for year in range(2014, 2020):
        expected = pandas_yearly_sscores(votes, example, year)
        for other in ("Russia", "United States", "Turkey"):
            row = table[(table["period"] == str(year))
                        & (table[["label_a", "label_b"]].apply(set, axis=1)
                           == {"Ukraine", other})]  # fmt: skip
            pair = expected[expected[["a", "b"]].apply(set, axis=1) == {"Ukraine", other}]
            assert row["sscore"].item() == pytest.approx(pair["s"].item(), abs=1e-12), year
