"""The stance spreadsheet (CSV) -> validated RDF (DESIGN §5, "Stance spreadsheet columns")."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from .errors import InputError, ShapeError
from .io import resource_path, write_atomic
from .validate import validate_graph
from .vocab import ID, PREFIXES, SG, local_name

REQUIRED = ("actor", "position", "polarity")
#: The longest field the csv module reads (its default); a longer one is a bad row.
FIELD_LIMIT = csv.field_size_limit()
OPTIONAL = (
    "issue",
    "salience",
    "confidence",
    "valid_from",
    "valid_until",
    "source",
    "source_date",
    "quote",
    "actor_type",
    "role",
)
#: Added later; kept out of the stance IRI's digest when empty, so older imports keep their IRIs.
EXTRA = ("note", "red_line")
FLAGS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False, "": False}
WORDS = {
    "support": 1.0,
    "supports": 1.0,
    "yes": 1.0,
    "agree": 1.0,
    "for": 1.0,
    "oppose": -1.0,
    "opposes": -1.0,
    "no": -1.0,
    "disagree": -1.0,
    "against": -1.0,
    "neutral": 0.0,
    "abstain": 0.0,
}
ACTOR_TYPES = {
    "state": SG.State,
    "country": SG.State,
    "person": SG.Person,
    "group": SG.Group,
    "ngo": SG.Group,
    "organisation": SG.InternationalOrganization,
    "organization": SG.InternationalOrganization,
    "internationalorganization": SG.InternationalOrganization,
    "io": SG.InternationalOrganization,
    "actor": SG.Actor,
}
ROLES = {
    "party": SG.Party,
    "mediator": SG.Mediator,
    "supporter": SG.Supporter,
    "guarantor": SG.Guarantor,
    "observer": SG.Observer,
}


def slug(name: str) -> str:
    """A deterministic IRI-safe local name: words in CamelCase, in ASCII letters and digits
    (accents dropped, other characters left out); a name with none of them is named by a hash
    of its text. Every slug is a valid prefixed name in Turtle.

    >>> slug("Full restoration of borders"), slug("  Türkiye "), slug("U.N. Security-Council")
    ('FullRestorationOfBorders', 'Turkiye', 'UNSecurityCouncil')
    >>> slug("Apoyo a la 2ª División"), slug("Россия")
    ('ApoyoALa2aDivision', 'n3d9a48af9cc1')
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_text.replace(".", ""))
    if not words:
        return "n" + hashlib.sha1(name.strip().encode()).hexdigest()[:12] if name.strip() else ""
    local_part = "".join(w[:1].upper() + w[1:] for w in words)
    return local_part if local_part[0].isalpha() else "n" + local_part


def parse_polarity(text: str, line: int) -> float:
    """A number in [-1, 1] or a word (support/oppose/neutral, yes/no/abstain, agree/disagree).

    >>> parse_polarity("oppose", 2), parse_polarity("0.5", 2)
    (-1.0, 0.5)
    """
    value = text.strip().casefold()
    if value in WORDS:
        return WORDS[value]
    try:
        number = float(value)
    except ValueError:
        raise InputError(
            f"line {line}: polarity {text!r} is neither a number in [-1, 1] nor one of {', '.join(sorted(WORDS))}"
        ) from None
    if not -1.0 <= number <= 1.0:
        raise InputError(f"line {line}: polarity {number} is outside [-1, 1]")
    return number


def _unit(text: str, column: str, line: int) -> float:
    try:
        number = float(text)
    except ValueError:
        raise InputError(f"line {line}: {column} {text!r} is not a number in [0, 1]") from None
    if not 0.0 <= number <= 1.0:
        raise InputError(f"line {line}: {column} {number} is outside [0, 1]")
    return number


def _date(text: str, column: str, line: int) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"line {line}: {column} {text!r} is not a date (YYYY-MM-DD)") from None


def csv_to_graph(text: str, *, base: str = str(ID), name: str = "<csv>") -> rdflib.Graph:
    """Turn a stance spreadsheet into RDF in the stancegraph vocabulary.

    Names become IRIs under ``base`` by :func:`slug` (the same name always gives the same IRI);
    each row becomes one ``sg:Stance`` whose IRI is derived from its content, so importing a file
    twice gives the same graph. Any bad row raises :class:`InputError` naming its line; the
    result must conform to the SHACL shapes (:class:`ShapeError` otherwise).
    """
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*[/#:]", base):
        raise InputError(
            f"base {base!r} is not a namespace IRI; use one ending in / or #, e.g. "
            "https://example.org/id/"
        )
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"{name}: missing column(s) {', '.join(missing)}; required: {', '.join(REQUIRED)}"
        )
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL + EXTRA]
    if unknown:
        raise InputError(
            f"{name}: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(REQUIRED + OPTIONAL + EXTRA)}"
        )
    ns = rdflib.Namespace(base)
    graph = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    graph.bind("id", base, override=True)

    problems: list[str] = []
    rows = 0
    try:
        for line, raw in enumerate(reader, start=2):
            rows += 1
            try:
                _add_row(graph, ns, raw, line)
            except InputError as exc:
                problems.append(str(exc))
    except csv.Error as exc:
        problems.append(
            f"line {reader.line_num}: {exc}; a field may hold at most {FIELD_LIMIT:,} characters"
        )
    if not problems and rows == 0:
        problems.append("no stance rows below the header; nothing to import")
    if problems:
        # Every bad row in one run, so a file with four bad rows takes one fix, not four.
        raise InputError(f"{name}: {len(problems)} bad row(s): {'; '.join(problems)}")
    vocabulary = rdflib.Graph().parse(resource_path("stancegraph.ttl"), format="turtle")
    report = validate_graph(graph + vocabulary)
    if not report.conforms:
        first = report.violations[0]
        raise ShapeError(
            f"{name}: the imported data does not conform: {first.focus} {first.path}: {first.message}"
        )
    return graph


def _add_row(
    graph: rdflib.Graph, ns: rdflib.Namespace, raw: dict[str | None, str | None], line: int
) -> None:
    """Add the triples of one spreadsheet row (``line`` is its line in the file)."""

    def node(label: str, column: str) -> URIRef:
        local_part = slug(label)
        if not local_part:
            raise InputError(
                f"line {line}: {column} {label!r} has no letters or digits to name it by"
            )
        return ns[local_part]

    row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
    for column in REQUIRED:
        if not row.get(column):
            raise InputError(f"line {line}: empty {column}")
    actor = node(row["actor"], "actor")
    position = node(row["position"], "position")
    polarity = parse_polarity(row["polarity"], line)
    actor_type = ACTOR_TYPES.get(row.get("actor_type", "").casefold().replace(" ", ""))
    if row.get("actor_type") and actor_type is None:
        raise InputError(
            f"line {line}: actor_type {row['actor_type']!r} is not one of {', '.join(sorted(ACTOR_TYPES))}"
        )
    graph.add((actor, RDF.type, actor_type or SG.Actor))
    graph.add((actor, RDFS.label, Literal(row["actor"])))
    graph.add((position, RDF.type, SG.Position))
    graph.add((position, RDFS.label, Literal(row["position"])))
    issue_name = row.get("issue") or row["position"]
    issue = node(issue_name, "issue") if row.get("issue") else ns[slug(issue_name) + "Issue"]
    graph.add((issue, RDF.type, SG.Issue))
    graph.add((issue, RDFS.label, Literal(issue_name)))
    graph.add((position, SG.onIssue, issue))
    if row.get("role"):
        role = ROLES.get(row["role"].casefold())
        if role is None:
            raise InputError(f"line {line}: role {row['role']!r} is not one of {', '.join(ROLES)}")
        participation = ns[f"participation-{slug(row['actor'])}-{local(role)}"]
        graph.add((participation, RDF.type, SG.Participation))
        graph.add((participation, SG.actor, actor))
        graph.add((participation, SG.role, role))
    key = [row.get(c, "") for c in REQUIRED + OPTIONAL]
    key += [f"{c}={row[c]}" for c in EXTRA if row.get(c)]
    digest = hashlib.sha1("\x1f".join(key).encode()).hexdigest()[:12]
    stance = ns[f"stance-{slug(row['actor'])}-{slug(row['position'])}-{digest}"]
    graph.add((stance, RDF.type, SG.Stance))
    graph.add((stance, SG.actor, actor))
    graph.add((stance, SG.position, position))
    graph.add((stance, SG.polarity, Literal(str(polarity), datatype=XSD.decimal)))
    for column, prop in (("salience", SG.salience), ("confidence", SG.confidence)):
        if row.get(column):
            graph.add(
                (stance, prop, Literal(str(_unit(row[column], column, line)), datatype=XSD.decimal))
            )
    if row.get("note"):
        graph.add((stance, SG.note, Literal(row["note"])))
    flag = (row.get("red_line") or "").strip().lower()
    if flag not in FLAGS:
        raise InputError(
            f"line {line}: red_line {row['red_line']!r} is not a yes/no value; use true or false"
        )
    if FLAGS[flag]:
        graph.add((stance, SG.redLine, Literal(True)))
    for column, prop in (("valid_from", SG.validFrom), ("valid_until", SG.validUntil)):
        if row.get(column):
            graph.add(
                (
                    stance,
                    prop,
                    Literal(_date(row[column], column, line).isoformat(), datatype=XSD.date),
                )
            )
    if row.get("quote") or row.get("source"):
        evidence = BNode()
        graph.add((stance, SG.evidence, evidence))
        graph.add((evidence, RDF.type, SG.Evidence))
        if row.get("quote"):
            graph.add((evidence, SG.quote, Literal(row["quote"])))
        if row.get("source"):
            is_link = row["source"].startswith(("http://", "https://"))
            if is_link and re.search(r'[\s<>"{}|^`\\]', row["source"]):
                raise InputError(
                    f"line {line}: source {row['source']!r} is not a valid URL (spaces or "
                    "quotes in it); encode them (%20) or give the source's title"
                )
            source = URIRef(row["source"]) if is_link else node(row["source"], "source")
            graph.add((evidence, SG.source, source))
            graph.add((source, RDF.type, SG.Source))
            if not row["source"].startswith(("http://", "https://")):
                graph.add((source, DCTERMS.title, Literal(row["source"])))
            if row.get("source_date"):
                graph.add(
                    (
                        source,
                        DCTERMS.date,
                        Literal(
                            _date(row["source_date"], "source_date", line).isoformat(),
                            datatype=XSD.date,
                        ),
                    )
                )


def local(iri: URIRef) -> str:
    return local_name(str(iri)).lower()


def import_csv(path: str | Path, out: str | Path, *, base: str = str(ID)) -> int:
    """Turn the stance spreadsheet at ``path`` into Turtle at ``out`` (written atomically, and
    only when every row is good); returns the number of triples."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    rdf = csv_to_graph(text, base=base, name=str(path))
    turtle = rdf.serialize(format="turtle")
    try:  # only Turtle that reads back is written
        count = sum(1 for _ in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise InputError(
            f"{path}: the Turtle made from it does not parse ({exc}); please report this"
        ) from None
    if count != len(rdf):
        raise InputError(
            f"{path}: the Turtle made from it reads back {count} of {len(rdf)} triples"
        )
    write_atomic(Path(out), turtle)
    return len(rdf)
