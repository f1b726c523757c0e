"""The ``stancegraph`` command line: parse, call the library, render, map errors to exit codes.

Exit codes: 0 success; 1 the data does not conform (``validate``); 2 bad input, always with one
line on stderr.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

import stancegraph

from .api import StanceGraph, as_date, check_confidence
from .definitions import DEFAULT_THRESHOLD
from .errors import InputError, StanceGraphError
from .render import Data, Format, opposition_line, render, verdict_view

app = typer.Typer(
    name="stancegraph",
    help="Map a negotiation as a knowledge graph: who holds which stance on what, on what evidence, as of when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


def handle_errors(func: F) -> F:
    """Turn every StanceGraphError into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StanceGraphError as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper  # type: ignore[return-value]


def graph(ctx: typer.Context, veto: list[str] | None = None) -> StanceGraph:
    """The one graph of this run, opened on first use (a command that fails on its own
    arguments never pays for loading), with other veto players when asked."""
    opened: Callable[[], StanceGraph] = ctx.find_root().obj
    g = opened()
    return g.with_veto(veto) if veto else g


def emit(
    data: Data,
    fmt: Format,
    g: StanceGraph,
    hide_in_table: tuple[str, ...] = (),
) -> None:
    """Print ``data`` in ``fmt``: labels for people (table, Markdown), IRIs for machines."""
    labels = g.names.labels() if fmt in (Format.table, Format.markdown) else None
    typer.echo(render(data, fmt, g.store.prefixes, None, hide_in_table, labels), nl=False)


FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
]


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            "-d",
            help="RDF file or URL to load (repeatable). Default: the bundled data/actors.ttl.",
        ),
    ] = None,
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="Read from this SPARQL 1.1 endpoint instead.")
    ] = None,
    store_dir: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="On-disk store directory: loaded once from --data, then reopened instantly.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Use the stances in force on this date (YYYY-MM-DD). Default: today."
        ),
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-confidence",
            help="Leave out stances below this confidence (0-1) in every answer and analysis; "
            "0.8 keeps the explicit ones. A stance without sg:confidence counts as 1.",
        ),
    ] = None,
) -> None:
    """Global options."""
    try:
        day = as_date(as_of, "--as-of")
        confidence = check_confidence(min_confidence, "--min-confidence")
    except InputError as exc:
        raise fail(str(exc)) from None
    sources = list(data or [])
    ctx.obj = functools.cache(
        lambda: stancegraph.open(
            *sources, endpoint=endpoint, store=store_dir, as_of=day, min_confidence=confidence
        )
    )


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
) -> None:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)."""
    if sparql == "-":
        text = sys.stdin.read()
    elif sparql.startswith("@"):
        path = Path(sparql[1:])
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        text = path.read_text(encoding="utf-8")
    else:
        text = sparql
    g = graph(ctx)
    result = g.sparql(text, short=False)
    if isinstance(result, str):
        typer.echo(result, nl=False)
    else:
        emit({"result": result} if isinstance(result, bool) else result, fmt, g)


@app.command()
@handle_errors
def validate(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="A file to validate; default: the loaded data.")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Check the data against the bundled SHACL shapes; exit 1 when it does not conform."""
    from dataclasses import asdict

    from .validate import validate_file, validate_store

    g = graph(ctx)
    report = validate_file(file) if file is not None else validate_store(g.store)
    fields = ("severity", "focus", "path", "value", "message")
    rows = [{k: asdict(r)[k] for k in fields} for r in report.results]
    if fmt is Format.json:
        emit({"conforms": report.conforms, "results": rows}, fmt, g)
    else:
        if rows:
            emit(rows, fmt, g)
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


ThresholdOpt = Annotated[
    float, typer.Option("--threshold", help="Minimum |S-score| for an alignment edge.")
]
VetoOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--veto", help="A veto player (repeatable); default: the actors with role sg:Party."
    ),
]


@app.command()
@handle_errors
def compare(
    ctx: typer.Context,
    actor_a: Annotated[str, typer.Argument(help="First actor.")],
    actor_b: Annotated[str, typer.Argument(help="Second actor.")],
    weighted: Annotated[
        bool, typer.Option("--weighted", help="Weight positions by salience s_a·s_b.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Where two actors agree and disagree, and their S-score."""
    g = graph(ctx)
    emit(g.compare(actor_a, actor_b, weighted=weighted), fmt, g)


@app.command()
@handle_errors
def align(
    ctx: typer.Context,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            "-m",
            help="sscore, agreement, cosine, congruence, conflict, subtract or ignore.",
        ),
    ] = "sscore",
    normalize: Annotated[
        str, typer.Option("--normalize", help="For DNA methods: no, average, jaccard or cosine.")
    ] = "no",
    weighted: Annotated[
        bool, typer.Option("--weighted", help="S-score/agreement weighted by salience.")
    ] = False,
    min_overlap: Annotated[
        int, typer.Option("--min-overlap", help="Only pairs sharing at least this many positions.")
    ] = 0,
    fmt: FormatOpt = Format.table,
) -> None:
    """Alignment of every pair of actors (one row per unordered pair)."""
    g = graph(ctx)
    pairs = g.alignment_pairs(method, normalize, weighted=weighted)
    emit(pairs[pairs["overlap"] >= min_overlap], fmt, g, hide_in_table=("actor_a", "actor_b"))


@app.command()
@handle_errors
def coalitions(
    ctx: typer.Context,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    fmt: FormatOpt = Format.table,
) -> None:
    """Coalitions: the minimum-frustration partition of the signed actor graph."""
    g = graph(ctx)
    emit(g.coalitions(threshold).as_dict(), fmt, g)


@app.command()
@handle_errors
def polarization(
    ctx: typer.Context,
    k: Annotated[int, typer.Option("--k", help="Number of groups.")] = 2,
    fmt: FormatOpt = Format.table,
) -> None:
    """Polarization: DNA's score with the partition that maximises it (which need not be the
    camps), and the score of the coalitions' partition."""
    g = graph(ctx)
    emit(g.polarization(k).as_dict(), fmt, g)


@app.command()
@handle_errors
def blocking(
    ctx: typer.Context,
    veto: VetoOpt = None,
    with_evidence: Annotated[
        bool, typer.Option("--evidence", help="Add the quotes behind every opposing stance.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Issues with no zone of possible agreement among the veto players, most severe first."""
    g = graph(ctx, veto)
    table = g.blocking(evidence=with_evidence)
    columns = ["issue", "label", "blocking", "severity", "blockers", "blocking_positions"]
    table = table[[*columns, "confidence", "explicit", *(["evidence"] if with_evidence else [])]]
    if with_evidence and fmt is not Format.json:
        table["evidence"] = table["evidence"].map(
            lambda items: [opposition_line(e, g.label) for e in items]
        )
    emit(table, fmt, g, hide_in_table=("issue", "explicit"))


@app.command("common-ground")
@handle_errors
def common_ground(ctx: typer.Context, veto: VetoOpt = None, fmt: FormatOpt = Format.table) -> None:
    """Positions every veto player supports (consensus) or none opposes (agreeable)."""
    g = graph(ctx, veto)
    columns = ["position", "label", "issue", "tier", "supporters", "confidence", "explicit"]
    emit(g.common_ground()[columns], fmt, g, hide_in_table=("position", "issue", "explicit"))


@app.command()
@handle_errors
def brokers(
    ctx: typer.Context,
    veto: VetoOpt = None,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    fmt: FormatOpt = Format.table,
) -> None:
    """Actors every veto player can accept as mediators, best first."""
    g = graph(ctx, veto)
    table = g.brokers(threshold)[["actor", "label", "score", "betweenness"]]
    emit(table, fmt, g, hide_in_table=("actor",))


SCENARIO_COLUMNS = [
    "scenario",
    "label",
    "actor",
    "actor_label",
    "utility",
    "verdict",
    "dealbreakers",
    "red_lines",
    "covered",
    "included",
    "derived",
    "confidence",
    "explicit",
]


@app.command()
@handle_errors
def scenarios(
    ctx: typer.Context,
    veto: VetoOpt = None,
    summary_only: Annotated[
        bool, typer.Option("--summary", help="One row per scenario: blocked, by whom, on what.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Each actor's utility and verdict for every agreement package (scenario)."""
    g = graph(ctx, veto)
    if summary_only:
        emit(g.scenario_summary(), fmt, g, hide_in_table=("scenario",))
    elif fmt is Format.table:
        emit(verdict_view(g.scenarios()), fmt, g, hide_in_table=("explicit",))
    else:
        emit(g.scenarios()[SCENARIO_COLUMNS], fmt, g)


@app.command()
@handle_errors
def robustness(
    ctx: typer.Context,
    veto: VetoOpt = None,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    fmt: FormatOpt = Format.table,
) -> None:
    """Does each key finding hold on explicit evidence alone (confidence >= 0.8), or rest on
    inferred stances? Names the stances it rests on."""
    g = graph(ctx, veto)
    table = g.robustness(threshold)
    columns = ["finding", "kind", "subject", "context", "holds", "rests_on"]
    emit(table[columns], fmt, g, hide_in_table=("subject", "context"))


@app.command()
@handle_errors
def plot(
    ctx: typer.Context,
    kind: Annotated[
        str, typer.Argument(help="network, stances, alignment, blocking, scenarios or timeline.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .png, .svg or .pdf.")],
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
) -> None:
    """Draw a figure for a briefing (PNG, SVG or PDF by the suffix of --out)."""
    from .plot.figures import check_kind, check_suffix, save

    check_kind(kind)
    check_suffix(out)
    g = graph(ctx, veto)
    fig = g.figure(kind, actors=actors_, issues=issues_, title=title, width=width, height=height)
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
    from .export import check_format

    check_format(fmt)
    typer.echo(str(graph(ctx).export(fmt, out, two_mode=two_mode, threshold=threshold)))


@app.command("import")
@handle_errors
def import_(
    file: Annotated[Path, typer.Argument(help="A stance spreadsheet (CSV).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Turtle file to write.")],
    base: Annotated[
        str, typer.Option("--base", help="Namespace for the IRIs made from names.")
    ] = "https://w3id.org/stancegraph/id/",
) -> None:
    """Turn a stance spreadsheet into validated RDF; nothing is written when any row is bad."""
    from .spreadsheet import import_csv

    typer.echo(f"{out}: {import_csv(file, out, base=base)} triples")


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
    from .report import write_report

    index = write_report(graph(ctx, veto), out, quiet=quiet)
    typer.echo(f"Report written: {index.resolve()}  (and {(out / 'report.md').resolve()})")


def main() -> None:
    """Console-script entry point."""
    app()
