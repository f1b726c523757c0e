"""What changed between two dates, on the river fixture, computed by hand from its records:
s07 Borduria −1 on the commission from 2020, s08 Borduria +0.5 from 2023; s14 Eastmark +1 on
the dam until 2024; s15 Ana +1 on the equal share from 2021 (no change between the dates)."""

import pytest

from stancegraph.errors import InputError

from .conftest import EX


@pytest.fixture(scope="module")
def changes(river):
    return river.changes("2022-06-01", "2024-06-01")


def test_stances_that_flipped_ended_appeared(changes):
    stances = changes[changes["kind"].isin(["flipped", "ended", "appeared", "moved"])]
    rows = [(r.kind, r.subject, r.context, r.before, r.after) for r in stances.itertuples()]
    assert rows == [
        ("flipped", EX + "Borduria", EX + "JointCommission", -1.0, 0.5),
        ("ended", EX + "Eastmark", EX + "BuildDam", 1.0, None),
    ]
    flipped = stances.iloc[0]
    assert flipped["evidence"] == [EX + "s07", EX + "s08"]  # both records are cited
    assert flipped["quotes"] == [
        "Borduria refused a commission in 2020.",
        "Borduria now accepts a commission.",
    ]


def test_alignment_pairs_that_moved_most(changes):
    # Aland–Borduria: 2022 shares equal share (1 vs −0.5: 1.5), dam (2), commission (2):
    # S = 1 − 5.5/3 = −0.8333; 2024 the commission is 1 vs 0.5 (0.5): S = 1 − 4/3 = −0.3333.
    # Borduria–Carpathia: (1 + 2)/2 → S = −0.5; then (1 + 0.5)/2 → S = +0.25.
    # Borduria–Delta: (2 + 2)/2 → −1; then (0.5 + 2)/2 → −0.25.
    moved = changes[changes["kind"] == "alignment moved"]
    got = {
        (r.subject, r.context): (round(r.before, 4), round(r.after, 4)) for r in moved.itertuples()
    }
    assert got == {
        (EX + "Borduria", EX + "Carpathia"): (-0.5, 0.25),
        (EX + "Borduria", EX + "DeltaNGO"): (-1.0, -0.25),
        (EX + "Aland", EX + "Borduria"): (-0.8333, -0.3333),
    }
    first = moved.iloc[0]  # the largest move first (0.75, shared by two pairs)
    assert abs(first["after"] - first["before"]) == pytest.approx(0.75)
    assert all(EX + "s08" in ev for ev in moved["evidence"])


def test_deal_findings_that_changed(changes):
    kinds = dict(zip(changes["kind"], changes["subject"], strict=False))
    # Veto players Aland and Borduria: with Borduria at −1 the commission (Monitoring's only
    # position) was opposed, so Monitoring blocked; at +0.5 it is consensus.
    assert kinds["stopped blocking"] == EX + "Monitoring"
    assert kinds["entered common ground"] == EX + "JointCommission"
    verdict = changes[changes["kind"] == "verdict changed"].iloc[0]
    # Dam deal (dam + commission): Borduria's −1 at salience 1 was a red line; then U > 0.
    assert (verdict["subject"], verdict["context"], verdict["before"], verdict["after"]) == (
        EX + "DamDeal",
        EX + "Borduria",
        "reject",
        "accept",
    )
    assert "Borduria on Dam deal: verdict changed (reject → accept)" in set(changes["label"])


def test_the_cli_and_its_errors(cli):
    result = cli("changes", "--from", "2022-06-01", "--to", "2024-06-01", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "Borduria" in result.stdout and '"evidence"' in result.stdout
    backwards = cli("changes", "--from", "2024-06-01", "--to", "2022-06-01")
    assert backwards.exit_code == 2 and "must come before" in backwards.stderr
    bad = cli("changes", "--from", "last week", "--to", "2024-06-01")
    assert bad.exit_code == 2 and "--from 'last week' is not a date" in bad.stderr


def test_nothing_changed_is_an_empty_table(river):
    assert river.changes("2024-06-01", "2024-07-01").empty
    with pytest.raises(InputError, match="must come before"):
        river.changes("2024-07-01", "2024-07-01")


def test_each_change_shows_how_sure_its_records_are(changes):
    # s07 states no confidence (1, explicit) and s08 0.6 (inferred, below 0.8): whatever cites
    # the flip rests on 0.6, inferred. s14 states none: Eastmark's ended stance is 1, explicit.
    sure = {(r.kind, r.subject): (r.confidence, r.explicit) for r in changes.itertuples()}
    assert sure["flipped", EX + "Borduria"] == (0.6, False)
    assert sure["ended", EX + "Eastmark"] == (1.0, True)
    moved = changes[changes["kind"] == "alignment moved"]
    assert moved["confidence"].tolist() == [0.6] * 3
    assert not moved["explicit"].any()


def test_top_pairs_keep_ties_in_name_order(river):
    # Borduria–Carpathia and Borduria–Delta both moved 0.75: with room for one, the first by name.
    moved = river.changes("2022-06-01", "2024-06-01", top=1)
    moved = moved[moved["kind"] == "alignment moved"]
    assert list(zip(moved["subject"], moved["context"], strict=True)) == [
        (EX + "Borduria", EX + "Carpathia")
    ]


def test_pairs_are_matched_by_actor_not_by_row():
    import numpy as np

    from stancegraph.analysis.alignment import Alignment
    from stancegraph.analysis.changes import pair_changes

    before = np.array([[1.0, -0.5, 0.25], [-0.5, 1.0, 1.0], [0.25, 1.0, 1.0]])
    one = Alignment.from_dense(["x", "y", "w"], before, np.ones((3, 3)))
    two = Alignment.from_dense(["y", "w", "x", "z"], np.eye(4), np.ones((4, 4)))
    moved = pair_changes(one, two, {}, 10)
    # Now every pair is at 0. Before: y–w 1.0, y–x −0.5, w–x 0.25, read by actor whatever the
    # order of the rows; z was not there, so its pairs are undefined before and did not move.
    assert moved[["subject", "context", "before", "after"]].values.tolist() == [
        ["y", "w", 1.0, 0.0],
        ["y", "x", -0.5, 0.0],
        ["w", "x", 0.25, 0.0],
    ]
