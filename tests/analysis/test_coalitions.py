import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from stancegraph.analysis.alignment import Alignment
from stancegraph.analysis.coalitions import _louvain, coalitions, frustration
from stancegraph.analysis.signed import SignedMatrix, signed_matrix


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
    S = np.array([[1.0, 0.6, -0.3], [0.6, 1.0, np.nan], [-0.3, np.nan, 1.0]])
    al = Alignment.from_dense(["a", "b", "c"], S, np.ones((3, 3), dtype=int))
    ties = pd.DataFrame(
        {"from": ["b", "c"], "to": ["a", "b"], "sign": [-1.0, 1.0], "weight": [0.5, 1.0]}
    )
    G = signed_matrix(al, ties, threshold=0.5).graph()
    assert G["a"]["b"]["weight"] == pytest.approx(0.1)  # 0.6 - 0.5
    assert not G.has_edge("a", "c")  # |S| = 0.3 < 0.5 and no tie
    assert G["b"]["c"]["sign"] == 1


def test_louvain_finds_two_cliques_joined_by_one_edge():
    # Two 5-cliques and one bridge: the modularity optimum is the two cliques.
    G = nx.barbell_graph(5, 0)
    A = nx.to_scipy_sparse_array(G, nodelist=sorted(G.nodes), format="csr")
    labels = _louvain(A, seed=0)
    assert labels[:5].tolist() == [labels[0]] * 5 and labels[5:].tolist() == [labels[5]] * 5
    assert labels[0] != labels[5]


@pytest.mark.parametrize("seed", range(6))
def test_the_heuristic_recovers_planted_camps_and_is_never_below_the_optimum(seed):
    # Three camps of 12: friends within (weight 0.5–1), enemies across (−0.5 to −1), and 5 %
    # of the ties flipped. The heuristic must be an upper bound of the exact optimum on small
    # graphs and find the camps exactly when nothing is flipped.
    rng = np.random.default_rng(seed)
    camps = np.repeat(np.arange(3), 12)
    G = nx.Graph()
    names = [f"a{k:02d}" for k in range(36)]
    for i, j in itertools.combinations(range(36), 2):
        w = rng.uniform(0.5, 1.0) * (1 if camps[i] == camps[j] else -1)
        G.add_edge(names[i], names[j], weight=w)
    found = coalitions(G, exact_max=0)
    assert sorted(map(len, found.coalitions)) == [12, 12, 12] and found.frustration == 0.0
    flipped = G.copy()
    for u, v in list(flipped.edges):
        if rng.random() < 0.05:
            flipped[u][v]["weight"] *= -1
    small = flipped.subgraph(names[:8]).copy()
    assert coalitions(small, exact_max=0).frustration >= coalitions(small).frustration - 1e-12
    result = coalitions(flipped, exact_max=0)
    assert result.frustration == pytest.approx(frustration(flipped, result.membership()))


def test_the_matrix_and_the_graph_are_the_same_edges():
    rng = np.random.default_rng(1)
    S = rng.uniform(-1, 1, (20, 20))
    S = np.triu(S, 1) + np.triu(S, 1).T + np.eye(20)
    S[S > 0.9] = np.nan  # some pairs share no position
    actors = [f"x{k:02d}" for k in range(20)]
    al = Alignment.from_dense(actors, S, np.ones((20, 20), dtype=int))
    ties = pd.DataFrame({"from": ["x01", "x02"], "to": ["x02", "x01"], "sign": [1.0, -1.0],
                         "weight": [0.7, 0.2]})  # fmt: skip
    m = signed_matrix(al, ties, 0.5)
    G = m.graph()
    back = SignedMatrix.of_graph(G)
    assert back.actors == actors
    assert np.allclose(back.weights.toarray(), m.weights.toarray())
    for u, v, w in G.edges(data="weight"):
        s = S[actors.index(u), actors.index(v)]
        expected = (s if abs(s) >= 0.5 else 0.0) + (0.5 if {u, v} == {"x01", "x02"} else 0.0)
        assert w == pytest.approx(expected)
