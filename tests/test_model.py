import datetime as dt

import pandas as pd

from stancegraph.analysis.tables import current_stances
from stancegraph.model import stance_records

from .conftest import EX


def records(**columns):
    n = len(columns["actor"])
    base = {
        "stance": [f"s{i}" for i in range(n)],
        "salience": [1.0] * n,
        "confidence": [None] * n,
        "valid_from": [None] * n,
        "valid_until": [None] * n,
    }
    base.update(columns)
    frame = pd.DataFrame(base)
    frame["valid_from"] = pd.to_datetime(frame["valid_from"])
    frame["valid_until"] = pd.to_datetime(frame["valid_until"])
    return frame


def test_records_from_the_store_are_typed(river):
    r = stance_records(river.store)
    assert len(r) == 15
    assert r["salience"].isna().sum() == 0  # salience defaults to 1
    row = r[r["stance"] == EX + "s07"].iloc[0]
    assert row["polarity"] == -1.0 and row["valid_from"] == pd.Timestamp("2020-01-01")


def test_latest_valid_from_wins_and_open_start_counts_as_earliest():
    r = records(
        actor=["a", "a", "a"],
        position=["p", "p", "p"],
        polarity=[1.0, -1.0, 0.5],
        valid_from=[None, "2021-01-01", "2022-01-01"],
    )
    day = lambda s: dt.date.fromisoformat(s)  # noqa: E731
    assert current_stances(r, day("2020-06-01"))["polarity"].tolist() == [1.0]
    assert current_stances(r, day("2021-06-01"))["polarity"].tolist() == [-1.0]
    assert current_stances(r, day("2023-01-01"))["polarity"].tolist() == [0.5]


def test_ties_on_valid_from_are_averaged():
    r = records(
        actor=["a", "a"],
        position=["p", "p"],
        polarity=[1.0, 0.0],
        salience=[1.0, 0.5],
        valid_from=["2021-01-01", "2021-01-01"],
    )
    current = current_stances(r, dt.date(2022, 1, 1))
    assert current[["polarity", "salience", "records"]].values.tolist() == [[0.5, 0.75, 2]]


def test_valid_until_is_exclusive_and_a_date_before_any_stance_gives_nothing():
    r = records(
        actor=["a"],
        position=["p"],
        polarity=[1.0],
        valid_from=["2021-01-01"],
        valid_until=["2022-01-01"],
    )
    assert len(current_stances(r, dt.date(2021, 12, 31))) == 1
    assert len(current_stances(r, dt.date(2022, 1, 1))) == 0
    assert len(current_stances(r, dt.date(2020, 1, 1))) == 0


def test_as_of_through_the_graph(river):
    before = river.at("2022-06-01").snapshot().stances
    now = river.snapshot().stances
    key = (now["actor"] == EX + "Borduria") & (now["position"] == EX + "JointCommission")
    assert now.loc[key, "polarity"].tolist() == [0.5]
    key = (before["actor"] == EX + "Borduria") & (before["position"] == EX + "JointCommission")
    assert before.loc[key, "polarity"].tolist() == [-1.0]
    # Eastmark's dam stance ended on 2024-01-01
    assert (
        (before["actor"] == EX + "Eastmark") & (before["position"] == EX + "BuildDam")
    ).sum() == 1
    assert ((now["actor"] == EX + "Eastmark") & (now["position"] == EX + "BuildDam")).sum() == 0


def test_veto_flags_add_and_remove_veto_players():
    from stancegraph.model import PARTY, default_veto_players

    mediator = "https://w3id.org/stancegraph/ns#Mediator"
    participations = pd.DataFrame(
        {
            "actor": ["a", "b", "m", "n"],
            "role": [PARTY, PARTY, mediator, mediator],
            "veto": [None, False, True, None],
        }
    )
    # a: a party; b: a party whose veto is switched off; m: a mediator given a veto; n: no veto
    assert default_veto_players(participations) == ["a", "m"]
    assert default_veto_players(participations.iloc[0:0]) == []
