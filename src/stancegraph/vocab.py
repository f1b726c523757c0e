"""The ``sg:`` vocabulary and the prefixes stancegraph knows: the only place IRIs are spelled.

``SG`` is a closed :class:`rdflib.namespace.DefinedNamespace`, so a typo such as ``SG.suports``
fails at import time instead of producing a silently wrong IRI.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

NS = "https://w3id.org/stancegraph/ns#"
ID = Namespace("https://w3id.org/stancegraph/id/")
SCHEMA = Namespace("https://schema.org/")


class SG(DefinedNamespace):
    """The stancegraph vocabulary (DESIGN §3), classes, properties and individuals."""

    _NS = Namespace(NS)
    _fail = True
    # ``from`` is a Python keyword, so it cannot be declared as an annotation.
    _extras = ["from"]  # noqa: RUF012 - rdflib reads this class attribute as a plain list

    # classes
    Actor: URIRef
    State: URIRef
    InternationalOrganization: URIRef
    Person: URIRef
    Group: URIRef
    Negotiation: URIRef
    Participation: URIRef
    Role: URIRef
    Issue: URIRef
    Position: URIRef
    Stance: URIRef
    Evidence: URIRef
    Source: URIRef
    Relationship: URIRef
    RelationKind: URIRef
    Scenario: URIRef

    # properties
    memberOf: URIRef
    represents: URIRef
    actor: URIRef
    negotiation: URIRef
    role: URIRef
    vetoPlayer: URIRef
    onIssue: URIRef
    incompatibleWith: URIRef
    position: URIRef
    polarity: URIRef
    salience: URIRef
    confidence: URIRef
    validFrom: URIRef
    validUntil: URIRef
    evidence: URIRef
    quote: URIRef
    source: URIRef
    offset: URIRef
    to: URIRef
    relationKind: URIRef
    sign: URIRef
    weight: URIRef
    includes: URIRef
    capability: URIRef
    scaleValue: URIRef
    scaleMin: URIRef
    scaleMax: URIRef
    note: URIRef
    redLine: URIRef
    text: URIRef

    # roles
    Party: URIRef
    Mediator: URIRef
    Supporter: URIRef
    Guarantor: URIRef
    Observer: URIRef

    # relation kinds
    Alliance: URIRef
    Aid: URIRef
    Sanctions: URIRef
    Mediation: URIRef
    Hostility: URIRef
    DiplomaticSupport: URIRef
    Pressure: URIRef
    Membership: URIRef
    Mistrust: URIRef
    Coordination: URIRef
    Support: URIRef


SG_FROM = URIRef(NS + "from")

#: Prefixes used to shorten IRIs in output and to expand prefixed names typed by users.
PREFIXES: dict[str, str] = {
    "sg": NS,
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
}


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """Return ``iri`` as a prefixed name when a known prefix matches, else unchanged.

    Examples
    --------
    >>> shorten("https://w3id.org/stancegraph/ns#Party")
    'sg:Party'
    >>> shorten("http://example.org/x")
    'http://example.org/x'
    """
    best = ""
    best_prefix = ""
    for prefix, ns in (prefixes or PREFIXES).items():
        if iri.startswith(ns) and len(ns) > len(best):
            local = iri[len(ns) :]
            if local and all(c.isalnum() or c in "_-." for c in local):
                best, best_prefix = ns, prefix
    return f"{best_prefix}:{iri[len(best) :]}" if best else iri


def expand(name: str, prefixes: dict[str, str] | None = None) -> str | None:
    """Expand a prefixed name (``id:Ukraine``) or ``<iri>`` to a full IRI; None if it is neither.

    Examples
    --------
    >>> expand("sg:Party")
    'https://w3id.org/stancegraph/ns#Party'
    >>> expand("<http://example.org/x>")
    'http://example.org/x'
    >>> expand("Ukraine") is None
    True
    """
    name = name.strip()
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    if name.startswith(("http://", "https://", "urn:")):
        return name
    prefix, sep, local = name.partition(":")
    table = prefixes or PREFIXES
    if sep and prefix in table and " " not in local:
        return table[prefix] + local
    return None


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/stancegraph/id/Ukraine")
    'Ukraine'
    """
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
