"""The checks of a stance spreadsheet's rows (DESIGN §5), a column at a time: each cell is
parsed once per distinct value, and a row's first problem is kept for the one error message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .definitions import EXPLICIT_CONFIDENCE
from .sheet import (
    ACTOR_TYPES,
    BAD_IRI,
    FLAGS,
    NODE_FACTS,
    REQUIRED,
    ROLES,
    WORDS,
    Sheet,
    slug,
)
from .vocab import SG


class Problem(str):
    """What is wrong with a cell (a parsed value that is a Problem marks a bad row)."""


def polarity_of(text: str) -> float | Problem:
    """A polarity cell's value in [-1, 1] (a number, or a word such as support/oppose/abstain),
    or what is wrong with it.

    >>> polarity_of("Oppose"), polarity_of("0.5"), polarity_of("1.5")
    (-1.0, 0.5, 'polarity 1.5 is outside [-1, 1]')
    """
    value = text.casefold()
    if value in WORDS:
        return WORDS[value]
    try:
        number = float(value)
    except ValueError:
        return Problem(
            f"polarity {text!r} is neither a number in [-1, 1] nor one of {', '.join(sorted(WORDS))}"
        )
    return number if -1.0 <= number <= 1.0 else Problem(f"polarity {number} is outside [-1, 1]")


def _unit(column: str) -> Callable[[str], float | Problem]:
    def parse(text: str) -> float | Problem:
        try:
            number = float(text)
        except ValueError:
            return Problem(f"{column} {text!r} is not a number in [0, 1]")
        return number if 0.0 <= number <= 1.0 else Problem(f"{column} {number} is outside [0, 1]")

    return parse


def _date(column: str) -> Callable[[str], str | Problem]:
    def parse(text: str) -> str | Problem:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return Problem(f"{column} {text!r} is not a date (YYYY-MM-DD)")

    return parse


def _number(column: str) -> Callable[[str], float | Problem]:
    def parse(text: str) -> float | Problem:
        try:
            return float(text)
        except ValueError:
            return Problem(f"{column} {text!r} is not a number")

    return parse


def each(cells: np.ndarray, parse: Callable[[Any], Any]) -> np.ndarray:
    """``parse`` of every cell, computed once per distinct value."""
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    if cells.dtype == object:  # factorize turns None into NaN: turn it back
        distinct = [None if isinstance(v, float) and v != v else v for v in distinct]
    values = np.empty(len(distinct), dtype=object)
    values[:] = [parse(v) for v in distinct]
    return values[codes]


def parsed(sheet: Sheet, column: str, parse: Callable[[str], Any]) -> np.ndarray:
    """A column's cells parsed (once per distinct value): None where empty or bad; a cell
    that parses to a :class:`Problem` makes its row bad."""
    if column not in sheet.columns:
        return np.full(len(sheet), None, dtype=object)
    codes, distinct = pd.factorize(sheet[column], use_na_sentinel=False)
    results = [parse(v) if v else None for v in distinct]
    bad = np.array([isinstance(r, Problem) for r in results], dtype=bool)
    sheet.flag(bad[codes], lambda i: results[codes[i]])
    values = np.empty(len(distinct), dtype=object)
    values[:] = [None if isinstance(r, Problem) else r for r in results]
    return values[codes]


def texts(values: np.ndarray) -> np.ndarray:
    """Parsed texts, "" where there is none."""
    return np.where(values == None, "", values)  # noqa: E711 - elementwise


def numbers(values: np.ndarray) -> np.ndarray:
    """Parsed numbers as floats, NaN where there is none."""
    return np.where(values == None, np.nan, values).astype(float)  # noqa: E711


def first_rows(*keys: np.ndarray) -> np.ndarray:
    """The rows (in file order) where each distinct combination of ``keys`` first occurs.

    >>> first_rows(np.array(["a", "b", "a", "a"]), np.array([1, 2, 1, 3]))
    array([0, 1, 3])
    """
    codes = np.zeros(len(keys[0]), dtype=np.int64)
    for key in keys:
        part, distinct = pd.factorize(key, use_na_sentinel=False)
        codes = codes * max(len(distinct), 1) + part  # mixed radix: one code per combination
        codes = pd.factorize(codes)[0]  # renumbered, so the product never overflows
    return np.sort(np.unique(codes, return_index=True)[1])


def _named(column: str) -> Callable[[str], str | Problem]:
    def parse(text: str) -> str | Problem:
        return slug(text) or Problem(f"{column} {text!r} has no letters or digits to name it by")

    return parse


def _chosen(
    column: str, table: dict[str, Any], normal: Callable[[str], str], hint: str = ""
) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        key = normal(text)
        if key in table:
            return table[key]
        return Problem(f"{column} {text!r} {hint or 'is not one of ' + ', '.join(sorted(table))}")

    return parse


def _kind(text: str) -> str:
    return text.casefold().replace(" ", "")


def check(sheet: Sheet) -> dict[str, np.ndarray]:
    """Every row against what the SHACL shapes require of a stance, column by column (the
    first problem of each bad row goes to ``sheet.problems``); returns the parsed columns:
    local names of nodes ("" where none), numbers (NaN where none), ISO dates and IRIs (None
    where none)."""
    out: dict[str, np.ndarray] = {}
    for column in REQUIRED:
        sheet.flag(sheet[column] == "", lambda i, c=column: f"empty {c}")  # type: ignore[misc]
    for column in ("actor", "position"):
        out[column] = texts(parsed(sheet, column, _named(column)))
    out["polarity"] = numbers(parsed(sheet, "polarity", polarity_of))
    kinds = parsed(sheet, "actor_type", _chosen("actor_type", ACTOR_TYPES, _kind))
    out["kind"] = each(kinds, lambda k: str(k or SG.Actor))  # plain text: a URIRef + str warns
    named = sheet["issue"] != ""
    issue = texts(parsed(sheet, "issue", _named("issue")))
    out["issue"] = np.where(named, issue, out["position"] + "Issue")
    out["issue_label"] = np.where(named, sheet["issue"], sheet["position"])
    roles = parsed(sheet, "role", _chosen("role", ROLES, str.casefold))
    out["role"] = each(roles, lambda r: r and str(r))
    for column in ("salience", "confidence"):
        out[column] = numbers(parsed(sheet, column, _unit(column)))
    yes_no = _chosen("red_line", FLAGS, str.lower, "is not a yes/no value; use true or false")
    out["red_line"] = parsed(sheet, "red_line", yes_no).astype(bool)
    for column in ("valid_from", "valid_until"):
        out[column] = parsed(sheet, column, _date(column))
    start, end = texts(out["valid_from"]), texts(out["valid_until"])
    sheet.flag(
        (start != "") & (end != "") & (start >= end),
        lambda i: (
            f"valid_from {start[i]} is not before valid_until {end[i]}; a stance holds "
            "from the one up to the other"
        ),
    )
    implied = each(sheet["note"], lambda n: n.startswith("Implied")).astype(bool)
    sheet.flag(
        (out["confidence"] < EXPLICIT_CONFIDENCE) & ~implied,
        lambda i: (
            f"confidence {sheet['confidence'][i]} is below {EXPLICIT_CONFIDENCE}, so the "
            'stance is inferred: add a note starting "Implied: " that says what the inference is '
            "(docs/coding.md), or raise the confidence"
        ),
    )
    out["source"] = parsed(sheet, "source", _source)
    out["link"] = each(sheet["source"], lambda t: t.startswith(("http://", "https://")))
    out["link"] = out["link"].astype(bool)
    dates = parsed(sheet, "source_date", _date("source_date"))
    dates[out["source"] == None] = None  # noqa: E711 - a date is only read with its source
    out["source_date"] = dates
    for column in NODE_FACTS:
        out[column] = _fact(sheet, out, column)
    return out


def _source(text: str) -> str | Problem:
    """A source: a link (kept as it is) or a title (named by its slug)."""
    if not text.startswith(("http://", "https://")):
        return _named("source")(text)
    if BAD_IRI.search(text):
        return Problem(
            f"source {text!r} is not a valid URL (spaces or quotes in it); encode them (%20) or "
            "give the source's title"
        )
    return text


#: Which node a fact is about (the parsed column naming it) and its property.
FACT_NODES = {
    "capability": ("actor", SG.capability),
    "scale_value": ("position", SG.scaleValue),
    "scale_min": ("issue", SG.scaleMin),
    "scale_max": ("issue", SG.scaleMax),
}


def _fact(sheet: Sheet, out: dict[str, np.ndarray], column: str) -> np.ndarray:
    """A node's fact takes one value: the first good row that gives it sets it, and a later row
    that gives another value is bad."""
    number = numbers(parsed(sheet, column, _number(column)))
    if column == "capability":
        sheet.flag(
            (number < 0) | (number > 1), lambda i: f"capability {number[i]} is outside [0, 1]"
        )
    rows = np.arange(len(sheet))
    good = rows[~np.isnan(number) & ~np.isin(rows, list(sheet.problems))]
    codes, _ = pd.factorize(out[FACT_NODES[column][0]][good], use_na_sentinel=False)
    sets = good[np.unique(codes, return_index=True)[1][codes]]  # the row setting each value

    def clash(i: int) -> str:
        first = sets[np.searchsorted(good, i)]
        return (
            f"{column} {sheet[column][i]} differs from {sheet[column][first]} given on line "
            f"{sheet.lines[first]} for the same node; give it one value"
        )

    sheet.flag(np.isin(rows, good[number[sets] != number[good]]), clash)
    return number
