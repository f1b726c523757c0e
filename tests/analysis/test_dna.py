import numpy as np
import pandas as pd
import pytest

from stancegraph.analysis.dna import one_mode, two_mode

from ..conftest import EXTERNAL

SAMPLE = EXTERNAL / "dna-sample" / "dna_sample_statements.csv"


def records(rows):
    return pd.DataFrame(rows, columns=["actor", "position", "polarity"])


def test_qualified_levels_weight_congruence():
    # a: +1 on p; b: +0.5 on p -> congruence 1 - 0.5/2 = 0.75, conflict 0.25
    r = records([("a", "p", 1.0), ("b", "p", 0.5)])
    assert one_mode(r, "congruence").values[0, 1] == pytest.approx(0.75)
    assert one_mode(r, "conflict").values[0, 1] == pytest.approx(0.25)
    assert one_mode(r, "subtract").values[0, 1] == pytest.approx(0.5)


def test_repeated_records_multiply_and_normalisations():
    # a: p +1 twice, q -1 once (n=3); b: p +1 once, q +1 once (n=2)
    r = records(
        [("a", "p", 1.0), ("a", "p", 1.0), ("a", "q", -1.0), ("b", "p", 1.0), ("b", "q", 1.0)]
    )
    cong = one_mode(r, "congruence").values[0, 1]
    assert cong == pytest.approx(2.0)  # p: 2*1*1; q: 1*1*0
    assert one_mode(r, "conflict").values[0, 1] == pytest.approx(1.0)
    assert one_mode(r, "ignore").values[0, 1] == pytest.approx(3.0)
    assert one_mode(r, "congruence", "average").values[0, 1] == pytest.approx(2.0 / 2.5)
    assert one_mode(r, "congruence", "cosine").values[0, 1] == pytest.approx(2.0 / 6)
    # cells (p,+1): a 2, b 1 -> m11 = 2; (q,-1): a 1 only -> m10 = 1; (q,+1): b 1 -> m01 = 1
    assert one_mode(r, "congruence", "jaccard").values[0, 1] == pytest.approx(2.0 / 4)


def test_diagonal_zero_and_zero_norm_gives_zero():
    r = records([("a", "p", 1.0)])
    net = one_mode(r, "congruence", "average", actors=["a", "z"])
    assert net.values.tolist() == [[0.0, 0.0], [0.0, 0.0]]


def test_two_mode_kinds():
    r = records([("a", "p", 1.0), ("a", "p", -1.0), ("a", "q", 0.5), ("b", "q", 0.0)])
    assert two_mode(r, "ignore").values.tolist() == [[2, 1], [0, 1]]
    assert two_mode(r, "subtract").values.tolist() == [[0.0, 0.5], [0.0, 0.0]]
    assert two_mode(r, "combine").values.tolist() == [[2.0, 1.0], [0.0, 0.0]]


@pytest.fixture(scope="module")
def dna_sample():
    if not SAMPLE.is_file():
        pytest.skip(f"DNA sample data absent: {SAMPLE}")
    st = pd.read_csv(SAMPLE)
    return pd.DataFrame(
        {
            "actor": st["organization"],
            "position": st["concept"],
            "polarity": st["agreement"].map({1: 1.0, 0: -1.0}),
        }
    )


def test_dna_sample_worked_values(dna_sample):
    ase, sierra = "Alliance to Save Energy", "Sierra Club"
    assert one_mode(dna_sample, "congruence").frame().loc[ase, sierra] == 4
    assert one_mode(dna_sample, "conflict").frame().loc[ase, sierra] == 0
    assert one_mode(dna_sample, "congruence", "average").frame().loc[ase, sierra] == pytest.approx(
        0.8
    )
    assert one_mode(dna_sample, "congruence", "jaccard").frame().loc[ase, sierra] == pytest.approx(
        0.5714, abs=1e-4
    )


def test_dna_sample_matrix_sums(dna_sample):
    ignore = one_mode(dna_sample, "ignore").values
    assert ignore.sum() == 276 and np.allclose(ignore, ignore.T)
    assert two_mode(dna_sample).values.sum() == 40
    assert one_mode(dna_sample, "congruence", "average").values.sum() == pytest.approx(
        25.80, abs=0.005
    )
