"""The façade's own promises: settings are checked where they enter, a repr asks nothing of the
store, and one label service serves every answer."""

import pytest

import stancegraph
from stancegraph.api import StanceGraph
from stancegraph.errors import InputError
from stancegraph.store import RemoteStore

from .conftest import EX, RIVER


def test_a_bad_date_is_an_input_error_on_every_path(river):
    with pytest.raises(InputError, match="as_of 'yesterday' is not a date; use YYYY-MM-DD"):
        river.at("yesterday")
    with pytest.raises(InputError, match="min_confidence 2 is out of range"):
        river.with_min_confidence(2)


def test_repr_sends_no_query():
    # Nothing listens on port 9: a repr that queried would raise EndpointError.
    g = StanceGraph(RemoteStore("http://127.0.0.1:9/sparql"), as_of="2024-05-01")
    assert repr(g) == "<StanceGraph SPARQL endpoint http://127.0.0.1:9/sparql, as of 2024-05-01>"


def test_copies_share_the_label_service_and_keep_their_class(river):
    later = river.at("2030-01-01")
    assert type(later) is StanceGraph
    assert later.names is river.names
    assert later.label(EX + "Ana") == "Ana Alander"
    assert river.snapshot().labels is river.names.labels()


def test_results_are_computed_once_per_setting():
    g = stancegraph.open(RIVER)
    assert g.coalitions() is g.coalitions()
    assert g.brokers()["actor"].tolist() == g.brokers()["actor"].tolist()
    assert g.with_min_confidence(0.8).coalitions() is not g.coalitions()
