import numpy as np
import pandas as pd
import pytest

from stancegraph.analysis import polarization as pol

from ..conftest import EXTERNAL

SAMPLE = EXTERNAL / "dna-sample" / "dna_sample_statements.csv"


def test_balanced_partitions_are_each_listed_once():
    parts = pol._balanced_partitions(6)
    assert len(parts) == 10  # C(6,3)/2
    assert len({tuple(p) for p in parts}) == 10
    assert all(sorted(np.bincount(p)) == [3, 3] for p in parts)


def test_no_conflict_and_no_congruence_gives_null():
    r = pd.DataFrame({"actor": ["a", "b"], "position": ["p", "q"], "polarity": [1.0, 1.0]})
    assert pol.polarization(r).score is None


def test_single_actor():
    r = pd.DataFrame({"actor": ["a"], "position": ["p"], "polarity": [1.0]})
    p = pol.polarization(r)
    assert p.score is None and p.groups == [["a"]]


def test_heuristic_finds_the_exhaustive_optimum_on_a_planted_split():
    rng = np.random.default_rng(0)
    rows = []
    for i in range(12):
        side = 1.0 if i < 6 else -1.0
        for j in range(5):
            rows.append((f"a{i:02d}", f"p{j}", side if rng.random() < 0.9 else -side))
    r = pd.DataFrame(rows, columns=["actor", "position", "polarity"])
    exact = pol.polarization(r)
    pol_mod_limit = pol.EXHAUSTIVE_MAX_ACTORS
    try:
        pol.EXHAUSTIVE_MAX_ACTORS = 4
        heuristic = pol.polarization(r, restarts=10)
    finally:
        pol.EXHAUSTIVE_MAX_ACTORS = pol_mod_limit
    assert heuristic.method.startswith("heuristic")
    assert heuristic.score == pytest.approx(exact.score)


def test_rdna_reference_value_on_the_dna_sample():
    if not SAMPLE.is_file():
        pytest.skip(f"DNA sample data absent: {SAMPLE}")
    st = pd.read_csv(SAMPLE)
    r = pd.DataFrame(
        {
            "actor": st["organization"],
            "position": st["concept"],
            "polarity": st["agreement"].map({1: 1.0, 0: -1.0}),
        }
    )
    result = pol.polarization(r)
    assert result.score == pytest.approx(0.5342, abs=1e-4)  # rDNA's own test value
    assert sorted(len(g) for g in result.groups) == [3, 4]


@pytest.mark.parametrize("seed", range(5))
def test_the_swap_climb_keeps_q_exact(seed):
    # The incremental Δ of each swap must add up to the Q computed from scratch.
    rng = np.random.default_rng(seed)
    n = 25
    C, F = rng.random((n, n)), rng.random((n, n)) * (rng.random((n, n)) < 0.3)
    C, F = C + C.T, F + F.T
    np.fill_diagonal(C, 0)
    np.fill_diagonal(F, 0)
    start = rng.permutation(np.arange(n) % 2)
    q, g = pol._swap_climb(C, F, start)
    assert q == pytest.approx(pol.partition_quality(C, F, g)[0])
    assert q >= pol.partition_quality(C, F, start)[0]
    assert np.bincount(g).tolist() == np.bincount(start).tolist()  # sizes kept
    # no single swap improves the end point
    for i in np.flatnonzero(g == 0):
        for j in np.flatnonzero(g == 1):
            h = g.copy()
            h[i], h[j] = 1, 0
            assert pol.partition_quality(C, F, h)[0] <= q + 1e-9


def thirty_actors() -> tuple[list[str], pd.DataFrame]:
    """30 actors in two alternating camps; the first 22 take one stance more than the rest."""
    actors = [f"a{k:02d}" for k in range(30)]
    rows = [(a, f"p{p}", 1.0 if (k % 2) == (p % 2) else -1.0)
            for k, a in enumerate(actors) for p in range(3 + (k < 22))]  # fmt: skip
    return actors, pd.DataFrame(rows, columns=["actor", "position", "polarity"])


def test_a_large_network_is_searched_over_its_most_active_actors(monkeypatch):
    monkeypatch.setattr(pol, "SEARCH_MAX_ACTORS", 22)
    actors, r = thirty_actors()
    result = pol.polarization(r)
    assert result.method.endswith("over the 22 most active of 30 actors")
    assert sorted(a for grp in result.groups for a in grp) == actors[:22]


def test_camps_are_scored_over_the_actors_searched(monkeypatch):
    # Beyond the limit the camp score is Q over the same most active actors as the search, so
    # the two numbers compare: it equals Q of the camps computed on those actors alone.
    monkeypatch.setattr(pol, "SEARCH_MAX_ACTORS", 22)
    actors, r = thirty_actors()
    camps = [actors[0::2], actors[1::2]]
    result = pol.polarization(r, camps=camps)
    assert result.method.endswith("over the 22 most active of 30 actors")
    active = actors[:22]
    alone = pol.polarization(r[r["actor"].isin(active)], camps=[active[0::2], active[1::2]])
    assert result.camp_score == pytest.approx(alone.camp_score)
    assert result.camps == [active[0::2], active[1::2]]
