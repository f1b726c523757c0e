"""The seed graph read the way the article reads (DESIGN §1; issue: results must match the text)."""

from stancegraph.vocab import ID


def test_territory_and_security_guarantees_block(seed):
    b = seed.blocking().set_index("issue")
    for issue in (
        "TerritorialIntegrity",
        "OccupiedTerritories",
        "SecurityGuarantees",
        "TroopWithdrawal",
    ):
        assert b.loc[str(ID[issue]), "blocking"], issue
    assert b.loc[str(ID["TerritorialIntegrity"]), "blockers"] == [str(ID["Russia"])]


def test_humanitarian_steps_are_common_ground_and_make_the_phased_approach(seed):
    ground = seed.common_ground().set_index("position")
    for position in ("HumanitarianCorridors", "PrisonerExchange", "LocalizedCeasefires"):
        assert ground.loc[str(ID[position]), "tier"] == "consensus"
    summary = seed.scenario_summary().set_index("scenario")
    assert not summary.loc[str(ID["PhasedApproach"]), "blocked"]
    assert summary.loc[str(ID["ComprehensivePeace"]), "rejected_by"] == [str(ID["Russia"])]
    assert summary.loc[str(ID["FrozenConflict"]), "rejected_by"] == [str(ID["Ukraine"])]


def test_turkey_is_the_strongest_broker(seed):
    assert seed.brokers()["label"].iloc[0] == "Turkey"


def test_ukraine_and_its_western_supporters_against_russia(seed):
    groups = seed.coalitions().membership()
    west = {
        groups[str(ID[a])]
        for a in ("Ukraine", "Germany", "France", "UnitedStates", "EuropeanUnion")
    }
    assert len(west) == 1
    assert groups[str(ID["Russia"])] not in west
