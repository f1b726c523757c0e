"""stancegraph beside the rdflib + networkx way a user would write it, side by side in one run
(issue 10): import a stance spreadsheet to RDF, load it, ask who supports a position, compute
all-pairs S-scores. Same synthetic data as bench_paths.py; in process; wall time of one run;
a baseline past the time limit is stopped and extrapolated from the share it finished.

    .venv/bin/python benchmarks/bench_baseline.py [--sizes 10000 100000] [--limit 120]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib
from bench_paths import write_sheet

import stancegraph
from stancegraph.spreadsheet import import_csv

SG = rdflib.Namespace("https://w3id.org/stancegraph/ns#")
ID = rdflib.Namespace("https://w3id.org/stancegraph/id/")
SUPPORTERS = """PREFIX sg: <https://w3id.org/stancegraph/ns#>
SELECT ?actor WHERE { ?s sg:position ?p ; sg:actor ?actor ; sg:polarity ?x . FILTER(?x > 0) }"""
STANCES = """PREFIX sg: <https://w3id.org/stancegraph/ns#>
SELECT ?actor ?position ?x WHERE { ?s sg:actor ?actor ; sg:position ?position ; sg:polarity ?x }"""


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def baseline_import(sheet: Path, out: Path) -> None:
    """Row by row into an rdflib graph, then rdflib's Turtle serializer."""
    g = rdflib.Graph()
    g.bind("sg", SG)
    with sheet.open(encoding="utf-8") as rows:
        for n, row in enumerate(csv.DictReader(rows)):
            s = ID[f"stance-{n}"]
            actor = ID[row["actor"].replace(" ", "_")]
            position = ID[row["position"].replace(" ", "_")]
            g.add((s, rdflib.RDF.type, SG.Stance))
            g.add((s, SG.actor, actor))
            g.add((s, SG.position, position))
            g.add((s, SG.polarity, rdflib.Literal(float(row["polarity"]))))
            g.add((actor, rdflib.RDF.type, SG.Actor))
            g.add((position, SG.onIssue, ID[row["issue"].replace(" ", "_")]))
    g.serialize(out, format="turtle")


def baseline_pairs(g: rdflib.Graph, limit: float) -> tuple[float, str]:
    """The stance table by rdflib SPARQL, then every pair of actors in a networkx loop."""
    start = time.perf_counter()
    stances: dict[str, dict[str, float]] = {}
    for actor, position, x in g.query(STANCES):
        stances.setdefault(str(actor), {})[str(position)] = float(x)
    G = nx.Graph()
    actors = sorted(stances)
    pairs = list(itertools.combinations(actors, 2))
    for done, (a, b) in enumerate(pairs, 1):
        shared = stances[a].keys() & stances[b].keys()
        if shared:
            s = 1 - sum(abs(stances[a][p] - stances[b][p]) for p in shared) / len(shared)
            G.add_edge(a, b, sscore=s, overlap=len(shared))
        if done % 10_000 == 0 and time.perf_counter() - start > limit:
            spent = time.perf_counter() - start
            return spent * len(pairs) / done, f"stopped at {done:,} of {len(pairs):,} pairs"
    return time.perf_counter() - start, ""


def measure(size: int, folder: Path, limit: float) -> None:
    """Print the table's rows for ``size`` stances, working in ``folder``."""
    sheet = folder / "s.csv"
    write_sheet(sheet, size)

    def line(step: str, base: float, ours: float, note: str = "") -> None:
        ratio = base / ours
        shown = f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.2g}"
        print(f"| {step} | {size:,} | {base:.2f} s | {ours:.2f} s | {shown}× | {note} |",
              flush=True)  # fmt: skip

    base, _ = timed(lambda: baseline_import(sheet, folder / "base.ttl"))
    ours, _ = timed(lambda: import_csv(sheet, folder / "s.ttl"))
    line("import CSV → Turtle", base, ours, "stancegraph also validates every row")
    parse, g = timed(lambda: rdflib.Graph().parse(folder / "s.ttl"))
    ours, _ = timed(lambda: stancegraph.load(folder / "s.ttl", store=folder / "db"))
    line("load", parse, ours, "rdflib parse vs Oxigraph bulk load into a store")
    position = rdflib.URIRef(next(str(p) for p in g.subjects(rdflib.RDF.type, SG.Position)))
    base, _ = timed(lambda: list(g.query(SUPPORTERS, initBindings={"p": position})))
    ours, _ = timed(lambda: stancegraph.open(store=folder / "db").who_supports(str(position)))
    line("who supports one position: the query alone", base, ours,
         "rdflib: on a graph already parsed; stancegraph: open the store, then ask")  # fmt: skip
    line("who supports one position, as a script runs it", parse + base, ours,
         "rdflib has no store to reopen: each run parses the file first")  # fmt: skip
    base, note = baseline_pairs(g, limit)
    ours, _ = timed(lambda: stancegraph.open(store=folder / "db").alignment_matrix())
    line("all-pairs S-scores: the computation", base, ours,
         note or "rdflib SPARQL stance table + a networkx loop over pairs")  # fmt: skip
    line("all-pairs S-scores, as a script runs it", parse + base, ours,
         "rdflib: parse, then the above; stancegraph: open the store, read, compute")  # fmt: skip
    again, _ = timed(lambda: stancegraph.open(store=folder / "db").alignment_matrix())
    line("all-pairs S-scores, the script run again", parse + base, again,
         "stancegraph: the records kept beside the store by the first run")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per baseline step")
    options = parser.parse_args()
    print("| step | stances | rdflib + networkx | stancegraph | ratio | note |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            measure(size, Path(tmp), options.limit)


if __name__ == "__main__":
    main()
