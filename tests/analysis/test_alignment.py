import numpy as np
import pandas as pd
import pytest

from stancegraph.analysis.alignment import Alignment, alignment_matrix, compare


def table(rows):
    return pd.DataFrame(rows, columns=["actor", "position", "polarity", "salience"])


def value(stances, a, b, method="sscore", **kw):
    al = alignment_matrix(stances, method, **kw)
    return al.values[al.actors.index(a), al.actors.index(b)], al.overlap[
        al.actors.index(a), al.actors.index(b)
    ]


def test_identical_and_opposite_actors():
    s = table([("a", "p", 1, 1), ("b", "p", 1, 1), ("c", "p", -1, 1)])
    assert value(s, "a", "b") == (1.0, 1)
    assert value(s, "a", "c") == (-1.0, 1)
    assert value(s, "a", "c", "agreement")[0] == 0.0


def test_neutral_stances_count_as_half_way():
    # |1 - 0| / 2 = 0.5 -> IA 0.5 -> S 0; a neutral stance is not a missing one
    s = table([("a", "p", 1, 1), ("b", "p", 0, 1)])
    assert value(s, "a", "b") == (0.0, 1)
    assert np.isnan(
        value(s, "a", "b", "cosine")[0]
    )  # b's polarity vector is zero: cosine undefined


def test_missing_stances_are_not_compared_and_no_overlap_is_null():
    s = table([("a", "p", 1, 1), ("a", "q", -1, 1), ("b", "p", 1, 1), ("c", "r", 1, 1)])
    assert value(s, "a", "b") == (1.0, 1)  # q is missing for b, not a disagreement
    v, n = value(s, "a", "c")
    assert np.isnan(v) and n == 0


def test_qualified_polarities_and_salience_weights():
    # positions p: 1 vs 0.5 (|d|/2 = 0.25), q: -1 vs 1 (|d|/2 = 1); weights 1*0.5 and 0.5*1
    s = table([("a", "p", 1, 1), ("a", "q", -1, 0.5), ("b", "p", 0.5, 0.5), ("b", "q", 1, 1)])
    assert value(s, "a", "b", "agreement")[0] == pytest.approx(1 - (0.25 + 1) / 2)
    weighted = 1 - (0.5 * 0.25 + 0.5 * 1) / (0.5 + 0.5)
    assert value(s, "a", "b", "sscore", weighted=True)[0] == pytest.approx(2 * weighted - 1)


def test_many_levels_match_the_definition_pair_by_pair():
    rng = np.random.default_rng(1)
    rows = [
        (f"a{i}", f"p{j}", float(rng.choice([-1, -0.6, -0.25, 0, 0.3, 0.75, 1])), 1.0)
        for i in range(6)
        for j in range(8)
        if rng.random() < 0.7
    ]
    s = table(rows)
    al = alignment_matrix(s, "agreement")
    x = s.pivot(index="actor", columns="position", values="polarity")
    for i, a in enumerate(al.actors):
        for j, b in enumerate(al.actors):
            shared = x.loc[a].notna() & x.loc[b].notna()
            if shared.sum() == 0:
                assert np.isnan(al.values[i, j])
            else:
                expected = 1 - (x.loc[a][shared] - x.loc[b][shared]).abs().div(2).mean()
                assert al.values[i, j] == pytest.approx(expected)


def test_actor_without_stances_and_single_actor():
    s = table([("a", "p", 1, 1)])
    al = alignment_matrix(s, actors=["a", "z"])
    assert al.overlap.tolist() == [[1, 0], [0, 0]]
    assert np.isnan(al.values[0, 1]) and np.isnan(al.values[1, 1])
    assert al.pairs().to_dict("records")[0]["overlap"] == 0
    assert alignment_matrix(s).pairs().empty


def test_empty_table_before_any_stance():
    al = alignment_matrix(table([]), actors=["a", "b"])
    assert np.isnan(al.values).all() and al.overlap.sum() == 0


def test_compare_neutral_agreement_and_tie_in_sign():
    s = table([("a", "p", 0, 1), ("b", "p", 0, 1), ("a", "q", 0.5, 1), ("b", "q", 1, 1)])
    c = compare(s, "a", "b")
    assert c.agree == ["p", "q"] and c.disagree == [] and c.sscore == pytest.approx(0.75)


def test_select_pairs_ranks_by_value_first_then_shared_positions():
    from stancegraph.analysis.pairs import select_pairs

    # Pairs (0,1) 0.5 over 1 position, (0,2) 0.4 over 100, (1,2) -0.9 over 3, (0,3) 0.5 over 4,
    # (1,3) and (2,3) share nothing. A key mixing value and overlap would rank 0.4 over 100
    # positions above 0.5 over 1.
    v = np.full((4, 4), np.nan)
    n = np.zeros((4, 4), int)
    for (a, b), (x, k) in {(0, 1): (0.5, 1), (0, 2): (0.4, 100), (1, 2): (-0.9, 3),
                           (0, 3): (0.5, 4)}.items():  # fmt: skip
        v[a, b] = v[b, a] = x
        n[a, b] = n[b, a] = k

    al = Alignment.from_dense(list("abcd"), v, n)

    def chosen(top, order):
        i, j = select_pairs(al, top, order=order)
        return list(zip(i.tolist(), j.tolist(), strict=True))

    assert chosen(1, "strongest") == [(1, 2)]  # |-0.9|
    assert chosen(1, "highest") == [(0, 3)]  # 0.5 twice: the one over 4 positions
    assert chosen(2, "highest") == [(0, 1), (0, 3)]  # both 0.5s before 0.4 over 100
    assert chosen(2, "lowest") == [(0, 2), (1, 2)]  # -0.9, then 0.4
    assert chosen(3, "strongest") == [(0, 1), (0, 3), (1, 2)]
    with pytest.raises(Exception, match="unknown order"):
        select_pairs(al, 1, order="best")


def brute_force(s, method, weighted=False):
    """Every pair by the definition (DESIGN §4), one pair at a time: (value, overlap)."""
    x = s.pivot(index="actor", columns="position", values="polarity")
    w = s.pivot(index="actor", columns="position", values="salience")
    out = {}
    for a in x.index:
        for b in x.index:
            shared = x.loc[a].notna() & x.loc[b].notna()
            n = int(shared.sum())
            if method == "cosine":
                xa, xb = x.loc[a].fillna(0), x.loc[b].fillna(0)
                norm = np.sqrt((xa**2).sum() * (xb**2).sum())
                out[a, b] = ((xa * xb).sum() / norm if norm else np.nan, n)
                continue
            ones = pd.Series(1.0, index=x.columns[shared])
            weight = w.loc[a][shared] * w.loc[b][shared] if weighted else ones
            d = (x.loc[a][shared] - x.loc[b][shared]).abs()
            mean = (weight * d).sum() / weight.sum() if n and weight.sum() > 0 else np.nan
            out[a, b] = (1 - mean / 2 if method == "agreement" else 1 - mean, n)
    return out


@pytest.mark.parametrize(("method", "weighted"),
                         [("sscore", False), ("sscore", True), ("agreement", False), ("cosine", False)])  # fmt: skip
def test_the_sparse_alignment_reads_every_pair_as_the_definition(method, weighted):
    # 12 actors over 9 positions, some actors with no shared position, one all-neutral actor
    # (cosine of a zero vector: undefined) and a zero salience (weighted: undefined pair).
    rng = np.random.default_rng(7)
    rows = [(f"a{i:02d}", f"p{j}", float(rng.choice([-1, -0.5, 0, 0.5, 1])),
             float(rng.choice([0.0, 0.5, 1.0]) if i == 3 else 1.0))
            for i in range(12) for j in range(9) if rng.random() < 0.3]  # fmt: skip
    rows += [("a99", "p0", 0.0, 1.0), ("a99", "p1", 0.0, 1.0)]
    s = table(rows)
    al = alignment_matrix(s, method, weighted=weighted)
    expected = brute_force(s, method, weighted)
    n = len(al.actors)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    values, overlap = al.take(i.ravel(), j.ravel())
    block_values, block_overlap = al.block(np.arange(n))
    for k, (a, b) in enumerate(zip(i.ravel(), j.ravel(), strict=True)):
        want, shared = expected[al.actors[a], al.actors[b]]
        assert overlap[k] == shared == block_overlap[a, b] == al.overlap[a, b]
        for got in (values[k], block_values[a, b], al.values[a, b]):
            assert (np.isnan(got) and np.isnan(want)) or got == pytest.approx(want)
    up_i, up_j, up_values, up_overlap = al.upper()
    stored = [(a, b) for a in range(n) for b in range(a + 1, n)
              if expected[al.actors[a], al.actors[b]][1] > 0]  # fmt: skip
    assert sorted(zip(up_i.tolist(), up_j.tolist(), strict=True)) == stored
    np.testing.assert_array_equal(up_values, al.values[up_i, up_j])
    np.testing.assert_array_equal(up_overlap, al.overlap[up_i, up_j])


def test_the_dense_matrix_of_a_large_graph_is_refused(monkeypatch):
    from stancegraph.analysis import alignment
    from stancegraph.errors import InputError

    monkeypatch.setattr(alignment, "DENSE_MAX_ACTORS", 2)
    al = alignment_matrix(table([("a", "p", 1, 1), ("b", "p", 1, 1), ("c", "p", -1, 1)]))
    with pytest.raises(InputError, match="dense alignment matrix of 3 actors"):
        _ = al.values
    assert al.take(np.array([0]), np.array([2]))[0].tolist() == [-1.0]  # pairs still read
