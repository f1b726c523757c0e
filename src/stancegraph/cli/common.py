"""The parts every command shares: the app and its global options, the one graph of a run, the
error mapping (one line on stderr, exit code 2) and printing through :mod:`stancegraph.render`."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pandas as pd
import typer
from typer.core import TyperGroup

import stancegraph

from ..api import DEFAULT_TIMEOUT, StanceGraph
from ..checks import as_date, check_confidence, check_timeout, check_window
from ..errors import InputError, StanceGraphError
from ..render import Data, Format, render


class OneLineErrors(TyperGroup):
    """The command group with click's usage errors (unknown command or option, missing or bad
    value) as one line on stderr and exit code 2, like every other error."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        from typer._click.exceptions import ClickException
        from typer.exceptions import Abort

        try:
            code = super().main(*args, **(kwargs | {"standalone_mode": False}))
        except ClickException as exc:
            message = exc.format_message()
            if message.lstrip().startswith("Usage:"):  # no arguments: the help is the answer
                typer.echo(message, err=True)
            else:
                typer.echo(f"Error: {message}", err=True)
            sys.exit(exc.exit_code)
        except Abort:
            typer.echo("Error: interrupted", err=True)
            sys.exit(130)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
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


#: The most rows a table prints (the other formats print everything).
MAX_TABLE_ROWS = 1_000


def emit(
    data: Data,
    fmt: Format,
    g: StanceGraph,
    hide_in_table: tuple[str, ...] = (),
) -> None:
    """Print ``data`` in ``fmt``: labels for people (table, Markdown), IRIs for machines. A
    table shows its first ``MAX_TABLE_ROWS`` rows and says so on stderr: laying out the 103,699
    changes of the UN record took 100 s, and no one reads them in a terminal."""
    labels = g.names.labels() if fmt in (Format.table, Format.markdown) else None
    rows = len(data) if isinstance(data, pd.DataFrame | list) else 0
    if fmt == Format.table and rows > MAX_TABLE_ROWS:
        if isinstance(data, pd.DataFrame):
            data = data.head(MAX_TABLE_ROWS)
        elif isinstance(data, list):
            data = data[:MAX_TABLE_ROWS]
        typer.echo(
            f"the first {MAX_TABLE_ROWS:,} of {rows:,} rows; -f csv, json or markdown prints "
            "them all",
            err=True,
        )
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
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Count only the stance records dated from this day (YYYY-MM-DD) to --as-of: "
            "what was said in that window.",
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
    timeout: Annotated[
        float,
        typer.Option("--timeout", help="Seconds a SPARQL query (stancegraph query) may run."),
    ] = DEFAULT_TIMEOUT,
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let queries use SERVICE to ask other endpoints (refused by default).",
        ),
    ] = False,
) -> None:
    """Global options."""
    try:
        day = as_date(as_of, "--as-of")
        start = as_date(since, "--since")
        check_window(start, day, ("--since", "--as-of"))
        confidence = check_confidence(min_confidence, "--min-confidence")
        check_timeout(timeout, "--timeout")
    except InputError as exc:
        raise fail(str(exc)) from None
    sources = list(data or [])
    ctx.obj = functools.cache(
        lambda: stancegraph.open(
            *sources,
            endpoint=endpoint,
            store=store_dir,
            as_of=day,
            min_confidence=confidence,
            timeout=timeout,
            allow_service=allow_service,
            since=start,
        )
    )


ThresholdOpt = Annotated[
    float, typer.Option("--threshold", help="Minimum |S-score| for an alignment edge.")
]
VetoOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--veto", help="A veto player (repeatable); default: the actors with role sg:Party."
    ),
]
