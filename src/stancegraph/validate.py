"""SHACL validation with the shapes shipped in the package, as a report users can read."""

from __future__ import annotations

from dataclasses import dataclass

import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDF, SH

from .io import resource_path
from .store import Store
from .vocab import shorten


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the focus node, the property path, the value, the message, severity."""

    focus: str
    path: str
    value: str
    message: str
    severity: str


@dataclass(frozen=True)
class ValidationReport:
    """Whether the data conforms, and every violation or warning."""

    conforms: bool
    results: list[Violation]

    @property
    def violations(self) -> list[Violation]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [r for r in self.results if r.severity != "Violation"]


def shapes_graph() -> rdflib.Graph:
    """The bundled SHACL shapes."""
    return rdflib.Graph().parse(resource_path("shapes.ttl"), format="turtle")


def validate_graph(graph: rdflib.Graph, prefixes: dict[str, str] | None = None) -> ValidationReport:
    """Validate an rdflib graph (data plus vocabulary) against the bundled shapes.

    Warnings (for example a stance without evidence) are reported but do not break conformance.
    """
    vocabulary = rdflib.Graph().parse(resource_path("stancegraph.ttl"), format="turtle")
    _, report_graph, _ = shacl_validate(
        graph,
        shacl_graph=shapes_graph(),
        ont_graph=vocabulary,
        inference="none",
        allow_warnings=True,
    )
    table = prefixes or {}

    def show(term: rdflib.term.Node | None) -> str:
        if term is None:
            return ""
        if isinstance(term, rdflib.URIRef):
            return shorten(str(term), table) if table else shorten(str(term))
        if isinstance(term, rdflib.BNode):
            return "[]"
        return str(term)

    results = []
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        severity = report_graph.value(result, SH.resultSeverity)
        results.append(
            Violation(
                focus=show(report_graph.value(result, SH.focusNode)),
                path=show(report_graph.value(result, SH.resultPath)),
                value=show(report_graph.value(result, SH.value)),
                message=str(report_graph.value(result, SH.resultMessage) or ""),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    results.sort(key=lambda r: (r.severity != "Violation", r.focus, r.path, r.message))
    violations = [r for r in results if r.severity == "Violation"]
    return ValidationReport(conforms=not violations, results=results)


def validate_store(store: Store) -> ValidationReport:
    """Validate everything in a store."""
    return validate_graph(store.to_rdflib(), store.prefixes)
