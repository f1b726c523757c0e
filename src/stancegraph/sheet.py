"""A stance spreadsheet a column at a time (DESIGN §5, "Stance spreadsheet columns"): its
columns, the names they become, and the rows read into one array per column.

The import is column-wise throughout: read here, checked in :mod:`stancegraph.sheet_check`,
written as Turtle in :mod:`stancegraph.sheet_rdf`. Each check and each kind of triple is one
array operation over a column; Python runs once per distinct name or value (a million UN votes
name a few hundred countries), and once per row only to hash each stance's content into its IRI.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import InputError
from .vocab import SG

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
ALLOWED = REQUIRED + OPTIONAL + EXTRA + NODE_FACTS
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
#: Bad rows named in the one-line error; the count says how many more there are.
SHOWN_PROBLEMS = 20
BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


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


@dataclass
class Sheet:
    """The cells of a spreadsheet's rows, a column at a time: stripped text, "" where empty
    (a column the header lacks reads as empty). ``lines`` is each row's line in the file."""

    columns: dict[str, np.ndarray]
    size: int
    text: str = ""
    problems: dict[int, str] = field(default_factory=dict)
    _lines: np.ndarray | None = None

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, column: str) -> np.ndarray:
        if column not in self.columns:
            self.columns[column] = np.full(len(self), "", dtype=object)
        return self.columns[column]

    @property
    def lines(self) -> np.ndarray:
        """Each row's line in the file (where its record ends), found when a message needs it:
        counting lines as the rows are read costs a Python step per row."""
        if self._lines is None:
            reader = csv.reader(io.StringIO(self.text))
            next(reader, None)
            found = []
            with contextlib.suppress(csv.Error):
                for row in reader:
                    if is_row(row):
                        found.append(reader.line_num)
            found += [reader.line_num + 1] * (self.size - len(found))
            self._lines = np.array(found[: self.size], dtype=np.int64)
        return self._lines

    def flag(self, mask: np.ndarray, say: Callable[[int], str]) -> None:
        """Row i is bad where ``mask`` holds, for the reason ``say(i)``; a row keeps the first
        reason found, as a reader fixing it top to bottom would meet them."""
        for i in np.flatnonzero(mask):
            self.problems.setdefault(int(i), f"line {self.lines[i]}: {say(int(i))}")

    def error(self, name: str) -> InputError:
        shown = [self.problems[i] for i in sorted(self.problems)[:SHOWN_PROBLEMS]]
        more = len(self.problems) - len(shown)
        tail = f"; and {more:,} more" if more else ""
        return InputError(f"{name}: {len(self.problems)} bad row(s): {'; '.join(shown)}{tail}")


def is_row(fields: list[str]) -> bool:
    """Whether a line the csv module read is a row: a blank line, or one of only spaces and
    tabs, is none (pandas' reader skips both, so both readers count rows, and lines, alike)."""
    return bool(fields) and not (len(fields) == 1 and not fields[0].strip())


def _rows_before_error(text: str) -> tuple[list[list[str]], str]:
    """The rows up to a line the csv module cannot read, and what is wrong with that line."""
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    rows: list[list[str]] = []
    try:
        rows.extend(row for row in reader if is_row(row))
    except csv.Error as exc:
        return (
            rows,
            f"line {reader.line_num}: {exc}; a field may hold at most {FIELD_LIMIT:,} characters",
        )
    return rows, "the CSV could not be read"


def read(text: str, name: str) -> Sheet:
    """The rows of a CSV text, checked for their shape: the required columns, no unknown
    column, no row with more (non-empty) fields than the header."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"{name}: missing column(s) {', '.join(missing)}; required: {', '.join(REQUIRED)}"
        )
    unknown = [c for c in header if c not in ALLOWED]
    if unknown:
        raise InputError(
            f"{name}: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(ALLOWED)}"
        )
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise InputError(f"{name}: column(s) {', '.join(twice)} given twice; keep one of each")
    fast = _read_fast(text, header)
    if fast is not None:
        size = len(next(iter(fast.values())))
        if not size:
            raise InputError(f"{name}: no stance rows below the header; nothing to import")
        return Sheet(fast, size, text)
    broken = None
    try:
        rows = [row for row in reader if is_row(row)]
    except csv.Error:
        rows, broken = _rows_before_error(text)
    width = len(header)
    sizes = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    sheet = Sheet({}, len(rows), text)
    long = np.flatnonzero(sizes > width)
    sheet.flag(
        np.isin(np.arange(len(rows)), [i for i in long if any(f.strip() for f in rows[i][width:])]),
        lambda i: (
            f"{sizes[i]} fields, but the header names {width} columns; quote a field "
            "that holds a comma"
        ),
    )
    for i in np.flatnonzero(sizes != width):  # rare: pad or cut, so the columns line up
        rows[i] = (rows[i] + [""] * width)[:width]
    if broken:
        sheet.problems[len(rows)] = broken
    elif not rows:
        raise InputError(f"{name}: no stance rows below the header; nothing to import")
    for column, cells in zip(header, zip(*rows, strict=True) if rows else [], strict=False):
        sheet.columns[column] = np.array(list(map(str.strip, cells)), dtype=object)
    return sheet


def _read_fast(text: str, header: list[str]) -> dict[str, np.ndarray] | None:
    """The columns by pandas' C reader (four times the csv module's speed), or None for a
    sheet it does not read exactly as the csv module would (a row with more fields than the
    header, a field over the csv module's limit): the csv module then reads it and names the
    lines at fault."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False,
                                na_filter=False, index_col=False)  # fmt: skip
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        return None
    if frame.shape[1] != len(header):
        return None
    columns = {}
    for j, column in enumerate(header):
        cells = frame.iloc[:, j].tolist()
        if cells and max(map(len, cells)) > FIELD_LIMIT:
            return None
        columns[column] = np.array(list(map(str.strip, cells)), dtype=object)
    return columns
