"""Every SPARQL query in docs/queries.md runs on the seed graph and returns what its title says."""

import re
from pathlib import Path

import pandas as pd
import pytest

DOC = Path(__file__).parents[1] / "docs" / "queries.md"
TEXT = DOC.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sparql\n(.*?)```", TEXT, re.S)
PREFIXES, QUERIES = BLOCKS[0], BLOCKS[1:]
TITLES = re.findall(r"^## (.+)$", TEXT, re.M)


def test_every_query_has_a_title():
    assert len(QUERIES) == len(TITLES) == 10


@pytest.mark.parametrize(("title", "query"), list(zip(TITLES, QUERIES, strict=True)), ids=TITLES)
def test_query_runs_and_returns_rows(seed, title, query):
    frame = seed.sparql(PREFIXES + query)
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) > 0, title


def test_answers_match_the_seed(seed):
    by_title = dict(zip(TITLES, QUERIES, strict=True))
    alias = seed.sparql(PREFIXES + by_title["Find an actor by an alias"])
    assert alias["label"].tolist() == ["Volodymyr Zelenskyy"]
    disagree = seed.sparql(PREFIXES + by_title["Positions the parties disagree on"])
    assert "Full restoration of internationally recognised borders" in set(
        disagree["positionLabel"]
    )
    assert "Prisoner exchanges" not in set(disagree["positionLabel"])
    per_issue = seed.sparql(PREFIXES + by_title["Support and opposition counted per issue"])
    assert per_issue["support"].dtype.kind == "i"  # numbers come back as numbers
