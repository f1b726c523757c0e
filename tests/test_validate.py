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


def report_for(tmp_path, extra: str):
    store = LocalStore()
    store.load([write(tmp_path, "t.ttl", GOOD + extra)])
    store.load_vocabulary()
    return validate_store(store)


def test_river_fixture_conforms():
    store = LocalStore()
    store.load([RIVER])
    store.load_vocabulary()
    report = validate_store(store)
    assert report.conforms and not report.results


@pytest.mark.parametrize(
    ("extra", "message"),
    [
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
    ],
)
def test_each_shape_violation_is_reported(tmp_path, extra, message):
    report = report_for(tmp_path, extra)
    assert not report.conforms
    assert any(message in v.message for v in report.violations), [
        v.message for v in report.violations
    ]


def test_stance_without_evidence_is_a_warning_not_a_violation(tmp_path):
    report = report_for(
        tmp_path, "ex:s a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 0.5 ."
    )
    assert report.conforms
    assert [w.message for w in report.warnings] == [
        "a stance without sg:evidence cannot be traced to a source"
    ]
