"""The stance spreadsheet (CSV) -> validated RDF (DESIGN §5, "Stance spreadsheet columns"):
Turtle in a file, triples in a store directory, or both; either may already hold data to add to.

The rows are read and checked a column at a time in :mod:`stancegraph.sheet`.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
import rdflib

from .checks import read_text
from .errors import DataLoadError, InputError
from .io import format_for, parse_error, write_atomic
from .sheet import slug
from .sheet_rdf import turtle
from .vocab import ID, PREFIXES

__all__ = ["csv_to_graph", "csv_to_ntriples", "csv_to_turtle", "import_csv", "slug"]


def _check_base(base: str) -> None:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*[/#:]", base):
        raise InputError(
            f"base {base!r} is not a namespace IRI; use one ending in / or #, e.g. "
            "https://example.org/id/"
        )


def csv_to_turtle(text: str, *, base: str = str(ID), name: str = "<csv>") -> str:
    """A stance spreadsheet as Turtle in the stancegraph vocabulary, each triple once.

    Names become IRIs under ``base`` by :func:`~stancegraph.sheet.slug` (the same name always
    gives the same IRI); each row becomes one ``sg:Stance`` whose IRI is derived from its
    content, so importing a file twice gives the same graph, and its evidence is named after
    it. Every row is checked against what the SHACL shapes require of a stance (polarity in
    [−1, 1], salience and confidence in [0, 1], dates, validFrom before validUntil, an
    "Implied" note below confidence 0.8, a known role and actor type), so the result conforms
    by construction; the bad rows are reported in one :class:`InputError`.

    >>> ttl = csv_to_turtle("actor,position,polarity\\nAland,Equal share,oppose\\n")
    >>> [line.strip() for line in ttl.splitlines() if "stance-" in line or "polarity" in line]
    ['id:stance-Aland-EqualShare-e9113f709880 a sg:Stance ;', 'sg:polarity -1.0 ;']
    """
    _check_base(base)
    return "".join(text for text, _ in turtle(text, base, name))


def csv_to_ntriples(text: str, *, base: str = str(ID), name: str = "<csv>") -> str:
    """The stance spreadsheet as N-Triples (see :func:`csv_to_turtle`), one line per triple."""
    triples = ox.parse(csv_to_turtle(text, base=base, name=name), format=ox.RdfFormat.TURTLE)
    return bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def csv_to_graph(text: str, *, base: str = str(ID), name: str = "<csv>") -> rdflib.Graph:
    """The stance spreadsheet as an rdflib graph (see :func:`csv_to_turtle`), with the
    stancegraph prefixes bound."""
    graph = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    graph.bind("id", base, override=True)
    return graph.parse(data=csv_to_ntriples(text, base=base, name=name), format="nt")


def import_csv(
    path: str | Path,
    out: str | Path | None = None,
    *,
    store: str | Path | None = None,
    append: bool = False,
    base: str = str(ID),
) -> int:
    """Turn the stance spreadsheet at ``path`` into Turtle at ``out``, into the store directory
    ``store`` (Oxigraph's bulk loader), or both; returns the number of triples the sheet makes.

    Nothing is written unless every row is good, and a file is replaced in one rename. With
    ``append``, the triples are added to what ``out`` or ``store`` already holds; a row imported
    before makes the same stance (and evidence) IRIs, so it is not duplicated. Without it, an
    existing ``out`` is replaced and a ``store`` that holds data is refused.
    """
    if out is None and store is None:
        raise InputError(
            "give a Turtle file to write (--out FILE.ttl), a store (--store DIR), or both"
        )
    _check_base(base)
    path = Path(path)
    text = read_text(path, "file", encoding="utf-8-sig")
    for target in (out, store):
        if target is not None and not Path(target).resolve().parent.is_dir():
            raise InputError(f"{Path(target).parent}: no such directory; create it first")
    near = Path(out if out is not None else str(store)).resolve().parent
    # The text goes to a file beside the target (never all in memory at once), in a folder
    # named *.tmp, so what a kill leaves behind is recognisable; every other exit removes it.
    try:
        folder = tempfile.TemporaryDirectory(dir=near, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write in {near}: {exc.strerror or exc}") from None
    with folder as tmp:
        made = Path(tmp) / "sheet.ttl"
        count = 0
        with made.open("w", encoding="utf-8") as sink:
            for block, triples in turtle(text, base, str(path)):
                sink.write(block)
                count += triples
        if store is not None:
            from .opening import load_store

            load_store([made], Path(store), append=append)
        if out is not None:
            target = Path(out)
            if append and target.exists():
                write_atomic(target, lambda merged: _merge(target, made, merged, base))
            else:
                write_atomic(target, lambda moved: os.replace(made, moved))
    return count


def _merge(old: Path, new: Path, merged: Path, base: str) -> None:
    """The triples of ``old`` and ``new`` (Turtle) in ``merged``, each once."""
    both = ox.Store()
    for source in (old, new):
        try:
            both.load(path=source, format=format_for(str(source)))
        except SyntaxError as exc:
            raise parse_error(str(source), exc) from None
        except (OSError, ValueError) as exc:
            raise DataLoadError(f"{source}: {exc}") from None
    both.dump(merged, ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(),
              prefixes={**PREFIXES, "id": base})  # fmt: skip
