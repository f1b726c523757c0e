"""The interactive relationship diagram: one self-contained HTML file (Cytoscape.js, vendored with
its licence, embedded in the page; no network), with the evidence behind every tie and stance.

Pan, zoom and drag; hover an actor for its stances (with confidence and quote) or a tie for its
kind, sign and quote; click a position to see who supports and who opposes it; filter by issue,
tie kind and minimum confidence; search names and aliases; an as-of slider when stances carry
dates. :func:`diagram_data` composes the plain data, :func:`diagram_html` writes the page."""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._lazy import lazy
from ..io import write_atomic
from ..vocab import local_name
from ._style import COALITION_COLOURS, NEGATIVE, POSITIVE
from .network import DEFAULT_MIN_TIE, UNALIGNED, layout

if TYPE_CHECKING:
    import networkx as nx
else:  # imported on first use (stancegraph._lazy)
    nx = lazy("networkx")

if TYPE_CHECKING:
    from ..model import Snapshot

MAX_ALIGNMENT_PER_ACTOR = 2
SHAPES = {
    "State": "ellipse",
    "InternationalOrganization": "round-rectangle",
    "Person": "triangle",
    "Group": "diamond",
}


def _day(value: Any) -> str | None:
    return value.date().isoformat() if isinstance(value, pd.Timestamp) and pd.notna(value) else None


def diagram_data(
    snap: Snapshot,
    network: nx.Graph,
    coalitions: list[list[str]],
    mediators: list[str],
    records: pd.DataFrame,
    aliases: dict[str, list[str]],
    tie_quotes: dict[str, str],
    min_tie: float = DEFAULT_MIN_TIE,
) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data: ``actors`` (with position on the canvas,
    coalition, type, size, aliases), ``edges`` (explicit ties with kind, sign, weight, quote;
    alignment with S-score and overlap where |S| >= ``min_tie``), ``positions`` (with issue),
    ``issues``, ``stances`` (every record of the actors drawn: actor, position, polarity,
    salience, confidence, validity, quote) and ``as_of``; the positions and issues are those
    the actors drawn took a stance on."""
    member = {a: k for k, grp in enumerate(coalitions) for a in grp}
    pos = layout(network, coalitions, mediators)
    scale = 260.0
    actors = []
    capability = snap.actors.set_index("actor")["capability"]
    types = dict(zip(snap.actors["actor"], snap.actors["type"], strict=True))
    for node in network.nodes:
        x, y = pos[node]
        cap = capability.get(node)
        kind = local_name(str(types.get(node))) if isinstance(types.get(node), str) else "Actor"
        actors.append(
            {
                "id": node,
                "label": snap.label(node),
                "aliases": [a for a in aliases.get(node, []) if a != snap.label(node)],
                "type": kind,
                "shape": SHAPES.get(kind, "hexagon"),
                "coalition": member[node] + 1 if node in member else 0,
                "colour": COALITION_COLOURS[member[node] % 8] if node in member else UNALIGNED,
                "mediator": node in mediators,
                "size": 22 + 26 * (float(cap) if cap is not None and pd.notna(cap) else 0.5),
                "x": round(float(x) * scale, 1),
                "y": round(float(-y) * scale, 1),
            }
        )
    ties = snap.relationships[["relationship", "from", "to", "kind", "sign", "weight"]]
    edges = []
    for k, (tie, a, b, kind, sign, weight) in enumerate(ties.itertuples(index=False, name=None)):
        if a not in network or b not in network:
            continue
        edges.append(
            {
                "id": f"t{k}",
                "source": a,
                "target": b,
                "kind": local_name(str(kind)) if isinstance(kind, str) else "Tie",
                "sign": int(np.sign(sign) or 1),
                "weight": float(weight),
                "quote": tie_quotes.get(tie, ""),
                "explicit": True,
                "inside": False,
            }
        )
    # Alignment edges: the strongest (|S| × shared positions) MAX_ALIGNMENT_PER_ACTOR per actor
    # in all, so a large graph stays a readable, fluid page; explicit ties are all kept.
    candidates = sorted(
        (
            (abs(float(d.get("sscore", 0.0))) * int(d.get("overlap", 0)), str(u), str(v), d)
            for u, v, d in network.edges(data=True)
            if abs(float(d.get("sscore", 0.0))) >= min_tie and int(d.get("overlap", 0)) > 0
        ),
        reverse=True,
    )
    aligned = candidates[: max(200, MAX_ALIGNMENT_PER_ACTOR * network.number_of_nodes())]
    for _, u, v, data in aligned:
        s = float(data.get("sscore", 0.0))
        edges.append(
            {
                "id": f"a{len(edges)}",
                "source": u,
                "target": v,
                "kind": "alignment",
                "sign": 1 if s > 0 else -1,
                "weight": s,
                "overlap": int(data.get("overlap", 0)),
                "quote": "",
                "explicit": False,
                # Agreement inside a coalition: hidden until asked for, as in the figure.
                "inside": s > 0 and u in member and member.get(u) == member.get(v),
            }
        )
    # The records, positions and issues of the actors drawn only: the whole UN record made a
    # 46 MB page for the 40 actors it shows.
    records = records[records["actor"].isin(set(network.nodes))]
    on = snap.positions[snap.positions["position"].isin(set(records["position"]))]
    positions = [
        {"id": p, "label": lbl, "issue": i if isinstance(i, str) else ""}
        for p, lbl, i in on[["position", "label", "issue"]].itertuples(index=False)
    ]
    issues = sorted({(i, snap.label(i)) for i in on["issue"].dropna()}, key=lambda t: t[1])
    stances = [
        {
            "actor": r.actor,
            "position": r.position,
            "polarity": float(r.polarity),
            "salience": float(r.salience),
            "confidence": float(r.confidence),
            "from": _day(r.valid_from),
            "until": _day(r.valid_until),
            "quote": r.quote if isinstance(r.quote, str) else "",
            "note": r.note if isinstance(r.note, str) else "",
        }
        for r in records.itertuples(index=False)
    ]
    dated = any(s["from"] or s["until"] for s in stances)
    return {
        "actors": actors,
        "edges": edges,
        "positions": positions,
        "issues": [{"id": i, "label": lbl} for i, lbl in issues],
        "stances": stances,
        "as_of": snap.as_of.isoformat(),
        "dated": dated,
        "colours": {"positive": POSITIVE, "negative": NEGATIVE},
        "min_tie": min_tie,
        "alignment_shown": len(aligned),
        "alignment_total": len(candidates),
    }


def _resource(name: str) -> str:
    return (resources.files("stancegraph") / "resources" / name).read_text(encoding="utf-8")


def diagram_html(data: dict[str, Any], title: str) -> str:
    """The page: the template with the data and Cytoscape.js inlined (``</`` escaped so no
    text in the data can close the script element)."""
    values = {
        "TITLE": html.escape(title),
        "LIBRARY": _resource("vendor/cytoscape.min.js").replace("</script", "<\\/script"),
        "DATA": json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
    }
    # One pass, so a value that happens to contain a placeholder is never expanded.
    return re.sub(
        r"\{\{(TITLE|LIBRARY|DATA)\}\}", lambda m: values[m.group(1)], _resource("diagram.html")
    )


class Diagram:
    """An interactive diagram: shown inline in a notebook (``_repr_html_``: a sandboxed iframe
    holding the page), saved with :meth:`save`, or read as ``html``."""

    def __init__(self, page: str, height: int = 640) -> None:
        self.html = page
        self.height = height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="width:100%;'
            f'height:{self.height}px;border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
        )

    def save(self, out: str | Path) -> Path:
        """Write the page to ``out`` (atomically)."""
        return write_atomic(Path(out), self.html)
