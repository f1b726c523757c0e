"""Results derived from a snapshot are computed once per graph, and callers cannot change them."""

from .conftest import EX


def test_signed_graph_is_a_copy_and_analyses_are_computed_once(river):
    G = river.signed_graph()
    G.add_edge(EX + "Aland", EX + "Eastmark", weight=5.0, sign=1)
    assert river.signed_graph()[EX + "Aland"][EX + "Eastmark"]["weight"] == -1.0
    assert river.coalitions() is river.coalitions()
    assert river.deal_stances() is river.deal_stances()
    # Another setting is another snapshot: its results are its own.
    strict = river.with_min_confidence(0.8)
    assert len(strict.deal_stances()) != len(river.deal_stances())
