import pytest

from stancegraph.store import LocalStore
from stancegraph.validate import validate_store

from .conftest import PREFIXES, RIVER, write

GOOD = (
    PREFIXES
    + """
ex:a a sg:State ; rdfs:label "A" .
ex:i a sg:Issue .
ex:p a sg:Position ; sg:onIssue ex:i .
"""
)


def report_for(tmp_path, extra: str, engine: str = "sparql"):
    store = LocalStore()
    store.load([write(tmp_path, "t.ttl", GOOD + extra)])
    store.load_vocabulary()
    return validate_store(store, engine=engine)


def test_river_fixture_conforms():
    store = LocalStore()
    store.load([RIVER])
    store.load_vocabulary()
    report = validate_store(store)
    assert report.conforms and not report.results


SHAPE_CASES = [
    ("ex:s a sg:Stance ; sg:position ex:p ; sg:polarity 1 .", "exactly one sg:actor"),
    ("ex:s a sg:Stance ; sg:actor ex:a ; sg:polarity 1 .", "exactly one sg:position"),
    (
        "ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 2 .",
        "polarity must be one number in [-1, 1]",
    ),
    (
        "ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1, -1 .",
        "polarity must be one number",
    ),
    (
        'ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity "yes" .',
        "polarity must be one number",
    ),
    (
        "ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ; sg:salience 1.5 .",
        "salience",
    ),
    (
        "ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ; sg:confidence -0.1 .",
        "confidence",
    ),
    (
        'ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ; sg:validFrom "2024-05-01"^^xsd:date ; sg:validUntil "2024-01-01"^^xsd:date .',
        "validFrom must be one xsd:date before sg:validUntil",
    ),
    (
        "ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ; sg:evidence [ a sg:Evidence ] .",
        "quote or an sg:source",
    ),
    ("ex:q a sg:Position .", "every position must be on an issue"),
    ("ex:pp a sg:Participation ; sg:actor ex:a .", "every participation needs an sg:role"),
    ("ex:s a sg:Stance ; sg:actor ex:p ; sg:position ex:p ; sg:polarity 1 .", "sg:Actor"),
    (
        "ex:r a sg:Relationship ; sg:from ex:a ; sg:to ex:a ; sg:sign 2 .",
        "sg:sign must be 1 or -1",
    ),
    ("ex:sc a sg:Scenario .", "scenario must include"),
]


@pytest.mark.parametrize(("extra", "message"), SHAPE_CASES)
@pytest.mark.parametrize("engine", ["sparql", "shacl"])
def test_each_shape_violation_is_reported(tmp_path, extra, message, engine):
    report = report_for(tmp_path, extra, engine)
    assert not report.conforms
    assert any(message in v.message for v in report.violations), [
        v.message for v in report.violations
    ]


MORE_CASES = [
    "ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ; sg:confidence 0.5 .",
    'ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ; sg:redLine "maybe" .',
    'ex:e a sg:Evidence ; sg:quote "q" ; sg:offset -3 .',
    "ex:r a sg:Relationship ; sg:from ex:a ; sg:to ex:p ; sg:weight 2 .",
    "ex:a sg:capability 3 . ex:a sg:memberOf ex:p .",
    "ex:pp a sg:Participation ; sg:actor ex:a ; sg:role sg:Party ; sg:vetoPlayer 1 .",
    "ex:p sg:incompatibleWith ex:a .",
]


@pytest.mark.parametrize("extra", [c[0] for c in SHAPE_CASES] + MORE_CASES)
def test_the_sparql_checks_say_what_shacl_says(tmp_path, extra):
    """The fast engine against pySHACL: the same verdict, every result pySHACL gives on a node
    of the data with the same message (pySHACL adds nested results on literals, such as
    "yes" failing the number shape, which the fast engine reports on the stance alone)."""
    fast, full = report_for(tmp_path, extra), report_for(tmp_path, extra, "shacl")
    assert fast.conforms == full.conforms
    on_nodes = {(r.focus, r.message) for r in full.results if r.focus.startswith(("ex:", "[]"))}
    assert {(r.focus, r.message) for r in fast.results} == on_nodes


def test_stance_without_evidence_is_a_warning_not_a_violation(tmp_path):
    report = report_for(
        tmp_path, "ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 0.5 ."
    )
    assert report.conforms
    assert [w.message for w in report.warnings] == [
        "a stance without sg:evidence cannot be traced to a source"
    ]


def test_validate_lists_the_first_results_as_a_table_and_all_as_csv(cli, tmp_path):
    stances = "\n".join(
        f"ex:s{i} a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ."
        for i in range(60)
    )
    data = write(tmp_path, "many.ttl", GOOD + stances)
    table = cli("validate", str(data))
    assert "… 10 more; -f csv lists every result" in table.stdout
    assert table.stdout.strip().endswith("conforms, 60 warning(s)")
    csv_out = cli("validate", str(data), "-f", "csv").stdout.splitlines()
    assert len(csv_out) == 1 + 60


@pytest.mark.parametrize("workers", [1, 3])
def test_the_checks_in_any_number_of_parts_find_the_same(tmp_path, workers):
    # The report runs them in one part beside the analyses, validate in two: the same report.
    bad = write(
        tmp_path,
        "bad.ttl",
        PREFIXES + "ex:s1 a sg:Stance ; sg:actor ex:Aland ; sg:polarity 3 .\n"
        "ex:s2 a sg:Stance ; sg:position ex:EqualShare ; sg:polarity 1 ; sg:salience 7 .\n",
    )
    store = LocalStore()
    store.load([RIVER, bad])
    store.load_vocabulary()

    def found(report):
        return sorted((r.focus, r.path, r.message) for r in report.results)

    assert found(validate_store(store, workers=workers)) == found(validate_store(store))
    assert len(found(validate_store(store))) >= 4
