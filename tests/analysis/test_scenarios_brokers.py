import networkx as nx
import numpy as np
import pandas as pd
import pytest

from stancegraph.analysis.alignment import alignment_matrix
from stancegraph.analysis.brokers import acceptability, brokers, subset_betweenness
from stancegraph.analysis.scenarios import scenario_summary, scenario_verdicts


def table(rows):
    return pd.DataFrame(rows, columns=["actor", "position", "polarity", "salience"])


SC = pd.DataFrame({"scenario": ["S", "S", "T"], "position": ["p", "q", "r"]})


def test_utility_is_salience_weighted_and_null_without_stances():
    s = table([("v1", "p", 1, 0.25), ("v1", "q", -1, 0.75), ("v2", "p", 1, 1), ("x", "q", 0, 1)])
    v = scenario_verdicts(s, SC, ["v1", "v2"]).set_index(["scenario", "actor"])
    assert v.loc[("S", "v1"), "utility"] == pytest.approx((0.25 - 0.75) / 1.0)
    assert v.loc[("S", "v1"), "verdict"] == "reject" and v.loc[("S", "v1"), "dealbreakers"] == ["q"]
    assert v.loc[("S", "x"), "verdict"] == "indifferent"
    assert np.isnan(v.loc[("T", "v1"), "utility"]) and v.loc[("T", "v1"), "verdict"] == "no stance"
    assert bool(v.loc[("S", "v2"), "blocked"])
    summary = scenario_summary(scenario_verdicts(s, SC, ["v1", "v2"]))
    assert summary[["scenario", "blocked", "rejected_by", "dealbreakers"]].values.tolist() == [
        ["S", True, ["v1"], ["q"]],
        ["T", False, [], []],
    ]


def test_a_rejecting_non_veto_actor_does_not_block():
    s = table([("v1", "r", 1, 1), ("x", "r", -1, 1)])
    v = scenario_verdicts(s, SC, ["v1"])
    assert not v.loc[v["scenario"] == "T", "blocked"].any()


def test_acceptability_averages_alignment_and_ties():
    s = table([("v", "p", 1, 1), ("m", "p", 0.5, 1)])  # S = 2*(1 - 0.25) - 1 = 0.5
    ties = pd.DataFrame(
        {"from": ["v", "m"], "to": ["m", "v"], "sign": [-1.0, 1.0], "weight": [1.0, 0.5]}
    )
    acc = acceptability(alignment_matrix(s), ties)
    assert acc.loc["m", "v"] == pytest.approx((0.5 + (-1 + 0.5)) / 2)


def test_broker_betweenness_between_the_camps():
    s = table([("a", "p", 1, 1), ("b", "p", -1, 1), ("m", "p", 0, 1), ("n", "p", 0, 1)])
    ties = pd.DataFrame(
        {"from": ["m", "m"], "to": ["a", "b"], "sign": [1.0, 1.0], "weight": [1.0, 1.0]}
    )
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "m", 1.0), ("m", "b", 1.0), ("a", "b", -1.0)])
    G.add_node("n")
    b = brokers(alignment_matrix(s), ties, ["a", "b"], G).set_index("actor")
    assert b.loc["m", "betweenness"] == 1.0 and b.loc["n", "betweenness"] == 0.0
    assert b.loc["m", "score"] == pytest.approx(0.5) and b.loc["n", "score"] == pytest.approx(0.0)
    assert b.index.tolist() == ["m", "n"]


@pytest.mark.parametrize("seed", range(10))
def test_subset_betweenness_equals_networkx(seed):
    # networkx's betweenness_centrality_subset is the reference the sparse version replaces.
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 40))
    G = nx.gnp_random_graph(n, rng.uniform(0.05, 0.5), seed=seed)
    ends = sorted(rng.choice(n, size=min(n, int(rng.integers(2, 5))), replace=False).tolist())
    expected = nx.betweenness_centrality_subset(G, ends, ends, normalized=False)
    got = subset_betweenness(nx.to_scipy_sparse_array(G, nodelist=range(n), format="csr"), ends)
    assert got.tolist() == pytest.approx([expected[k] for k in range(n)])
