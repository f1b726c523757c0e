"""Exports: the graph as RDF (Turtle, JSON-LD, N-Triples), the actor network for Gephi and
Cytoscape (GraphML, GEXF), the stance table as CSV, and relationship diagrams as text (Mermaid,
Graphviz DOT)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyoxigraph as ox
import rdflib

from ._lazy import lazy
from .analysis.alignment import Alignment
from .analysis.signed import SignedMatrix
from .errors import InputError
from .io import package_version, resource_path, write_atomic
from .model import Snapshot
from .store import LocalStore, Store
from .vocab import local_name

if TYPE_CHECKING:
    import networkx as nx
    import scipy.sparse as sp
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")
    sp = lazy("scipy.sparse")

FORMATS = ("turtle", "jsonld", "ntriples", "graphml", "gexf", "csv", "mermaid", "dot")
RDF_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt"}
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}


def check_format(fmt: str) -> str:
    """``fmt`` when it is one of ``FORMATS``; an InputError lists them otherwise."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def data_graph(store: Store) -> rdflib.Graph:
    """The user's triples without the vocabulary that every store carries."""
    graph = store.to_rdflib()
    vocabulary = rdflib.Graph().parse(resource_path("stancegraph.ttl"), format="turtle")
    for triple in vocabulary:
        graph.remove(triple)
    return graph


def write_rdf(store: Store, fmt: str, out: Path) -> Path:
    """Write the user's triples as Turtle, JSON-LD or N-Triples to ``out`` (atomically):
    streamed by Oxigraph from a local store (100k stances: 4 s, where rdflib took 48 s), by
    rdflib from an endpoint's."""

    def write(target: Path) -> None:
        if isinstance(store, LocalStore):
            store.write_data(OX_FORMATS[fmt], target)
        else:
            target.write_bytes(
                data_graph(store).serialize(format=RDF_FORMATS[fmt], encoding="utf-8")
            )

    return write_atomic(out, write)


def actor_tables(
    snap: Snapshot, matrix: SignedMatrix, membership: dict[str, int], alignment: Alignment
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The signed actor graph as a node table (indexed by actor: ``label``, ``type``,
    ``roles``, ``coalition``, ``capability``, ``stances``) and an edge table (``source``,
    ``target``, ``weight``, ``sign``, ``sscore``, ``overlap``, ``kinds``: the explicit
    relation kinds), the attributes Gephi and Cytoscape read. Nodes come in the matrix's
    order; each edge from its endpoint that comes first, in the order networkx keeps."""
    actors = pd.Index(matrix.actors)
    info = snap.actors.drop_duplicates("actor").set_index("actor").reindex(actors)
    counts = snap.stances.groupby("actor").size().reindex(actors, fill_value=0)
    nodes = pd.DataFrame(
        {
            "label": [str(x) if pd.notna(x) else snap.label(a) for a, x in info["label"].items()],
            "type": [local_name(t) if isinstance(t, str) else "Actor" for t in info["type"]],
            "roles": [_joined(rs) for rs in info["roles"]],
            "coalition": actors.map(lambda a: int(membership.get(a, -1)) + 1).astype(np.int64),
            "capability": info["capability"].astype(float).fillna(-1.0).to_numpy(),
            "stances": counts.to_numpy(dtype=np.int64),
        },
        index=actors,
    )
    upper = sp.triu(matrix.weights, k=1).tocoo()  # row < col: source, target in node order
    names = np.asarray(matrix.actors, dtype=object)
    lo, hi = names[upper.row], names[upper.col]
    swap = lo > hi
    # networkx added the edges in name order, and lists a node's edges in the order added.
    added = np.empty(len(lo), dtype=np.int64)
    added[np.lexsort((np.where(swap, lo, hi), np.where(swap, hi, lo)))] = np.arange(len(lo))
    order = np.lexsort((added, upper.row))
    source, target = upper.row[order], upper.col[order]
    weight = upper.data[order].astype(float)
    at = pd.Index(alignment.actors)
    values, overlaps = alignment.take(at.get_indexer(names[source]), at.get_indexer(names[target]))
    edges = pd.DataFrame(
        {
            "source": names[source],
            "target": names[target],
            "weight": weight,
            "sign": np.where(weight > 0, 1, -1).astype(np.int64),
            "sscore": np.nan_to_num(np.asarray(values, dtype=float), nan=0.0),
            "overlap": np.asarray(overlaps, dtype=np.int64),
            "kinds": _kinds(snap, names[source], names[target]),
        }
    )
    return nodes, edges


def _joined(roles: object) -> str:
    return ";".join(local_name(r) for r in roles) if isinstance(roles, list | tuple) else ""


def _kinds(snap: Snapshot, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The explicit relation kinds between each pair (either direction), ";"-joined."""
    ties = snap.relationships.dropna(subset=["kind"])
    kinds = np.full(len(source), "", dtype=object)
    if ties.empty or not len(source):
        return kinds
    # Pairs named "a b": an IRI holds no space (and numpy drops a NUL at a text's end).
    pair = ties.apply(lambda t: " ".join(sorted((t["from"], t["to"]))), axis=1)
    named = ties.assign(pair=pair, kind=ties["kind"].map(local_name)).groupby("pair")["kind"]
    joined = named.agg(lambda k: ";".join(sorted(set(k))))
    tied = set(ties["from"]) | set(ties["to"])
    near = np.flatnonzero(
        pd.Series(source).isin(tied).to_numpy() & pd.Series(target).isin(tied).to_numpy()
    )
    keys = np.where(source[near] < target[near], source[near] + " " + target[near],
                    target[near] + " " + source[near])  # fmt: skip
    kinds[near] = pd.Series(keys).map(joined).fillna("").to_numpy()
    return kinds


def two_mode_tables(snap: Snapshot) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actor–position graph (current stances) as tables: nodes ``label``, ``kind``,
    ``issue``; edges actor → position, ``polarity``, ``salience``, ``weight`` (= |polarity|)
    and ``sign``."""
    actors = pd.DataFrame({"label": snap.actors["label"].astype(str).to_numpy(), "kind": "actor",
                           "issue": ""}, index=snap.actors["actor"].to_numpy())  # fmt: skip
    issue = snap.positions["issue_label"].where(snap.positions["issue_label"].notna(), "")
    positions = pd.DataFrame(
        {"label": snap.positions["label"].astype(str).to_numpy(), "kind": "position",
         "issue": issue.astype(str).to_numpy()}, index=snap.positions["position"].to_numpy(),
    )  # fmt: skip
    stances = snap.stances.drop_duplicates(["actor", "position"], keep="last")
    # A stance's actor or position the tables do not hold (an untyped node) is still a node,
    # as networkx would add it: no edge may name an undeclared node.
    unnamed = []
    for kind, known in (("actor", actors.index), ("position", positions.index)):
        missing = pd.Index(pd.unique(stances[kind])).difference(known)
        labels = [snap.label(n) for n in missing]
        unnamed.append(pd.DataFrame({"label": labels, "kind": kind, "issue": ""}, index=missing))
    nodes = pd.concat([actors, positions, *unnamed])
    nodes = nodes[~nodes.index.duplicated()]
    stances = stances.iloc[np.argsort(nodes.index.get_indexer(stances["actor"]), kind="stable")]
    x = stances["polarity"].to_numpy(dtype=float)
    edges = pd.DataFrame(
        {
            "source": stances["actor"].to_numpy(),
            "target": stances["position"].to_numpy(),
            "polarity": x,
            "salience": stances["salience"].to_numpy(dtype=float),
            "weight": np.abs(x),
            "sign": np.sign(x).astype(np.int64),
        }
    )
    return nodes, edges


def network(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.Graph:
    """A node and an edge table (:func:`actor_tables`, :func:`two_mode_tables`) as a networkx
    graph, for notebooks and the diagrams."""
    G = nx.Graph()
    G.add_nodes_from(zip(nodes.index, nodes.to_dict("records"), strict=True))
    attributes = edges.iloc[:, 2:].to_dict("records")
    G.add_edges_from(zip(edges["source"], edges["target"], attributes, strict=True))
    return G


def write_network(nodes: pd.DataFrame, edges: pd.DataFrame, fmt: str, out: Path) -> Path:
    """Write the tables as GraphML or GEXF to ``out`` (atomically), streamed."""
    from .graphfiles import gexf, graphml

    def write(target: Path) -> None:
        text = graphml(nodes, edges) if fmt == "graphml" else gexf(
            nodes, edges, creator=f"stancegraph {package_version()}")  # fmt: skip
        with target.open("w", encoding="utf-8") as sink:
            for block in text:
                sink.write(block)

    return write_atomic(out, write)


def stance_csv(snap: Snapshot, records: pd.DataFrame) -> str:
    """Every stance record (any date) with labels and its first piece of evidence."""
    evidence = snap.evidence.drop_duplicates("stance")[["stance", "quote", "source"]]
    table = records.merge(
        snap.positions[["position", "issue", "issue_label"]], on="position", how="left"
    )
    table = table.merge(evidence, on="stance", how="left")
    table.insert(2, "actor_label", table["actor"].map(snap.label))
    table.insert(4, "position_label", table["position"].map(snap.label))
    for column in ("valid_from", "valid_until"):
        table[column] = table[column].dt.strftime("%Y-%m-%d")
    out = io.StringIO()
    table.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return out.getvalue()


def _node_id(iri: str) -> str:
    return "n_" + re.sub(r"\W", "_", local_name(iri))


def mermaid(G: nx.Graph, coalitions: list[list[str]]) -> str:
    """A Mermaid flowchart of an actor network: coalitions as subgraphs, friendly ties solid,
    hostile dotted."""
    lines = ["graph LR"]

    def text(value: str) -> str:
        return value.replace('"', "#quot;")

    for k, group in enumerate(coalitions, start=1):
        lines.append(f'  subgraph c{k}["coalition {k}"]')
        lines += [
            f'    {_node_id(a)}["{text(G.nodes[a].get("label", local_name(a)))}"]'
            for a in group
            if a in G
        ]
        lines.append("  end")
    styles = []
    for i, (u, v, data) in enumerate(sorted(G.edges(data=True), key=lambda e: (e[0], e[1]))):
        arrow = "---" if data["sign"] > 0 else "-.-"
        lines.append(f"  {_node_id(u)} {arrow}|{data['weight']:+.2f}| {_node_id(v)}")
        styles.append(f"  linkStyle {i} stroke:{'#1b7837' if data['sign'] > 0 else '#c51b7d'}")
    return "\n".join(lines + styles) + "\n"


def dot(G: nx.Graph, coalitions: list[list[str]]) -> str:
    """A Graphviz DOT graph of an actor network: clusters per coalition, green solid / magenta
    dashed edges."""
    shapes = {
        "State": "ellipse",
        "InternationalOrganization": "box",
        "Person": "triangle",
        "Group": "diamond",
    }

    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "graph stancegraph {",
        "  layout=neato; overlap=false; splines=true;",
        '  node [fontname="Helvetica", style=filled, fillcolor="#eef3fb"];',
    ]
    for k, group in enumerate(coalitions, start=1):
        lines.append(f"  subgraph cluster_{k} {{ label={quoted(f'coalition {k}')};")
        for a in group:
            if a in G:
                data = G.nodes[a]
                lines.append(
                    f"    {quoted(a)} [label={quoted(data['label'])}, shape={shapes.get(data['type'], 'hexagon')}];"
                )
        lines.append("  }")
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[1])):
        colour, style = ("#1b7837", "solid") if data["sign"] > 0 else ("#c51b7d", "dashed")
        width = 1 + 2 * min(abs(data["weight"]), 2)
        label = quoted(format(data["weight"], "+.2f"))
        lines.append(
            f"  {quoted(u)} -- {quoted(v)} [color={quoted(colour)}, style={style}, penwidth={width:.2f}, label={label}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
