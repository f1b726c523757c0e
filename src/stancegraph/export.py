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
from .errors import InputError
from .io import resource_path, write_atomic
from .model import Snapshot
from .store import LocalStore, Store
from .vocab import local_name

if TYPE_CHECKING:
    import networkx as nx
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")

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
    streamed by Oxigraph from a local store (100k stances: 3 s, where rdflib took 49 s), by
    rdflib from an endpoint's."""

    def write(target: Path) -> None:
        if not (isinstance(store, LocalStore) and store.write_data(OX_FORMATS[fmt], target)):
            target.write_bytes(
                data_graph(store).serialize(format=RDF_FORMATS[fmt], encoding="utf-8")
            )

    return write_atomic(out, write)


def actor_network(
    snap: Snapshot, signed: nx.Graph, membership: dict[str, int], alignment: Alignment
) -> nx.Graph:
    """The signed actor graph (a copy is changed) with attributes Gephi and Cytoscape can read:
    nodes ``label``, ``type``, ``roles``, ``coalition``, ``capability``, ``stances``; edges
    ``weight``, ``sign``, ``sscore``, ``overlap``, ``kinds`` (explicit relation kinds)."""
    G = signed.copy()
    counts = snap.stances.groupby("actor").size()
    for row in snap.actors.itertuples(index=False):
        if row.actor not in G:
            continue
        G.nodes[row.actor].update(
            label=str(row.label),
            type=local_name(str(row.type)) if isinstance(row.type, str) else "Actor",
            roles=";".join(local_name(r) for r in row.roles),
            coalition=int(membership.get(row.actor, -1)) + 1,
            capability=float(row.capability) if pd.notna(row.capability) else -1.0,
            stances=int(counts.get(row.actor, 0)),
        )
    # S-score and overlap read from the matrix for each edge only; tie kinds grouped once.
    index = {a: i for i, a in enumerate(alignment.actors)}
    ties = snap.relationships.dropna(subset=["kind"])
    kinds: dict[frozenset[str], set[str]] = {}
    for a, b, kind in ties[["from", "to", "kind"]].itertuples(index=False):
        kinds.setdefault(frozenset((a, b)), set()).add(local_name(kind))
    edges = list(G.edges(data=True))
    values, overlaps = alignment.take(
        np.array([index[u] for u, _, _ in edges], dtype=np.int64),
        np.array([index[v] for _, v, _ in edges], dtype=np.int64),
    )
    for (u, v, data), value, overlap in zip(edges, values, overlaps, strict=True):
        data["sscore"] = float(value) if pd.notna(value) else 0.0
        data["overlap"] = int(overlap)
        data["kinds"] = ";".join(sorted(kinds.get(frozenset((u, v)), set())))
        data["weight"] = float(data["weight"])
        data["sign"] = int(data["sign"])
    return G


def two_mode_network(snap: Snapshot) -> nx.Graph:
    """Actor–position graph (current stances): nodes ``label``, ``kind``, ``issue``; edges
    ``polarity``, ``salience``, ``weight`` (= |polarity|) and ``sign``."""
    G = nx.Graph()
    for row in snap.actors.itertuples(index=False):
        G.add_node(row.actor, label=str(row.label), kind="actor", issue="")
    for row in snap.positions.itertuples(index=False):
        G.add_node(
            row.position, label=str(row.label), kind="position", issue=str(row.issue_label or "")
        )
    for a, p, x, s in snap.stances[["actor", "position", "polarity", "salience"]].itertuples(
        index=False
    ):
        G.add_edge(
            a,
            p,
            polarity=float(x),
            salience=float(s),
            weight=abs(float(x)),
            sign=int((x > 0) - (x < 0)),
        )
    return G


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


def graph_bytes(G: nx.Graph, fmt: str) -> bytes:
    """A networkx graph as GraphML or GEXF."""
    buffer = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(G, buffer)
    return buffer.getvalue()
