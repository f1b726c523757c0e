"""Time and peak memory of the all-pairs S-score matrix and the DNA congruence network, computed
by stancegraph from the stance table and by a plain Python-loop implementation as a user would
write it (the baseline, stopped at a time limit and extrapolated).

Run: .venv/bin/python benchmarks/bench_alignment.py [--quick] [--limit SECONDS]
on an otherwise idle machine (stancegraph's time is the best of three runs; the baseline runs once).

Synthetic data, seeded: actor activity and position popularity follow Zipf-like skews (a few
actors and positions draw most stances); polarity levels -1, -0.5, 0, 0.5, 1 with a per-actor
leaning. Targets (issue 3): 5,000 actors x 1M stances under 10 s; >= 50x the baseline at 2,000.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from stancegraph.analysis.alignment import alignment_matrix
from stancegraph.analysis.dna import one_mode

LEVELS = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])


def synthetic(n_actors: int, n_stances: int, seed: int = 0) -> pd.DataFrame:
    """Unique (actor, position) stances with skewed activity and popularity."""
    rng = np.random.default_rng(seed)
    # Enough positions that the stances fill at most a third of the actor x position grid.
    n_positions = max(50, n_stances // 200, -(-3 * n_stances // n_actors))
    actor_p = 1.0 / np.arange(1, n_actors + 1) ** 0.8
    actor_p /= actor_p.sum()
    pos_p = 1.0 / np.arange(1, n_positions + 1) ** 0.6
    pos_p /= pos_p.sum()
    pairs = np.empty(0, dtype=np.int64)
    while len(pairs) < n_stances:
        need = int((n_stances - len(pairs)) * 1.3) + 100
        a = rng.choice(n_actors, size=need, p=actor_p)
        p = rng.choice(n_positions, size=need, p=pos_p)
        pairs = np.unique(np.concatenate([pairs, a.astype(np.int64) * n_positions + p]))
    pairs = rng.permutation(pairs)[:n_stances]
    actors, positions = pairs // n_positions, pairs % n_positions
    leaning = rng.normal(0, 1, n_actors)
    side = rng.normal(0, 1, n_positions)
    score = leaning[actors] * side[positions] + rng.normal(0, 0.7, n_stances)
    polarity = LEVELS[np.digitize(score, [-1.0, -0.3, 0.3, 1.0])]
    return pd.DataFrame(
        {
            "actor": pd.Categorical(actors).astype(str),
            "position": positions.astype(str),
            "polarity": polarity,
            "salience": rng.uniform(0.2, 1.0, n_stances).round(2),
        }
    ).assign(actor=lambda f: "a" + f["actor"], position=lambda f: "p" + f["position"])


def measure(func: Callable[[], Any], repeat: int = 3) -> tuple[float, float]:
    """Best wall time of ``repeat`` runs, and the peak of traced memory (a separate run: tracing
    slows allocation down)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), peak / 2**20


def baseline_sscore(stances: pd.DataFrame, limit: float) -> tuple[float, str]:
    """Pairwise S-score with dictionaries and a loop over all pairs, as a user would write it."""
    start = time.perf_counter()
    by_actor: dict[str, dict[str, float]] = {}
    for a, p, x in stances[["actor", "position", "polarity"]].itertuples(index=False):
        by_actor.setdefault(a, {})[p] = x
    actors = sorted(by_actor)
    total = len(actors) * (len(actors) - 1) // 2
    result = {}
    for done, (a, b) in enumerate(itertools.combinations(actors, 2), start=1):
        xa, xb = by_actor[a], by_actor[b]
        shared = xa.keys() & xb.keys()
        if shared:
            ia = 1 - sum(abs(xa[p] - xb[p]) for p in shared) / (2 * len(shared))
            result[a, b] = 2 * ia - 1
        if done % 2000 == 0 and time.perf_counter() - start > limit:
            elapsed = time.perf_counter() - start
            return (
                elapsed * total / done,
                f"stopped at {limit:.0f} s after {done:,}/{total:,} pairs; extrapolated",
            )
    return time.perf_counter() - start, "complete"


def baseline_congruence(stances: pd.DataFrame, limit: float) -> tuple[float, str]:
    """DNA congruence with a networkx graph built pair by pair per position."""
    import networkx as nx

    start = time.perf_counter()
    G = nx.Graph()
    by_position = stances.groupby("position")[["actor", "polarity"]]
    total = int(sum(len(g) * (len(g) - 1) // 2 for _, g in by_position))
    done = 0
    for _, group in by_position:
        rows = list(group.itertuples(index=False))
        for (a, x), (b, y) in itertools.combinations(rows, 2):
            w = 1 - abs(x - y) / 2
            if G.has_edge(a, b):
                G[a][b]["weight"] += w
            else:
                G.add_edge(a, b, weight=w)
            done += 1
            if done % 20000 == 0 and time.perf_counter() - start > limit:
                elapsed = time.perf_counter() - start
                return (
                    elapsed * total / done,
                    f"stopped at {limit:.0f} s after {done:,}/{total:,} record pairs; extrapolated",
                )
    return time.perf_counter() - start, "complete"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the 100k cases")
    parser.add_argument(
        "--limit", type=float, default=30.0, help="seconds before a baseline is stopped"
    )
    args = parser.parse_args()
    sizes = [(200, 100_000), (2_000, 100_000), (5_000, 100_000)]
    if not args.quick:
        sizes += [(200, 1_000_000), (2_000, 1_000_000), (5_000, 1_000_000)]
    header = f"{'actors':>6} {'stances':>9} | {'measure':<10} | {'stancegraph':>11} {'peak MB':>8} | {'baseline':>10} | {'speed-up':>8} | baseline note"
    print(header)
    print("-" * len(header))
    for n_actors, n_stances in sizes:
        stances = synthetic(n_actors, n_stances)
        # A stance table of unique (actor, position) pairs doubles as one record per stance.
        cases = [
            ("S-score", lambda s=stances: alignment_matrix(s, "sscore"), baseline_sscore),
            ("congruence", lambda s=stances: one_mode(s, "congruence"), baseline_congruence),
        ]
        for name, ours, base in cases:
            elapsed, peak = measure(ours)
            base_time, note = base(stances, args.limit)
            print(
                f"{n_actors:>6} {n_stances:>9,} | {name:<10} | {elapsed:>10.2f}s {peak:>8.0f} | "
                f"{base_time:>9.1f}s | {base_time / elapsed:>7.0f}x | {note}",
                flush=True,
            )


if __name__ == "__main__":
    main()
