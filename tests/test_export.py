import csv
import io
import re

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from stancegraph.errors import InputError
from stancegraph.export import mermaid

from .conftest import EX, RIVER


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_gephi_formats_keep_every_node_edge_and_attribute(river, tmp_path, fmt, reader):
    G = river.actor_network()
    out = river.export(fmt, tmp_path / f"a.{fmt}")
    H = reader(out)
    assert set(H.nodes) == set(G.nodes)
    assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in G.edges}
    for node, data in G.nodes(data=True):
        for key, value in data.items():
            assert (
                H.nodes[node][key] == pytest.approx(value)
                if isinstance(value, float)
                else H.nodes[node][key] == value
            ), (node, key)
    for u, v, data in G.edges(data=True):
        for key, value in data.items():
            got = H.edges[u, v][key]
            assert got == pytest.approx(value) if isinstance(value, float) else got == value, (
                u,
                v,
                key,
            )
    aland = H.nodes[EX + "Aland"]
    assert (aland["label"], aland["type"], aland["roles"], aland["coalition"]) == (
        "Aland",
        "State",
        "Party",
        1,
    )
    assert H.edges[EX + "Carpathia", EX + "Borduria"]["kinds"] == "Mediation"


def test_two_mode_graphml(river, tmp_path):
    H = nx.read_graphml(river.export("graphml", tmp_path / "b.graphml", two_mode=True))
    assert H.nodes[EX + "EqualShare"]["kind"] == "position"
    assert H.edges[EX + "Borduria", EX + "EqualShare"]["polarity"] == -0.5
    assert H.number_of_edges() == 13  # current stances


@pytest.mark.parametrize(
    ("fmt", "parser"), [("turtle", "turtle"), ("jsonld", "json-ld"), ("ntriples", "nt")]
)
@pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)  # rdflib's JSON-LD parser
def test_rdf_exports_round_trip_without_the_vocabulary(river, tmp_path, fmt, parser):
    out = river.export(fmt, tmp_path / f"g.{fmt}")
    exported = rdflib.Graph().parse(out, format=parser)
    original = rdflib.Graph().parse(RIVER, format="turtle")
    # Oxigraph writes decimals canonically (1.0 -> 1): compare numbers by value.
    assert isomorphic(numbers_by_value(exported), numbers_by_value(original))


def numbers_by_value(graph):
    out = rdflib.Graph()
    for s, p, o in graph:
        if isinstance(o, rdflib.Literal) and o.datatype == XSD.decimal:
            o = rdflib.Literal(format(float(o), "g"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def test_stance_csv_has_one_row_per_record_with_evidence(river, tmp_path):
    rows = list(csv.DictReader(io.StringIO(river.export("csv", tmp_path / "s.csv").read_text())))
    assert len(rows) == 15
    s07 = next(r for r in rows if r["stance"] == EX + "s07")
    assert (
        s07["actor_label"],
        s07["position_label"],
        s07["polarity"],
        s07["valid_from"],
        s07["quote"],
    ) == (
        "Borduria",
        "Joint river commission",
        "-1.0",
        "2020-01-01",
        "Borduria refused a commission in 2020.",
    )


def test_mermaid_and_dot(river, tmp_path):
    text = mermaid(river.actor_network(), river.coalitions().coalitions)
    assert text.startswith("graph LR\n")
    assert 'n_Aland["Aland"]' in text
    assert "n_Aland -.-|-1.00| n_Eastmark" in text  # hostile: dotted
    assert "linkStyle" in text
    dot = river.export("dot", tmp_path / "g.dot").read_text()
    assert dot.startswith("graph stancegraph {") and dot.rstrip().endswith("}")
    assert f'"{EX}Aland" -- "{EX}Eastmark" [color="#c51b7d", style=dashed' in dot


def test_unknown_format(river, tmp_path):
    with pytest.raises(InputError, match="unknown export format 'xlsx'"):
        river.export("xlsx", tmp_path / "a.xlsx")


def test_cli_export(cli, tmp_path):
    out = tmp_path / "a.gexf"
    result = cli("export", "gexf", "--out", str(out))
    assert result.exit_code == 0 and result.stdout.strip() == str(out)
    missing = cli("export", "csv", "--out", str(tmp_path / "nope" / "a.csv"))
    assert missing.exit_code == 2 and "no such directory" in missing.stderr


def test_rdf_export_merges_named_graphs_and_leaves_out_the_vocabulary(tmp_path):
    import stancegraph
    from stancegraph.io import resource_path

    trig = tmp_path / "g.trig"
    trig.write_text(
        "@prefix sg: <https://w3id.org/stancegraph/ns#> .\n"
        "<http://e.org/a> a sg:State .\n"
        "<http://e.org/g> { <http://e.org/b> a sg:Person . }\n",
        encoding="utf-8",
    )
    g = stancegraph.load(trig, store=tmp_path / "db")
    out = rdflib.Graph().parse(g.export("turtle", tmp_path / "out.ttl"), format="turtle")
    vocabulary = rdflib.Graph().parse(resource_path("stancegraph.ttl"), format="turtle")
    assert set(out) == {
        (rdflib.URIRef("http://e.org/a"), rdflib.RDF.type, rdflib.URIRef(SG_NS + "State")),
        (rdflib.URIRef("http://e.org/b"), rdflib.RDF.type, rdflib.URIRef(SG_NS + "Person")),
    }
    assert len(vocabulary) > 100 and not set(out) & set(vocabulary)


@pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)  # rdflib's JSON-LD parser
def test_rdf_export_keeps_what_the_user_said_about_the_vocabulary_terms_outside_it(tmp_path):
    # Only the vocabulary's own triples are left out, line for line: a user's triple about an
    # sg: term that the vocabulary does not state stays.
    import stancegraph

    ttl = tmp_path / "g.ttl"
    ttl.write_text(
        "@prefix sg: <https://w3id.org/stancegraph/ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'sg:Actor rdfs:comment "our own note" .\n<http://e.org/a> a sg:State .\n',
        encoding="utf-8",
    )
    for fmt, parser in (("ntriples", "nt"), ("turtle", "turtle"), ("jsonld", "json-ld")):
        g = stancegraph.load(ttl, store=tmp_path / f"db-{fmt}")
        out = rdflib.Graph().parse(g.export(fmt, tmp_path / f"out.{fmt}"), format=parser)
        assert len(out) == 2, fmt
        assert (rdflib.URIRef(SG_NS + "Actor"), rdflib.RDFS.comment,
                rdflib.Literal("our own note")) in out  # fmt: skip


SG_NS = "https://w3id.org/stancegraph/ns#"


def _networkx_text(G, fmt):
    buffer = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(G, buffer)
    return buffer.getvalue().decode("utf-8")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_files_are_the_text_networkx_writes(river, tmp_path, fmt):
    """networkx's writers are the reference: the streamed files match them byte for byte (the
    GEXF creator aside), for the actor and the actor–position graphs and for names that XML
    must escape."""
    import datetime as dt

    import pandas as pd

    from stancegraph.export import network, two_mode_tables
    from stancegraph.graphfiles import gexf, graphml

    nodes = pd.DataFrame(
        {"label": ['A & "B"', "<c>\nd\te", ""], "n": [1, 2, 3], "x": [0.5, float("nan"), -1.0]},
        index=["a&b", 'q"r', "s"],
    )
    edges = pd.DataFrame({"source": ["a&b", "a&b"], "target": ['q"r', "s"], "weight": [1.0, -2.5],
                          "kinds": ["x<y", ""]})  # fmt: skip
    for tables in ((nodes, edges), two_mode_tables(river.snapshot()), river._actor_tables(0.5)):
        if fmt == "graphml":
            ours = "".join(graphml(*tables))
        else:
            ours = "".join(gexf(*tables, creator="X", today=dt.date.today()))
        theirs = _networkx_text(network(*tables), fmt)
        assert ours == re.sub(r"<creator>[^<]*</creator>", "<creator>X</creator>", theirs)


def test_two_mode_files_declare_every_node_an_edge_names(tmp_path):
    # A stance whose actor has no actor type: the edge stays, and its actor is a node.
    import stancegraph

    ttl = tmp_path / "g.ttl"
    ttl.write_text(
        "@prefix sg: <https://w3id.org/stancegraph/ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<http://e.org/p> a sg:Position ; rdfs:label "P" .\n'
        "<http://e.org/s> a sg:Stance ; sg:actor <http://e.org/untyped> ;\n"
        "    sg:position <http://e.org/p> ; sg:polarity 1.0 .\n",
        encoding="utf-8",
    )
    g = stancegraph.open(ttl)
    text = g.export("graphml", tmp_path / "t.graphml", two_mode=True).read_text()
    assert '<node id="http://e.org/untyped">' in text
    H = nx.read_graphml(tmp_path / "t.graphml")
    assert H.nodes["http://e.org/untyped"]["kind"] == "actor"
    assert H.edges["http://e.org/untyped", "http://e.org/p"]["polarity"] == 1.0
