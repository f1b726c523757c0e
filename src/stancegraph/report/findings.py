"""The report's first section: the key findings in a few sentences, each marked where it rests
on inferred stances."""

from __future__ import annotations

from .context import Context
from .document import Bullets, Paragraph, Section


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
