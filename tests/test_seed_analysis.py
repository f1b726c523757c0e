"""The seed graph read the way the article reads (issue: findings an analyst can defend).

Each expectation is checked against shared/seed/peace-talks-update.txt in docs/coding.md."""

from stancegraph.vocab import ID


def iri(name: str) -> str:
    return str(ID[name])


def test_territory_withdrawal_and_security_guarantees_are_the_top_blocking_issues(seed):
    b = seed.blocking()
    blocking = b[b["blocking"]].set_index("issue")
    top = set(blocking.index[:5])
    for issue in ("TerritorialIntegrity", "OccupiedTerritories", "TroopWithdrawal"):
        assert blocking.loc[iri(issue), "severity"] == 1.0, issue
    assert iri("SecurityGuarantees") in top
    assert blocking.loc[iri("TerritorialIntegrity"), "blockers"] == [iri("Russia")]
    # Security guarantees block through derived opposition: each side's explicit support for its
    # own demand (robust guarantees, Russia's security arrangements), incompatible with the other.
    security = blocking.loc[iri("SecurityGuarantees")]
    assert security["severity"] == 0.9 and security["blockers"] == [iri("Russia"), iri("Ukraine")]
    assert all(o["derived"] for o in security["opposition"])


def test_no_finding_rests_on_a_stance_the_article_attributes_to_no_one(seed):
    listed = set(seed.blocking()["issue"])
    for issue in ("Reparations", "WarCrimesAccountability", "SanctionsIssue", "Ceasefire"):
        assert iri(issue) not in listed, issue


def test_common_ground_holds_on_explicit_evidence(seed):
    ground = seed.common_ground()
    consensus = ground[ground["tier"] == "consensus"]
    assert set(consensus["position"]) == {iri("ContinuedDialogue"), iri("NegotiatedSettlement")}
    assert consensus["explicit"].all()
    robust = seed.robustness().set_index(["kind", "subject"])
    for position in consensus["position"]:
        assert robust.loc[("consensus", position), "holds"]


def test_the_russian_negotiators_and_russia_reject_the_comprehensive_peace(seed):
    verdicts = seed.scenarios().set_index(["scenario", "actor"])
    for actor in ("Russia", "RussianNegotiators"):
        row = verdicts.loc[(iri("ComprehensivePeace"), iri(actor))]
        assert row["verdict"] == "reject", actor
        assert row["red_lines"] == [iri("CompleteRussianWithdrawal")], actor
    summary = seed.scenario_summary().set_index("scenario")
    assert summary.loc[iri("ComprehensivePeace"), "rejected_by"] == [iri("Russia")]
    assert summary.loc[iri("FrozenConflict"), "rejected_by"] == [iri("Ukraine")]
    assert not summary.loc[iri("PhasedApproach"), "blocked"]


def test_russias_acceptance_of_a_frozen_conflict_rests_on_an_inferred_stance(seed):
    robust = seed.robustness()
    row = robust[(robust["kind"] == "verdict") & (robust["subject"] == iri("FrozenConflict"))]
    row = row.set_index("context").loc[iri("Russia")]
    assert not row["holds"]
    assert row["rests_on"] == [iri("stance-russia-freeze-along-front-line")]


def test_turkey_is_the_strongest_broker_on_explicit_evidence(seed):
    assert seed.brokers()["label"].iloc[0] == "Turkey"
    robust = seed.robustness().set_index(["kind", "subject"])
    assert robust.loc[("broker", iri("Turkey")), "holds"]


def test_ukraine_and_its_western_supporters_against_russia(seed):
    groups = seed.coalitions().membership()
    west = {
        groups[iri(a)] for a in ("Ukraine", "Germany", "France", "UnitedStates", "EuropeanUnion")
    }
    assert len(west) == 1
    assert groups[iri("Russia")] not in west
