import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from stancegraph.analysis.coalitions import coalitions, frustration
from stancegraph.analysis.tables import signed_graph


def brute_force(G):
    """Minimum frustration over every set partition (Bell numbers: fine up to 8 nodes)."""
    nodes = sorted(G.nodes)

    def partitions(items):
        if not items:
            yield []
            return
        first, rest = items[0], items[1:]
        for part in partitions(rest):
            for k in range(len(part)):
                yield [*part[:k], [first, *part[k]], *part[k + 1 :]]
            yield [[first], *part]

    return min(
        frustration(G, {a: k for k, grp in enumerate(p) for a in grp}) for p in partitions(nodes)
    )


def test_two_camps_with_zero_frustration():
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1), ("c", "d", 1), ("a", "c", -1), ("b", "d", -1)])
    c = coalitions(G)
    assert c.coalitions == [["a", "b"], ["c", "d"]] and c.frustration == 0.0


def test_isolated_actor_stays_alone_and_empty_graph():
    G = nx.Graph()
    G.add_edge("a", "b", weight=1.0)
    G.add_node("z")
    assert coalitions(G).coalitions == [["a", "b"], ["z"]]
    assert coalitions(nx.Graph()).coalitions == []


@pytest.mark.parametrize("seed", range(5))
def test_exact_solution_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    G = nx.Graph()
    G.add_nodes_from("abcdefg")
    for u, v in itertools.combinations("abcdefg", 2):
        if rng.random() < 0.6:
            G.add_edge(u, v, weight=float(rng.choice([-1.0, -0.5, 0.5, 1.0])))
    assert coalitions(G).frustration == pytest.approx(brute_force(G))


def test_heuristic_beyond_the_exact_limit_states_itself_and_is_an_upper_bound():
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", -0.4), ("c", "d", -1)])
    c = coalitions(G, exact_max=2)
    assert c.method.startswith("heuristic")
    assert c.frustration >= coalitions(G).frustration
    assert c.frustration == pytest.approx(frustration(G, c.membership()))


def test_signed_graph_sums_alignment_and_ties_and_drops_weak_alignment():
    al = pd.DataFrame(
        {"actor_a": ["a", "a", "b"], "actor_b": ["b", "c", "c"], "value": [0.6, -0.3, np.nan]}
    )
    ties = pd.DataFrame(
        {"from": ["b", "c"], "to": ["a", "b"], "sign": [-1.0, 1.0], "weight": [0.5, 1.0]}
    )
    G = signed_graph(["a", "b", "c"], al, ties, threshold=0.5)
    assert G["a"]["b"]["weight"] == pytest.approx(0.1)  # 0.6 - 0.5
    assert not G.has_edge("a", "c")  # |S| = 0.3 < 0.5 and no tie
    assert G["b"]["c"]["sign"] == 1
