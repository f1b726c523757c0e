import pandas as pd
import pytest

from stancegraph.analysis.blocking import blocking_issues, common_ground

POS = pd.DataFrame({"position": ["p", "q", "r", "s"], "issue": ["I", "I", "J", "K"]})


def table(rows):
    return pd.DataFrame(rows, columns=["actor", "position", "polarity", "salience"])


def test_tied_minimum_positions_name_every_blocker():
    s = table([("v1", "p", -1, 0.5), ("v2", "q", -0.5, 1.0), ("v1", "q", 1, 1)])
    b = blocking_issues(s, POS, ["v1", "v2"]).set_index("issue")
    assert b.loc["I", "blocking"] and b.loc["I", "severity"] == 0.5
    assert b.loc["I", "blockers"] == ["v1", "v2"]
    assert sorted(b.loc["I", "blocking_positions"]) == ["p", "q"]


def test_neutral_stances_do_not_block_and_non_veto_actors_do_not_count():
    s = table([("v1", "r", 0, 1), ("v2", "r", 1, 1), ("x", "r", -1, 1)])
    b = blocking_issues(s, POS, ["v1", "v2"])
    assert b[["issue", "blocking", "severity"]].values.tolist() == [["J", False, 0.0]]


def test_issue_without_veto_stances_is_not_listed_and_no_veto_players():
    s = table([("x", "s", -1, 1)])
    assert blocking_issues(s, POS, ["v1"]).empty
    assert blocking_issues(s, POS, []).empty
    assert common_ground(s, POS, []).empty


def test_severity_adds_opposition_of_several_veto_players():
    s = table([("v1", "r", -1, 0.5), ("v2", "r", -0.5, 0.8)])
    b = blocking_issues(s, POS, ["v1", "v2"])
    assert b["severity"].tolist() == [pytest.approx(0.5 + 0.4)]
    assert b["blockers"].tolist() == [["v1", "v2"]]


def test_common_ground_tiers_with_missing_and_neutral_stances():
    s = table(
        [
            ("v1", "p", 1, 1),
            ("v2", "p", 0.5, 1),  # consensus
            ("v1", "q", 1, 1),  # v2 silent: agreeable
            ("v1", "r", 0, 1),
            ("v2", "r", 1, 1),  # neutral + support: agreeable
            ("v1", "s", 0, 1),
            ("v2", "s", 0, 1),  # nobody supports: neither
        ]
    )
    g = common_ground(s, POS, ["v1", "v2"])
    assert g[["position", "tier", "veto_support"]].values.tolist() == [
        ["p", "consensus", 2],
        ["q", "agreeable", 1],
        ["r", "agreeable", 1],
    ]
