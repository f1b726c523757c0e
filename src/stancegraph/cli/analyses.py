"""Commands that run an analysis: alignment, coalitions, polarization, the deal (blocking issues,
common ground, brokers, scenarios) and robustness."""

from __future__ import annotations

from typing import Annotated

import typer

from ..checks import as_date
from ..definitions import DEFAULT_THRESHOLD
from ..render import Format, opposition_line, verdict_view
from .common import FormatOpt, ThresholdOpt, VetoOpt, app, emit, graph, handle_errors


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
        int,
        typer.Option(
            "--min-overlap", min=0, help="Only pairs sharing at least this many positions."
        ),
    ] = 0,
    top: Annotated[
        int,
        typer.Option(
            "--top",
            min=0,
            help="Only the N strongest pairs (|value|, then shared positions); 0 lists every "
            "pair (streamed with -f csv).",
        ),
    ] = 1000,
    fmt: FormatOpt = Format.table,
) -> None:
    """Alignment of pairs of actors (one row per unordered pair; the 1,000 strongest unless
    --top says otherwise)."""
    g = graph(ctx)
    if top == 0 and fmt is Format.csv:
        for k, chunk in enumerate(
            g.iter_alignment_pairs(method, normalize, weighted=weighted, min_overlap=min_overlap)
        ):
            # pandas' own CSV writer: the full list of a large graph is tens of millions of rows.
            typer.echo(chunk.to_csv(index=False, header=k == 0, lineterminator="\n"), nl=False)
        return
    pairs = g.alignment_pairs(
        method, normalize, weighted=weighted, top=top or None, min_overlap=min_overlap
    )
    total = g.pair_count()
    if top and len(pairs) == top and total > top:
        typer.echo(
            f"the {top} strongest of {total} pairs (|value|, then shared positions); "
            "--top 0 lists them all",
            err=True,
        )
    emit(pairs, fmt, g, hide_in_table=("actor_a", "actor_b"))


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
def changes(
    ctx: typer.Context,
    from_: Annotated[str, typer.Option("--from", help="The earlier date (YYYY-MM-DD).")],
    to: Annotated[str, typer.Option("--to", help="The later date (YYYY-MM-DD).")],
    threshold: Annotated[
        float, typer.Option("--threshold", help="Smallest polarity move reported as 'moved'.")
    ] = 0.5,
    top: Annotated[
        int, typer.Option("--top", min=0, help="Alignment pairs that moved most, at most.")
    ] = 10,
    window: Annotated[
        str | None,
        typer.Option(
            "--window",
            help="Compare what was said in the window ending on each date (7d, 2w, 3m, 1y) "
            "instead of everything in force.",
        ),
    ] = None,
    veto: VetoOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """What changed between two dates: stances, alignment, blocking issues, common ground,
    scenario verdicts and coalitions, each with the stance records (and quotes) behind it."""
    g = graph(ctx, veto)
    start, end = as_date(from_, "--from"), as_date(to, "--to")
    table = g.changes(start or from_, end or to, threshold=threshold, top=top, window=window)
    columns = ["kind", "subject", "context", "before", "after", "evidence", "label", "quotes",
               "confidence", "explicit"]  # fmt: skip
    emit(
        table[columns], fmt, g, hide_in_table=("subject", "context", "before", "after", "evidence")
    )


@app.command()
@handle_errors
def trend(
    ctx: typer.Context,
    actors: Annotated[list[str], typer.Argument(help="Two or more actors.")],
    every: Annotated[
        str, typer.Option("--every", help="The period: year, quarter, month or week.")
    ] = "year",
    fmt: FormatOpt = Format.table,
) -> None:
    """How the alignment of chosen actors moved, period by period: the S-score of each pair
    over the stances dated in each period, with the positions they share (from --since, else
    the first dated stance, to --as-of, else the last)."""
    g = graph(ctx)
    table = g.trend(actors, every=every)
    emit(table, fmt, g, hide_in_table=("start", "end", "actor_a", "actor_b"))


@app.command()
@handle_errors
def forecast(
    ctx: typer.Context,
    issue: Annotated[
        str | None, typer.Argument(help="An issue with a numeric scale; default: every one.")
    ] = None,
    rounds: Annotated[
        int, typer.Option("--rounds", help="The most rounds of the exchange model.")
    ] = 10,
    exchanges: Annotated[
        bool,
        typer.Option("--exchanges", help="List the exchange model's exchanges, round by round."),
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Where an issue will land: the weighted mean (compromise), the weighted median (median
    voter) and Stokman's exchange model, the nearest position, and the likely spoilers."""
    g = graph(ctx)
    if exchanges:
        done = g.exchange_model(rounds=rounds).exchanges
        if fmt == Format.table:  # one readable column per side instead of eight numbers
            done = done.assign(**{
                f"{who} gives": [f"{a} on {i}: {s:.4g} → {e:.4g}" for a, i, s, e in
                                 done[[f"label_{x}", f"issue_label_{x}", f"start_{x}",
                                       f"end_{x}"]].itertuples(index=False)]
                for who, x in (("one", "a"), ("the other", "b"))
            })[["round", "step", "gain", "one gives", "the other gives", "confidence",
                "explicit"]]  # fmt: skip
        emit(done, fmt, g, hide_in_table=("explicit",))  # marked 0.60* instead
        return
    table = g.forecast(issue, rounds=rounds)
    columns = ["issue", "label", "model", "value", "position", "position_label", "spoilers",
               "actors", "missing", "confidence", "inferred"]  # fmt: skip
    hidden = ["issue", "position", "actors"]
    if not any(len(m) for m in table["missing"]):
        hidden.append("missing")  # in a table only; CSV and JSON keep the (empty) lists
    if not table["inferred"].fillna(0).any():
        hidden.append("inferred")  # likewise: the table names inferred ideal points only
    emit(table[columns], fmt, g, hide_in_table=tuple(hidden))
