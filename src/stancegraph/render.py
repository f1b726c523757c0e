"""Results (DataFrames, lists of dicts, dicts) as table, CSV, JSON or Markdown text; shared by the
CLI, the report and notebooks. Tables and Markdown are for people (labels in place of IRIs in
lists, inferred stances marked ``*``); CSV and JSON are for machines (IRIs and every column)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import shutil
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from .definitions import EXPLICIT_CONFIDENCE
from .vocab import PREFIXES, shorten


class Format(StrEnum):
    """Output formats every printing command takes."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


Data: TypeAlias = pd.DataFrame | Sequence[Mapping[str, Any]] | Mapping[str, Any]


def jsonable(value: Any) -> Any:
    """A JSON-ready value: NaN/NaT -> None, numpy scalars -> Python, dates -> ISO strings.

    >>> jsonable(float("nan")) is None, jsonable(np.float64(0.5)), jsonable(pd.Timestamp("2024-01-02"))
    (True, 0.5, '2024-01-02')
    """
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | np.ndarray | pd.Index):
        return [jsonable(v) for v in value]
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_records(data: Data) -> list[dict[str, Any]]:
    """Rows as a list of plain dicts."""
    if isinstance(data, pd.DataFrame):
        return [
            jsonable(dict(zip(data.columns, row, strict=True)))
            for row in data.itertuples(index=False)
        ]
    if isinstance(data, Mapping):
        return [jsonable(dict(data))]
    return [jsonable(dict(row)) for row in data]


def to_json(data: Data) -> str:
    """JSON: a list of objects, or one object when ``data`` is a mapping."""
    payload = jsonable(dict(data)) if isinstance(data, Mapping) else to_records(data)
    return json.dumps(payload, indent=2, ensure_ascii=False)


#: Measures that are never negative: printed without a sign.
UNSIGNED = ("salience", "confidence", "severity", "betweenness", "capability", "gain")


def _cell(value: Any, prefixes: Mapping[str, str], column: str = "") -> str:
    value = jsonable(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and column in UNSIGNED:
        return f"{value:.2f}"
    if isinstance(value, float):
        return f"{value:+.2f}" if -1.0 <= value <= 1.0 and value != 0 else f"{value:.4g}"
    if isinstance(value, str):
        return (
            shorten(value, dict(prefixes)) if value.startswith(("http://", "https://")) else value
        )
    if isinstance(value, list):
        if value and all(isinstance(v, list) for v in value):
            # A list of groups (coalitions): one numbered line per group.
            return "\n".join(f"{k}. {_cell(v, prefixes)}" for k, v in enumerate(value, start=1))
        return ", ".join(_cell(v, prefixes) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v, prefixes)}" for k, v in value.items())
    return str(value)


def _rows_for_text(data: Data) -> tuple[list[str], list[dict[str, Any]]]:
    if isinstance(data, Mapping):
        # One object: show it as a key/value table.
        return ["key", "value"], [{"key": k, "value": v} for k, v in data.items()]
    rows = to_records(data)
    columns = (
        list(data.columns) if isinstance(data, pd.DataFrame) else (list(rows[0]) if rows else [])
    )
    return columns, rows


def to_csv(data: Data, prefixes: Mapping[str, str] | None = None) -> str:
    """CSV with a header; lists are joined with ``;``; IRIs stay whole (CSV is for machines)."""
    columns, rows = _rows_for_text(data)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                ";".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)
                for v in (row.get(c) for c in columns)
            ]
        )
    return out.getvalue()


def to_markdown(data: Data, prefixes: Mapping[str, str] | None = None) -> str:
    """A GitHub-flavoured Markdown table."""
    table = prefixes or PREFIXES
    columns, rows = _rows_for_text(data)
    if not columns:
        return "_(no rows)_\n"

    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    lines += [
        "| " + " | ".join(esc(_cell(r.get(c), table, c)) for c in columns) + " |" for r in rows
    ]
    return "\n".join(lines) + "\n"


WIDE_COLUMNS = ("quote", "evidence", "supporters", "dealbreakers", "value", "positions", "note")


def strength(confidence: float | None, explicit: bool | None, mark: str = "*") -> str:
    """A stance's confidence for people: ``0.60*`` when inferred (see ``INFERRED_NOTE``), or
    with another ``mark`` such as ``" inferred"``.

    >>> strength(0.6, False), strength(1.0, True), strength(0.6, False, " inferred")
    ('0.60*', '1.00', '0.60 inferred')
    """
    if confidence is None or (isinstance(confidence, float) and math.isnan(confidence)):
        return ""
    return f"{confidence:.2f}" + ("" if explicit else mark)


#: The footnote of a table that marks inferred stances with ``*``.
INFERRED_NOTE = (
    f"* inferred: implied by the source, not stated (confidence < {EXPLICIT_CONFIDENCE})"
)


def column_widths(
    natural: Sequence[int], total: int, short: int = 12, weights: Sequence[float] | None = None
) -> list[int]:
    """Share ``total`` terminal columns among table columns: short ones (numbers, flags) keep
    their width, the others share the rest max-min fairly in proportion to ``weights`` (a
    column narrower than its share keeps its natural width and leaves the rest to the others).

    >>> column_widths([8, 40, 15, 100], 80)
    [8, 23, 15, 24]
    >>> column_widths([8, 40, 15, 100], 80, weights=[1, 1, 1, 2])
    [8, 16, 15, 31]
    >>> column_widths([5, 10], 80)
    [5, 10]
    >>> column_widths([5, 30, 30, 30, 30], 60)  # 4 × 16 does not fit 47: fold, keep the 5
    [5, 10, 10, 11, 11]
    """
    # The borderless table spends 3 characters per column (padding and divider), less the edge.
    room = total - 3 * len(natural) + 2
    if sum(natural) <= room:
        return list(natural)
    weight = list(weights) if weights is not None else [1.0] * len(natural)
    widths = list(natural)
    flexible = sorted((w / weight[i], i) for i, w in enumerate(natural) if w > short)
    left = room - sum(w for w in natural if w <= short)
    left_weight = sum(weight[i] for _, i in flexible)
    for _, i in flexible:
        # Up to 16 characters (an IRI, a name) are never folded; beyond, the weighted share.
        share = max(min(natural[i], 16), int(left * weight[i] / left_weight))
        widths[i] = min(natural[i], share)
        left -= widths[i]
        left_weight -= weight[i]
    # Still too wide: fold the widest flexible columns further (to 8 at the least) rather than
    # let the terminal squeeze every column, numbers included.
    excess = sum(widths) - room
    while excess > 0:
        widest = max((i for _, i in flexible), key=lambda i: widths[i], default=None)
        if widest is None or widths[widest] <= 8:
            break
        widths[widest] -= 1
        excess -= 1
    return widths


def to_table(
    data: Data,
    prefixes: Mapping[str, str] | None = None,
    title: str | None = None,
    width: int | None = None,
) -> str:
    """A rich table that wraps long cells to fit the terminal (80 columns when unknown)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table_prefixes = prefixes or PREFIXES
    columns, rows = _rows_for_text(data)
    cells = [[_cell(row.get(c), table_prefixes, c) for c in columns] for row in rows]
    total = width or shutil.get_terminal_size((80, 24)).columns
    widths = column_widths(
        [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)],
        total,
        weights=[2.0 if c in WIDE_COLUMNS else 1.0 for c in columns],
    )
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        expand=False,
    )
    for column, w in zip(columns, widths, strict=True):
        table.add_column(column, overflow="fold", width=w)
    for row_cells in cells:
        table.add_row(*row_cells)
    console = Console(file=io.StringIO(), width=total, color_system=None, force_terminal=False)
    console.print(table)
    if not rows:
        console.print("(no rows)")
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in out.splitlines()) + "\n"


def _is_iri(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://", "urn:"))


def with_labels(value: Any, labels: Mapping[str, str]) -> Any:
    """Lists (and lists of lists) of IRIs as labels; a node without a label, and any other
    value, stays as it is (a lone IRI sits beside its label column already).

    >>> with_labels([["http://x/a"], ["http://x/b", "text"]], {"http://x/a": "A"})
    [['A'], ['http://x/b', 'text']]
    """
    if isinstance(value, list | tuple):
        return [
            with_labels(v, labels)
            if isinstance(v, list | tuple)
            else labels.get(v, v)
            if _is_iri(v)
            else v
            for v in value
        ]
    return value


def _for_people(data: Data, labels: Mapping[str, str]) -> Data:
    if isinstance(data, pd.DataFrame):
        frame = data.copy()
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, list)).any():
                frame[column] = frame[column].map(lambda v: with_labels(v, labels))
        return frame
    if isinstance(data, Mapping):
        return {k: with_labels(v, labels) for k, v in data.items()}
    return [{k: with_labels(v, labels) for k, v in row.items()} for row in data]


def _marked(frame: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """A stance table's confidence as ``0.60*`` for inferred stances, and whether any is."""
    marks = [strength(c, e) for c, e in zip(frame["confidence"], frame["explicit"], strict=True)]
    inferred = bool((~frame["explicit"].fillna(True).astype(bool)).any())
    return frame.assign(confidence=marks), inferred


def render(
    data: Data,
    fmt: Format | str = Format.table,
    prefixes: Mapping[str, str] | None = None,
    title: str | None = None,
    hide_in_table: Sequence[str] = (),
    labels: Mapping[str, str] | None = None,
) -> str:
    """Render ``data`` in ``fmt``.

    ``hide_in_table`` names columns left out of the table format only (IRIs beside a label,
    which would crowd an 80-column terminal); CSV, JSON and Markdown keep every column. With
    ``labels``, tables and Markdown show lists of IRIs as labels. A table of stances with
    ``confidence`` and ``explicit`` marks the inferred ones ``0.60*`` and adds the footnote.
    """
    fmt = Format(fmt)
    if fmt is Format.json:
        return to_json(data) + "\n"
    if fmt is Format.csv:
        return to_csv(data, prefixes)
    if labels is not None:
        data = _for_people(data, labels)
    if fmt is Format.markdown:
        return to_markdown(data, prefixes)
    footnote = ""
    if isinstance(data, pd.DataFrame):
        if {"confidence", "explicit"} <= set(data.columns):
            data, inferred = _marked(data)
            footnote = INFERRED_NOTE + "\n" if inferred else ""
        data = data.drop(columns=[c for c in hide_in_table if c in data.columns])
    return to_table(data, prefixes, title) + footnote


def opposition_line(stance: Mapping[str, Any], label: Callable[[str], str]) -> str:
    """One opposing stance of ``blocking(evidence=True)`` in words: who, how strongly, how sure,
    and the quote (a derived stance names the position it derives from).

    >>> opposition_line({"actor": "a", "position": "p", "polarity": -1.0, "explicit": True,
    ...     "confidence": 0.9, "quote": "No."}, str.upper)
    'A -1.0 on P, explicit 0.9: “No.”'
    """
    who = f"{label(stance['actor'])} {stance['polarity']:+.1f} on {label(stance['position'])}"
    kind = "explicit" if stance["explicit"] else "inferred"
    if stance.get("derived"):
        who += f" (derived from its support for {label(stance['derived_from_position'])})"
    quote = f" \u201c{stance['quote']}\u201d" if stance.get("quote") else ""
    return f"{who}, {kind} {stance['confidence']:.1f}:{quote}"


def verdict_view(table: pd.DataFrame) -> pd.DataFrame:
    """The scenario verdicts for a terminal: who, verdict, on how many of the package's
    positions, and how sure (the full table has every column)."""
    view = pd.DataFrame(
        {
            "scenario": table["label"],
            "actor": table["actor_label"],
            "U": table["utility"],
            "verdict": table["verdict"],
            "on": [f"{c}/{n}" for c, n in zip(table["covered"], table["included"], strict=True)],
            "dealbreakers": table["dealbreakers"],
            "confidence": table["confidence"],
        }
    )
    view["explicit"] = table["explicit"].to_numpy()
    return view
