"""The UN General Assembly voting record as a stance spreadsheet (issue 10's worked example).

Each roll call is a position (its resolution number and subject, keyed by the roll-call id, so two
votes on one resolution stay two positions); each country's vote a stance: yes +1, abstain 0,
no −1, dated by the vote; the first issue code names its issue. Countries are named as they were
on the day (the source spells Serbia's later votes "Yugoslavia"; the code YU is renamed by date).

    python examples/unvotes/unvotes.py --from 2014 --to 2019 --out unvotes.csv
    stancegraph import unvotes.csv --out unvotes.ttl
    stancegraph load unvotes.ttl --store unvotes-db
    stancegraph --store unvotes-db --as-of 2019-12-31 compare Ukraine Russia

The data: ../shared/external/unvotes/ (Voeten's UNGA votes via the R package ``unvotes``, CC0).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

SOURCE = Path(__file__).resolve().parents[3] / "shared" / "external" / "unvotes"
POLARITY = {"yes": "1", "abstain": "0", "no": "-1"}
ISSUES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
#: The code YU over time: Yugoslavia, then Serbia and Montenegro, then Serbia.
YU_NAMES = [("1000-01-01", "Yugoslavia"), ("2003-02-04", "Serbia and Montenegro"),
            ("2006-06-03", "Serbia")]  # fmt: skip


def read_votes(start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Every country vote of the roll calls held from year ``start`` to ``end`` (inclusive)."""
    votes = pd.read_csv(
        SOURCE / "un_votes_flat.csv.gz", keep_default_na=False, na_values=[""], dtype=str
    )
    year = votes["date"].str.slice(0, 4).astype(int)
    keep = (year >= (start or 0)) & (year <= (end or 9999))
    return votes[keep].reset_index(drop=True)


def country_names(votes: pd.DataFrame) -> pd.Series:
    """The country's name on the day of each vote."""
    names = votes["country"].copy()
    yu = votes["country_code"] == "YU"
    for since, name in YU_NAMES:
        names[yu & (votes["date"] >= since)] = name
    return names


def sheet(votes: pd.DataFrame) -> pd.DataFrame:
    """The votes as a stance spreadsheet (the columns ``stancegraph import`` reads)."""
    subject = votes["short"].fillna("").str.slice(0, 60).str.strip()
    resolution = votes["unres"].fillna("no resolution number")
    code = votes["issue_codes"].fillna("").str.split(";").str[0].str.strip()
    return pd.DataFrame(
        {
            "actor": country_names(votes),
            "position": resolution + " — " + subject + " (roll call " + votes["rcid"] + ")",
            "polarity": votes["vote"].map(POLARITY),
            "issue": code.map(ISSUES).fillna("Other roll calls"),
            "valid_from": votes["date"],
            "source": "https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379",
            "actor_type": "state",
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="start", type=int, default=None, help="first year")
    parser.add_argument("--to", dest="end", type=int, default=None, help="last year")
    parser.add_argument("--out", type=Path, required=True, help="the spreadsheet to write")
    options = parser.parse_args()
    table = sheet(read_votes(options.start, options.end))
    table.to_csv(options.out, index=False)
    print(f"{options.out}: {len(table):,} votes")


if __name__ == "__main__":
    main()
