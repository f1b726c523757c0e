"""The report's sections, one small function each: the graph's analyses in, a
:class:`~.document.Section` out. Words only; numbers come from the façade's analyses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from ..api import StanceGraph
from ..definitions import EXPLICIT_CONFIDENCE
from ..plot.figures import KINDS
from ..queries import run
from ..render import strength
from ..validate import validate_store
from ..vocab import local_name, shorten
from .document import Bullets, Document, Figure, Heading, Paragraph, Quotes, Section, Table

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
        """"; rests on inferred stances" when the finding does not hold on explicit evidence."""
        return "" if self.holds.get((kind, subject, context), True) else "; rests on inferred stances"


def key_findings(c: Context) -> Section:
    g, snap = c.g, c.g.snapshot()
    blocked = g.blocking().query("blocking")
    lines = []
    if len(blocked):
        items = [
            f"**{r.label}** (severity {r.severity:.2f}, blocked by {c.names(r.blockers)}"
            + c.shaky("blocking", r.issue)
            + ")"
            for r in blocked.head(4).itertuples()
        ]
        more = f"; and {len(blocked) - 4} more." if len(blocked) > 4 else "."
        lines.append(
            f"Issues with no zone of agreement among the veto players ({c.names(snap.veto)}): "
            + "; ".join(items)
            + more
        )
    ground = g.common_ground()
    consensus = ground[ground["tier"] == "consensus"]
    if len(consensus):
        items = [
            f"**{r.label}**"
            + (" (rests on inferred stances)" if c.shaky("consensus", r.position) else "")
            for r in consensus.itertuples()
        ]
        lines.append("Common ground every veto player supports: " + "; ".join(items) + ".")
    brokers = g.brokers()
    if len(brokers):
        best = brokers.iloc[0]
        lines.append(
            f"Strongest broker: **{best['label']}** (acceptable to every side at "
            f"{best['score']:+.2f}; betweenness {best['betweenness']:.2f}"
            + c.shaky("broker", best["actor"])
            + ")."
        )
    coalitions = g.coalitions()
    main = [grp for grp in coalitions.coalitions if len(grp) > 1][:2]
    if len(main) == 2:
        lines.append(
            f"Main split: {c.names(main[0])} **against** {c.names(main[1])} "
            f"(frustration {coalitions.frustration:.2f})."
        )
    summary = g.scenario_summary()
    if len(summary):
        blocked_deals = [
            f"{r.label} (by {c.names(r.rejected_by)}"
            + (
                "; rests on inferred stances"
                if any(c.shaky("verdict", r.scenario, v) for v in r.rejected_by)
                else ""
            )
            + ")"
            for r in summary[summary["blocked"]].itertuples()
        ]
        open_deals = ", ".join(f"**{lbl}**" for lbl in summary.loc[~summary["blocked"], "label"])
        lines.append(
            f"Agreement packages no veto player rejects: {open_deals or 'none'}; blocked: "
            + (", ".join(blocked_deals) or "none")
            + "."
        )
    polar = g.polarization()
    if polar.score is not None:
        camps = (
            f"; along the coalitions {polar.camp_score:.3f}" if polar.camp_score is not None else ""
        )
        lines.append(f"Polarization (DNA's measure): {polar.score:.3f}{camps}.")
    robust = c.robust
    deal_kinds = ["blocking", "consensus", "verdict", "broker"]
    shaky = robust[~robust["holds"] & robust["kind"].isin(deal_kinds)]
    lines.append(
        f"{int(robust['holds'].sum())} of {len(robust)} findings hold on explicit evidence alone; "
        + (
            f"{len(shaky)} deal finding(s) rest on inferred stances (see Robustness)."
            if len(shaky)
            else "every deal finding does (see Robustness)."
        )
    )
    counts = ", ".join(f"{v} {k}" for k, v in g.summary().items())
    return Section("Key findings").add(
        Bullets(lines),
        Paragraph(f"As of {snap.as_of.isoformat()}. Data: {g.store.description} — {counts}."),
    )


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
    return Section("Actors and their roles").add(Table(view), figure("network"))


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
        section.add(Heading(str(issue_label)), Table(view))
    return section


def alignment(c: Context) -> Section:
    pairs = c.g.alignment_pairs().dropna(subset=["value"])
    ranked = pairs.sort_values(["value", "overlap"], ascending=[False, False])
    columns = ["label_a", "label_b", "value", "overlap"]
    renamed = {"value": "S-score"}
    return Section("Alignment").add(
        Paragraph(
            "S-score over the positions both actors take a stance on (−1 opposite, +1 "
            "identical); undefined without a shared position."
        ),
        figure("alignment"),
        Heading("Most aligned pairs"),
        Table(ranked.head(8)[columns].rename(columns=renamed)),
        Heading("Most opposed pairs"),
        Table(ranked.tail(8).iloc[::-1][columns].rename(columns=renamed)),
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
        Table(view),
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
                f"{n} of {m}" for n, m in zip(verdicts["covered"], verdicts["included"], strict=True)
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
        Table(view),
    )


def timeline(c: Context) -> Section:
    return Section("Stances over time").add(figure("timeline"))


def data_quality(c: Context) -> Section:
    report = validate_store(c.g.store)
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
SECTIONS: list[tuple[str, Callable[[Context], Section]]] = [
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
    ("data quality", data_quality),
]


def title_of(g: StanceGraph) -> str:
    """The report's title: the first negotiation's label."""
    negotiations = run(g.store, "negotiations")
    labels = negotiations["label"].dropna() if "label" in negotiations else pd.Series()
    return f"{labels.iloc[0] if len(labels) else 'Negotiation'} — stancegraph report"


def build(g: StanceGraph, meta: str, *, step: Callable[[str], None] = lambda _s: None) -> Document:
    """Compute every section of the report of ``g`` (``step`` is told as each one starts)."""
    context = Context(g)
    sections = []
    for label, make in SECTIONS:
        step(label)
        sections.append(make(context))
    return Document(title_of(g), meta, sections)
