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
