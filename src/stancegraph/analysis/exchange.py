"""Stokman's exchange model (equal gain): actors trade concessions on the issues they care less
about for moves on the issues they care more about, round by round.

The model (Stokman and Van Oosten 1994, "The exchange of voting positions"; as implemented in the
Decide exchange model of Draaijer, ``decide-exchange-model``), on issues scaled 0–100:

- the outcome of issue d is the Nash bargaining solution O_d = Σ c_i s_id x_id / Σ c_i s_id
  (the weighted mean);
- an exchange between actors A and B on issues p and q is possible when they sit on opposite
  sides of the outcome on both issues and A cares relatively less about p:
  s_Ap / s_Aq < s_Bp / s_Bq. A then *supplies* p (moves towards B there) and B supplies q;
- a move Δx of A on p shifts the outcome by the exchange ratio d_p = c_A s_Ap Δx / W_p
  (W_p = Σ c_i s_ip). Both gain equally when d_q = d_p (s_Ap + s_Bp) / (s_Aq + s_Bq); the gain is
  s_Bp d_p − s_Bq d_q = s_Aq d_q − s_Ap d_p;
- the moves are as large as possible: no supplier passes the other actor's position, and no
  outcome passes the position of the actor demanding it;
- a round opens with every exchange possible on the positions at its start. They are realised
  highest gain first, each recomputed on the positions the earlier ones left (sides and demands
  stay those of the start of the round); an exchange realised, or no longer possible, closes for
  the round, and within a round an actor moves on an issue in one direction only;
- the round's outcome is the Nash bargaining solution of the positions after its exchanges (the
  *voting positions* y). The next round starts from x + ((1 − s) · 0.4 + 0.1) (y − x): actors keep
  part of their concessions, more on issues they care less about (Decide's rule and weights);
- it stops when no exchange is left, or after ``rounds`` rounds (Decide's default: 10).

Where this differs from Decide: the exchanges open at the start of a round are the same
(tests/test_exchange.py checks them against Decide's on both climate tables). Where an outcome
would pass the demanding actor's position, Decide computes the capped move from that position
rather than from the distance to it; the cap here is the distance. Decide breaks ties of equal
gain at random, so its rounds differ from run to run; here ties go in a fixed order (issue, then
actor names) and the same data always gives the same forecast. docs/analysis.md compares the two
round by round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError

#: Decide's weights for the concessions kept into the next round.
SALIENCE_WEIGHT = 0.4
FIXED_WEIGHT = 0.1
#: Gains at or below this (on the 0–100 scale) are no exchange.
TOLERANCE = 1e-9
#: The most (issue, issue, actor, actor) cells weighed at once: every candidate exchange is one
#: cell of a few float arrays (5M cells: 40 MB each), e.g. 100 actors on 22 issues.
MAX_CELLS = 5_000_000


@dataclass(frozen=True)
class ExchangeRun:
    """The result of :func:`exchange_model`.

    ``outcomes``: ``round``, ``issue``, ``value`` (round 0: the starting Nash bargaining
    solution). ``exchanges``: ``round``, ``step``, ``gain``, and for each side its ``actor``,
    supply ``issue``, ``start`` and ``end`` position (``*_a`` and ``*_b``). ``positions``:
    ``actor``, ``issue``, ``x`` at the end. ``stopped``: why it stopped."""

    outcomes: pd.DataFrame
    exchanges: pd.DataFrame
    positions: pd.DataFrame
    rounds: int
    stopped: str

    def prediction(self) -> pd.Series:
        """The outcome of the last round, by issue."""
        last = self.outcomes[self.outcomes["round"] == self.outcomes["round"].max()]
        return last.set_index("issue")["value"]


class _Table:
    """The actor × issue arrays of a table: positions ``x``, saliences ``s``, weights
    c·s (zero where the actor has no position) and their sums per issue."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.actors = sorted(table["actor"].unique())
        self.issues = sorted(table["issue"].unique())
        cells = (len(self.actors) * len(self.issues)) ** 2
        if cells > MAX_CELLS:
            raise InputError(
                f"the exchange model weighs every pair of actors on every pair of issues: "
                f"{len(self.actors)} actors on {len(self.issues)} scaled issues are {cells:,} "
                f"cells, more than {MAX_CELLS:,}; give fewer issues a scale, or fewer actors "
                "a capability"
            )
        a = pd.Index(self.actors).get_indexer(table["actor"])
        d = pd.Index(self.issues).get_indexer(table["issue"])
        self.shape = (len(self.actors), len(self.issues))
        self.present = np.zeros(self.shape, dtype=bool)
        self.x, self.s, self.weight = (np.zeros(self.shape) for _ in range(3))
        self.present[a, d] = True
        self.x[a, d] = table["x"].to_numpy(dtype=float)
        self.s[a, d] = table["salience"].to_numpy(dtype=float)
        self.weight[a, d] = self.s[a, d] * table["capability"].to_numpy(dtype=float)
        self.total = self.weight.sum(axis=0)
        self.total[self.total == 0] = np.nan  # an issue nobody weighs has no outcome

    def outcomes(self, x: np.ndarray) -> np.ndarray:
        """The Nash bargaining solution of each issue for positions ``x``."""
        return (self.weight * x).sum(axis=0) / self.total

    def candidates(
        self, y: np.ndarray, x: np.ndarray, moved: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every exchange "A supplies p, B supplies q" (p < q) on the current positions ``y``
        of a round that started at ``x``, as arrays indexed [p, q, A, B]: the gain, d_p and
        d_q, zero where no exchange is possible.

        Sides and demands are those of the start of the round; ``moved``: the direction an
        actor already moved on an issue this round (it may only go on)."""
        outcome = self.outcomes(y)
        start = self.outcomes(x)
        yt, xt, st, wt, mt = y.T, x.T, self.s.T, self.weight.T, moved.T  # [issue, actor]
        lt = xt <= start[:, None]  # Decide's side: at the outcome counts as left
        # [p, A, B]: A moving on p towards where B stood, as far as that or until the outcome
        # reaches it
        towards = np.sign(xt[:, None, :] - yt[:, :, None])
        distance = np.abs(xt[:, None, :] - yt[:, :, None])
        to_outcome = np.maximum((xt[:, None, :] - outcome[:, None, None]) * towards, 0.0)
        reach = np.minimum(distance * wt[:, :, None] / self.total[:, None, None], to_outcome)
        able = (
            (lt[:, :, None] != lt[:, None, :])
            & ((mt[:, :, None] == 0) | (mt[:, :, None] == towards))
            & (wt[:, :, None] > 0)
            & (wt[:, None, :] > 0)
        )
        # [p, q, A, B]; B moves on q towards A
        reach_p, reach_q = reach[:, None, :, :], np.swapaxes(reach, 1, 2)[None, :, :, :]
        s_ap, s_bp = st[:, None, :, None], st[:, None, None, :]
        s_aq, s_bq = st[None, :, :, None], st[None, :, None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = (s_ap + s_bp) / (s_aq + s_bq)
            d_p = np.nan_to_num(np.minimum(reach_p, reach_q / ratio))
            d_q = np.nan_to_num(ratio * d_p)
        gain = s_bp * d_p - s_bq * d_q
        m = x.shape[1]
        possible = (
            np.triu(np.ones((m, m), dtype=bool), 1)[:, :, None, None]
            & able[:, None, :, :]  # A on p towards B
            & np.swapaxes(able, 1, 2)[None, :, :, :]  # B on q towards A
            & (s_ap * s_bq < s_bp * s_aq)
            & (gain > TOLERANCE)
        )
        return (np.where(possible, gain, 0.0), np.where(possible, d_p, 0.0),
                np.where(possible, d_q, 0.0))  # fmt: skip

    def move(
        self, y: np.ndarray, x: np.ndarray, p: int, q: int, i: int, j: int, d_p: float, d_q: float
    ) -> tuple:
        """Realise one exchange on ``y`` in place (demands as at the start, ``x``); its row for
        the table of exchanges."""
        start_a, start_b = y[i, p], y[j, q]
        y[i, p] += np.sign(x[j, p] - y[i, p]) * d_p * self.total[p] / self.weight[i, p]
        y[j, q] += np.sign(x[i, q] - y[j, q]) * d_q * self.total[q] / self.weight[j, q]
        return (self.actors[i], self.issues[p], float(start_a), float(y[i, p]),
                self.actors[j], self.issues[q], float(start_b), float(y[j, q]))  # fmt: skip


SIDES = ["actor_a", "issue_a", "start_a", "end_a", "actor_b", "issue_b", "start_b", "end_b"]


def exchange_candidates(table: pd.DataFrame) -> pd.DataFrame:
    """The exchanges open at the start, each on its own, highest gain first: ``gain`` and, for
    each side, its ``actor``, supply ``issue``, ``start`` and ``end`` position (``*_a``, ``*_b``).

    The table is as for :func:`exchange_model`.

    >>> t = pd.DataFrame({"actor": ["A", "A", "B", "B"], "issue": ["p", "q", "p", "q"],
    ...                   "x": [0.0, 0.0, 100.0, 100.0], "salience": [0.2, 0.8, 0.8, 0.2],
    ...                   "capability": [1.0, 1.0, 1.0, 1.0]})
    >>> exchange_candidates(t)[["actor_a", "issue_a", "end_a", "gain"]].values.tolist()
    [['A', 'p', 100.0, 12.0]]
    """
    t = _Table(table)
    gain, d_p, d_q = t.candidates(t.x, t.x, np.zeros(t.shape))
    rows = []
    for p, q, i, j in zip(*np.nonzero(gain), strict=True):
        side = t.move(t.x.copy(), t.x, p, q, i, j, d_p[p, q, i, j], d_q[p, q, i, j])
        rows.append((float(gain[p, q, i, j]), *side))
    found = pd.DataFrame(rows, columns=["gain", *SIDES])
    return found.sort_values("gain", ascending=False, kind="stable").reset_index(drop=True)


def exchange_model(table: pd.DataFrame, *, rounds: int = 10) -> ExchangeRun:
    """Run the equal-gain exchange model.

    Parameters
    ----------
    table
        One row per actor and issue: ``actor``, ``issue``, ``x`` (position on a 0–100 scale),
        ``salience``, ``capability``.
    rounds
        The most rounds to run.

    Returns
    -------
    ExchangeRun

    Examples
    --------
    Two actors on two issues, each caring most about the issue where the other would give way:
    A (saliences 0.2 on p, 0.8 on q) gives p to B, B gives q to A.
    O_p = (0.2·0 + 0.8·100) / 1 = 80 and O_q = 20. A moving all the way to 100 shifts O_p by
    0.2 · 100 = 20 (to 100, B's position); d_q = d_p (0.2 + 0.8) / (0.8 + 0.2) = 20, B's move
    20 / 0.2 = 100. Gain: 0.8 · 20 − 0.2 · 20 = 12 each.

    >>> t = pd.DataFrame({"actor": ["A", "A", "B", "B"], "issue": ["p", "q", "p", "q"],
    ...                   "x": [0.0, 0.0, 100.0, 100.0], "salience": [0.2, 0.8, 0.8, 0.2],
    ...                   "capability": [1.0, 1.0, 1.0, 1.0]})
    >>> run = exchange_model(t, rounds=1)
    >>> run.exchanges[["actor_a", "issue_a", "end_a", "actor_b", "issue_b", "end_b", "gain"]
    ...               ].values.tolist()
    [['A', 'p', 100.0, 'B', 'q', 0.0, 12.0]]
    >>> run.prediction().round(6).to_dict()
    {'p': 100.0, 'q': 0.0}
    """
    t = _Table(table)
    x = t.x
    outcomes = [(0, t.issues[k], v) for k, v in enumerate(t.outcomes(x))]
    done: list[tuple] = []
    stopped, played = "the round limit", 0
    for number in range(1, rounds + 1):
        y = x.copy()
        moved = np.zeros(t.shape)
        step = 0
        alive = None
        while True:
            gain, d_p, d_q = t.candidates(y, x, moved)
            # an exchange not open at the start of the round, or closed since, stays closed
            alive = gain > 0 if alive is None else alive & (gain > 0)
            gain = np.where(alive, gain, 0.0)
            if not gain.any():
                break
            # ties: the first in (p, q, A, B) order, i.e. by issue then actor name
            p, q, i, j = (int(k) for k in np.unravel_index(np.argmax(gain), gain.shape))
            step += 1
            side = t.move(y, x, p, q, i, j, d_p[p, q, i, j], d_q[p, q, i, j])
            moved[i, p], moved[j, q] = np.sign(side[3] - side[2]), np.sign(side[7] - side[6])
            alive[p, q, i, j] = False  # each exchange once a round
            done.append((number, step, float(gain[p, q, i, j]), *side))
        if step == 0:
            stopped = "no exchange left"
            break
        played = number
        outcomes += [(number, t.issues[k], v) for k, v in enumerate(t.outcomes(y))]
        x = x + ((1 - t.s) * SALIENCE_WEIGHT + FIXED_WEIGHT) * (y - x)
    rows, cols = np.nonzero(t.present)
    return ExchangeRun(
        outcomes=pd.DataFrame(outcomes, columns=["round", "issue", "value"]),
        exchanges=pd.DataFrame(done, columns=["round", "step", "gain", *SIDES]),
        positions=pd.DataFrame(
            {
                "actor": [t.actors[r] for r in rows],
                "issue": [t.issues[c] for c in cols],
                "x": x[rows, cols],
            }
        ),
        rounds=played,
        stopped=stopped,
    )
