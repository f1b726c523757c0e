"""What changed, and where it is heading: the differences between two dates (stances, alignment,
blocking issues, common ground, verdicts, coalitions) and forecasts of where an issue with a
numeric scale may land. Built on :class:`~stancegraph.analyses.Analyses`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .analyses import Analyses
from .analysis import alignment as _alignment
from .analysis import changes as _changes
from .analysis import exchange as _exchange
from .analysis import forecast as _forecast
from .checks import as_date, check_range, window_start
from .errors import InputError
from .queries import run

#: Periods of a trend, as pandas period frequencies.
PERIODS = {"year": "Y", "quarter": "Q", "month": "M", "week": "W"}


class Outlook(Analyses):
    """The analyses, plus what changed between two dates and forecasts on issue scales."""

    # ------------------------------------------------------------------ what changed
    def changes(
        self,
        before: dt.date | str,
        after: dt.date | str,
        *,
        threshold: float = 0.5,
        top: int = 10,
        window: str | int | None = None,
    ) -> pd.DataFrame:
        """What changed between two dates: stances that appeared, ended, flipped sign or moved
        by at least ``threshold``; the ``top`` alignment pairs that moved most; issues that
        became or stopped being blocking; positions that entered or left the common ground;
        scenario verdicts of the veto players that changed; coalition moves. Columns ``kind``,
        ``subject``, ``context``, ``before``, ``after``, ``evidence`` (the stance IRIs each item
        rests on), ``label`` (the item in words), ``quotes`` (their quotes, before → after),
        ``confidence`` (the lowest of those records) and ``explicit`` (all of them explicit).

        With ``window`` (a length of time: ``7`` or ``"7d"`` days, ``"2w"``, ``"3m"``, ``"1y"``)
        each side is what was said in the window ending on its date (:meth:`during`) — this
        week against last week, 2019's votes against 2014's — instead of everything in force."""
        check_range(threshold, 0.0, 2.0, "threshold")
        check_range(top, 0, 10**6, "top", integer=True)
        if window is None:
            one, two = self.at(before), self.at(after)
        else:
            ends = [as_date(day) or dt.date.today() for day in (before, after)]
            one, two = (self.during(window_start(end, window), end) for end in ends)
        if one.as_of is not None and two.as_of is not None and one.as_of >= two.as_of:
            raise InputError(
                f"the first date ({one.as_of}) must come before the second ({two.as_of})"
            )
        stances = _changes.stance_changes(one.snapshot().stances, two.snapshot().stances, threshold)
        by_actor: dict[str, list[str]] = {}
        by_position: dict[str, list[str]] = {}
        for actor, position, evidence in stances[["subject", "context", "evidence"]].itertuples(
            index=False
        ):
            by_actor.setdefault(actor, []).extend(evidence)
            by_position.setdefault(position, []).extend(evidence)
        positions = two.snapshot().positions
        by_issue: dict[str, list[str]] = {}
        for position, issue in positions[["position", "issue"]].itertuples(index=False):
            by_issue.setdefault(issue, []).extend(by_position.get(position, []))
        scenario_positions = two.snapshot().scenarios
        by_scenario: dict[str, list[str]] = {}
        for scenario, position in (
            scenario_positions[["scenario", "position"]].itertuples(index=False)
            if not scenario_positions.empty
            else []
        ):
            by_scenario.setdefault(scenario, []).extend(by_position.get(position, []))

        def blocking(g: Analyses) -> list[str]:
            table = g.blocking()
            return table.loc[table["blocking"], "issue"].tolist()

        def ground(g: Analyses) -> list[str]:
            return g.common_ground()["position"].tolist()

        def verdicts(g: Analyses) -> pd.DataFrame:
            table = g.scenarios()
            return table[table["veto"].astype(bool)] if len(table) else table

        parts = [
            stances,
            _changes.pair_changes(
                one.alignment_matrix(), two.alignment_matrix(), by_actor, top
            ),
            _changes.flag_changes(
                blocking(one), blocking(two), "became blocking", "stopped blocking", by_issue
            ),
            _changes.flag_changes(
                ground(one), ground(two), "entered common ground", "left common ground",
                by_position,
            ),
            _changes.verdict_changes(verdicts(one), verdicts(two), by_scenario),
            _changes.coalition_moves(
                one.coalitions().membership(), two.coalitions().membership(), by_actor
            ),
        ]  # fmt: skip
        table = (
            pd.concat([p for p in parts if len(p)], ignore_index=True)
            if any(len(p) for p in parts)
            else pd.DataFrame(columns=_changes.COLUMNS)
        )
        records = pd.concat([one.snapshot().records, two.snapshot().records])
        return self._described(_changes.sureness(table, records))

    def _described(self, table: pd.DataFrame) -> pd.DataFrame:
        """The changes with ``label`` (in words) and ``quotes`` (of the records cited)."""
        snap = self.snapshot()
        quote = snap.evidence.drop_duplicates("stance").set_index("stance")["quote"].to_dict()

        def words(value: object) -> str:
            if isinstance(value, list):
                return ", ".join(self.label(v) for v in value) or "nobody"
            if isinstance(value, float):
                return "none" if np.isnan(value) else f"{value:+.2f}"
            return "none" if value is None else str(value)

        def who(kind: str, subject: str, context: object) -> str:
            if not isinstance(context, str):
                return self.label(subject)
            if kind == "alignment moved":
                return f"{self.label(subject)} and {self.label(context)}"
            if kind == "verdict changed":
                return f"{self.label(context)} on {self.label(subject)}"
            return f"{self.label(subject)} on {self.label(context)}"

        rows = table[["kind", "subject", "context", "before", "after"]].itertuples(index=False)
        labels = [f"{who(k, s, c)}: {k} ({words(b)} → {words(a)})" for k, s, c, b, a in rows]
        table = table.assign(
            label=labels,
            quotes=[
                [quote[e] for e in ev if isinstance(quote.get(e), str)] for ev in table["evidence"]
            ],
        )
        return table

    def trend(self, actors: Sequence[str], *, every: str = "year") -> pd.DataFrame:
        """How the alignment of ``actors`` (names or IRIs, at least two) moved, period by period
        (``every``: year, quarter, month or week): the S-score of each pair over the stance
        records dated in each period (``analysis/alignment.py``, ``alignment_trend``), from
        ``since`` (else the first dated record of these actors) to ``as_of`` (else the last).
        Columns ``period``, ``start``, ``end``, ``actor_a``, ``label_a``, ``actor_b``,
        ``label_b``, ``sscore``, ``overlap``, ``explicit_overlap``."""
        chosen = list(dict.fromkeys(self.resolve(a, "actor") for a in actors))
        if len(chosen) < 2:
            raise InputError("trend needs at least two different actors")
        if every not in PERIODS:
            raise InputError(f"unknown period {every!r}; use one of: {', '.join(PERIODS)}")
        records = self.stance_records()
        dated = records[records["actor"].isin(chosen) & records["valid_from"].notna()]
        if dated.empty:
            raise InputError(
                "none of these actors' stance records carries a date (sg:validFrom), so there "
                "is no trend to show"
            )
        first = pd.Timestamp(self.since or dated["valid_from"].min())
        last = pd.Timestamp(self.as_of or dated["valid_from"].max())
        periods = [
            (str(p), max(p.start_time, first), min(p.end_time.normalize(), last))
            for p in pd.period_range(first, last, freq=PERIODS[every])
        ]
        table = _alignment.alignment_trend(dated, chosen, periods)
        table.insert(4, "label_a", table["actor_a"].map(self.label))
        table.insert(6, "label_b", table["actor_b"].map(self.label))
        return table

    # ------------------------------------------------------------------ forecasts
    def forecast(self, issue: str | None = None, *, rounds: int = 10) -> pd.DataFrame:
        """Where each issue with a numeric scale will land, by the weighted mean and the
        weighted median of the actors' ideal points (``analysis/forecast.py``) and by the
        exchange model run for at most ``rounds`` rounds over all scaled issues
        (``analysis/exchange.py``): ``issue``, ``label``, ``model``, ``value``, ``position``
        (nearest), ``position_label``, ``spoilers`` (furthest actors), ``actors``, ``missing``
        (actors without a capability: then no value — nothing is guessed), ``confidence`` and
        ``inferred``. Beyond ``analysis.exchange.MAX_CELLS`` (actors × issues)², the exchange
        model is left out (:meth:`exchange_model` says why)."""
        snap = self.snapshot()
        scales = self.scales(issue)
        if scales.empty:
            raise InputError(
                f"no position {'on ' + repr(issue) + ' ' if issue else ''}has a scale value "
                "(sg:scaleValue), so there is no scale to forecast on; give the positions of an "
                "issue their place on a numeric scale"
            )
        points = _forecast.ideal_points(snap.stances, scales)
        check_range(rounds, 1, 1000, "rounds", integer=True)  # a bad value is not "too large"
        try:
            others = {"exchange model": self.exchange_model(rounds=rounds).prediction().to_dict()}
        except InputError:
            others = {}  # too many actors × issues for the exchange model: the static ones only
        table = _forecast.forecast(points, self._capability(), scales, others)
        table = self._labelled(table, "issue")
        table.insert(
            table.columns.get_loc("position") + 1,
            "position_label",
            table["position"].map(lambda p: self.label(p) if isinstance(p, str) else None),
        )
        return table

    def exchange_model(self, *, rounds: int = 10) -> _exchange.ExchangeRun:
        """Stokman's equal-gain exchange model (``analysis/exchange.py``) over every issue with
        a numeric scale whose actors all have a capability, at most ``rounds`` rounds. Positions
        are the actors' ideal points, put on 0–100 for the model (the issue's ``scale_min`` and
        ``scale_max``, else its lowest and highest scale value) and reported on the issue's
        own scale; the exchanges carry the labels of the actors (``label_a``, ``label_b``) and of
        their supply issues (``issue_label_a``, ``issue_label_b``), and how sure the four ideal
        points behind each are (``confidence``: the lowest; ``explicit``: all four explicit).
        Computed once per graph and number of rounds."""
        check_range(rounds, 1, 1000, "rounds", integer=True)
        return self._cached("exchange", lambda: self._exchange_run(rounds), rounds)

    def _exchange_run(self, rounds: int) -> _exchange.ExchangeRun:
        scales = self.scales()
        points = _forecast.ideal_points(self.snapshot().stances, scales)
        points["capability"] = points["actor"].map(self._capability())
        unknown = points.loc[points["capability"].isna(), "issue"].unique()
        points = points[~points["issue"].isin(unknown)]
        ends = _forecast.scale_ends(scales)
        lo, span = ends["lo"], (ends["hi"] - ends["lo"]).replace(0.0, 1.0)
        on_model = (points["x"] - points["issue"].map(lo)) * 100.0 / points["issue"].map(span)
        run = _exchange.exchange_model(points.assign(x=on_model), rounds=rounds)

        def back(values: pd.Series, issues: pd.Series) -> pd.Series:
            return values * issues.map(span) / 100.0 + issues.map(lo)

        exchanges = run.exchanges.copy()
        for side in ("a", "b"):
            for column in (f"start_{side}", f"end_{side}"):
                exchanges[column] = back(exchanges[column], exchanges[f"issue_{side}"])
            exchanges[f"label_{side}"] = exchanges[f"actor_{side}"].map(self.label)
            exchanges[f"issue_label_{side}"] = exchanges[f"issue_{side}"].map(self.label)
        # How sure each exchange is: the four ideal points it moves and rests on (each actor on
        # both issues), the lowest confidence and whether all four are explicit.
        sure = points.set_index(["actor", "issue"])
        pairs = [(f"actor_{a}", f"issue_{b}") for a in "ab" for b in "ab"]
        found = [sure.reindex(pd.MultiIndex.from_arrays([exchanges[a], exchanges[i]]))
                 for a, i in pairs]  # fmt: skip
        exchanges["confidence"] = (
            pd.concat([f["confidence"].reset_index(drop=True) for f in found], axis=1)
            .min(axis=1)
            .to_numpy()
        )
        exchanges["explicit"] = (
            pd.concat([f["explicit"].reset_index(drop=True).astype(bool) for f in found], axis=1)
            .all(axis=1)
            .to_numpy()
        )
        return _exchange.ExchangeRun(
            outcomes=run.outcomes.assign(value=back(run.outcomes["value"], run.outcomes["issue"])),
            exchanges=exchanges,
            positions=run.positions.assign(x=back(run.positions["x"], run.positions["issue"])),
            rounds=run.rounds,
            stopped=run.stopped,
        )

    def _capability(self) -> pd.Series:
        """Each actor's capability (NaN where it has none)."""
        actors = self.snapshot().actors.set_index("actor")["capability"]
        return pd.to_numeric(actors, errors="coerce")

    def ideal_points(self, issue: str | None = None) -> pd.DataFrame:
        """Each actor's ideal point per scaled issue, with its capability and weight."""
        points = _forecast.ideal_points(self.snapshot().stances, self.scales(issue))
        points["capability"] = points["actor"].map(self._capability())
        points["weight"] = points["capability"] * points["salience"]
        return points

    def scales(self, issue: str | None = None) -> pd.DataFrame:
        """The positions on a numeric scale (of ``issue``, or of every issue): ``position``,
        ``issue``, ``scale_value``, ``scale_min``, ``scale_max``."""
        scales = run(self.store, "scales")
        for column in ("scale_value", "scale_min", "scale_max"):
            scales[column] = pd.to_numeric(scales[column])
        if issue is not None:
            scales = scales[scales["issue"] == self.resolve(issue, "issue")]
        return scales
