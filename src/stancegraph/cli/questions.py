"""Commands that ask the graph directly: actors, issues, who supports what, the evidence, SPARQL,
validation, counts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..checks import read_text
from ..render import Format
from .common import FormatOpt, app, emit, graph, handle_errors


@app.command()
@handle_errors
def actors(
    ctx: typer.Context,
    role: Annotated[
        str | None,
        typer.Option(
            "--role", help="Only actors with this role (party, mediator, supporter, ...)."
        ),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the actors with their type and roles."""
    g = graph(ctx)
    emit(g.actors(role), fmt, g)


@app.command()
@handle_errors
def issues(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """List the issues (points of contention) and the positions on each."""
    g = graph(ctx)
    emit(g.issues(), fmt, g)


#: The stance columns every answer prints: strength, how sure, why, and on what evidence.
STANCE_SHOWN = ["polarity", "salience", "confidence", "explicit", "note", "quote", "source"]
PositionArg = Annotated[str, typer.Argument(help="A position: label, alias, IRI or prefixed name.")]
ActorArg = Annotated[str, typer.Argument(help="An actor: label, alias, IRI or prefixed name.")]


@app.command("who-supports")
@handle_errors
def who_supports(ctx: typer.Context, position: PositionArg, fmt: FormatOpt = Format.table) -> None:
    """Who supports a position (current polarity > 0), with the evidence."""
    g = graph(ctx)
    table = g.who_supports(position)[["actor", "label", *STANCE_SHOWN]]
    emit(table, fmt, g, hide_in_table=("actor", "salience", "explicit", "source"))


@app.command("who-opposes")
@handle_errors
def who_opposes(ctx: typer.Context, position: PositionArg, fmt: FormatOpt = Format.table) -> None:
    """Who opposes a position (current polarity < 0), with the evidence."""
    g = graph(ctx)
    table = g.who_opposes(position)[["actor", "label", *STANCE_SHOWN]]
    emit(table, fmt, g, hide_in_table=("actor", "salience", "explicit", "source"))


@app.command()
@handle_errors
def stances(ctx: typer.Context, actor: ActorArg, fmt: FormatOpt = Format.table) -> None:
    """An actor's current stances on every position, with the evidence."""
    g = graph(ctx)
    table = g.stances(actor)[["position", "label", "issue", *STANCE_SHOWN]]
    emit(table, fmt, g, hide_in_table=("position", "issue", "salience", "explicit", "source"))


@app.command()
@handle_errors
def evidence(
    ctx: typer.Context, actor: ActorArg, position: PositionArg, fmt: FormatOpt = Format.table
) -> None:
    """The evidence (quotes, sources, dates) for an actor's stances on a position."""
    g = graph(ctx)
    table = g.evidence(actor, position)
    columns = ["quote", "source", "date", "polarity", "confidence", "explicit", "note"]
    emit(table[columns], fmt, g, hide_in_table=("explicit",))


@app.command()
@handle_errors
def query(
    ctx: typer.Context,
    sparql: Annotated[
        str, typer.Argument(help="A SPARQL query, @FILE to read one from a file, or - for stdin.")
    ],
    fmt: FormatOpt = Format.table,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            min=0,
            help="Rows shown as a table or Markdown (0: all); CSV and JSON get all.",
        ),
    ] = 1000,
) -> None:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE); SERVICE needs
    --allow-service, and the query stops after --timeout seconds."""
    if sparql == "-":
        text = sys.stdin.read()
    elif sparql.startswith("@"):
        text = read_text(sparql[1:], "query file")
    else:
        text = sparql
    g = graph(ctx)
    result = g.sparql(text, short=False)
    if isinstance(result, str):
        typer.echo(result, nl=False)
    elif isinstance(result, bool):
        emit({"result": result}, fmt, g)
    else:
        hidden = len(result) - limit if limit and fmt in (Format.table, Format.markdown) else 0
        emit(result.head(limit) if hidden > 0 else result, fmt, g)
        if hidden > 0:
            typer.echo(f"… {hidden} more row(s) not shown; -f csv or --limit 0 shows all", err=True)


#: Validation results shown as a table or Markdown (CSV and JSON carry all).
SHOWN_RESULTS = 50


@app.command()
@handle_errors
def validate(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="A file to validate; default: the loaded data.")
    ] = None,
    fmt: FormatOpt = Format.table,
    shacl: Annotated[
        bool,
        typer.Option(
            "--shacl",
            help="Run pySHACL (full SHACL semantics, much slower) instead of the shapes' SPARQL.",
        ),
    ] = False,
) -> None:
    """Check the data against the bundled SHACL shapes; exit 1 when it does not conform."""
    from dataclasses import asdict

    from ..validate import validate_file, validate_store

    g = graph(ctx)
    engine = "shacl" if shacl else "sparql"
    report = (
        validate_file(file, engine=engine)
        if file is not None
        else validate_store(g.store, engine=engine)
    )
    fields = ("severity", "focus", "path", "value", "message")
    rows = [{k: asdict(r)[k] for k in fields} for r in report.results]
    if fmt is Format.json:
        emit({"conforms": report.conforms, "results": rows}, fmt, g)
    else:
        if rows:
            # People read the first results and the counts; CSV keeps every row.
            shown = rows if fmt is Format.csv else rows[:SHOWN_RESULTS]
            emit(shown, fmt, g)
            if len(rows) > len(shown):
                typer.echo(f"… {len(rows) - len(shown)} more; -f csv lists every result")
        if fmt in (Format.table, Format.markdown):
            verdict = (
                "conforms"
                if report.conforms
                else f"does not conform: {len(report.violations)} violation(s)"
            )
            checked = (
                f"; {report.quotes_checked} quote(s) checked against their source text"
                if report.quotes_checked
                else ""
            )
            typer.echo(
                f"{report.description}: {verdict}, {len(report.warnings)} warning(s){checked}"
            )
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
@handle_errors
def summary(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """Counts of actors, issues, positions, stances, relationships, scenarios and sources."""
    g = graph(ctx)
    emit(g.summary(), fmt, g)
