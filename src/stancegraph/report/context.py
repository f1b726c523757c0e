"""What the report's sections share: the graph, the results several of them read (each computed
once), and small helpers for names, figures and marks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from ..api import StanceGraph
from ..plot.figures import KINDS
from ..render import strength
from .document import Figure

#: The interactive relationship diagram, a page of its own in the report folder.
DIAGRAM = "network.html"
YES_NO = {True: "yes", False: "no"}


def figure(kind: str) -> Figure:
    return Figure(kind, KINDS[kind].caption)


def marked(confidence: pd.Series, explicit: pd.Series) -> list[str]:
    return [strength(c, e, " inferred") for c, e in zip(confidence, explicit, strict=True)]


@dataclass
class Context:
    """The graph and the results several sections share, each computed once."""

    g: StanceGraph

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
