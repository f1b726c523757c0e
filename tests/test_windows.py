"""Windows of time (``--since``, ``during``), changes between two windows and the period-by-
period alignment trend, checked by hand on a small dated sheet."""

from __future__ import annotations

import datetime as dt

import pytest

import stancegraph
from stancegraph.checks import window_start
from stancegraph.errors import InputError
from stancegraph.spreadsheet import import_csv

from .conftest import write

# Votes of three countries on four roll calls, two in 2014 and two in 2015.
SHEET = """actor,position,polarity,issue,valid_from
A,R1,1,Votes,2014-03-01
B,R1,1,Votes,2014-03-01
C,R1,-1,Votes,2014-03-01
A,R2,1,Votes,2014-09-01
B,R2,-1,Votes,2014-09-01
C,R2,-1,Votes,2014-09-01
A,R3,1,Votes,2015-02-01
B,R3,1,Votes,2015-02-01
C,R3,0,Votes,2015-02-01
A,R4,-1,Votes,2015-06-01
B,R4,-1,Votes,2015-06-01
C,R4,1,Votes,2015-06-01
"""


@pytest.fixture
def votes(tmp_path):
    out = tmp_path / "v.ttl"
    import_csv(write(tmp_path, "v.csv", SHEET), out)
    return stancegraph.open(out, as_of="2015-12-31")


def test_a_window_keeps_the_records_dated_in_it(votes):
    in_2015 = votes.during("2015-01-01", "2015-12-31")
    assert sorted(in_2015.stance_table()["position_label"].unique()) == ["R3", "R4"]
    assert set(in_2015.who_supports("R3")["label"]) == {"A", "B"}
    assert in_2015.who_supports("R1").empty  # voted in 2014: outside the window
    assert set(votes.who_supports("R1")["label"]) == {"A", "B"}  # the whole record


def test_the_trend_by_hand(votes):
    # S = 1 − mean |x_a − x_b| over the roll calls of the year both voted in.
    # 2014: A–B: R1 0, R2 2 → 0; A–C: 2, 2 → −1; B–C: 2, 0 → 0.
    # 2015: A–B: 0, 0 → 1; A–C: 1, 2 → −0.5; B–C: 1, 2 → −0.5.
    table = votes.trend(["A", "B", "C"])
    got = {(p, a, b): (s, n) for p, a, b, s, n in
           table[["period", "label_a", "label_b", "sscore", "overlap"]].values}  # fmt: skip
    assert got == {
        ("2014", "A", "B"): (0.0, 2), ("2014", "A", "C"): (-1.0, 2), ("2014", "B", "C"): (0.0, 2),
        ("2015", "A", "B"): (1.0, 2), ("2015", "A", "C"): (-0.5, 2), ("2015", "B", "C"): (-0.5, 2),
    }  # fmt: skip
    assert table["start"].iloc[0] == dt.date(2014, 3, 1)  # from the first vote, not Jan 1
    assert table["explicit_overlap"].tolist() == [2] * 6


def test_the_trend_by_quarter_and_its_bad_input(votes):
    quarters = votes.trend(["A", "B"], every="quarter")
    assert quarters["period"].tolist()[:3] == ["2014Q1", "2014Q2", "2014Q3"]
    assert quarters["sscore"].isna().tolist()[:3] == [False, True, False]  # no vote in Q2
    with pytest.raises(InputError, match="at least two different actors"):
        votes.trend(["A", "A"])
    with pytest.raises(InputError, match="unknown period 'decade'"):
        votes.trend(["A", "B"], every="decade")


def test_changes_between_two_years(votes):
    # A–B moved from 0 (2014) to 1 (2015): +1; B–C from 0 to −0.5; A–C from −1 to −0.5.
    table = votes.changes("2014-12-31", "2015-12-31", window="1y")
    pairs = table[table["kind"] == "alignment moved"]
    got = {(votes.label(s), votes.label(c)): (b, a) for s, c, b, a in
           pairs[["subject", "context", "before", "after"]].values}  # fmt: skip
    assert got == {("A", "B"): (0.0, 1.0), ("A", "C"): (-1.0, -0.5), ("B", "C"): (0.0, -0.5)}
    assert pairs["label"].iloc[0].startswith("A and B")  # the largest move first


def test_the_cli_window_and_trend(cli, tmp_path):
    import_csv(write(tmp_path, "v.csv", SHEET), tmp_path / "v.ttl")
    data = ["-d", str(tmp_path / "v.ttl"), "--as-of", "2015-12-31"]
    result = cli(*data, "--since", "2015-01-01", "who-supports", "R3")
    assert result.exit_code == 0 and "A" in result.stdout and "C" not in result.stdout
    result = cli(*data, "trend", "A", "B", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("2014,2014-03-01,2014-12-31,")
    bad = cli("-d", str(tmp_path / "v.ttl"), "--as-of", "2014-01-01", "--since", "2015-01-01",
              "actors")  # fmt: skip
    assert bad.exit_code == 2 and "--since 2015-01-01 comes after --as-of 2014-01-01" in bad.stderr
    bad = cli(*data, "changes", "--from", "2014-12-31", "--to", "2015-12-31", "--window", "soon")
    assert bad.exit_code == 2 and "window 'soon' is not a length of time" in bad.stderr


def test_window_lengths():
    assert window_start(dt.date(2016, 12, 31), "1y") == dt.date(2016, 1, 1)  # a leap year
    assert window_start(dt.date(2025, 3, 10), "2w") == dt.date(2025, 2, 25)
    assert window_start(dt.date(2025, 5, 31), "3m") == dt.date(2025, 3, 1)
    with pytest.raises(InputError, match="not a length of time"):
        window_start(dt.date(2025, 1, 1), "0d")
