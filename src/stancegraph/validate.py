"""SHACL validation with the shapes shipped in the package, as a report users can read."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDF, SH

from .errors import EndpointError, InputError
from .io import resource_path
from .queries import projected, query_text, run, select
from .store import Store
from .vocab import local_name, shorten


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
    quotes_checked: int = 0
    #: What was validated (a store's description), for the one-line verdict.
    description: str = ""

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
                severity=local_name(str(severity)) if severity else "Violation",
            )
        )
    results.sort(key=lambda r: (r.severity != "Violation", r.focus, r.path, r.message))
    violations = [r for r in results if r.severity == "Violation"]
    return ValidationReport(conforms=not violations, results=results)


#: Source texts larger than this are not read for the quote check (a bound on memory).
MAX_SOURCE_BYTES = 50_000_000


#: Source texts are read from files of these kinds only.
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")


def _local_path(url: str, bases: list[Path]) -> Path | None:
    """The source text a ``schema:url`` names beside the data: a relative path (plain or
    ``file:relative/path``) to a .txt, .md or .html file, looked up from the working directory
    and from every folder above each loaded data file (so ``file:shared/seed/x.txt`` is found
    beside a checkout). Absolute paths, ``file://`` URLs, ``..`` and other kinds of file are
    never read: data from elsewhere cannot make stancegraph open the machine's files. Web URLs:
    None.

    >>> _local_path("file:///etc/passwd", [Path("/")]), _local_path("../x.txt", [Path.cwd()])
    (None, None)
    """
    if url.startswith(("http://", "https://", "file://")):
        return None
    candidate = url[len("file:") :] if url.startswith("file:") else url
    path = Path(unquote(candidate))
    if path.is_absolute() or ".." in path.parts or path.suffix.lower() not in TEXT_SUFFIXES:
        return None
    for base in [Path.cwd(), *bases]:
        if (base / path).is_file():
            return base / path
    return None


def source_texts(store: Store) -> dict[str, str]:
    """The text of every source that has one here: ``sg:text``, or a local file its
    ``schema:url`` names."""
    bases: list[Path] = []
    for file in getattr(store, "files", []):
        bases += list(Path(file).resolve().parents)
    texts: dict[str, str] = {}
    for row in run(store, "source_texts").itertuples(index=False):
        if row.source in texts:
            continue
        if isinstance(row.text, str):
            texts[row.source] = row.text
        elif isinstance(row.url, str):
            path = _local_path(row.url, bases)
            if path is not None and path.stat().st_size <= MAX_SOURCE_BYTES:
                texts[row.source] = path.read_text(encoding="utf-8", errors="replace")
    return texts


def check_quotes(store: Store) -> tuple[list[Violation], int]:
    """Check every quote whose source text is available: it must occur verbatim, and at its
    ``sg:offset`` when it has one. Returns the violations and how many quotes were checked."""
    texts = source_texts(store)
    if not texts:
        return [], 0
    quotes = run(store, "quotes")
    quotes = quotes[quotes["source"].isin(texts.keys())]
    problems: list[Violation] = []
    for holder, quote, offset, source in quotes.itertuples(index=False):
        text = texts[source]
        has_offset = offset is not None and not pd.isna(offset)
        start = int(offset) if has_offset else -1
        # The quote at its offset is the common case and costs len(quote); only a miss (or a
        # quote without offset) searches the whole text.
        if has_offset and text[start : start + len(quote)] == quote:
            continue
        found = text.find(quote)
        if found >= 0 and not has_offset:
            continue
        where = shorten(str(holder), store.prefixes)
        name = shorten(source, store.prefixes)
        if found < 0:
            problems.append(
                Violation(
                    where,
                    "sg:quote",
                    quote[:60],
                    f"the quote does not occur verbatim in the text of {name}; "
                    "copy it from the source exactly",
                    "Violation",
                )
            )
        else:
            problems.append(
                Violation(
                    where,
                    "sg:offset",
                    str(start),
                    f"the quote is not at offset {start} of {name}; it first occurs at {found}",
                    "Violation",
                )
            )
    return problems, len(quotes)


#: Queries run at once by :func:`shape_checks` (the machines this is measured on have 2 cores).
WORKERS = 2


def split_union(sparql: str, parts: int) -> list[str]:
    r"""A ``SELECT ... WHERE { {A} UNION {B} UNION ... }`` query (branches separated by lines
    ``  UNION``, as the shipped checks are written) as ``parts`` queries over every other
    branch; their results together are the query's.

    >>> q = "SELECT ?x WHERE {\n  { BIND(1 AS ?x) }\n  UNION\n  { BIND(2 AS ?x) }\n}"
    >>> [s.split("{", 1)[1].strip() for s in split_union(q, 2)]
    ['{ BIND(1 AS ?x) }\n}', '{ BIND(2 AS ?x) }\n}']
    """
    head, body = sparql.split("WHERE {", 1)
    body = body[: body.rindex("}")]
    branches = [b.strip() for b in body.split("\n  UNION\n")]
    groups = [branches[k::parts] for k in range(min(parts, len(branches)))]
    return [f"{head}WHERE {{\n  " + "\n  UNION\n  ".join(g) + "\n}" for g in groups]


def shape_checks(store: Store, *, workers: int = WORKERS) -> ValidationReport:
    """The bundled shapes as SPARQL (``queries/shape_checks.rq``), run by the store itself:
    the same constraints and messages as pySHACL at a fraction of the time (100k stances:
    seconds, not minutes), with no copy of the data into rdflib. The query's UNION branches
    run as ``workers`` queries at once: Oxigraph evaluates without the GIL, so two cores halve
    it."""
    text = query_text("shape_checks")
    parts = split_union(text, max(workers, 1))
    with ThreadPoolExecutor(len(parts)) as pool:
        frames = list(pool.map(lambda part: select(store, part), parts))
    expected = projected(text)
    for frame in frames:
        if list(frame.columns) != expected:
            raise EndpointError(
                f"{store.description} answered the shape checks with the variables "
                f"{', '.join(map(str, frame.columns)) or '(none)'}, not {', '.join(expected)}"
            )
    rows = pd.concat(frames).drop_duplicates()

    def show(value: object) -> str:
        if not isinstance(value, str):
            return "" if value is None or pd.isna(value) else str(value)
        if value.startswith(("http://", "https://", "urn:")):
            return shorten(value, store.prefixes)
        return "[]" if value.startswith("_:") else value

    results = [
        Violation(
            focus="[]" if isinstance(f, str) and not f.startswith(("http", "urn:")) else show(f),
            path=show(p),
            value=show(v),
            message=str(m),
            severity=str(sev),
        )
        for f, p, v, sev, m in rows[["focus", "path", "value", "severity", "message"]].itertuples(
            index=False
        )
    ]
    results.sort(key=lambda r: (r.severity != "Violation", r.focus, r.path, r.message))
    return ValidationReport(
        conforms=not any(r.severity == "Violation" for r in results), results=results
    )


def validate_store(
    store: Store, *, engine: str = "sparql", workers: int = WORKERS
) -> ValidationReport:
    """Validate everything in a store: the shapes (``engine`` "sparql", the store's own
    SPARQL, as ``workers`` queries at once; or "shacl", pySHACL with full SHACL semantics), and
    every quote against its source's text where that text is available locally."""
    if engine not in ("sparql", "shacl"):
        raise InputError(f"unknown validation engine {engine!r}; use sparql or shacl")
    report = (
        validate_graph(store.to_rdflib(), store.prefixes)
        if engine == "shacl"
        else shape_checks(store, workers=workers)
    )
    problems, checked = check_quotes(store)
    results = report.results + problems
    conforms = report.conforms and not problems
    return ValidationReport(
        conforms=conforms, results=results, quotes_checked=checked, description=store.description
    )


def validate_file(path: str | Path, *, engine: str = "sparql") -> ValidationReport:
    """Validate one RDF file on its own (with the vocabulary, without the bundled data)."""
    from .store import LocalStore

    store = LocalStore()
    store.load([str(path)])
    store.load_vocabulary()
    return validate_store(store, engine=engine)
