"""Every SPARQL query in docs/queries.md runs on the seed graph and returns what its title says."""

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

DOC = Path(__file__).parents[1] / "docs" / "queries.md"
TEXT = DOC.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sparql\n(.*?)```", TEXT, re.S)
PREFIXES, QUERIES = BLOCKS[0], BLOCKS[1:]
TITLES = re.findall(r"^## (.+)$", TEXT, re.M)


def test_every_query_has_a_title():
    assert len(QUERIES) == len(TITLES) == 10


@pytest.fixture(scope="module")
def run(seed):
    by_title = dict(zip(TITLES, QUERIES, strict=True))

    def answer(title: str) -> pd.DataFrame:
        frame = seed.sparql(PREFIXES + by_title[title])
        assert isinstance(frame, pd.DataFrame)
        return frame

    return answer


@pytest.fixture(scope="module")
def records(seed):
    """Every stance record with labels, read through the library (not the documented SPARQL)."""
    table = seed.stance_records()
    return table.assign(
        actor_label=table["actor"].map(seed.label), position_label=table["position"].map(seed.label)
    )


def test_supporters_and_opponents_of_each_position(run, records):
    frame = run("Who supports and who opposes each position").set_index("positionLabel")
    for label, rows in records.groupby("position_label"):
        for column, side in (
            ("supporters", rows["polarity"] > 0),
            ("opponents", rows["polarity"] < 0),
        ):
            listed = frame.loc[label, column]
            names = set(listed.split(", ")) if isinstance(listed, str) and listed else set()
            assert names == set(rows.loc[side, "actor_label"]), (label, column)


def test_evidence_of_every_stance_of_russia(run, records):
    frame = run("The evidence behind every stance of an actor")
    russia = records[records["actor_label"] == "Russia"]
    assert set(frame["positionLabel"]) == set(russia["position_label"])
    assert frame["quote"].notna().all()


def test_stances_in_force_on_a_date(run, records):
    from stancegraph.analysis.tables import in_force

    frame = run("Stances in force on a date (the as-of rule's filter)")
    assert len(frame) == int(in_force(records, dt.date(2025, 1, 1)).sum())


def test_counts_per_issue(run, records, seed):
    frame = run("Support and opposition counted per issue")
    positions = seed.snapshot().positions
    on_issue = records.merge(positions[["position", "issue"]].dropna(), on="position")
    assert frame["support"].sum() == (on_issue["polarity"] > 0).sum()
    assert frame["opposition"].sum() == (on_issue["polarity"] < 0).sum()
    assert frame["stances"].sum() == len(on_issue)


def test_every_actor_with_its_roles(run, seed):
    frame = run("Every actor with its roles and memberships").set_index("label")
    actors = seed.actors()
    assert set(frame.index) == set(actors["label"])
    assert "Party" in frame.loc["Russia", "roles"].split(", ")


def test_friendly_and_hostile_ties(run, seed):
    frame = run("Friendly and hostile ties")
    ties = seed.snapshot().relationships
    expected = {
        (seed.label(a), seed.label(b)) for a, b in zip(ties["from"], ties["to"], strict=True)
    }
    assert set(zip(frame["fromLabel"], frame["toLabel"], strict=True)) == expected


def test_what_each_package_contains(run, seed):
    frame = run("What each agreement package contains").set_index("scenarioLabel")
    scenarios = seed.snapshot().scenarios
    for label, rows in scenarios.groupby("label"):
        assert set(frame.loc[label, "positions"].split(" + ")) == set(
            rows["position"].map(seed.label)
        )


def test_stances_resting_on_inference(run, records):
    frame = run("Stances that rest on inference rather than a statement")
    assert len(frame) == int((records["confidence"] < 0.8).sum())
    assert frame["note"].str.startswith("Implied").all()


def test_answers_match_the_seed(seed):
    by_title = dict(zip(TITLES, QUERIES, strict=True))
    alias = seed.sparql(PREFIXES + by_title["Find an actor by an alias"])
    assert alias["label"].tolist() == ["Volodymyr Zelenskyy"]
    disagree = seed.sparql(PREFIXES + by_title["Positions the parties disagree on"])
    assert "Full restoration of internationally recognised borders" in set(
        disagree["positionLabel"]
    )
    assert "Prisoner exchanges" not in set(disagree["positionLabel"])
    per_issue = seed.sparql(PREFIXES + by_title["Support and opposition counted per issue"])
    assert per_issue["support"].dtype.kind == "i"  # numbers come back as numbers
