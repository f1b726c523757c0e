"""The analyses of a negotiation graph, as methods that share one snapshot and one memo:
alignment, the signed actor graph, coalitions, polarization, the deal (blocking issues, common
ground, brokers, scenarios) and robustness. Each calls a pure function of
:mod:`stancegraph.analysis` on the snapshot's tables."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._lazy import lazy
from .analysis import alignment as _alignment
from .analysis import blocking as _blocking
from .analysis import brokers as _brokers
from .analysis import coalitions as _coalitions
from .analysis import dna as _dna
from .analysis import pairs as _pairs
from .analysis import polarization as _polarization
from .analysis import robustness as _robustness
from .analysis import scenarios as _scenarios
from .analysis import signed as _signing
from .analysis.derived import deal_stances
from .checks import check_range
from .definitions import DEFAULT_THRESHOLD, EXPLICIT_CONFIDENCE
from .errors import InputError
from .model import bipartite_graph
from .questions import Questions
from .vocab import shorten

if TYPE_CHECKING:
    import networkx as nx
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")

ALIGN_METHODS = ("sscore", "agreement", "cosine", "congruence", "conflict", "subtract", "ignore")


class Analyses(Questions):
    """The questions of :class:`~stancegraph.questions.Questions` plus every analysis."""

    def _labelled(self, frame: pd.DataFrame, column: str) -> pd.DataFrame:
        """``frame`` with a ``label`` column right after ``column``."""
        frame = frame.copy()
        at = (
            list(frame.columns).index(column) + 1 if column in frame.columns else len(frame.columns)
        )
        labels = frame[column].map(self.label) if len(frame) else pd.Series(dtype=object)
        frame.insert(at, "label", labels)
        return frame

    def deal_stances(self) -> pd.DataFrame:
        """The stances the deal analyses use: current stances plus derived opposition (DESIGN
        §4), with ``derived`` and ``derived_from`` (the stance a derived one rests on)."""
        snap = self.snapshot()
        return self._cached("deal", lambda: deal_stances(snap.stances, snap.incompatible))

    # ------------------------------------------------------------------ alignment
    def alignment_matrix(
        self, method: str = "sscore", *, weighted: bool = False
    ) -> _alignment.Alignment:
        """The actor x actor alignment (``values``, ``overlap``) by ``method``."""
        snap = self.snapshot()
        actors = snap.actors["actor"].tolist()
        return self._cached(
            "alignment",
            lambda: _alignment.alignment_matrix(
                snap.stances, method, weighted=weighted, actors=actors
            ),
            method,
            weighted,
        )

    def alignment_pairs(
        self,
        method: str = "sscore",
        normalize: str = "no",
        *,
        weighted: bool = False,
        top: int | None = None,
        min_overlap: int = 0,
        order: str = "strongest",
    ) -> pd.DataFrame:
        """One row per unordered pair of actors: ``actor_a``, ``actor_b``, ``value``, ``overlap``
        and ``explicit_overlap`` (the shared positions on which both stances are explicit; labels
        in ``label_a``/``label_b``); pairs without overlap have a null value. ``min_overlap``
        keeps pairs sharing at least that many positions; ``top`` the ``top`` first of them by
        ``order`` (``strongest``: |value|; ``highest``/``lowest``: value; then overlap) — all
        pairs of 5,000 actors are 12.5M rows."""
        check_range(top, 1, 10**9, "top", integer=True)
        check_range(min_overlap, 0, 10**9, "min_overlap", integer=True)
        source = self._pair_source(method, normalize, weighted)
        i, j = _pairs.select_pairs(source, top, min_overlap, order=order)
        return self._pair_rows(source)(i, j)

    def _pair_rows(
        self, source: _alignment.Alignment | _pairs.OtherValues
    ) -> Callable[[np.ndarray, np.ndarray], pd.DataFrame]:
        """The rows of the pairs (``i``, ``j``) of ``source``; the names, labels and explicit
        stances are looked up once, for every block of a listing that streams."""
        actors = source.actors
        names = np.asarray(actors, dtype=object)
        labels = self._labels(actors)
        E = _alignment.explicit_mask(self.snapshot().stances, actors)

        def rows(i: np.ndarray, j: np.ndarray) -> pd.DataFrame:
            value, overlap = source.take(i, j)
            return pd.DataFrame(
                {
                    "actor_a": names[i],
                    "label_a": labels[i],
                    "actor_b": names[j],
                    "label_b": labels[j],
                    "value": value,
                    "overlap": overlap.astype(int),
                    "explicit_overlap": _alignment.explicit_overlap(E, i, j),
                }
            )

        return rows

    def _labels(self, nodes: list[str]) -> np.ndarray:
        """The labels of ``nodes`` as an array to index by position: pair lists label millions
        of rows from a few thousand names."""
        label = self.snapshot().label
        return np.asarray([label(n) for n in nodes], dtype=object)

    def iter_alignment_pairs(
        self,
        method: str = "sscore",
        normalize: str = "no",
        *,
        weighted: bool = False,
        min_overlap: int = 0,
        block: int = 500,
    ) -> Iterator[pd.DataFrame]:
        """Every pair of :meth:`alignment_pairs`, ``block`` rows of the matrix at a time: the
        whole list of a large graph streams out without ever being held at once."""
        source = self._pair_source(method, normalize, weighted)
        pair_rows = self._pair_rows(source)
        n = len(source.actors)
        for start in range(0, n, block):
            rows = np.arange(start, min(start + block, n))
            _, overlap = source.block(rows)
            i, j = np.nonzero(np.triu(overlap >= min_overlap, k=start + 1))
            yield pair_rows(rows[i], j)

    def pair_count(self) -> int:
        """How many unordered pairs of actors there are."""
        n = len(self.snapshot().actors)
        return n * (n - 1) // 2

    def _pair_source(
        self, method: str, normalize: str, weighted: bool
    ) -> _alignment.Alignment | _pairs.OtherValues:
        if method not in ALIGN_METHODS:
            raise InputError(f"unknown method {method!r}; use one of {', '.join(ALIGN_METHODS)}")
        snap = self.snapshot()
        actors = snap.actors["actor"].tolist()
        if method in _alignment.METHODS:
            if normalize != "no":
                raise InputError(
                    f"normalize {normalize!r} applies to the DNA methods (congruence, conflict, "
                    f"subtract, ignore), not to {method}; leave it at 'no'"
                )
            return self.alignment_matrix(method, weighted=weighted)
        network = _dna.one_mode(snap.records, method, normalize, actors=actors)
        # Overlap stays the number of shared positions (current stances), as for S-scores.
        return _pairs.OtherValues(network.values, self.alignment_matrix())

    def compare(self, actor_a: str, actor_b: str, *, weighted: bool = False) -> dict[str, object]:
        """Where two actors agree and disagree, their S-score, and the shared positions whose
        comparison rests on an inferred stance (``inferred``)."""
        a, b = self.resolve(actor_a, "actor"), self.resolve(actor_b, "actor")
        if a == b:
            raise InputError(
                f"compare needs two different actors; both names resolve to {shorten(a)}"
            )
        stances = self.snapshot().stances
        result = _alignment.compare(stances, a, b, weighted=weighted).as_dict()
        result["label_a"], result["label_b"] = self.label(a), self.label(b)
        shared = set(result["agree"]) | set(result["disagree"])  # type: ignore[call-overload]
        pair = stances[stances["actor"].isin([a, b]) & stances["position"].isin(shared)]
        result["inferred"] = sorted(set(pair.loc[~pair["explicit"], "position"]))
        return result

    def discourse_network(self, kind: str = "congruence", normalize: str = "no") -> _dna.Network:
        """DNA's one-mode actor network over the stance records in force."""
        snap = self.snapshot()
        return _dna.one_mode(snap.records, kind, normalize, actors=snap.actors["actor"].tolist())

    def two_mode(self, kind: str = "ignore") -> _dna.Network:
        """DNA's two-mode actor x position network."""
        snap = self.snapshot()
        return _dna.two_mode(snap.records, kind, actors=snap.actors["actor"].tolist())

    # ------------------------------------------------------------------ graphs and groups
    def signed_graph(self, threshold: float = DEFAULT_THRESHOLD) -> nx.Graph:
        """Signed actor graph: S-score edges with |S| >= threshold plus explicit ties (a copy the
        caller may change)."""
        return self._signed(threshold).copy()

    def _signed(self, threshold: float) -> nx.Graph:
        """The cached signed graph, for the analyses here that only read it."""
        snap = self.snapshot()

        def build() -> nx.Graph:
            G = self._signed_matrix(threshold).graph()
            nx.set_node_attributes(G, {n: snap.label(n) for n in G.nodes}, "label")
            return G

        return self._cached("signed", build, threshold)

    def _signed_matrix(self, threshold: float) -> _signing.SignedMatrix:
        """The cached signed graph as a sparse matrix: what coalitions and brokers read."""
        check_range(threshold, 0.0, 1.0, "threshold")
        snap = self.snapshot()
        return self._cached(
            "signed matrix",
            lambda: _signing.signed_matrix(
                self.alignment_matrix(), snap.relationships, threshold,
                actors=snap.actors["actor"].tolist(),
            ),
            threshold,
        )  # fmt: skip

    def bipartite_graph(self) -> nx.Graph:
        """The actor–position graph of current stances."""
        return bipartite_graph(self.snapshot())

    def coalitions(self, threshold: float = DEFAULT_THRESHOLD) -> _coalitions.Coalitions:
        """The minimum-frustration partition of the signed actor graph."""
        return self._cached(
            "coalitions",
            lambda: _coalitions.partition(self._signed_matrix(threshold)),
            threshold,
        )

    def polarization(
        self, k: int = 2, threshold: float = DEFAULT_THRESHOLD
    ) -> _polarization.Polarization:
        """DNA's polarization score and its maximising partition, plus the score of the
        coalitions' partition (``camp_score``, ``camps``: the coalitions with more than one
        member), so the camps are read from one place."""
        snap = self.snapshot()
        active = sorted(snap.records["actor"].unique())
        check_range(k, 2, max(2, len(active)), "k (the number of groups)", integer=True)
        camps = [grp for grp in self.coalitions(threshold).coalitions if len(grp) > 1]
        return self._cached(
            "polarization",
            lambda: _polarization.polarization(snap.records, k=k, actors=active, camps=camps),
            k,
            threshold,
        )

    # ------------------------------------------------------------------ the deal
    def blocking(self, *, evidence: bool = False) -> pd.DataFrame:
        """Blocking issues (DESIGN §4) over current and derived stances; with ``evidence``, an
        ``evidence`` column lists every opposing stance with its quote, ``confidence``,
        ``explicit``, ``note`` and, for a derived stance, ``derived_from``."""
        snap = self.snapshot()
        table = _blocking.blocking_issues(self.deal_stances(), snap.positions, snap.veto)
        table = self._labelled(table, "issue")
        if evidence:
            # Quotes and notes by stance IRI, built once for every opposing stance.
            quotes = snap.evidence.drop_duplicates("stance").set_index("stance")["quote"]
            notes = snap.stances.dropna(subset=["stance"]).set_index("stance")["note"]
            table["evidence"] = [
                [_blocking.with_quote(o, quotes, notes) for o in opposition]
                for opposition in table["opposition"]
            ]
        return table

    def common_ground(self) -> pd.DataFrame:
        """Consensus and agreeable positions among the veto players (over current and derived
        stances), with the lowest ``confidence`` of the veto players' support."""
        snap = self.snapshot()
        table = _blocking.common_ground(self.deal_stances(), snap.positions, snap.veto)
        return self._labelled(table, "position")

    def brokers(self, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
        """Actors every veto player can accept as mediators, best first."""
        snap = self.snapshot()
        table = self._cached(
            "brokers",
            lambda: _brokers.brokers(
                self.alignment_matrix(),
                snap.relationships,
                snap.veto,
                self._signed_matrix(threshold),
            ),
            threshold,
        )
        return self._labelled(table, "actor")

    def scenarios(self) -> pd.DataFrame:
        """Every actor's utility and verdict on every scenario, over current and derived
        stances, red lines first (DESIGN §4)."""
        snap = self.snapshot()
        table = self._labelled(self._verdicts(), "scenario")
        table.insert(3, "actor_label", table["actor"].map(snap.label))
        return table

    def _verdicts(self) -> pd.DataFrame:
        snap = self.snapshot()
        return self._cached(
            "verdicts",
            lambda: _scenarios.scenario_verdicts(self.deal_stances(), snap.scenarios, snap.veto),
        )

    def scenario_summary(self) -> pd.DataFrame:
        """One row per scenario: blocked or not, by whom, on what."""
        return self._labelled(_scenarios.scenario_summary(self._verdicts()), "scenario")

    def _findings(self, threshold: float) -> _robustness.Findings:
        snap = self.snapshot()
        brokers = self.brokers(threshold)
        no_scenarios = pd.DataFrame(columns=["scenario", "position"])
        return _robustness.Findings(
            stances=self.deal_stances(),
            blocking=self.blocking(),
            common_ground=self.common_ground(),
            verdicts=self.scenarios(),
            top_broker=str(brokers["actor"].iloc[0]) if len(brokers) else None,
            membership=self.coalitions(threshold).membership(),
            veto=snap.veto,
            positions=snap.positions[["position", "issue"]],
            scenario_positions=snap.scenarios[["scenario", "position"]]
            if not snap.scenarios.empty
            else no_scenarios,
        )

    def robustness(self, threshold: float = DEFAULT_THRESHOLD) -> pd.DataFrame:
        """Each key finding recomputed on explicit stances only (confidence ≥ 0.8): blocking
        issues and their blockers, consensus positions, the veto players' scenario verdicts, the
        top broker and each actor's coalition. Columns: ``finding`` (a sentence), ``kind``,
        ``subject``, ``context``, ``holds``, ``rests_on`` (the inferred stances it rests on),
        ``claim`` and ``explicit_claim``."""
        floor = max(self.min_confidence or 0.0, EXPLICIT_CONFIDENCE)
        records = self.stance_records()
        # Nothing below the floor: the explicit view is this graph, and its findings are these.
        same = records.empty or bool(records["confidence"].min() >= floor)
        explicit = self if same else self.with_min_confidence(floor)
        table = _robustness.robustness(self._findings(threshold), explicit._findings(threshold))
        sentences = [
            _robustness.finding_sentence(r.kind, r.subject, r.context, r.claim, self.label)
            for r in table.itertuples(index=False)
        ]
        table.insert(0, "finding", sentences)
        return table
