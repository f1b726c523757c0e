"""A checked stance spreadsheet as Turtle (DESIGN §5), written directly: each stance is one
block of text assembled from columns of pieces, so a million rows make no per-triple object.

The named nodes' triples (actors, positions, issues, participations, sources and their facts)
come once each, then the stances, a block of rows at a time (memory holds one block of text,
not a file's). Every name in it is a slug, a digest or a checked IRI, and every literal is
escaped, so the text is valid Turtle by construction (tests read it back).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .sheet import EXTRA, OPTIONAL, REQUIRED, Sheet, read
from .sheet_check import FACT_NODES, check, each, first_rows, texts
from .vocab import PREFIXES, local_name, shorten

#: Rows turned into text at a time.
BLOCK = 100_000
#: What Turtle escapes in a "string" (every other character may stand as it is).
ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
Piece = str | np.ndarray


def decimal(value: float) -> str:
    """The xsd:decimal spelling of a number (never an exponent, which xsd:decimal has not; a
    bare decimal in Turtle).

    >>> decimal(1.0), decimal(-0.5), decimal(1e-05)
    ('1.0', '-0.5', '0.00001')
    """
    return np.format_float_positional(value, trim="0")


def _string(texts: np.ndarray) -> np.ndarray:
    return each(texts, lambda t: '"' + t.translate(ESCAPES) + '"')


def _decimal(values: np.ndarray) -> np.ndarray:
    return each(values, decimal)


def _date(values: np.ndarray) -> np.ndarray:
    return each(values, lambda d: f'"{d}"^^xsd:date')


def header(base: str) -> str:
    """The prefixes the text uses (``id:`` is ``base``)."""
    used = {**{p: PREFIXES[p] for p in ("rdf", "rdfs", "xsd", "dcterms", "sg")}, "id": base}
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in used.items()) + "\n"


def _sources(out: dict[str, np.ndarray], rows: np.ndarray) -> np.ndarray:
    """The sources of ``rows`` as Turtle terms: a link as it is, a title by its slug."""
    source = texts(out["source"][rows])
    return np.where(out["link"][rows], "<" + source + ">", "id:" + source)


def node_lines(sheet: Sheet, out: dict[str, np.ndarray]) -> tuple[str, int]:
    """The triples about the named nodes, each once, one block per node; with their number."""
    subjects: list[np.ndarray] = []
    rests: list[np.ndarray] = []

    def add(at: np.ndarray, subject: np.ndarray, predicate: str, obj: Piece) -> None:
        subjects.append(subject[at])
        if isinstance(obj, str):
            rests.append(np.full(len(at), f"{predicate} {obj}", dtype=object))
        else:
            rests.append(f"{predicate} " + obj[at])

    actor, position, issue = ("id:" + out[n] for n in ("actor", "position", "issue"))
    kind = each(out["kind"], shorten)
    add(first_rows(sheet["actor"], out["kind"]), actor, "a", kind)
    add(first_rows(sheet["actor"]), actor, "rdfs:label", _string(sheet["actor"]))
    first = first_rows(sheet["position"], out["issue"], out["issue_label"])
    add(first, position, "a", "sg:Position")
    add(first, position, "rdfs:label", _string(sheet["position"]))
    add(first, position, "sg:onIssue", issue)
    add(first, issue, "a", "sg:Issue")
    add(first, issue, "rdfs:label", _string(out["issue_label"]))
    cast = np.flatnonzero(out["role"] != None)  # noqa: E711 - elementwise
    if len(cast):
        role = each(out["role"][cast], shorten)
        part = "id:participation-" + out["actor"][cast] + "-"
        part = part + each(out["role"][cast], lambda r: local_name(r).lower())
        once = first_rows(part)
        add(once, part, "a", "sg:Participation")
        add(once, part, "sg:actor", actor[cast])
        add(once, part, "sg:role", role)
    cited = np.flatnonzero(out["source"] != None)  # noqa: E711
    if len(cited):
        source = _sources(out, cited)
        add(first_rows(source), source, "a", "sg:Source")
        titled = np.flatnonzero(~out["link"][cited])
        add(first_rows(source[titled]), source[titled], "dcterms:title",
            _string(sheet["source"][cited][titled]))  # fmt: skip
        dated = np.flatnonzero(out["source_date"][cited] != None)  # noqa: E711
        dates = out["source_date"][cited][dated]
        add(first_rows(source[dated], dates), source[dated], "dcterms:date", _date(dates))
    for column, (node, prop) in FACT_NODES.items():
        given = np.flatnonzero(~np.isnan(out[column]))
        if len(given):
            subject, value = "id:" + out[node][given], _decimal(out[column][given])
            add(first_rows(subject, value), subject, shorten(str(prop)), value)
    subject, rest = np.concatenate(subjects), np.concatenate(rests)
    once = first_rows(subject, rest)  # a node named in two ways: its triples still come once
    order = once[np.lexsort((rest[once], subject[once]))]
    subject, rest = subject[order], rest[order]
    same = np.zeros(len(order), dtype=bool)
    same[1:] = subject[1:] == subject[:-1]
    text = np.where(same, " ;\n\t" + rest, " .\n" + subject + " " + rest)
    return ("".join(text.tolist()) + " .\n")[3:], len(order)


def stance_names(sheet: Sheet, out: dict[str, np.ndarray]) -> np.ndarray:
    """Each row's stance, named by its actor, position and a digest of every cell (so the same
    row always makes the same stance and a changed row a new one): ``A-P-digest``, the stance
    being ``stance-A-P-digest`` and its evidence ``evidence-A-P-digest``."""
    cells = [sheet[c] for c in REQUIRED + OPTIONAL]
    keys = np.array(["\x1f".join(row) for row in zip(*cells, strict=True)], dtype=object)
    for column in EXTRA:  # only when given: a sheet without them keeps its old IRIs
        given = sheet[column] != ""
        keys[given] = keys[given] + f"\x1f{column}=" + sheet[column][given]
    digests = np.array(
        [hashlib.sha1(k.encode()).hexdigest()[:12] for k in keys.tolist()], dtype=object
    )
    return out["actor"] + "-" + out["position"] + "-" + digests


@dataclass
class _Blocks:
    """Columns of text pieces, one row per stance: joined row by row, they are the stances."""

    size: int
    columns: list[Piece]
    triples: int = 0

    def add(self, mask: np.ndarray | None, *pieces: Piece, triple: bool = True) -> None:
        if mask is None:
            self.columns.extend(pieces)
            self.triples += self.size * triple
            return
        for piece in pieces:
            column = np.full(self.size, "", dtype=object)
            column[mask] = piece if isinstance(piece, str) else piece[mask]
            self.columns.append(column)
        self.triples += int(mask.sum()) * triple

    def text(self) -> str:
        table = np.empty((self.size, len(self.columns)), dtype=object)
        for j, column in enumerate(self.columns):
            table[:, j] = column
        return "".join(table.ravel().tolist())


def stance_text(
    sheet: Sheet, out: dict[str, np.ndarray], rows: np.ndarray, names: np.ndarray
) -> tuple[str, int]:
    """The stances of ``rows`` (one per row) and their evidence as Turtle, with the number of
    triples in it."""
    name = names[rows]
    blocks = _Blocks(len(rows), [])
    blocks.add(None, "id:stance-", name, " a sg:Stance ;\n\tsg:actor id:", out["actor"][rows],
               " ;\n\tsg:position id:", out["position"][rows], " ;\n\tsg:polarity ",
               _decimal(out["polarity"][rows]), " ;\n")  # fmt: skip
    blocks.triples += 3 * len(rows)  # type, actor and position came with polarity
    for prop in ("salience", "confidence"):
        values = out[prop][rows]
        blocks.add(~np.isnan(values), f"\tsg:{prop} ", _decimal(np.nan_to_num(values)), " ;\n")
    notes = sheet["note"][rows]
    blocks.add(notes != "", "\tsg:note ", _string(notes), " ;\n")
    blocks.add(out["red_line"][rows], "\tsg:redLine true ;\n")
    for column, prop in (("valid_from", "validFrom"), ("valid_until", "validUntil")):
        dates = out[column][rows]
        given = dates != None  # noqa: E711 - elementwise
        blocks.add(given, f"\tsg:{prop} ", _date(np.where(given, dates, "")), " ;\n")
    quotes, cited = sheet["quote"][rows], out["source"][rows] != None  # noqa: E711
    evidence = (quotes != "") | cited
    blocks.add(evidence, "\tsg:evidence id:evidence-", name, " ;\n")
    blocks.add(None, ".\n", triple=False)  # a block may end in ";" before "." in Turtle
    blocks.add(evidence, "id:evidence-", name, " a sg:Evidence ;\n")
    blocks.add(quotes != "", "\tsg:quote ", _string(quotes), " ;\n")
    blocks.add(cited, "\tsg:source ", _sources(out, rows), " ;\n")
    blocks.add(evidence, ".\n", triple=False)
    return blocks.text(), blocks.triples


def turtle(text: str, base: str, name: str) -> Iterator[tuple[str, int]]:
    """The sheet as Turtle, a block at a time, each with its number of triples; the one
    :class:`InputError` naming the bad rows comes before any text."""
    sheet = read(text, name)
    out = check(sheet)
    if sheet.problems:
        raise sheet.error(name)
    nodes, count = node_lines(sheet, out)
    yield header(base) + nodes, count
    names = stance_names(sheet, out)
    first = first_rows(names)  # a repeated row is one stance
    for start in range(0, len(first), BLOCK):
        yield stance_text(sheet, out, first[start : start + BLOCK], names)
