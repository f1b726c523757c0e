"""Charts: blocking issues by severity, scenario acceptance, stances over time."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._style import DIVERGING, MISSING, NEGATIVE, POSITIVE, axes, diverging_norm, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def plot_blocking(
    blocking: pd.DataFrame,
    *,
    labels: dict[str, str],
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Issues ranked by blocking severity (longest bar on top), each bar annotated with its
    blockers; non-blocking issues as short grey bars at 0 with "open"."""
    table = blocking.sort_values("severity", ascending=True)
    ax = axes(ax, (9, max(3, 0.45 * len(table) + 1.5)))
    y = np.arange(len(table))
    colours = [NEGATIVE if b else "#bbbbbb" for b in table["blocking"]]
    ax.barh(y, table["severity"].astype(float), color=colours, height=0.6)
    top = float(table["severity"].max()) if len(table) else 1.0
    for yi, (_, row) in zip(y, table.iterrows(), strict=True):
        text = (
            "blocked by " + ", ".join(labels.get(b, b) for b in row["blockers"])
            if row["blocking"]
            else "open: some position unopposed"
        )
        if row["blocking"] and "explicit" in row and not bool(row["explicit"]):
            text += f"; weakest stance inferred ({row['confidence']:.2f})"
        ax.text(
            float(row["severity"]) + top * 0.02,
            float(yi),
            text,
            va="center",
            fontsize=8.5,
            color="#333333",
        )
    ax.set_yticks(y, [wrap(labels.get(i, i), 34) for i in table["issue"]], fontsize=9)
    ax.set_xlim(0, max(top, 0.1) * 1.9)
    ax.set_xlabel(
        "severity: least total opposition (|polarity| × salience) among the issue's positions"
    )
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, fontsize=12)
    return ax


def plot_scenarios(
    verdicts: pd.DataFrame,
    *,
    labels: dict[str, str],
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Actor x scenario acceptance: colour by utility, ✓ accept / ✗ reject / = indifferent,
    veto players' rows in bold, and scenarios blocked by a veto player marked "BLOCKED"."""
    scenarios = sorted(verdicts["scenario"].unique(), key=lambda s: labels.get(s, s))
    veto = verdicts.loc[verdicts["veto"], "actor"].unique().tolist()
    others = sorted(set(verdicts["actor"]) - set(veto), key=lambda a: labels.get(a, a))
    actors = sorted(veto, key=lambda a: labels.get(a, a)) + others
    ax = axes(ax, (max(6, 2.2 * len(scenarios) + 3), max(4, 0.42 * len(actors) + 2)))
    grid = verdicts.pivot_table(index="actor", columns="scenario", values="utility", aggfunc="mean")
    grid = grid.reindex(index=actors, columns=scenarios).to_numpy(dtype=float)
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Rectangle

    ax.imshow(np.where(np.isnan(grid), 1.0, np.nan), cmap=ListedColormap([MISSING]), aspect="auto")
    image = ax.imshow(
        np.ma.masked_invalid(grid), cmap=DIVERGING, norm=diverging_norm(), aspect="auto"
    )
    verdict_of = {
        (a, s): v for s, a, v in verdicts[["scenario", "actor", "verdict"]].itertuples(index=False)
    }
    marks = {"accept": "✓", "reject": "✗", "indifferent": "=", "no stance": "·"}
    # How much a verdict rests on: the share of the package's positions it covers, and whether
    # its weakest stance is inferred (hatched, as in the stance heatmap).
    cover = {}
    if {"covered", "included", "explicit"} <= set(verdicts.columns):
        for s, a, k, n, e in verdicts[
            ["scenario", "actor", "covered", "included", "explicit"]
        ].itertuples(index=False):
            cover[(a, s)] = (int(k), int(n), bool(e))
    for r, a in enumerate(actors):
        for c, s in enumerate(scenarios):
            verdict = verdict_of.get((a, s), "no stance")
            value = grid[r, c]
            k, n, explicit = cover.get((a, s), (0, 0, True))
            if not np.isnan(value) and not explicit:
                ax.add_patch(
                    Rectangle(
                        (c - 0.5, r - 0.5),
                        1,
                        1,
                        fill=False,
                        hatch="///",
                        ec="white",
                        lw=0,
                        alpha=0.8,
                    )
                )
            ax.text(
                c,
                r,
                marks[verdict]
                + ("" if np.isnan(value) else f" {value:+.2f}")
                + (f"\non {k} of {n}" if 0 < k < n else ""),
                ha="center",
                va="center",
                fontsize=9,
                color="white" if not np.isnan(value) and abs(value) > 0.6 else "#222222",
            )
    blocked = verdicts.groupby("scenario")["blocked"].any()
    for c, s in enumerate(scenarios):
        if blocked.get(s, False):
            ax.add_patch(
                Rectangle(
                    (c - 0.5, -0.5), 1, len(actors), fill=False, edgecolor=NEGATIVE, linewidth=2.5
                )
            )
    ax.set_xticks(
        range(len(scenarios)),
        [
            wrap(labels.get(s, s), 18) + ("\nBLOCKED" if blocked.get(s, False) else "\nnot blocked")
            for s in scenarios
        ],
        fontsize=9,
    )
    for tick, s in zip(ax.get_xticklabels(), scenarios, strict=True):
        tick.set_color(NEGATIVE if blocked.get(s, False) else POSITIVE)
    ax.xaxis.tick_top()
    ax.set_yticks(
        range(len(actors)),
        [labels.get(a, a) + (" (veto)" if a in veto else "") for a in actors],
        fontsize=9,
    )
    for tick, a in zip(ax.get_yticklabels(), actors, strict=True):
        if a in veto:
            tick.set_fontweight("bold")
    if veto and others:
        ax.axhline(len(veto) - 0.5, color="#333333", linewidth=1.2)
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colorbar.set_label(
        "utility U (✓ accept, ✗ reject, = indifferent, · no stance); "
        "hatched: rests on an inferred stance",
        fontsize=8,
    )
    if title:
        ax.set_title(title, fontsize=12, pad=12)
    return ax


def plot_timeline(
    records: pd.DataFrame,
    *,
    labels: dict[str, str],
    as_of: dt.date,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Polarity over time, one step line per (actor, position) from the records' validity
    intervals. A record ends at its validUntil or where a later record of the same actor on the
    same position starts (the as-of rule); open starts and ends run to the edge of the plot."""
    ax = axes(ax, (10, 5))
    frame = records.copy()
    day = pd.Timestamp(as_of)
    starts = frame["valid_from"].dropna()
    ends = frame["valid_until"].dropna()
    lo = min([*starts.tolist(), *ends.tolist(), day]) - pd.Timedelta(days=180)
    hi = max([*starts.tolist(), *ends.tolist(), day]) + pd.Timedelta(days=180)
    import matplotlib.pyplot as plt

    colours = plt.get_cmap("tab10")
    keys = sorted(
        {(a, p) for a, p in frame[["actor", "position"]].itertuples(index=False)},
        key=lambda k: (labels.get(k[0], k[0]), labels.get(k[1], k[1])),
    )
    for i, (actor, position) in enumerate(keys):
        rows = frame[(frame["actor"] == actor) & (frame["position"] == position)].sort_values(
            "valid_from", na_position="first"
        )
        colour = colours(i % 10)
        offset = (i - (len(keys) - 1) / 2) * 0.02  # keeps identical lines apart
        starts_next = rows["valid_from"].shift(-1)
        previous: tuple[pd.Timestamp, float] | None = None
        for k, (_, row) in enumerate(rows.iterrows()):
            start = row["valid_from"] if pd.notna(row["valid_from"]) else lo
            end = row["valid_until"] if pd.notna(row["valid_until"]) else hi
            if pd.notna(starts_next.iloc[k]) and starts_next.iloc[k] < end:
                end = starts_next.iloc[k]  # superseded by the next record
            y = row["polarity"] + offset
            label = (
                f"{labels.get(actor, actor)} — {wrap(labels.get(position, position), 40)}"
                if k == 0
                else None
            )
            ax.plot(
                [start, end],
                [y, y],
                color=colour,
                linewidth=2.5,
                solid_capstyle="butt",
                label=label,
            )
            if previous is not None and previous[0] == start:
                ax.plot(
                    [start, start], [previous[1], y], color=colour, linewidth=1.2, linestyle=":"
                )
            if pd.notna(row["valid_from"]):
                ax.plot([start], [y], marker="|", color=colour, markersize=10)
            previous = (end, y)
    ax.axvline(day, color="#555555", linestyle=":", linewidth=1)
    ax.text(day, 1.12, f"as of {as_of.isoformat()}", ha="center", fontsize=8, color="#555555")
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.set_ylim(-1.2, 1.25)
    ax.set_xlim(lo, hi)
    ax.set_yticks([-1, -0.5, 0, 0.5, 1], ["opposes −1", "−0.5", "neutral 0", "+0.5", "supports +1"])
    ax.set_ylabel("polarity")
    ax.spines[["top", "right"]].set_visible(False)
    if keys:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    if frame["valid_from"].isna().all() and frame["valid_until"].isna().all():
        ax.text(
            0.5,
            0.02,
            "no stance in this selection carries dates: each holds throughout",
            transform=ax.transAxes,
            ha="center",
            fontsize=8,
            color="#555555",
        )
    if title:
        ax.set_title(title, fontsize=12)
    return ax
