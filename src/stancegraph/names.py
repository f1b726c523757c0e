"""Resolve what a user typed (an IRI, a prefixed name, a label or an alias) to one node."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from .cache import cached_table
from .errors import AmbiguousNameError, UnknownNameError
from .queries import run_csv
from .store import Store
from .vocab import expand, local_name, shorten

KINDS = ("actor", "position", "issue", "scenario")


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


@dataclass(frozen=True)
class NameIndex:
    """Every label and alias of the nodes of each kind, and the preferred label of each node."""

    names: pd.DataFrame  # columns: node, kind, name
    prefixes: dict[str, str]

    @classmethod
    def from_store(cls, store: Store) -> NameIndex:
        # Kept beside a store directory (stancegraph.cache): 44,000 names take 0.5 s to read.
        return cls(cached_table(store, "names", lambda: _read_names(store)), dict(store.prefixes))

    @cached_property
    def _label_of(self) -> dict[str, str]:
        # First label wins: the SPARQL label alternation lists rdfs:label/skos:prefLabel before
        # skos:altLabel.
        named = self.names[self.names["name"] != ""].drop_duplicates("node")
        out = dict(zip(named["node"], named["name"], strict=True))
        for node in set(self.names["node"]).difference(out):  # the few without a name
            out[node] = local_name(node)
        return out

    def label(self, node: str) -> str:
        """The first label of a node, or its local name when it has none (a dict lookup: the
        table of labels is built once, on first use)."""
        found = self._label_of.get(node)
        return found if found is not None else local_name(node)

    def labels(self) -> dict[str, str]:
        """Node -> label for every named node (the shared table: read it, do not change it)."""
        return self._label_of

    def resolve(self, text: str, kind: str) -> str:
        """The IRI of the one node of ``kind`` that ``text`` names.

        Tried in order: an IRI or prefixed name; a label, alias or local name equal to ``text``
        (case-insensitive, punctuation ignored); a node whose label contains every word of
        ``text``. Raises :class:`UnknownNameError` (with the closest candidates) or
        :class:`AmbiguousNameError` (with every match).
        """
        pool = self.names[self.names["kind"] == kind]
        nodes = set(pool["node"])
        full = expand(text, self.prefixes)
        if full is not None and full in nodes:
            return full
        wanted = _norm(text)
        keys = pool["name"].map(_norm)
        locals_ = pool["node"].map(lambda n: _norm(local_name(n)))
        exact = sorted(set(pool.loc[(keys == wanted) | (locals_ == wanted), "node"]))
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise self._ambiguous(text, kind, exact)
        words = _tokens(text)
        if words:
            contains = sorted(
                set(pool.loc[pool["name"].map(lambda n: words <= _tokens(n)), "node"])
            )
            if len(contains) == 1:
                return contains[0]
            if len(contains) > 1:
                raise self._ambiguous(text, kind, contains)
        choices = sorted({n for n in pool["name"] if n} | {local_name(n) for n in nodes})
        close = difflib.get_close_matches(text, choices, n=5, cutoff=0.4)
        if not close:
            close = difflib.get_close_matches(
                text.casefold(), [c.casefold() for c in choices], n=5, cutoff=0.3
            )
        hint = f"; did you mean: {', '.join(repr(c) for c in close)}?" if close else ""
        listing = f" (try `stancegraph {kind}s`)" if kind in ("actor", "issue") else ""
        raise UnknownNameError(f"unknown {kind} {text!r}{hint}{listing}", close)

    def _ambiguous(self, text: str, kind: str, nodes: list[str]) -> AmbiguousNameError:
        shown = [f"{shorten(n, self.prefixes)} ({self.label(n)})" for n in nodes[:8]]
        return AmbiguousNameError(
            f"ambiguous {kind} {text!r}: it matches {', '.join(shown)}; use a longer name or the IRI",
            [shorten(n, self.prefixes) for n in nodes],
        )


def _read_names(store: Store) -> pd.DataFrame:
    # As CSV, like the stance records: a string per cell, no term objects per row.
    rows = run_csv(
        store,
        "names",
        dtype={"node": str, "kind": str, "name": str},
        keep_default_na=False,
        na_values={"kind": [""], "name": [""]},
    )
    kinds = rows.dropna(subset=["kind"])[["node", "kind"]].drop_duplicates()
    named = rows.dropna(subset=["name"]).sort_values("rank", kind="stable")
    frame = kinds.merge(named[["node", "name"]], on="node", how="left")
    frame["name"] = frame["name"].fillna("")
    return frame.reset_index(drop=True)
