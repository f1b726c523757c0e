"""Commands that write files: figures, exports, the spreadsheet importer and the report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..definitions import DEFAULT_THRESHOLD
from ..errors import InputError
from ..plot.figures import KINDS
from .common import ThresholdOpt, VetoOpt, app, graph, handle_errors


@app.command()
@handle_errors
def plot(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(KINDS)}.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Output file: .png, .svg or .pdf; .html for the interactive network.",
        ),
    ],
    actors_: Annotated[
        list[str] | None, typer.Option("--actors", help="Only these actors (repeatable).")
    ] = None,
    issues_: Annotated[
        list[str] | None,
        typer.Option("--issues", help="Only positions on these issues (repeatable)."),
    ] = None,
    veto: VetoOpt = None,
    title: Annotated[str | None, typer.Option("--title", help="Figure title.")] = None,
    width: Annotated[float | None, typer.Option("--width", help="Width in inches.")] = None,
    height: Annotated[float | None, typer.Option("--height", help="Height in inches.")] = None,
    dpi: Annotated[int, typer.Option("--dpi", help="Resolution of PNG output.")] = 150,
    min_tie: Annotated[
        float | None,
        typer.Option(
            "--min-tie",
            help="network: hide alignment weaker than this |S-score| (default 0.5); explicit "
            "ties are always drawn.",
        ),
    ] = None,
) -> None:
    """Draw a figure for a briefing (PNG, SVG or PDF by the suffix of --out), or the network as
    an interactive page (.html: one file, works offline)."""
    from ..plot.figures import check_kind, check_suffix, save

    check_kind(kind)
    if out.suffix.lower() in (".html", ".htm"):
        if kind != "network":
            raise InputError(
                f"only the network has an interactive form; save {kind} as .png, .svg or .pdf"
            )
        diagram = graph(ctx, veto).diagram(actors=actors_, min_tie=min_tie, title=title)
        typer.echo(str(diagram.save(out)))
        return
    check_suffix(out)
    g = graph(ctx, veto)
    fig = g.figure(
        kind,
        actors=actors_,
        issues=issues_,
        title=title,
        width=width,
        height=height,
        min_tie=min_tie,
    )
    typer.echo(str(save(fig, out, dpi)))


@app.command("export")
@handle_errors
def export_(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT", help="turtle, jsonld, ntriples, graphml, gexf, csv, mermaid or dot."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file.")],
    two_mode: Annotated[
        bool,
        typer.Option(
            "--two-mode",
            help="GraphML/GEXF: the actor–position graph instead of the actor network.",
        ),
    ] = False,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
) -> None:
    """Export the graph (RDF), the actor network (Gephi, Cytoscape), the stance table or a diagram."""
    from ..export import check_format

    check_format(fmt)
    typer.echo(str(graph(ctx).export(fmt, out, two_mode=two_mode, threshold=threshold)))


@app.command()
@handle_errors
def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files (or URLs) to load.")],
    store: Annotated[Path, typer.Option("--store", help="The store directory to load into.")],
    append: Annotated[
        bool, typer.Option("--append", help="Add to a store that already holds data.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Load RDF into an on-disk store once (Oxigraph's bulk loader); every later run opens it in
    milliseconds with --store DIR."""
    import time

    import stancegraph

    from ..report import progress

    start = time.monotonic()
    with progress(len(files), quiet) as step:
        g = stancegraph.load(*files, store=store, append=append, step=step)
    counts = g.summary()
    typer.echo(
        f"{store}: {counts['stances']} stances, {counts['actors']} actors from {len(files)} "
        f"file(s) in {time.monotonic() - start:.1f} s"
    )


@app.command("import")
@handle_errors
def import_(
    file: Annotated[Path, typer.Argument(help="A stance spreadsheet (CSV).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Turtle file to write.")] = None,
    store: Annotated[
        Path | None, typer.Option("--store", help="Store directory to load the stances into.")
    ] = None,
    append: Annotated[
        bool,
        typer.Option(
            "--append",
            help="Add to the Turtle file or store; a row imported before is not duplicated.",
        ),
    ] = False,
    base: Annotated[
        str, typer.Option("--base", help="Namespace for the IRIs made from names.")
    ] = "https://w3id.org/stancegraph/id/",
) -> None:
    """Turn a stance spreadsheet into validated RDF (a Turtle file, a store, or both); nothing
    is written when any row is bad."""
    import time

    from ..spreadsheet import import_csv

    start = time.monotonic()
    count = import_csv(file, out, store=store, append=append, base=base)
    took = f"in {time.monotonic() - start:.1f} s"
    if out is not None:
        typer.echo(f"{out}: {count} triples from {file} {took}")
    if store is not None:
        import stancegraph

        counts = stancegraph.open(store=store).summary()
        typer.echo(f"{store}: {counts['stances']} stances, {counts['actors']} actors {took}")


@app.command()
@handle_errors
def report(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Directory for index.html, report.md and figures/.")
    ],
    veto: VetoOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """The main job: every analysis, table and figure in DIR/index.html and DIR/report.md."""
    from ..report import write_report

    index = write_report(graph(ctx, veto), out, quiet=quiet)
    typer.echo(f"Report written: {index.resolve()}  (and {(out / 'report.md').resolve()})")
