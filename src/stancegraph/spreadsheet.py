"""The stance spreadsheet (CSV) -> validated RDF (DESIGN §5, "Stance spreadsheet columns")."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from .checks import read_text
from .definitions import EXPLICIT_CONFIDENCE
from .errors import InputError
from .io import write_atomic
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
#: Facts about the actor, position or issue of a row (not about the stance; kept out of the
#: stance's digest): each node takes one value, and rows that disagree are bad rows.
NODE_FACTS = ("capability", "scale_value", "scale_min", "scale_max")
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


def _check_base(base: str) -> None:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*[/#:]", base):
        raise InputError(
            f"base {base!r} is not a namespace IRI; use one ending in / or #, e.g. "
            "https://example.org/id/"
        )


def csv_to_ntriples(text: str, *, base: str = str(ID), name: str = "<csv>") -> str:
    """A stance spreadsheet as N-Triples in the stancegraph vocabulary: one line per triple,
    each triple once.

    Names become IRIs under ``base`` by :func:`slug` (the same name always gives the same IRI);
    each row becomes one ``sg:Stance`` whose IRI is derived from its content, so importing a file
    twice gives the same graph. Every row is checked against what the SHACL shapes require of a
    stance (polarity in [−1, 1], salience and confidence in [0, 1], dates, validFrom before
    validUntil, an "Implied" note below confidence 0.8, a known role and actor type), so the
    result conforms by construction; every bad row is reported, in one :class:`InputError`.
    """
    return "".join(ntriples_lines(text, base=base, name=name))


def ntriples_lines(text: str, *, base: str = str(ID), name: str = "<csv>") -> Iterator[str]:
    """:func:`csv_to_ntriples` line by line, for writing a large spreadsheet without holding
    its triples (a repeated row is one stance; a named node's facts come once). The
    :class:`InputError` naming every bad row comes after the last line: write to a temp file."""
    _check_base(base)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"{name}: missing column(s) {', '.join(missing)}; required: {', '.join(REQUIRED)}"
        )
    allowed = REQUIRED + OPTIONAL + EXTRA + NODE_FACTS
    unknown = [c for c in header if c not in allowed]
    if unknown:
        raise InputError(
            f"{name}: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}"
        )
    ns = rdflib.Namespace(base)
    seen: set[str] = set()  # lines about named nodes: the same on every row that names them
    stances: set[URIRef] = set()
    problems: list[str] = []
    rows = 0
    facts: dict[tuple[str, str], tuple[str, int]] = {}  # (node, column) -> (value, first line)
    row_lines: list[tuple[Any, str]] = []

    def add(triple: tuple[Any, Any, Any]) -> None:
        s_, p_, o_ = triple
        row_lines.append((s_, f"{s_.n3()} {p_.n3()} {o_.n3()} .\n"))

    try:
        for line, raw in enumerate(reader, start=2):
            rows += 1
            row_lines.clear()
            try:
                stance = _add_row(add, ns, raw, line)
                _add_facts(add, ns, raw, line, facts)
            except InputError as exc:
                problems.append(str(exc))
                continue
            if problems:
                continue  # nothing more is written; every bad row is still found
            repeated = stance in stances
            stances.add(stance)
            for subject, text_line in row_lines:
                if subject == stance or isinstance(subject, BNode):
                    if not repeated:
                        yield text_line
                elif text_line not in seen:
                    seen.add(text_line)
                    yield text_line
    except csv.Error as exc:
        problems.append(
            f"line {reader.line_num}: {exc}; a field may hold at most {FIELD_LIMIT:,} characters"
        )
    if not problems and rows == 0:
        problems.append("no stance rows below the header; nothing to import")
    if problems:
        # Every bad row in one run, so a file with four bad rows takes one fix, not four.
        raise InputError(f"{name}: {len(problems)} bad row(s): {'; '.join(problems)}")


def csv_to_graph(text: str, *, base: str = str(ID), name: str = "<csv>") -> rdflib.Graph:
    """The stance spreadsheet as an rdflib graph (see :func:`csv_to_ntriples`), with the
    stancegraph prefixes bound."""
    graph = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    graph.bind("id", base, override=True)
    return graph.parse(data=csv_to_ntriples(text, base=base, name=name), format="nt")


def _add_row(
    add: Callable[[tuple[Any, Any, Any]], None],
    ns: rdflib.Namespace,
    raw: dict[str | None, str | None],
    line: int,
) -> URIRef:
    """Add the triples of one spreadsheet row (``line`` is its line in the file); returns the
    row's stance."""

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
    add((actor, RDF.type, actor_type or SG.Actor))
    add((actor, RDFS.label, Literal(row["actor"])))
    add((position, RDF.type, SG.Position))
    add((position, RDFS.label, Literal(row["position"])))
    issue_name = row.get("issue") or row["position"]
    issue = node(issue_name, "issue") if row.get("issue") else ns[slug(issue_name) + "Issue"]
    add((issue, RDF.type, SG.Issue))
    add((issue, RDFS.label, Literal(issue_name)))
    add((position, SG.onIssue, issue))
    if row.get("role"):
        role = ROLES.get(row["role"].casefold())
        if role is None:
            raise InputError(f"line {line}: role {row['role']!r} is not one of {', '.join(ROLES)}")
        participation = ns[f"participation-{slug(row['actor'])}-{local(role)}"]
        add((participation, RDF.type, SG.Participation))
        add((participation, SG.actor, actor))
        add((participation, SG.role, role))
    key = [row.get(c, "") for c in REQUIRED + OPTIONAL]
    key += [f"{c}={row[c]}" for c in EXTRA if row.get(c)]
    digest = hashlib.sha1("\x1f".join(key).encode()).hexdigest()[:12]
    stance = ns[f"stance-{slug(row['actor'])}-{slug(row['position'])}-{digest}"]
    add((stance, RDF.type, SG.Stance))
    add((stance, SG.actor, actor))
    add((stance, SG.position, position))
    add((stance, SG.polarity, Literal(str(polarity), datatype=XSD.decimal)))
    for column, prop in (("salience", SG.salience), ("confidence", SG.confidence)):
        if row.get(column):
            add(
                (stance, prop, Literal(str(_unit(row[column], column, line)), datatype=XSD.decimal))
            )
    if row.get("note"):
        add((stance, SG.note, Literal(row["note"])))
    flag = (row.get("red_line") or "").strip().lower()
    if flag not in FLAGS:
        raise InputError(
            f"line {line}: red_line {row['red_line']!r} is not a yes/no value; use true or false"
        )
    if FLAGS[flag]:
        add((stance, SG.redLine, Literal(True)))
    dates = {c: _date(row[c], c, line) for c in ("valid_from", "valid_until") if row.get(c)}
    if len(dates) == 2 and not dates["valid_from"] < dates["valid_until"]:
        raise InputError(
            f"line {line}: valid_from {dates['valid_from']} is not before valid_until "
            f"{dates['valid_until']}; a stance holds from the one up to the other"
        )
    confidence = row.get("confidence")
    inferred = confidence and _unit(confidence, "confidence", line) < EXPLICIT_CONFIDENCE
    if inferred and not (row.get("note") or "").startswith("Implied"):
        raise InputError(
            f"line {line}: confidence {confidence} is below {EXPLICIT_CONFIDENCE}, so the "
            'stance is inferred: add a note starting "Implied: " that says what the '
            "inference is (docs/coding.md), or raise the confidence"
        )
    for column, prop in (("valid_from", SG.validFrom), ("valid_until", SG.validUntil)):
        if row.get(column):
            add(
                (
                    stance,
                    prop,
                    Literal(_date(row[column], column, line).isoformat(), datatype=XSD.date),
                )
            )
    if row.get("quote") or row.get("source"):
        evidence = BNode()
        add((stance, SG.evidence, evidence))
        add((evidence, RDF.type, SG.Evidence))
        if row.get("quote"):
            add((evidence, SG.quote, Literal(row["quote"])))
        if row.get("source"):
            is_link = row["source"].startswith(("http://", "https://"))
            if is_link and re.search(r'[\s<>"{}|^`\\]', row["source"]):
                raise InputError(
                    f"line {line}: source {row['source']!r} is not a valid URL (spaces or "
                    "quotes in it); encode them (%20) or give the source's title"
                )
            source = URIRef(row["source"]) if is_link else node(row["source"], "source")
            add((evidence, SG.source, source))
            add((source, RDF.type, SG.Source))
            if not row["source"].startswith(("http://", "https://")):
                add((source, DCTERMS.title, Literal(row["source"])))
            if row.get("source_date"):
                add(
                    (
                        source,
                        DCTERMS.date,
                        Literal(
                            _date(row["source_date"], "source_date", line).isoformat(),
                            datatype=XSD.date,
                        ),
                    )
                )
    return stance


def _add_facts(
    add: Callable[[tuple[Any, Any, Any]], None],
    ns: rdflib.Namespace,
    raw: dict[str | None, str | None],
    line: int,
    seen: dict[tuple[str, str], tuple[str, int]],
) -> None:
    """A row's facts about its actor (capability in [0, 1]), position (its scale value) and
    issue (its scale's ends): one value per node; a row that contradicts an earlier one is bad."""
    row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
    issue = row.get("issue") or row["position"]
    issue_node = ns[slug(issue)] if row.get("issue") else ns[slug(issue) + "Issue"]
    subjects = {
        "capability": (ns[slug(row["actor"])], SG.capability),
        "scale_value": (ns[slug(row["position"])], SG.scaleValue),
        "scale_min": (issue_node, SG.scaleMin),
        "scale_max": (issue_node, SG.scaleMax),
    }
    for column in NODE_FACTS:
        text = row.get(column)
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            raise InputError(f"line {line}: {column} {text!r} is not a number") from None
        if column == "capability" and not 0.0 <= value <= 1.0:
            raise InputError(f"line {line}: capability {value} is outside [0, 1]")
        node, prop = subjects[column]
        first = seen.setdefault((str(node), column), (text, line))
        if float(first[0]) != value:
            raise InputError(
                f"line {line}: {column} {text} differs from {first[0]} given on line {first[1]} "
                "for the same node; give it one value"
            )
        add((node, prop, Literal(str(value), datatype=XSD.decimal)))


def local(iri: URIRef) -> str:
    return local_name(str(iri)).lower()


def import_csv(path: str | Path, out: str | Path, *, base: str = str(ID)) -> int:
    """Turn the stance spreadsheet at ``path`` into Turtle at ``out`` (written atomically, and
    only when every row is good); returns the number of triples. They stream through files
    beside ``out`` (N-Triples, Turtle, a read-back): memory does not grow with them."""
    path, out = Path(path), Path(out)
    text = read_text(path, "file", encoding="utf-8-sig")

    def write(turtle: Path) -> None:
        lines = turtle.with_name(turtle.stem + ".nt.tmp")  # a kill leaves only *.tmp files
        try:
            with lines.open("w", encoding="utf-8") as sink:
                expected = 0
                for line in ntriples_lines(text, base=base, name=str(path)):
                    sink.write(line)
                    expected += 1
            try:  # only Turtle that reads back is written
                ox.serialize(ox.parse(path=lines, format=ox.RdfFormat.N_TRIPLES), turtle,
                             ox.RdfFormat.TURTLE, prefixes={**PREFIXES, "id": base})  # fmt: skip
                count = sum(1 for _ in ox.parse(path=turtle, format=ox.RdfFormat.TURTLE))
            except (SyntaxError, ValueError) as exc:
                raise InputError(
                    f"{path}: the RDF made from it does not parse ({exc}); please report this"
                ) from None
            if count != expected:
                raise InputError(
                    f"{path}: the Turtle made from it reads back {count} of {expected} triples"
                )
            counted.append(expected)
        finally:
            lines.unlink(missing_ok=True)

    counted: list[int] = []
    write_atomic(out, write)
    return counted[0]
