"""The ``stancegraph`` command line: parse, call the library, render, map errors to exit codes.

Exit codes: 0 success; 1 the data does not conform (``validate``); 2 bad input, always with one
line on stderr.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pandas as pd
import typer

from . import lookup
from .api import StanceGraph, check_confidence
from .definitions import DEFAULT_THRESHOLD
from .errors import InputError, StanceGraphError
from .names import NameIndex
from .render import INFERRED_NOTE, Data, Format, render, strength
from .store import Store, open_store

app = typer.Typer(
    name="stancegraph",
    help="Map a negotiation as a knowledge graph: who holds which stance on what, on what evidence, as of when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


def parse_date(text: str | None, option: str = "--as-of") -> dt.date | None:
    """Parse YYYY-MM-DD or raise an InputError naming the option.

    >>> parse_date("2024-02-29")
    datetime.date(2024, 2, 29)
    """
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"{option} {text!r} is not a date; use YYYY-MM-DD, e.g. 2025-03-01"
        ) from None


@dataclass
class Session:
    """Global options, and the store opened lazily from them (commands that fail on their
    arguments never pay for loading)."""

    data: list[str] = field(default_factory=list)
    endpoint: str | None = None
    store_dir: Path | None = None
    as_of: dt.date | None = None
    min_confidence: float | None = None
    _store: Store | None = None
    _names: NameIndex | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.data, endpoint=self.endpoint, store_dir=self.store_dir)
        return self._store

    @property
    def names(self) -> NameIndex:
        if self._names is None:
            self._names = NameIndex.from_store(self.store)
        return self._names

    def resolve(self, text: str, kind: str) -> str:
        return self.names.resolve(text, kind)


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


def session(ctx: typer.Context) -> Session:
    obj = ctx.find_root().obj
    assert isinstance(obj, Session)
    return obj


def emit(
    data: Data,
    fmt: Format,
    sess: Session,
    title: str | None = None,
    table_drop: tuple[str, ...] = (),
) -> None:
    prefixes = sess._store.prefixes if sess._store is not None else None
    marked = fmt is Format.table and isinstance(data, pd.DataFrame) and "explicit" in data
    if marked:
        assert isinstance(data, pd.DataFrame)
        # People read "0.60*" with a footnote; machines get both columns (CSV, JSON).
        data = data.assign(
            confidence=[
                strength(c, e) for c, e in zip(data["confidence"], data["explicit"], strict=True)
            ]
        )
    text = render(data, fmt, prefixes, title, table_drop)
    if marked and (~data["explicit"].fillna(True).astype(bool)).any():  # type: ignore[call-overload]
        text += INFERRED_NOTE + "\n"
    typer.echo(text, nl=False)


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
        day = parse_date(as_of)
        confidence = check_confidence(min_confidence, "--min-confidence")
    except InputError as exc:
        raise fail(str(exc)) from None
    ctx.obj = Session(list(data or []), endpoint, store_dir, day, confidence)


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
    sess = session(ctx)
    emit(lookup.actors(sess.store, sess.names, role), fmt, sess)


@app.command()
@handle_errors
def issues(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """List the issues (points of contention) and the positions on each."""
    sess = session(ctx)
    emit(lookup.issues(sess.store, sess.names), fmt, sess)


#: The stance columns every answer prints: strength, how sure, why, and on what evidence.
STANCE_SHOWN = ["polarity", "salience", "confidence", "explicit", "note", "quote", "source"]


def _position_command(which: Callable[..., Any]) -> Callable[..., None]:
    def command(
        ctx: typer.Context,
        position: Annotated[
            str, typer.Argument(help="A position: label, alias, IRI or prefixed name.")
        ],
        fmt: FormatOpt = Format.table,
    ) -> None:
        sess = session(ctx)
        iri = sess.resolve(position, "position")
        table = which(sess.store, sess.names, iri, sess.as_of, sess.min_confidence)
        emit(
            table[["actor", "label", *STANCE_SHOWN]],
            fmt,
            sess,
            table_drop=("actor", "salience", "explicit", "source"),
        )

    return command


who_supports = app.command(
    "who-supports", help="Who supports a position (current polarity > 0), with the evidence."
)(handle_errors(_position_command(lookup.who_supports)))
who_opposes = app.command(
    "who-opposes", help="Who opposes a position (current polarity < 0), with the evidence."
)(handle_errors(_position_command(lookup.who_opposes)))


@app.command()
@handle_errors
def stances(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(help="An actor: label, alias, IRI or prefixed name.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """An actor's current stances on every position, with the evidence."""
    sess = session(ctx)
    iri = sess.resolve(actor, "actor")
    table = lookup.stances_of(sess.store, sess.names, iri, sess.as_of, sess.min_confidence)
    emit(
        table[["position", "label", "issue", *STANCE_SHOWN]],
        fmt,
        sess,
        table_drop=("position", "issue", "salience", "explicit", "source"),
    )


@app.command()
@handle_errors
def evidence(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(help="An actor.")],
    position: Annotated[str, typer.Argument(help="A position.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """The evidence (quotes, sources, dates) for an actor's stances on a position."""
    sess = session(ctx)
    a = sess.resolve(actor, "actor")
    p = sess.resolve(position, "position")
    table = lookup.evidence(sess.store, a, p, sess.min_confidence)
    emit(
        table[["quote", "source", "date", "polarity", "confidence", "explicit", "note"]],
        fmt,
        sess,
        table_drop=("explicit",),
    )


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
    from .queries import rows_frame
    from .store import Rows

    sess = session(ctx)
    if sparql == "-":
        text = sys.stdin.read()
    elif sparql.startswith("@"):
        path = Path(sparql[1:])
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        text = path.read_text(encoding="utf-8")
    else:
        text = sparql
    result = sess.store.query(text)
    if isinstance(result, bool):
        emit({"result": result}, fmt, sess)
    elif isinstance(result, Rows):
        emit(rows_frame(result), fmt, sess)
    else:
        typer.echo(result.to_turtle(sess.store.prefixes), nl=False)


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
    from .store import LocalStore
    from .validate import validate_store

    sess = session(ctx)
    if file is not None:
        store = LocalStore()
        store.load([str(file)])
        store.load_vocabulary()
    else:
        store = sess.store  # type: ignore[assignment]
    report = validate_store(store)
    rows = [
        {
            "severity": r.severity,
            "focus": r.focus,
            "path": r.path,
            "value": r.value,
            "message": r.message,
        }
        for r in report.results
    ]
    if fmt is Format.json:
        emit({"conforms": report.conforms, "results": rows}, fmt, sess)
    else:
        if rows:
            emit(rows, fmt, sess)
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
                f"{store.description}: {verdict}, {len(report.warnings)} warning(s){checked}"
            )
    if not report.conforms:
        raise typer.Exit(1)


@app.command()
@handle_errors
def summary(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """Counts of actors, issues, positions, stances, relationships, scenarios and sources."""
    sess = session(ctx)
    emit(lookup.summary(sess.store), fmt, sess)


ThresholdOpt = Annotated[
    float, typer.Option("--threshold", help="Minimum |S-score| for an alignment edge.")
]
VetoOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--veto", help="A veto player (repeatable); default: the actors with role sg:Party."
    ),
]


def graph(ctx: typer.Context, veto: list[str] | None = None) -> StanceGraph:
    sess = session(ctx)
    g = StanceGraph(sess.store, sess.as_of, veto, sess.min_confidence)
    g._names = sess.names
    return g


def labels_for_lists(frame: Any, g: StanceGraph, columns: tuple[str, ...], fmt: Format) -> Any:
    """In tables and Markdown, show lists of IRIs as labels; CSV and JSON keep IRIs."""
    if fmt in (Format.json, Format.csv):
        return frame
    frame = frame.copy()
    for column in columns:
        if column in frame:
            frame[column] = frame[column].map(
                lambda items: [g.label(i) for i in items] if isinstance(items, list) else items
            )
    return frame


def label_groups(groups: list[list[str]], g: StanceGraph, fmt: Format) -> list[list[str]]:
    """Groups of actors as labels for people (table, Markdown), as IRIs for machines."""
    if fmt in (Format.json, Format.csv):
        return groups
    return [[g.label(a) for a in group] for group in groups]


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
    sess = session(ctx)
    g = graph(ctx)
    result = g.compare(actor_a, actor_b, weighted=weighted)
    if fmt not in (Format.json, Format.csv):
        for key in ("agree", "disagree", "only_a", "only_b", "inferred"):
            result[key] = [g.label(p) for p in result[key]]  # type: ignore[attr-defined]
    emit(result, fmt, sess)


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
    sess = session(ctx)
    pairs = graph(ctx).align(method, normalize, weighted=weighted)
    pairs = pairs[pairs["overlap"] >= min_overlap]
    emit(pairs, fmt, sess, table_drop=("actor_a", "actor_b"))


@app.command()
@handle_errors
def coalitions(
    ctx: typer.Context,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    fmt: FormatOpt = Format.table,
) -> None:
    """Coalitions: the minimum-frustration partition of the signed actor graph."""
    sess = session(ctx)
    g = graph(ctx)
    c = g.coalitions(threshold)
    emit(
        {
            "coalitions": label_groups(c.coalitions, g, fmt),
            "in_no_coalition": label_groups([c.unaligned()], g, fmt)[0],
            "frustration": c.frustration,
            "method": c.method,
        },
        fmt,
        sess,
    )


@app.command()
@handle_errors
def polarization(
    ctx: typer.Context,
    k: Annotated[int, typer.Option("--k", help="Number of groups.")] = 2,
    fmt: FormatOpt = Format.table,
) -> None:
    """Polarization: DNA's score with the partition that maximises it (which need not be the
    camps), and the score of the coalitions' partition."""
    sess = session(ctx)
    g = graph(ctx)
    p = g.polarization(k)
    emit(
        {
            "score": p.score,
            "groups": label_groups(p.groups, g, fmt),
            "groups_are": "DNA's maximising partition (not the camps; see camps)",
            "camp_score": p.camp_score,
            "camps": label_groups(p.camps, g, fmt),
            "method": p.method,
        },
        fmt,
        sess,
    )


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
    sess = session(ctx)
    g = graph(ctx, veto)
    table = g.blocking(evidence=with_evidence)
    columns = [
        "issue",
        "label",
        "blocking",
        "severity",
        "blockers",
        "blocking_positions",
        "confidence",
        "explicit",
    ]
    if with_evidence:
        columns.append("evidence")
        if fmt not in (Format.json,):
            table["evidence"] = table["evidence"].map(
                lambda items: [evidence_line(e, g) for e in items]
            )
    table = labels_for_lists(table[columns], g, ("blockers", "blocking_positions"), fmt)
    emit(table, fmt, sess, table_drop=("issue", "explicit"))


def evidence_line(stance: dict[str, Any], g: StanceGraph) -> str:
    """One opposing stance in words: who, how strongly, how sure, and the quote (a derived stance
    names the position it derives from)."""
    who = f"{g.label(stance['actor'])} {stance['polarity']:+.1f} on {g.label(stance['position'])}"
    kind = "explicit" if stance["explicit"] else "inferred"
    if stance.get("derived"):
        who += f" (derived from its support for {g.label(stance['derived_from_position'])})"
    quote = f" \u201c{stance['quote']}\u201d" if stance.get("quote") else ""
    return f"{who}, {kind} {stance['confidence']:.1f}:{quote}"


@app.command("common-ground")
@handle_errors
def common_ground(ctx: typer.Context, veto: VetoOpt = None, fmt: FormatOpt = Format.table) -> None:
    """Positions every veto player supports (consensus) or none opposes (agreeable)."""
    sess = session(ctx)
    g = graph(ctx, veto)
    table = g.common_ground()
    table = labels_for_lists(
        table[["position", "label", "issue", "tier", "supporters", "confidence", "explicit"]],
        g,
        ("supporters",),
        fmt,
    )
    emit(table, fmt, sess, table_drop=("position", "issue", "explicit"))


@app.command()
@handle_errors
def brokers(
    ctx: typer.Context,
    veto: VetoOpt = None,
    threshold: ThresholdOpt = DEFAULT_THRESHOLD,
    fmt: FormatOpt = Format.table,
) -> None:
    """Actors every veto player can accept as mediators, best first."""
    sess = session(ctx)
    table = graph(ctx, veto).brokers(threshold)
    emit(table[["actor", "label", "score", "betweenness"]], fmt, sess, table_drop=("actor",))


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
    sess = session(ctx)
    g = graph(ctx, veto)
    if summary_only:
        table = g.scenario_summary()
        table = labels_for_lists(
            table, g, ("rejected_by", "accepted_by", "rejecting", "dealbreakers"), fmt
        )
        emit(table, fmt, sess, table_drop=("scenario",))
        return
    table = g.scenarios()
    table = labels_for_lists(table, g, ("dealbreakers", "red_lines", "derived"), fmt)
    columns = [
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
    if fmt is Format.table:
        # For people: who, verdict, on how many of the package's positions, and how sure.
        view = pd.DataFrame(
            {
                "scenario": table["label"],
                "actor": table["actor_label"],
                "U": table["utility"],
                "verdict": table["verdict"],
                "on": [
                    f"{c}/{n}" for c, n in zip(table["covered"], table["included"], strict=True)
                ],
                "dealbreakers": table["dealbreakers"],
                "confidence": table["confidence"],
            }
        )
        view["explicit"] = table["explicit"].to_numpy()
        emit(view, fmt, sess, table_drop=("explicit",))
        return
    emit(table[columns], fmt, sess)


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
    sess = session(ctx)
    table = graph(ctx, veto).robustness(threshold)
    emit(
        table[["finding", "kind", "subject", "context", "holds", "rests_on"]],
        fmt,
        sess,
        table_drop=("subject", "context"),
    )


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
    import matplotlib

    matplotlib.use("Agg")
    from .figures import KINDS, figure, save

    if kind not in KINDS:
        raise InputError(f"unknown figure {kind!r}; use one of {', '.join(KINDS)}")
    if out.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InputError(
            f"{out}: unknown figure type {out.suffix or '(none)'!r}; use .png, .svg or .pdf"
        )
    fig = figure(
        graph(ctx, veto),
        kind,
        actors=actors_,
        issues=issues_,
        title=title,
        width=width,
        height=height,
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
    from .export import export

    typer.echo(str(export(graph(ctx), fmt, out, two_mode=two_mode, threshold=threshold)))


@app.command("import")
@handle_errors
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A stance spreadsheet (CSV).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Turtle file to write.")],
    base: Annotated[
        str, typer.Option("--base", help="Namespace for the IRIs made from names.")
    ] = "https://w3id.org/stancegraph/id/",
) -> None:
    """Turn a stance spreadsheet into validated RDF; nothing is written when any row is bad."""
    from .io import write_atomic
    from .tabular import csv_to_graph

    if not file.is_file():
        raise InputError(f"{file}: no such file")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    rdf = csv_to_graph(text, base=base, name=str(file))
    write_atomic(out, rdf.serialize(format="turtle"))
    typer.echo(f"{out}: {len(rdf)} triples")


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
