"""What the report's sections share: the graph, the results several of them read (each computed
once), and small helpers for names, figures and marks."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from ..api import StanceGraph
from ..plot.figures import KINDS
from ..render import strength
from ..validate import ValidationReport, validate_store
from .document import Block, Figure, Paragraph, Table

#: The interactive relationship diagram, a page of its own in the report folder.
DIAGRAM = "network.html"
YES_NO = {True: "yes", False: "no"}


#: The most rows a table of the report shows. Beyond, the first ones and one line saying how
#: many there are and which command lists them all: a report of 870k UN votes is not read row
#: by row, and its Markdown would run to 100k lines.
MAX_ROWS = 100


def capped(view: pd.DataFrame, what: str, command: str) -> list[Block]:
    """``view`` as a table of at most ``MAX_ROWS`` rows, and the line saying what was left out.

    >>> [type(b).__name__ for b in capped(pd.DataFrame({"a": range(150)}), "rows", "x")]
    ['Table', 'Paragraph']
    """
    if len(view) <= MAX_ROWS:
        return [Table(view)]
    return [
        Table(view.head(MAX_ROWS)),
        Paragraph(f"The first {MAX_ROWS} of {len(view):,} {what}; every one: `{command}`."),
    ]


def figure(kind: str) -> Figure:
    return Figure(kind, KINDS[kind].caption)


def marked(confidence: pd.Series, explicit: pd.Series) -> list[str]:
    return [strength(c, e, " inferred") for c, e in zip(confidence, explicit, strict=True)]


@dataclass
class Context:
    """The graph and the results several sections share, each computed once."""

    g: StanceGraph
    #: The validation report, when a thread started it beside the analyses.
    checked: Future[ValidationReport] | None = None

    def validation(self) -> ValidationReport:
        return self.checked.result() if self.checked else validate_store(self.g.store)

    def names(self, iris: Sequence[str]) -> str:
        return ", ".join(self.g.label(i) for i in iris) if len(iris) else "—"

    @cached_property
    def robust(self) -> pd.DataFrame:
        return self.g.robustness()

    @cached_property
    def holds(self) -> dict[tuple[str, str, Any], bool]:
        columns = ["kind", "subject", "context", "holds"]
        return {(k, s, c): h for k, s, c, h in self.robust[columns].itertuples(index=False)}

    def shaky(self, kind: str, subject: str, context: str | None = None) -> str:
        """ "; rests on inferred stances" when the finding does not hold on explicit evidence."""
        return (
            "" if self.holds.get((kind, subject, context), True) else "; rests on inferred stances"
        )
