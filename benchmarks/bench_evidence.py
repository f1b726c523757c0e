"""Time of the evidence-strength and deal paths (issue 8): the kernels in process, and the user's
commands end to end.

Run: .venv/bin/python benchmarks/bench_evidence.py [--sizes 100000 1000000] [--cli 10000 100000]
     [--timeout SECONDS]

Kernels (best of 3, peak traced memory): derived opposition, blocking issues, common ground and
scenario verdicts over current + derived stances, and the robustness comparison, on the synthetic
stance tables of bench_alignment.py with 30 % inferred stances, every pair of neighbouring
positions incompatible, 5 positions per issue, 50 scenarios of 4 positions, and the two most
active actors as veto players.

Commands: a synthetic Turtle graph of the same shape (1 actor per 10 stances), each command
run once as a subprocess from a cold start (wall time; ``> T`` when stopped at the timeout).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from bench_alignment import measure, synthetic

from stancegraph.analysis.blocking import blocking_issues, common_ground
from stancegraph.analysis.derived import deal_stances
from stancegraph.analysis.robustness import Findings, robustness
from stancegraph.analysis.scenarios import scenario_verdicts

SG = "https://w3id.org/stancegraph/ns#"
EX = "http://example.org/bench/"


def tables(n_stances: int, n_actors: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """A stance table with confidence and stance IRIs, and the tables the deal analyses need."""
    rng = np.random.default_rng(seed)
    stances = synthetic(n_actors, n_stances, seed)
    stances["confidence"] = np.where(rng.random(n_stances) < 0.3, 0.5, 1.0)
    stances["stance"] = "s" + pd.Series(np.arange(n_stances)).astype(str)
    positions = pd.Series(sorted(stances["position"].unique()))
    number = positions.str.slice(1).astype(int)
    pos = pd.DataFrame({"position": positions, "issue": "i" + (number // 5).astype(str)})
    even = positions[number % 2 == 0]
    incompatible = pd.DataFrame(
        {"a": even, "b": "p" + (even.str.slice(1).astype(int) + 1).astype(str)}
    )
    picked = rng.choice(positions, size=(50, 4))
    scenarios = pd.DataFrame(
        {"scenario": np.repeat([f"sc{k}" for k in range(50)], 4), "position": picked.ravel()}
    )
    veto = stances["actor"].value_counts().index[:2].tolist()
    return {
        "stances": stances,
        "positions": pos,
        "incompatible": incompatible,
        "scenarios": scenarios,
        "veto": pd.DataFrame({"actor": veto}),
    }


def findings(t: dict[str, pd.DataFrame], stances: pd.DataFrame) -> Findings:
    veto = t["veto"]["actor"].tolist()
    deal = deal_stances(stances, t["incompatible"])
    actors = sorted(stances["actor"].unique())
    return Findings(
        stances=deal,
        blocking=blocking_issues(deal, t["positions"], veto),
        common_ground=common_ground(deal, t["positions"], veto),
        verdicts=scenario_verdicts(deal, t["scenarios"], veto),
        top_broker=actors[0],
        membership={a: k % 7 for k, a in enumerate(actors)},
        veto=veto,
        positions=t["positions"],
        scenario_positions=t["scenarios"],
    )


def kernels(n_stances: int) -> None:
    t = tables(n_stances, max(200, n_stances // 50))
    veto = t["veto"]["actor"].tolist()
    deal = deal_stances(t["stances"], t["incompatible"])
    explicit = t["stances"][t["stances"]["confidence"] >= 0.8]
    full_f, explicit_f = findings(t, t["stances"]), findings(t, explicit)
    cases = {
        "derived opposition": lambda: deal_stances(t["stances"], t["incompatible"]),
        "blocking issues": lambda: blocking_issues(deal, t["positions"], veto),
        "common ground": lambda: common_ground(deal, t["positions"], veto),
        "scenario verdicts": lambda: scenario_verdicts(deal, t["scenarios"], veto),
        "robustness (comparison)": lambda: robustness(full_f, explicit_f),
    }
    print(f"\n{n_stances:,} stances and {int(deal['derived'].sum()):,} derived ones")
    print("| kernel | time | peak MB |\n| --- | --- | --- |")
    for name, func in cases.items():
        seconds, peak = measure(func)
        print(f"| {name} | {seconds:.2f} s | {peak:.0f} |")


def write_graph(path: Path, n_stances: int) -> None:
    """The synthetic stances as Turtle, with parties, issues, incompatibilities, scenarios."""
    t = tables(n_stances, max(100, n_stances // 10))
    s = t["stances"]
    lines: list[str] = []
    add = lines.append
    for actor in s["actor"].unique():
        add(f"<{EX}{actor}> a <{SG}State> .")
        add(f'<{EX}{actor}> <http://www.w3.org/2000/01/rdf-schema#label> "{actor}" .')
    for k, actor in enumerate(t["veto"]["actor"]):
        add(
            f"<{EX}part{k}> a <{SG}Participation> ; <{SG}actor> <{EX}{actor}> ; <{SG}role> <{SG}Party> ."
        )
    for position, issue in t["positions"].itertuples(index=False):
        add(f"<{EX}{position}> a <{SG}Position> ; <{SG}onIssue> <{EX}{issue}> .")
        add(f"<{EX}{issue}> a <{SG}Issue> .")
    for a, b in t["incompatible"].itertuples(index=False):
        add(f"<{EX}{a}> <{SG}incompatibleWith> <{EX}{b}> .")
    for scenario, position in t["scenarios"].itertuples(index=False):
        add(f"<{EX}{scenario}> a <{SG}Scenario> ; <{SG}includes> <{EX}{position}> .")
    for row in s.itertuples(index=False):
        node = f"<{EX}{row.stance}>"
        add(
            f"{node} a <{SG}Stance> ; <{SG}actor> <{EX}{row.actor}> ; <{SG}position> <{EX}{row.position}> ;"
            f' <{SG}polarity> "{row.polarity}"^^<http://www.w3.org/2001/XMLSchema#decimal> ;'
            f' <{SG}salience> "{row.salience}"^^<http://www.w3.org/2001/XMLSchema#decimal> ;'
            f' <{SG}confidence> "{row.confidence}"^^<http://www.w3.org/2001/XMLSchema#decimal> .'
        )
        if row.confidence < 0.8:
            add(f'{node} <{SG}note> "Implied: synthetic" .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def commands(n_stances: int, timeout: float) -> None:
    exe = str(Path(sys.executable).with_name("stancegraph"))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bench.ttl"
        write_graph(data, n_stances)
        t = tables(n_stances, max(100, n_stances // 10))
        a, b = t["veto"]["actor"].tolist()
        position = t["stances"]["position"].value_counts().index[0]
        runs = {
            "who-supports": ["who-supports", f"<{EX}{position}>"],
            "compare": ["compare", f"<{EX}{a}>", f"<{EX}{b}>"],
            "blocking --evidence": ["blocking", "--evidence"],
            "scenarios": ["scenarios"],
            "align -f csv --min-overlap 5": ["align", "-f", "csv", "--min-overlap", "5"],
            "robustness": ["robustness"],
        }
        print(
            f"\n{n_stances:,} stances from {data.stat().st_size / 2**20:.0f} MB of Turtle (cold start each)"
        )
        print("| command | time | with --min-confidence 0.8 |\n| --- | --- | --- |")
        for name, args in runs.items():
            cells = []
            for extra in ([], ["--min-confidence", "0.8"]):
                start = time.perf_counter()
                try:
                    subprocess.run(
                        [exe, "-d", str(data), *extra, *args],
                        check=True,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                        timeout=timeout,
                    )
                    cells.append(f"{time.perf_counter() - start:.1f} s")
                except subprocess.TimeoutExpired:
                    cells.append(f"> {timeout:.0f} s")
            print(f"| {name} | {cells[0]} | {cells[1]} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--cli", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    for n in args.sizes:
        kernels(n)
    for n in args.cli:
        commands(n, args.timeout)


if __name__ == "__main__":
    main()
