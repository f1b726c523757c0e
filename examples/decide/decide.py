"""Actor × issue tables of the Decide / exchange-model tradition (position, salience and power on
0–100 issue scales) as a stance spreadsheet, so that `stancegraph forecast` runs on them.

Each actor's position on an issue becomes a position "ISSUE at X" with scale value X, supported
(+1) at the actor's salience; power becomes the actor's capability; the issue keeps its scale.

    python examples/decide/decide.py ../shared/external/decide_climate/cop21_actor_issue.csv --out cop21.csv
    stancegraph import cop21.csv --out cop21.ttl
    stancegraph -d cop21.ttl forecast differentiation

The climate tables in ../shared/external/decide_climate/ are illustrative (see their README).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd


def sheet(table: pd.DataFrame) -> pd.DataFrame:
    """The actor × issue table (``actor, issue, position, salience, power, issue_scale_min,
    issue_scale_max``) as a stance spreadsheet."""
    return pd.DataFrame(
        {
            "actor": table["actor"],
            "position": table["issue"] + " at " + table["position"].map(lambda x: f"{x:g}"),
            "polarity": "1",
            "issue": table["issue"],
            "salience": table["salience"],
            "capability": table["power"],
            "scale_value": table["position"],
            "scale_min": table["issue_scale_min"],
            "scale_max": table["issue_scale_max"],
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", type=Path, help="an actor × issue CSV")
    parser.add_argument("--out", type=Path, required=True, help="the spreadsheet to write")
    options = parser.parse_args()
    sheet(pd.read_csv(options.table)).to_csv(options.out, index=False)
    print(f"{options.out}: written")


if __name__ == "__main__":
    main()
