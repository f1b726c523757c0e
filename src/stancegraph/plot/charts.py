"""Charts: blocking issues by severity, scenario acceptance, stances over time."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import InputError
from ._style import (
    DIVERGING,
    MISSING,
    NEGATIVE,
    PLAYER_COLOURS,
    POSITIVE,
    SERIES_COLOURS,
    SERIES_STYLES,
    axes,
    diverging_norm,
    font,
    page_scale,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def plot_blocking(
    blocking: pd.DataFrame,
    *,
    labels: dict[str, str],
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Issues ranked by blocking severity (longest bar on top), each bar split in one colour per
    veto player blocking it (its share of the opposition; blockers of tied positions share the
    bar equally), hatched where the weakest stance is inferred; open issues say so at 0."""
    from matplotlib.patches import Patch

    if blocking.empty:
        raise InputError("no issue has a position with a veto player's stance: nothing to draw")
    table = blocking.sort_values("severity", ascending=True)
    ax = axes(ax, (9, max(3, 0.45 * len(table) + 1.5)))
    scale = page_scale(ax, 11)
    players = sorted({b for bs in table["blockers"] for b in bs}, key=lambda a: labels.get(a, a))
    colour = {a: PLAYER_COLOURS[k % len(PLAYER_COLOURS)] for k, a in enumerate(players)}
    top = float(table["severity"].max()) if len(table) else 1.0
    for y, (_, row) in enumerate(table.iterrows()):
        severity = float(row["severity"])
        if not row["blocking"]:
            text = "open: some position no veto player opposes" if scale > 0.7 else "open"
            ax.text(0.005 * max(top, 1.0), y, text, va="center", fontsize=font(8.5, scale),
                    color="#555555")  # fmt: skip
            continue
        shares = _blocker_shares(row)
        left = 0.0
        inferred = "explicit" in row and not bool(row["explicit"])
        for actor, share in shares:
            width = severity * share
            ax.barh(y, width, left=left, height=0.62, color=colour[actor], ec="white", lw=0.8)
            if inferred:
                ax.barh(y, width, left=left, height=0.62, fill=False, hatch="///", ec="white", lw=0)
            left += width
        ax.text(severity - 0.01 * top, y, f"{severity:.2f}", ha="right", va="center",
                fontsize=font(8.5, scale), color="white", fontweight="bold",
                bbox={"boxstyle": "round,pad=0.15", "fc": colour[shares[-1][0]], "ec": "none"})  # fmt: skip
    ax.set_yticks(
        range(len(table)), [wrap(labels.get(i, i), 34) for i in table["issue"]], fontsize=9
    )
    ax.set_xlim(0, max(top, 1e-9) * 1.02)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.set_xlabel(
        wrap(
            "severity: least total opposition (|polarity| × salience) among the issue's positions",
            int(100 * scale),
        ),
        fontsize=font(10, scale),
    )
    ax.tick_params(axis="x", labelsize=font(9, scale))
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Patch(fc=colour[a], label=f"blocked by {labels.get(a, a)}") for a in players]
    if any("explicit" in r and r["blocking"] and not r["explicit"] for _, r in table.iterrows()):
        handles.append(
            Patch(fc="#999999", hatch="///", ec="white", label="weakest stance inferred")
        )
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16 - 0.06 * (scale < 0.7)),
                  ncol=min(len(handles), 3 if scale > 0.7 else 2), fontsize=font(8.5, scale),
                  frameon=False)  # fmt: skip
    if title:
        ax.set_title(wrap(title, int(90 * scale)), fontsize=font(12, scale))
    return ax


def _blocker_shares(row: pd.Series) -> list[tuple[str, float]]:
    """Each blocker's share of an issue's severity: its |polarity| × salience on the blocking
    position; blockers of tied positions share equally."""
    positions = set(row["blocking_positions"])
    blockers = list(row["blockers"])
    weight = {a: 0.0 for a in blockers}
    opposition = row.get("opposition") if "opposition" in row else None
    if isinstance(opposition, list) and len(positions) == 1:
        for o in opposition:
            if o["position"] in positions and o["actor"] in weight:
                weight[o["actor"]] += abs(float(o["polarity"])) * float(o.get("salience", 1.0))
    total = sum(weight.values())
    if total <= 0:
        return [(a, 1.0 / len(blockers)) for a in blockers]
    return [(a, w / total) for a, w in weight.items()]


def plot_scenarios(
    verdicts: pd.DataFrame,
    *,
    labels: dict[str, str],
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Actor x scenario acceptance: colour by utility, ✓ accept / ✗ reject / = indifferent,
    veto players' rows in bold, and scenarios blocked by a veto player framed and marked
    "BLOCKED"."""
    if verdicts.empty:
        raise InputError("the data has no scenarios (sg:Scenario): nothing to draw")
    scenarios = sorted(verdicts["scenario"].unique(), key=lambda s: labels.get(s, s))
    veto = verdicts.loc[verdicts["veto"], "actor"].unique().tolist()
    others = sorted(set(verdicts["actor"]) - set(veto), key=lambda a: labels.get(a, a))
    actors = sorted(veto, key=lambda a: labels.get(a, a)) + others
    ax = axes(ax, (max(6, 2.2 * len(scenarios) + 3), max(4, 0.42 * len(actors) + 2)))
    scale = page_scale(ax, 10)
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
                # As in the stance heatmap: paler and hatched where an inferred stance decides.
                ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fc="white", ec="none", alpha=0.45))
                ax.add_patch(
                    Rectangle(
                        (c - 0.5, r - 0.5), 1, 1, fill=False, hatch="///", ec="#777777", lw=0,
                        alpha=0.6,
                    )
                )  # fmt: skip
            ax.text(
                c,
                r,
                marks[verdict]
                + ("" if np.isnan(value) else f" {value:+.2f}")
                + (f"\non {k} of {n}" if 0 < k < n else ""),
                ha="center",
                va="center",
                fontsize=font(9, scale) * (1 if scale > 0.7 else 0.85),
                color="white"
                if not np.isnan(value) and abs(value) > 0.6 and explicit
                else "#222222",
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
            wrap(labels.get(s, s), int(18 * max(scale, 0.6)))
            + ("\nBLOCKED" if blocked.get(s, False) else "\nnot blocked")
            for s in scenarios
        ],
        fontsize=font(9, scale),
    )
    for tick, s in zip(ax.get_xticklabels(), scenarios, strict=True):
        tick.set_color(NEGATIVE if blocked.get(s, False) else POSITIVE)
    ax.xaxis.tick_top()
    ax.set_yticks(
        range(len(actors)),
        [wrap(labels.get(a, a), 24) + (" (veto)" if a in veto else "") for a in actors],
        fontsize=font(9, scale),
    )
    for tick, a in zip(ax.get_yticklabels(), actors, strict=True):
        if a in veto:
            tick.set_fontweight("bold")
    if veto and others:
        ax.axhline(len(veto) - 0.5, color="#333333", linewidth=1.2)
    colorbar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    colorbar.set_label(
        wrap("utility U (✓ accept, ✗ reject, = indifferent, · no stance)", int(70 * scale)),
        fontsize=font(8, scale),
    )
    colorbar.ax.tick_params(labelsize=font(8, scale))
    ax.legend(
        handles=[
            Rectangle((0, 0), 1, 1, fill=False, ec=NEGATIVE, lw=2.5,
                      label="framed: blocked (a veto player rejects the package)"),
            Rectangle((0, 0), 1, 1, fc="#dddddd", hatch="///", ec="#777777", lw=0,
                      label="pale, hatched: the verdict rests on an inferred stance"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncol=2 if scale > 0.7 else 1,
        fontsize=font(8, scale),
        frameon=False,
    )  # fmt: skip
    if title:
        ax.set_title(wrap(title, int(80 * scale)), fontsize=font(12, scale), pad=12)
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
    intervals, each value drawn exactly where it is. A record ends at its validUntil or where a
    later record of the same actor on the same position starts (the as-of rule); open starts
    and ends run to the edge of the plot. Series that coincide are drawn as nested strokes
    (earlier series wider), so each stays visible; 20 series stay distinct (10 colour-blind-safe
    colours, solid then dashed). Data without a single date has no timeline: InputError."""
    import matplotlib.dates as mdates

    frame = records.copy()
    if frame.empty:
        raise InputError("no stance records in this selection: nothing to draw")
    if frame["valid_from"].isna().all() and frame["valid_until"].isna().all():
        raise InputError(
            "no stance in this selection carries a date (sg:validFrom / sg:validUntil): "
            "there is no timeline to draw"
        )
    ax = axes(ax, (10, 5))
    scale = page_scale(ax, 12)
    day = pd.Timestamp(as_of)
    dates = [*frame["valid_from"].dropna().tolist(), *frame["valid_until"].dropna().tolist(), day]
    margin = max((max(dates) - min(dates)) * 0.08, pd.Timedelta(days=30))
    lo, hi = min(dates) - margin, max(dates) + margin
    keys = sorted(
        {(a, p) for a, p in frame[["actor", "position"]].itertuples(index=False)},
        key=lambda k: (labels.get(k[0], k[0]), labels.get(k[1], k[1])),
    )
    widest = 2.0 + 0.35 * min(len(keys), 20)
    for i, (actor, position) in enumerate(keys):
        rows = frame[(frame["actor"] == actor) & (frame["position"] == position)].sort_values(
            "valid_from", na_position="first"
        )
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        style = SERIES_STYLES[(i // len(SERIES_COLOURS)) % len(SERIES_STYLES)]
        width = max(1.5, widest - 0.35 * i)
        starts_next = rows["valid_from"].shift(-1)
        previous: tuple[pd.Timestamp, float] | None = None
        for k, (_, row) in enumerate(rows.iterrows()):
            start = row["valid_from"] if pd.notna(row["valid_from"]) else lo
            end = row["valid_until"] if pd.notna(row["valid_until"]) else hi
            if pd.notna(starts_next.iloc[k]) and starts_next.iloc[k] < end:
                end = starts_next.iloc[k]  # superseded by the next record
            y = float(row["polarity"])
            name = f"{labels.get(actor, actor)} — {labels.get(position, position)}"
            label = (name if len(name) <= 60 else name[:59] + "…") if k == 0 else None
            ax.plot([start, end], [y, y], color=colour, linewidth=width, linestyle=style,
                    solid_capstyle="butt", label=label, zorder=2 + i * 0.01, gid="series")  # fmt: skip
            if previous is not None and previous[0] == start:
                ax.plot(
                    [start, start], [previous[1], y], color=colour, linewidth=1.2, linestyle=":"
                )
            if pd.notna(row["valid_from"]):
                ax.plot([start], [y], marker="|", color=colour, markersize=12, zorder=3)
            previous = (end, y)
    ax.axvline(day, color="#555555", linestyle=":", linewidth=1)
    ax.annotate(f"as of {as_of.isoformat()}", (day, 1.0), xycoords=("data", "axes fraction"),
                xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                fontsize=8, color="#555555")  # fmt: skip
    ax.axhline(0, color="#999999", linewidth=0.6)
    ax.set_ylim(-1.2, 1.2)
    ax.set_xlim(lo, hi)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_yticks([-1, -0.5, 0, 0.5, 1], ["opposes −1", "−0.5", "neutral 0", "+0.5", "supports +1"])
    ax.set_ylabel("polarity")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=font(7.5, scale),
              frameon=False, ncol=2 if len(keys) > 4 and scale > 0.7 else 1,
              title="actor — position", title_fontsize=font(8, scale))  # fmt: skip
    ax.tick_params(labelsize=font(9, scale))
    if title:
        ax.set_title(wrap(title, int(80 * scale)), fontsize=font(12, scale), pad=16)
    return ax
