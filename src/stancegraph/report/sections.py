"""The report's sections, one small function each: the graph's analyses in, a
:class:`~.document.Section` out. Words only; numbers come from the façade's analyses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..analysis.exchange import ExchangeRun
from ..api import StanceGraph
from ..definitions import EXPLICIT_CONFIDENCE
from ..errors import InputError
from ..queries import run
from ..render import strength
from ..validate import validate_store
from ..vocab import local_name, shorten
from .context import DIAGRAM, MAX_ROWS, YES_NO, Context, capped, figure, marked
from .document import Bullets, Document, Embed, Heading, Paragraph, Quotes, Section, Table
from .findings import key_findings


def actors(c: Context) -> Section:
    table = c.g.actors()
    view = pd.DataFrame(
        {
            "actor": table["label"],
            "type": table["type"].map(lambda t: local_name(t) if isinstance(t, str) else ""),
            "roles": table["roles"].map(lambda rs: ", ".join(local_name(r) for r in rs)),
            "veto": table["actor"].isin(c.g.snapshot().veto).map({True: "yes", False: ""}),
        }
    )
    if len(view) > MAX_ROWS:  # of a long list, the veto players come first
        view = view.sort_values("veto", ascending=False, kind="stable")
    return Section("Actors and their roles").add(
        *capped(view, "actors", "stancegraph actors"),
        figure("network"),
        Embed(
            DIAGRAM,
            "The same diagram, interactive: hover an actor or a tie for the evidence, click a "
            "position, filter by issue, tie kind and confidence, search names",
        ),
    )


def who_supports_what(c: Context) -> Section:
    g, snap = c.g, c.g.snapshot()
    section = Section("Who supports what").add(
        Paragraph(
            "Current stances by issue and position: polarity (+1 supports, −1 opposes), "
            "salience, the analyst's confidence, and the quote behind each."
        ),
        figure("stances"),
    )
    evidence = snap.evidence.drop_duplicates("stance")[["stance", "quote", "source"]]
    table = g.stance_table().merge(evidence, on="stance", how="left")
    table["issue_label"] = table["issue"].map(
        lambda i: g.label(i) if isinstance(i, str) else "(no issue)"
    )
    if len(table) > 10 * MAX_ROWS:
        # The positions most actors took a stance on, a table of at most MAX_ROWS each.
        counts = table["position"].value_counts()
        top = counts.sort_values(ascending=False, kind="stable").index[: MAX_ROWS // 5]
        section.add(
            Paragraph(
                f"The {len(top)} positions most actors took a stance on, of "
                f"{table['position'].nunique():,}; every stance: `stancegraph export csv -o "
                "stances.csv`, or `stancegraph who-supports POSITION`."
            )
        )
        table = table[table["position"].isin(set(top))]
    ordered = table.sort_values(
        ["issue_label", "position_label", "polarity"], ascending=[True, True, False]
    )
    for issue_label, rows in ordered.groupby("issue_label", sort=False):
        view = pd.DataFrame(
            {
                "position": rows["position_label"],
                "actor": rows["actor_label"],
                "polarity": rows["polarity"],
                "salience": rows["salience"],
                "confidence": marked(rows["confidence"], rows["explicit"]),
                "quote": rows["quote"],
                "note": rows["note"].fillna(""),
            }
        )
        section.add(Heading(str(issue_label)), *capped(view, "stances", "stancegraph export csv"))
    return section


def alignment(c: Context) -> Section:
    def extreme(order: str, descending: bool) -> pd.DataFrame:
        # The 8 pairs at each end, chosen on the matrix: never the list of all pairs.
        pairs = c.g.alignment_pairs(top=8, order=order).dropna(subset=["value"])
        ranked = pairs.sort_values(["value", "overlap"], ascending=[not descending, False])
        return ranked.head(8)[columns].rename(columns=renamed)

    columns = ["label_a", "label_b", "value", "overlap"]
    renamed = {"value": "S-score"}
    return Section("Alignment").add(
        Paragraph(
            "S-score over the positions both actors take a stance on (−1 opposite, +1 "
            "identical); undefined without a shared position."
        ),
        figure("alignment"),
        Heading("Most aligned pairs"),
        Table(extreme("highest", descending=True)),
        Heading("Most opposed pairs"),
        Table(extreme("lowest", descending=False)),
    )


def coalitions(c: Context) -> Section:
    found, polar = c.g.coalitions(), c.g.polarization()
    groups = [grp for grp in found.coalitions if len(grp) > 1]
    lines = [f"Coalition {k}: {c.names(grp)}" for k, grp in enumerate(groups, start=1)]
    if found.unaligned():
        lines.append(f"In no coalition (a group of its own): {c.names(found.unaligned())}")
    section = Section("Coalitions and polarization").add(
        Bullets(lines),
        Paragraph(
            f"Frustration {found.frustration:.2f} ({found.method}): the weight of hostile ties "
            "inside coalitions plus friendly ties between them."
        ),
    )
    if polar.score is not None:
        along = (
            f" Along the coalitions above the same measure is {polar.camp_score:.4f}."
            if polar.camp_score is not None
            else ""
        )
        section.add(
            Paragraph(
                f"Polarization score {polar.score:.4f} ({polar.method}; DNA's measure, maximised "
                f"over balanced two-group partitions: its best partition, "
                f"{c.names(polar.groups[0])} against the rest, is not the camps).{along}"
            )
        )
    return section


def _opposition(c: Context, e: dict[str, Any]) -> tuple[str, str]:
    """Who opposes what, how strongly and how surely; and the quote it rests on."""
    g = c.g
    derived = (
        f"; derived from its support for “{g.label(e['derived_from_position'])}”"
        if e["derived"]
        else ""
    )
    who = (
        f"{g.label(e['actor'])} on “{g.label(e['position'])}” ({e['polarity']:+.1f}; "
        + ("explicit" if e["explicit"] else "inferred")
        + f", confidence {e['confidence']:.2f}{derived}"
        + (f"; {e['note']}" if e["note"] else "")
        + ")"
    )
    return who, e["quote"] or "(no quote)"


def blocking(c: Context) -> Section:
    table = c.g.blocking(evidence=True)
    view = pd.DataFrame(
        {
            "issue": table["label"],
            "blocking": table["blocking"].map(YES_NO),
            "severity": table["severity"],
            "blockers": table["blockers"].map(c.names),
            "blocking positions": table["blocking_positions"].map(c.names),
        }
    )
    section = Section("Blocking issues").add(figure("blocking"), Table(view))
    for row in table[table["blocking"]].itertuples():
        quotes = [_opposition(c, e) for e in row.evidence]
        section.add(Heading(f"Why {row.label} blocks"), Quotes(quotes))
    return section


def common_ground(c: Context) -> Section:
    ground = c.g.common_ground()
    view = pd.DataFrame(
        {
            "position": ground["label"],
            "tier": ground["tier"],
            "issue": ground["issue"].map(lambda i: c.g.label(i) if isinstance(i, str) else ""),
            "supporters": ground["supporters"].map(c.names),
            "lowest confidence": marked(ground["confidence"], ground["explicit"]),
        }
    )
    return Section("Common ground").add(
        Paragraph(
            "Consensus: every veto player supports the position. Agreeable: none opposes it and "
            "at least one supports it."
        ),
        Table(view),
    )


def brokers(c: Context) -> Section:
    table = c.g.brokers()
    view = pd.DataFrame(
        {
            "actor": table["label"],
            "score": table["score"],
            "betweenness": table["betweenness"],
            "acceptability": table["acceptability"].map(
                lambda d: ", ".join(f"{c.g.label(k)} {v:+.2f}" for k, v in d.items())
            ),
        }
    )
    return Section("Brokers").add(
        Paragraph(
            "Score: the lowest acceptability to any veto player (mean of S-score and explicit "
            "ties); betweenness: share of positive paths between the veto players."
        ),
        *capped(view, "ranked actors", "stancegraph brokers"),
    )


def scenarios(c: Context) -> Section:
    summary = c.g.scenario_summary()
    overview = pd.DataFrame(
        {
            "scenario": summary["label"],
            "blocked": summary["blocked"].map(YES_NO),
            "rejected by": summary["rejected_by"].map(c.names),
            "deal-breakers": summary["dealbreakers"].map(c.names),
            "accepted by": summary["accepted_by"].map(c.names),
        }
    )
    verdicts = c.g.scenarios()
    verdicts = verdicts[verdicts["veto"].astype(bool)]
    detail = pd.DataFrame(
        {
            "scenario": verdicts["label"],
            "actor": verdicts["actor_label"],
            "utility": verdicts["utility"],
            "verdict": verdicts["verdict"],
            "red lines": verdicts["red_lines"].map(c.names),
            "positions with a stance": [
                f"{n} of {m}"
                for n, m in zip(verdicts["covered"], verdicts["included"], strict=True)
            ],
            "derived": verdicts["derived"].map(c.names),
            "lowest confidence": verdicts["confidence"],
        }
    )
    return Section("Agreement packages (scenarios)").add(
        figure("scenarios"),
        Table(overview),
        Heading("The veto players' verdicts"),
        Paragraph(
            "A red line (a position opposed at −0.75 or below with salience 0.9 or more, or "
            "marked sg:redLine) rejects a package whatever its utility. Derived stances: "
            "opposition to a position incompatible with one the actor supports "
            "(docs/analysis.md)."
        ),
        Table(detail),
    )


def robustness(c: Context) -> Section:
    robust = c.robust
    view = pd.DataFrame(
        {
            "finding": robust["finding"],
            "holds on explicit evidence": robust["holds"].map(YES_NO),
            "rests on": robust["rests_on"].map(lambda s: ", ".join(map(shorten, s)) or "—"),
        }
    )
    return Section("Robustness: what holds on explicit evidence").add(
        Paragraph(
            f"Each key finding recomputed on explicit stances only (confidence ≥ "
            f"{EXPLICIT_CONFIDENCE}: the quote names the actor and states the stance). A finding "
            "that changes rests on the inferred stances named beside it; `stancegraph "
            f"--min-confidence {EXPLICIT_CONFIDENCE} …` shows every analysis that way."
        ),
        *capped(view, "findings", "stancegraph robustness"),
    )


def timeline(c: Context) -> Section:
    """The timeline, and when stances carry dates, what changed with the latest of them."""
    section = Section("Stances over time").add(figure("timeline"))
    day = c.g.snapshot().as_of
    starts = c.g.stance_records()["valid_from"].dropna()
    starts = starts[starts <= pd.Timestamp(day)]
    if starts.empty:
        return section
    since = starts.max().date() - dt.timedelta(days=1)
    if since >= day:
        return section
    changes = c.g.changes(since, day)
    if changes.empty:
        return section
    view = pd.DataFrame(
        {
            "what changed": changes["label"],
            "evidence": changes["quotes"].map(lambda q: " / ".join(f"“{x}”" for x in q) or "—"),
            "lowest confidence": marked(changes["confidence"], changes["explicit"]),
        }
    )
    return section.add(
        Heading(f"What changed between {since} and {day}"),
        Paragraph(
            "Since the day before the latest dated stance record: stances, alignment, blocking "
            "issues, common ground, the veto players' verdicts and coalitions "
            "(`stancegraph changes --from DATE --to DATE` for any two dates)."
        ),
        Table(view),
    )


def forecast(c: Context) -> Section | None:
    """Where the issues with a numeric scale may land; no section without scale values."""
    try:
        table = c.g.forecast()
    except InputError:
        return None
    exchange = c.g.exchange_model()
    view = pd.DataFrame(
        {
            "issue": table["label"],
            "model": table["model"],
            "predicted": table["value"],
            "nearest position": table["position_label"],
            "furthest (likely spoilers)": table["spoilers"].map(c.names),
            "capability missing for": table["missing"].map(lambda m: c.names(m) if m else ""),
            "lowest confidence": [
                strength(conf, not inferred, f" ({inferred} inferred)")
                for conf, inferred in table[["confidence", "inferred"]].itertuples(index=False)
            ],
        }
    )
    return Section("Where the issues may land").add(
        Paragraph(
            "The weighted mean (compromise model) and weighted median (median voter) of the "
            "actors' ideal points, weighted by capability × salience, and Stokman's exchange "
            f"model ({_rounds(exchange)}), in which actors give way on the issues they care less "
            'about for moves on those they care more about (docs/analysis.md, "Forecasts").'
        ),
        Table(view),
        figure("forecast"),
    )


def _rounds(run: ExchangeRun) -> str:
    """How the exchange model ran, in words."""
    done = len(run.exchanges)
    if run.rounds == 0:
        return "no exchange was possible, so it stays at the weighted mean"
    end = "at the round limit" if run.stopped == "the round limit" else "when none was left"
    return (f"{done} exchange{'s' if done != 1 else ''} in {run.rounds} "
            f"round{'s' if run.rounds != 1 else ''}, stopped {end}")  # fmt: skip


def data_quality(c: Context) -> Section:
    report = c.validation()
    stances = c.g.snapshot().stances
    low = stances[~stances["explicit"].astype(bool)]
    verdict = (
        "The data conforms to the stancegraph SHACL shapes."
        if report.conforms
        else f"The data does **not** conform: {len(report.violations)} violation(s); run "
        "`stancegraph validate`."
    )
    return Section("Data quality").add(
        Bullets(
            [
                verdict,
                f"{len(report.warnings)} warning(s) (for example stances without evidence).",
                f"{len(low)} of {len(stances)} current stances are inferred (confidence below "
                f"{EXPLICIT_CONFIDENCE}: implied by the source, not stated); each says why in "
                "its note.",
            ]
        )
    )


#: The sections in reading order, each with the label its progress step shows.
SECTIONS: list[tuple[str, Callable[[Context], Section | None]]] = [
    ("summary", key_findings),
    ("actors", actors),
    ("who supports what", who_supports_what),
    ("alignment", alignment),
    ("coalitions", coalitions),
    ("blocking issues", blocking),
    ("common ground", common_ground),
    ("brokers", brokers),
    ("scenarios", scenarios),
    ("robustness", robustness),
    ("timeline", timeline),
    ("forecast", forecast),
    ("data quality", data_quality),
]


def title_of(g: StanceGraph) -> str:
    """The report's title: the first negotiation's label."""
    negotiations = run(g.store, "negotiations")
    labels = negotiations["label"].dropna() if "label" in negotiations else pd.Series()
    return f"{labels.iloc[0] if len(labels) else 'Negotiation'} — stancegraph report"


def build(g: StanceGraph, meta: str, *, step: Callable[[str], None] = lambda _s: None) -> Document:
    """Compute every section of the report of ``g`` (``step`` is told as each one starts)."""
    from concurrent.futures import ThreadPoolExecutor

    snap = g.snapshot()
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        # The store's own work (Oxigraph runs without the GIL) overlaps the analyses in Python:
        # the quotes, then the shape checks, on the one core the analyses leave free.
        pool.submit(lambda: snap.evidence)
        context = Context(g, checked=pool.submit(validate_store, g.store, workers=1))
        sections = []
        for label, make in SECTIONS:
            step(label)
            section = make(context)
            if section is not None:  # a section the data does not allow is left out
                sections.append(section)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return Document(title_of(g), meta, sections)
