"""The actors and positions of a store as tables: read as scans (``actors.rq``,
``positions.rq``) and joined here, because Oxigraph joins at about 50 µs a row (the single
patterns took 2.8 s and 1.8 s for 20,000 actors and positions)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .queries import run
from .store import Store


def most_specific(types: pd.DataFrame, supers: pd.DataFrame) -> pd.DataFrame:
    """The rows (``actor``, ``type``) whose type is no strict superclass of another type of the
    same actor (``supers``: ``type``, ``super`` for every class and each of its strict
    superclasses).

    >>> t = pd.DataFrame({"actor": ["a", "a", "b"], "type": ["State", "Actor", "Actor"]})
    >>> s = pd.DataFrame({"type": ["State"], "super": ["Actor"]})
    >>> most_specific(t, s).values.tolist()
    [['a', 'State'], ['b', 'Actor']]
    """
    above = types.merge(supers, on="type")
    above = above.loc[above["type"] != above["super"], ["actor", "super"]]
    above = above.rename(columns={"super": "type"}).drop_duplicates()
    marked = types.merge(above, on=["actor", "type"], how="left", indicator=True)
    return marked.loc[marked["_merge"] == "left_only", ["actor", "type"]].reset_index(drop=True)


def actor_table(store: Store, label: Callable[[str], str]) -> pd.DataFrame:
    """Every actor: ``actor``, ``label``, ``type`` (its most specific actor class; the first by
    name when it has several) and ``capability`` (its first), in the order of the labels."""
    rows = run(store, "actors")
    columns = ["actor", "label", "type", "capability"]
    types = rows.dropna(subset=["actor", "type"])[["actor", "type"]].drop_duplicates()
    if types.empty:
        return pd.DataFrame(columns=columns)
    supers = rows.dropna(subset=["type", "super"])[["type", "super"]].drop_duplicates()
    chosen = most_specific(types, supers).sort_values(["actor", "type"])
    out = chosen.drop_duplicates("actor").reset_index(drop=True)
    capability = rows.dropna(subset=["actor", "capability"]).drop_duplicates("actor")
    out["capability"] = out["actor"].map(capability.set_index("actor")["capability"])
    out.insert(1, "label", out["actor"].map(label))
    out = out.sort_values("label", key=lambda s: s.str.casefold(), kind="stable")
    return out[columns].reset_index(drop=True)


def position_table(store: Store, label: Callable[[str], str]) -> pd.DataFrame:
    """Every position: ``position``, ``label`` and ``issue`` (its first; None when on none)."""
    rows = run(store, "positions")
    known = rows.dropna(subset=["position"])
    typed = known[known["issue"].isna()].drop_duplicates("position")[["position"]]
    issues = known.dropna(subset=["issue"]).drop_duplicates("position")
    out = typed.reset_index(drop=True)
    out["issue"] = out["position"].map(issues.set_index("position")["issue"])
    out.insert(1, "label", out["position"].map(label))
    return out[["position", "label", "issue"]]
