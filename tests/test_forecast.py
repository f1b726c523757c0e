"""Forecasts on an issue scale: ideal points, the weighted mean and the weighted median, checked
by hand on a small sheet and against an independent pandas computation on the Decide climate
tables (../shared/external/decide_climate; skipped where absent)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

import stancegraph
from stancegraph.errors import InputError
from stancegraph.spreadsheet import csv_to_graph, import_csv

from .conftest import EXTERNAL, write

SHEET = """actor,position,polarity,issue,salience,capability,scale_value,scale_min,scale_max
A,Low,1,Tax,1.0,0.5,0,0,100
A,High,-1,Tax,1.0,,100,,
B,Middle,1,Tax,0.5,1.0,40,,
C,High,1,Tax,1.0,0.25,100,,
"""


@pytest.fixture
def small(tmp_path):
    sheet = write(tmp_path, "s.csv", SHEET)
    out = tmp_path / "s.ttl"
    import_csv(sheet, out)
    return stancegraph.open(out)


def test_ideal_points_and_both_models_by_hand(small):
    # Ideal points: A 0 (its only support), B 40, C 100; weights c·s: A 0.5, B 0.5, C 0.25.
    # Mean = (0.5·0 + 0.5·40 + 0.25·100) / 1.25 = 45 / 1.25 = 36.
    # Median: sorted 0 (0.5), 40 (0.5), 100 (0.25); half of 1.25 is 0.625, reached at 40.
    table = small.forecast("Tax").set_index("model")
    assert table.loc["weighted mean", "value"] == pytest.approx(36.0)
    assert table.loc["weighted median", "value"] == pytest.approx(40.0)
    assert table.loc["weighted mean", "position_label"] == "Middle"  # 40 is nearest 36
    spoilers = [small.label(a) for a in table.loc["weighted mean", "spoilers"]]
    assert spoilers == ["C", "A", "B"]  # |100−36| = 64, |0−36| = 36, |40−36| = 4


def test_a_missing_capability_is_named_not_guessed(tmp_path):
    sheet = write(tmp_path, "s.csv", SHEET.replace("C,High,1,Tax,1.0,0.25,", "C,High,1,Tax,1.0,,"))
    out = tmp_path / "s.ttl"
    import_csv(sheet, out)
    g = stancegraph.open(out)
    table = g.forecast("Tax")
    assert table["value"].isna().all()
    assert [g.label(a) for a in table["missing"].iloc[0]] == ["C"]


def test_no_scale_is_one_clear_line(cli):
    result = cli("forecast")
    assert result.exit_code == 2 and "has a scale value (sg:scaleValue)" in result.stderr


def test_contradicting_facts_are_bad_rows(tmp_path):
    bad = SHEET + "A,Middle,0.5,Tax,1.0,0.9,40,,\n"
    with pytest.raises(InputError, match="capability 0.9 differs from 0.5 given on line 2"):
        csv_to_graph(bad)


DECIDE = EXTERNAL / "decide_climate"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "decide" / "decide.py"


@pytest.mark.slow
@pytest.mark.skipif(not DECIDE.is_dir(), reason="../shared/external/decide_climate is absent")
@pytest.mark.parametrize("name", ["cop21", "copenhagen"])
def test_the_climate_tables_against_pandas(tmp_path, name):
    spec = importlib.util.spec_from_file_location("decide_example", EXAMPLE)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    table = pd.read_csv(DECIDE / f"{name}_actor_issue.csv")
    sheet = tmp_path / "sheet.csv"
    example.sheet(table).to_csv(sheet, index=False)
    out = tmp_path / "g.ttl"
    import_csv(sheet, out)
    g = stancegraph.open(out)
    got = g.forecast()
    got = {(label, model): value for label, model, value in got[["label", "model", "value"]].values}
    for issue, rows in table.groupby("issue"):
        w = rows["power"] * rows["salience"]
        mean = (w * rows["position"]).sum() / w.sum()
        ordered = rows.assign(w=w).sort_values("position", kind="stable")
        median = ordered["position"].iloc[(ordered["w"].cumsum() >= w.sum() / 2).argmax()]
        assert got[(issue, "weighted mean")] == pytest.approx(mean, abs=1e-9), issue
        assert got[(issue, "weighted median")] == pytest.approx(median), issue
    if name == "cop21":  # the values the data's README lists (one decimal)
        assert round(got[("differentiation", "weighted mean")], 1) == 49.3
        assert round(got[("amb2100", "weighted mean")], 1) == 85.7


@pytest.mark.slow
def test_the_report_has_a_forecast_section_where_the_data_allows(small, tmp_path):
    from stancegraph.report import write_report

    write_report(small, tmp_path / "r", quiet=True)
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "## Where the issues may land" in md
    assert "| Tax | weighted mean | 36 | Middle | C, A, B |  |" in md
    assert "| Tax | weighted median | 40 | Middle | C, A |  |" in md  # B sits on it
    # one issue: nothing to exchange, so the exchange model stays at the weighted mean
    assert "| Tax | exchange model | 36 | Middle | C, A, B |  |" in md
    assert (tmp_path / "r" / "figures" / "forecast.png").stat().st_size > 10_000


def test_the_forecast_says_how_sure_its_ideal_points_are(tmp_path):
    # B's ideal point (Middle) now rests on a stance of confidence 0.5, inferred (below 0.8);
    # A's and C's state none (1, explicit). The models themselves do not change.
    sheet = write(tmp_path, "s.csv", SHEET.replace("scale_max\n", "scale_max,confidence,note\n")
                  .replace("0.5,1.0,40,,", "0.5,1.0,40,,,0.5,Implied: B's budget lines suggest it."))  # fmt: skip
    out = tmp_path / "s.ttl"
    import_csv(sheet, out)
    table = stancegraph.open(out).forecast("Tax").set_index("model")
    assert table["confidence"].tolist() == [0.5, 0.5, 0.5]  # the three models
    assert table["inferred"].tolist() == [1, 1, 1]
    assert table.loc["weighted mean", "value"] == pytest.approx(36.0)
