import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from stancegraph.io import resource_path
from stancegraph.vocab import NS, SG, SG_FROM, expand, shorten

CORE = [
    "Actor",
    "State",
    "InternationalOrganization",
    "Person",
    "Group",
    "memberOf",
    "represents",
    "Negotiation",
    "Participation",
    "actor",
    "negotiation",
    "role",
    "Party",
    "Mediator",
    "Supporter",
    "Guarantor",
    "Observer",
    "Issue",
    "Position",
    "onIssue",
    "incompatibleWith",
    "Stance",
    "position",
    "polarity",
    "salience",
    "confidence",
    "validFrom",
    "validUntil",
    "evidence",
    "Evidence",
    "quote",
    "source",
    "offset",
    "Source",
    "Relationship",
    "to",
    "relationKind",
    "sign",
    "weight",
    "Alliance",
    "Aid",
    "Sanctions",
    "Mediation",
    "Hostility",
    "Scenario",
    "includes",
    "capability",
]


@pytest.fixture(scope="module")
def vocabulary() -> rdflib.Graph:
    return rdflib.Graph().parse(resource_path("stancegraph.ttl"))


def test_every_core_term_of_the_design_is_in_the_namespace_and_the_file(vocabulary):
    defined = {str(s) for s in vocabulary.subjects() if str(s).startswith(NS)}
    for term in CORE:
        assert str(getattr(SG, term)) == NS + term
        assert NS + term in defined, term
    assert str(SG_FROM) in defined


def test_every_term_has_a_label_and_a_comment(vocabulary):
    terms = {s for s in vocabulary.subjects() if str(s).startswith(NS) and str(s) != NS}
    # The file defines exactly the namespace's terms (plus sg:from, a Python keyword).
    assert {str(t)[len(NS) :] for t in terms} == set(SG.__annotations__) | {"from"}
    for term in terms:
        assert vocabulary.value(term, RDFS.label) is not None, term
        assert vocabulary.value(term, RDFS.comment) is not None, term


def test_every_namespace_attribute_is_defined_in_the_file(vocabulary):
    defined = {str(s) for s in vocabulary.subjects()}
    for name in SG.__annotations__:
        assert NS + name in defined, name


def test_subclass_axioms_make_states_actors(vocabulary):
    assert (SG.State, RDFS.subClassOf, SG.Actor) in vocabulary
    assert (SG.incompatibleWith, RDF.type, OWL.SymmetricProperty) in vocabulary


def test_a_misspelt_term_fails_instead_of_minting_an_iri():
    with pytest.raises(AttributeError):
        _ = SG.suports


@pytest.mark.parametrize(
    ("short", "full"),
    [("sg:Party", NS + "Party"), ("id:Ukraine", "https://w3id.org/stancegraph/id/Ukraine")],
)
def test_shorten_and_expand_are_inverse(short, full):
    assert expand(short) == full
    assert shorten(full) == short
