"""The main job: every analysis, table and figure of a negotiation graph in one report,
``DIR/index.html`` (self-contained: figures embedded, no network needed) and ``DIR/report.md``
(figures beside it in ``DIR/figures/``)."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__
from .api import StanceGraph
from .errors import InputError
from .figures import figure
from .io import write_atomic
from .render import plain, strength, to_markdown
from .validate import validate_store
from .vocab import shorten

FIGURES = {
    "network": "Relationship diagram",
    "stances": "Who supports what",
    "alignment": "Alignment between actors",
    "blocking": "Blocking issues",
    "scenarios": "Agreement packages",
    "timeline": "Stances over time",
}


@dataclass
class Section:
    title: str
    blocks: list[tuple[str, Any]] = field(
        default_factory=list
    )  # ("p"|"table"|"figure"|"quote"|"list", payload)

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def table(self, frame: pd.DataFrame) -> None:
        self.blocks.append(("table", frame))

    def figure(self, kind: str) -> None:
        self.blocks.append(("figure", kind))

    def items(self, lines: Sequence[str]) -> None:
        self.blocks.append(("list", list(lines)))

    def quotes(self, rows: Sequence[tuple[str, str]]) -> None:
        self.blocks.append(("quote", list(rows)))


def _names(g: StanceGraph, iris: Sequence[str]) -> str:
    return ", ".join(g.label(i) for i in iris) if len(iris) else "—"


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[str], None]]:
    if quiet:
        yield lambda _label: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("report", total=total)

        def step(label: str) -> None:
            progress.update(task, advance=1, description=label)

        yield step


def build(
    g: StanceGraph, *, step: Callable[[str], None] = lambda _s: None
) -> tuple[str, list[Section]]:
    """Compute every analysis; return the report title and its sections (plain data)."""
    snap = g.snapshot()
    day = snap.as_of.isoformat()
    negotiations = g.sparql(
        "PREFIX sg: <https://w3id.org/stancegraph/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?n ?label WHERE { ?n a sg:Negotiation OPTIONAL { ?n rdfs:label ?label } } ORDER BY ?label",
        short=False,
    )
    assert isinstance(negotiations, pd.DataFrame)
    name = (
        str(negotiations["label"].dropna().iloc[0])
        if "label" in negotiations and negotiations["label"].notna().any()
        else "Negotiation"
    )
    sections: list[Section] = []
    step("summary")
    counts = g.summary()
    blocking = g.blocking(evidence=True)
    ground = g.common_ground()
    brokers = g.brokers()
    coalitions = g.coalitions()
    summary = g.scenario_summary()
    polar = g.polarization()
    robust = g.robustness()
    holds = {
        (k, subj, ctx): h
        for k, subj, ctx, h in robust[["kind", "subject", "context", "holds"]].itertuples(
            index=False
        )
    }

    def shaky_mark(kind: str, subject: str, context: str | None = None) -> str:
        return "" if holds.get((kind, subject, context), True) else "; rests on inferred stances"

    shaky = robust[
        ~robust["holds"] & robust["kind"].isin(["blocking", "consensus", "verdict", "broker"])
    ]

    findings = Section("Key findings")
    blocked = blocking[blocking["blocking"]]
    lines = []
    if len(blocked):
        top = blocked.head(4)
        lines.append(
            "Issues with no zone of agreement among the veto players ("
            + _names(g, snap.veto)
            + "): "
            + "; ".join(
                f"**{r.label}** (severity {r.severity:.2f}, blocked by {_names(g, r.blockers)}"
                + shaky_mark("blocking", r.issue)
                + ")"
                for r in top.itertuples()
            )
            + (f"; and {len(blocked) - 4} more." if len(blocked) > 4 else ".")
        )
    consensus = ground[ground["tier"] == "consensus"]
    if len(consensus):
        lines.append(
            "Common ground every veto player supports: "
            + "; ".join(
                f"**{r.label}**"
                + (" (rests on inferred stances)" if shaky_mark("consensus", r.position) else "")
                for r in consensus.itertuples()
            )
            + "."
        )
    if len(brokers):
        best = brokers.iloc[0]
        lines.append(
            f"Strongest broker: **{best['label']}** (acceptable to every side at {best['score']:+.2f}; betweenness {best['betweenness']:.2f}"
            + shaky_mark("broker", best["actor"])
            + ")."
        )
    main = [grp for grp in coalitions.coalitions if len(grp) > 1][:2]
    if len(main) == 2:
        lines.append(
            f"Main split: {_names(g, main[0])} **against** {_names(g, main[1])} (frustration {coalitions.frustration:.2f})."
        )
    open_deals = summary[~summary["blocked"]]
    if len(summary):
        lines.append(
            "Agreement packages no veto player rejects: "
            + (", ".join(f"**{lbl}**" for lbl in open_deals["label"]) or "none")
            + "; blocked: "
            + (
                ", ".join(
                    f"{r.label} (by {_names(g, r.rejected_by)}"
                    + (
                        "; rests on inferred stances"
                        if any(shaky_mark("verdict", r.scenario, v) for v in r.rejected_by)
                        else ""
                    )
                    + ")"
                    for r in summary[summary["blocked"]].itertuples()
                )
                or "none"
            )
            + "."
        )
    if polar.score is not None:
        camps = (
            f"; along the coalitions {polar.camp_score:.3f}" if polar.camp_score is not None else ""
        )
        lines.append(f"Polarization (DNA's measure): {polar.score:.3f}{camps}.")
    lines.append(
        f"{int(robust['holds'].sum())} of {len(robust)} findings hold on explicit evidence alone; "
        + (
            f"{len(shaky)} deal finding(s) rest on inferred stances (see Robustness)."
            if len(shaky)
            else "every deal finding does (see Robustness)."
        )
    )
    findings.items(lines)
    findings.p(
        f"As of {day}. Data: {g.store.description} — "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
        + "."
    )
    sections.append(findings)

    step("actors")
    actors = g.actors()
    section = Section("Actors and their roles")
    section.table(
        pd.DataFrame(
            {
                "actor": actors["label"],
                "type": actors["type"].map(
                    lambda t: str(t).rsplit("#", 1)[-1] if isinstance(t, str) else ""
                ),
                "roles": actors["roles"].map(
                    lambda rs: ", ".join(r.rsplit("#", 1)[-1] for r in rs)
                ),
                "veto": actors["actor"].isin(snap.veto).map({True: "yes", False: ""}),
            }
        )
    )
    section.figure("network")
    sections.append(section)

    step("who supports what")
    section = Section("Who supports what")
    section.p(
        "Current stances by issue and position: polarity (+1 supports, −1 opposes), salience, the analyst's confidence, and the quote behind each."
    )
    section.figure("stances")
    table = g.stance_table().merge(
        snap.evidence.drop_duplicates("stance")[["stance", "quote", "source"]],
        on="stance",
        how="left",
    )
    table["issue_label"] = table["issue"].map(
        lambda i: g.label(i) if isinstance(i, str) else "(no issue)"
    )
    for issue_label, rows in table.sort_values(
        ["issue_label", "position_label", "polarity"], ascending=[True, True, False]
    ).groupby("issue_label", sort=False):
        section.blocks.append(("h3", issue_label))
        section.table(
            pd.DataFrame(
                {
                    "position": rows["position_label"],
                    "actor": rows["actor_label"],
                    "polarity": rows["polarity"],
                    "salience": rows["salience"],
                    "confidence": [
                        strength(c, e, " inferred")
                        for c, e in zip(rows["confidence"], rows["explicit"], strict=True)
                    ],
                    "quote": rows["quote"],
                    "note": rows["note"].fillna(""),
                }
            )
        )
    sections.append(section)

    step("alignment")
    section = Section("Alignment")
    section.p(
        "S-score over the positions both actors take a stance on (−1 opposite, +1 identical); undefined without a shared position."
    )
    section.figure("alignment")
    pairs = g.align().dropna(subset=["value"])
    strong = pairs.sort_values(["value", "overlap"], ascending=[False, False])
    section.blocks.append(("h3", "Most aligned pairs"))
    section.table(
        strong.head(8)[["label_a", "label_b", "value", "overlap"]].rename(
            columns={"value": "S-score"}
        )
    )
    section.blocks.append(("h3", "Most opposed pairs"))
    section.table(
        strong.tail(8)
        .iloc[::-1][["label_a", "label_b", "value", "overlap"]]
        .rename(columns={"value": "S-score"})
    )
    sections.append(section)

    step("coalitions")
    section = Section("Coalitions and polarization")
    section.items(
        [
            f"Coalition {k}: {_names(g, grp)}"
            for k, grp in enumerate([grp for grp in coalitions.coalitions if len(grp) > 1], start=1)
        ]
        + (
            [f"In no coalition (a group of its own): {_names(g, coalitions.unaligned())}"]
            if coalitions.unaligned()
            else []
        )
    )
    section.p(
        f"Frustration {coalitions.frustration:.2f} ({coalitions.method}): the weight of hostile ties inside coalitions plus friendly ties between them."
    )
    if polar.score is not None:
        section.p(
            f"Polarization score {polar.score:.4f} ({polar.method}; DNA's measure, maximised over "
            f"balanced two-group partitions: its best partition, {_names(g, polar.groups[0])} "
            f"against the rest, is not the camps)."
            + (
                f" Along the coalitions above the same measure is {polar.camp_score:.4f}."
                if polar.camp_score is not None
                else ""
            )
        )
    sections.append(section)

    step("blocking issues")
    section = Section("Blocking issues")
    section.figure("blocking")
    section.table(
        pd.DataFrame(
            {
                "issue": blocking["label"],
                "blocking": blocking["blocking"].map({True: "yes", False: "no"}),
                "severity": blocking["severity"],
                "blockers": blocking["blockers"].map(lambda b: _names(g, b)),
                "blocking positions": blocking["blocking_positions"].map(lambda p: _names(g, p)),
            }
        )
    )
    for row in blocking[blocking["blocking"]].itertuples():
        section.blocks.append(("h3", f"Why {row.label} blocks"))
        section.quotes(
            [
                (
                    f"{g.label(e['actor'])} on “{g.label(e['position'])}” ({e['polarity']:+.1f}; "
                    + ("explicit" if e["explicit"] else "inferred")
                    + f", confidence {e['confidence']:.2f}"
                    + (
                        f"; derived from its support for “{g.label(e['derived_from_position'])}”"
                        if e["derived"]
                        else ""
                    )
                    + (f"; {e['note']}" if e["note"] else "")
                    + ")",
                    e["quote"] or "(no quote)",
                )
                for e in row.evidence
            ]
        )
    sections.append(section)

    step("common ground")
    section = Section("Common ground")
    section.p(
        "Consensus: every veto player supports the position. Agreeable: none opposes it and at least one supports it."
    )
    section.table(
        pd.DataFrame(
            {
                "position": ground["label"],
                "tier": ground["tier"],
                "issue": ground["issue"].map(lambda i: g.label(i) if isinstance(i, str) else ""),
                "supporters": ground["supporters"].map(lambda s: _names(g, s)),
                "lowest confidence": [
                    strength(c, e, " inferred")
                    for c, e in zip(ground["confidence"], ground["explicit"], strict=True)
                ],
            }
        )
    )
    sections.append(section)

    step("brokers")
    section = Section("Brokers")
    section.p(
        "Score: the lowest acceptability to any veto player (mean of S-score and explicit ties); betweenness: share of positive paths between the veto players."
    )
    section.table(
        pd.DataFrame(
            {
                "actor": brokers["label"],
                "score": brokers["score"],
                "betweenness": brokers["betweenness"],
                "acceptability": brokers["acceptability"].map(
                    lambda d: ", ".join(f"{g.label(k)} {v:+.2f}" for k, v in d.items())
                ),
            }
        )
    )
    sections.append(section)

    step("scenarios")
    section = Section("Agreement packages (scenarios)")
    section.figure("scenarios")
    section.table(
        pd.DataFrame(
            {
                "scenario": summary["label"],
                "blocked": summary["blocked"].map({True: "yes", False: "no"}),
                "rejected by": summary["rejected_by"].map(lambda s: _names(g, s)),
                "deal-breakers": summary["dealbreakers"].map(lambda s: _names(g, s)),
                "accepted by": summary["accepted_by"].map(lambda s: _names(g, s)),
            }
        )
    )
    verdicts = g.scenarios()
    verdicts = verdicts[verdicts["veto"].astype(bool)]
    section.blocks.append(("h3", "The veto players' verdicts"))
    section.p(
        "A red line (a position opposed at −0.75 or below with salience 0.9 or more, or marked "
        "sg:redLine) rejects a package whatever its utility. Derived stances: opposition to a "
        "position incompatible with one the actor supports (docs/analysis.md)."
    )
    section.table(
        pd.DataFrame(
            {
                "scenario": verdicts["label"],
                "actor": verdicts["actor_label"],
                "utility": verdicts["utility"],
                "verdict": verdicts["verdict"],
                "red lines": verdicts["red_lines"].map(lambda s: _names(g, s)),
                "positions with a stance": [
                    f"{c} of {n}"
                    for c, n in zip(verdicts["covered"], verdicts["included"], strict=True)
                ],
                "derived": verdicts["derived"].map(lambda s: _names(g, s)),
                "lowest confidence": verdicts["confidence"],
            }
        )
    )
    sections.append(section)

    step("robustness")
    section = Section("Robustness: what holds on explicit evidence")
    section.p(
        "Each key finding recomputed on explicit stances only (confidence ≥ 0.8: the quote names "
        "the actor and states the stance). A finding that changes rests on the inferred stances "
        "named beside it; `stancegraph --min-confidence 0.8 …` shows every analysis that way."
    )
    section.table(
        pd.DataFrame(
            {
                "finding": robust["finding"],
                "holds on explicit evidence": robust["holds"].map({True: "yes", False: "no"}),
                "rests on": robust["rests_on"].map(lambda s: ", ".join(map(shorten, s)) or "—"),
            }
        )
    )
    sections.append(section)

    step("timeline")
    section = Section("Stances over time")
    section.figure("timeline")
    sections.append(section)

    step("data quality")
    section = Section("Data quality")
    report = validate_store(g.store)
    low = snap.stances[~snap.stances["explicit"].astype(bool)]
    section.items(
        [
            "The data conforms to the stancegraph SHACL shapes."
            if report.conforms
            else f"The data does **not** conform: {len(report.violations)} violation(s); run `stancegraph validate`.",
            f"{len(report.warnings)} warning(s) (for example stances without evidence).",
            f"{len(low)} of {len(snap.stances)} current stances are inferred (confidence below 0.8: implied by the source, not stated); each says why in its note.",
        ]
    )
    sections.append(section)
    return f"{name} — stancegraph report", sections


def _figure_png(g: StanceGraph, kind: str) -> bytes:
    fig = figure(g, kind)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:+.2f}" if -1 <= value <= 1 else f"{value:.2f}"
    return str(value)


def _html_table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _inline(text: str) -> str:
    escaped = html.escape(text)
    parts = escaped.split("**")
    return "".join(f"<strong>{p}</strong>" if i % 2 else p for i, p in enumerate(parts))


CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1180px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em} h2{border-bottom:2px solid #4477aa;padding-bottom:.2em;margin-top:2em} h3{margin-bottom:.3em}
table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.88em;width:100%} th,td{border:1px solid #ddd;padding:4px 7px;text-align:left;vertical-align:top}
th{background:#f1f4f9} tr:nth-child(even) td{background:#fafbfc} img{max-width:100%;border:1px solid #eee;margin:.5em 0}
blockquote{margin:.4em 0 .8em 1em;padding:.3em .8em;border-left:4px solid #c51b7d;background:#fbf3f7} .who{font-size:.85em;color:#555}
nav a{margin-right:1em} footer{margin-top:3em;color:#777;font-size:.85em}
"""


def to_html(title: str, sections: list[Section], images: dict[str, bytes], meta: str) -> str:
    out = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
    ]
    out.append(f"<h1>{html.escape(title)}</h1><p class='who'>{html.escape(meta)}</p><nav>")
    out += [f"<a href='#s{i}'>{html.escape(s.title)}</a>" for i, s in enumerate(sections)]
    out.append("</nav>")
    for i, section in enumerate(sections):
        out.append(f"<h2 id='s{i}'>{html.escape(section.title)}</h2>")
        for kind, payload in section.blocks:
            if kind == "p":
                out.append(f"<p>{_inline(payload)}</p>")
            elif kind == "h3":
                out.append(f"<h3>{html.escape(payload)}</h3>")
            elif kind == "list":
                out.append("<ul>" + "".join(f"<li>{_inline(x)}</li>" for x in payload) + "</ul>")
            elif kind == "table":
                out.append(_html_table(payload))
            elif kind == "quote":
                out += [
                    f"<p class='who'>{html.escape(who)}</p><blockquote>{html.escape(q)}</blockquote>"
                    for who, q in payload
                ]
            elif kind == "figure":
                data = base64.b64encode(images[payload]).decode("ascii")
                out.append(
                    f"<figure><img alt='{html.escape(FIGURES[payload])}' src='data:image/png;base64,{data}'></figure>"
                )
    out.append(
        f"<footer>Made by stancegraph {__version__}. Definitions of every number: docs/analysis.md.</footer></body></html>"
    )
    return "\n".join(out)


def to_markdown_report(title: str, sections: list[Section], meta: str) -> str:
    out = [f"# {title}", "", f"_{meta}_", ""]
    for section in sections:
        out += [f"## {section.title}", ""]
        for kind, payload in section.blocks:
            if kind == "p":
                out += [payload, ""]
            elif kind == "h3":
                out += [f"### {payload}", ""]
            elif kind == "list":
                out += [f"- {x}" for x in payload] + [""]
            elif kind == "table":
                out += [to_markdown(payload).rstrip(), ""]
            elif kind == "quote":
                for who, q in payload:
                    out += [f"{who}:", "", f"> {q}", ""]
            elif kind == "figure":
                out += [f"![{FIGURES[payload]}](figures/{payload}.png)", ""]
    return "\n".join(out) + "\n"


def write_report(g: StanceGraph, out: Path, *, quiet: bool = False) -> Path:
    """Compute everything and write ``out/index.html``, ``out/report.md`` and
    ``out/figures/*.png``; each file is written atomically."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} exists and is not a directory")
    steps = 12 + len(FIGURES) + 1
    import matplotlib

    matplotlib.use("Agg")
    with _progress(steps, quiet) as step:
        title, sections = build(g, step=step)
        images = {}
        for kind in FIGURES:
            step(f"figure: {kind}")
            images[kind] = _figure_png(g, kind)
        step("writing")
        (out / "figures").mkdir(parents=True, exist_ok=True)
        for kind, data in images.items():
            write_atomic(out / "figures" / f"{kind}.png", data)
        day = g.snapshot().as_of.isoformat()
        meta = f"As of {day}; generated {dt.date.today().isoformat()} by stancegraph {__version__} from {g.store.description}."
        write_atomic(out / "report.md", to_markdown_report(title, sections, meta))
        write_atomic(out / "index.html", to_html(title, sections, images, meta))
    return out / "index.html"
