"""Evidence strength, derived opposition, red lines, --min-confidence and robustness, on the
river fixture (tests/fixtures/river.ttl). Every number is worked out by hand in the comments."""

from __future__ import annotations

import json

import pytest

import stancegraph
from stancegraph.errors import InputError

from .conftest import EX, PREFIXES, RIVER, write


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_derived_opposition_follows_incompatible_positions(river):
    d = river.deal_stances()
    derived = d[d["derived"]].set_index(["actor", "position"])
    # EqualShare is incompatible with UpstreamPriority. Eastmark supports upstream priority
    # (+1, salience 1, s13) and is silent on the equal share: x = -1. Carpathia leans to the
    # equal share (+0.5, confidence 0.5, s09): x = -0.5 on upstream priority. Ana (+1, s15): -1.
    # Aland has its own stance on both; Borduria supports neither: nothing derived for them.
    assert sorted(derived.index) == [
        (EX + "Ana", EX + "UpstreamPriority"),
        (EX + "Carpathia", EX + "UpstreamPriority"),
        (EX + "Eastmark", EX + "EqualShare"),
    ]
    east = derived.loc[(EX + "Eastmark", EX + "EqualShare")]
    assert (east["polarity"], east["salience"], east["confidence"]) == (-1.0, 1.0, 1.0)
    assert east["derived_from"] == EX + "s13"
    carp = derived.loc[(EX + "Carpathia", EX + "UpstreamPriority")]
    assert (carp["polarity"], carp["confidence"], carp["explicit"]) == (-0.5, 0.5, False)
    assert carp["derived_from"] == EX + "s09"


def test_derived_stances_stay_out_of_what_actors_said(river, cli):
    said = river.stance_table()
    assert said[(said["actor"] == EX + "Eastmark") & (said["position"] == EX + "EqualShare")].empty
    opposes = as_json(cli("who-opposes", "equal share", "-f", "json"))
    assert [r["actor"] for r in opposes] == [EX + "Borduria"]
    # Alignment uses own stances only: Eastmark and Carpathia share no position today.
    assert river.compare("Eastmark", "Carpathia")["overlap"] == 0


def test_red_lines_reject_whatever_the_utility(river):
    v = river.scenarios().set_index(["scenario", "actor"])
    borduria = v.loc[(EX + "Compromise", EX + "Borduria")]
    # U = (0.8*-0.5 + 1*0.5) / 1.8 = 0.0556 > 0, but s05 carries sg:redLine true.
    assert borduria["utility"] == pytest.approx(0.1 / 1.8)
    assert borduria["verdict"] == "reject"
    assert borduria["red_lines"] == borduria["dealbreakers"] == [EX + "EqualShare"]
    # Eastmark: only the derived -1 (salience 1) on the equal share: a red line by the numbers.
    east = v.loc[(EX + "Compromise", EX + "Eastmark")]
    assert (east["utility"], east["verdict"], east["derived"]) == (
        -1.0,
        "reject",
        [EX + "EqualShare"],
    )
    assert (east["covered"], east["included"]) == (1, 2)
    # Aland opposes the dam at -1 but salience 0.5: no red line; U = -0.1/0.9 decides.
    aland = v.loc[(EX + "DamDeal", EX + "Aland")]
    assert aland["red_lines"] == [] and aland["verdict"] == "reject"


def test_blocking_evidence_names_what_a_derived_stance_rests_on(cli):
    rows = as_json(
        cli("blocking", "--veto", "Eastmark", "--veto", "Aland", "--evidence", "-f", "json")
    )
    water = next(r for r in rows if r["label"] == "Water quota")
    # Equal share: Eastmark's derived -1 (weight 1); upstream priority: Aland's -1 (weight 1).
    assert water["severity"] == 1.0 and water["blockers"] == [EX + "Aland", EX + "Eastmark"]
    east = next(e for e in water["evidence"] if e["actor"] == EX + "Eastmark")
    assert east["derived"] is True and east["derived_from"] == EX + "s13"
    assert east["derived_from_position"] == EX + "UpstreamPriority"
    assert east["quote"] == "Eastmark backs upstream priority."
    assert set(east) >= {"confidence", "explicit", "note", "stance"}


def test_min_confidence_drops_weaker_stances_everywhere(cli, river):
    # Borduria's 2023 acceptance of the commission (s08) is inferred at 0.6: without it, its
    # current stance is the 2020 refusal (s07, -1).
    supports = as_json(cli("--min-confidence", "0.8", "who-supports", "JRC", "-f", "json"))
    assert [r["label"] for r in supports] == ["Carpathia", "Delta NGO", "Aland"]
    opposes = as_json(cli("--min-confidence", "0.8", "who-opposes", "JRC", "-f", "json"))
    assert [(r["label"], r["polarity"], r["confidence"]) for r in opposes] == [
        ("Borduria", -1.0, 1.0)
    ]
    ground = as_json(cli("--min-confidence", "0.8", "common-ground", "-f", "json"))
    assert ground == []
    strict = river.with_min_confidence(0.8)
    assert EX + "s09" not in set(strict.snapshot().stances["stance"])
    assert len(strict.snapshot().stances) == len(river.snapshot().stances) - 1
    assert river.min_confidence is None


@pytest.mark.parametrize("value", ["1.5", "-0.1", "nan"])
def test_min_confidence_out_of_range_is_one_line_and_exit_2(cli, value):
    result = cli("--min-confidence", value, "actors")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --min-confidence") and result.stderr.count("\n") == 1


def test_api_rejects_a_bad_date_and_confidence_with_the_library_error():
    with pytest.raises(InputError, match="as_of 'yesterday' is not a date"):
        stancegraph.open(RIVER, as_of="yesterday")
    with pytest.raises(InputError, match="use a number from 0 to 1"):
        stancegraph.open(RIVER).with_min_confidence(2)


def test_robustness_on_the_river(cli):
    rows = as_json(cli("robustness", "-f", "json"))
    # 2 blocking issues, 1 consensus, 2 scenarios x 2 veto players, 1 broker, 7 actors.
    assert [r["kind"] for r in rows].count("coalition") == 7 and len(rows) == 15
    failing = {
        (r["kind"], r["subject"], r["context"]): r["rests_on"] for r in rows if not r["holds"]
    }
    # On explicit stances Borduria's current stance on the commission is s07 (-1): the commission
    # is no longer consensus, and its dam-deal verdict (1*1 + 1*0.5)/2 = 0.75 becomes
    # (1*1 + 1*-1)/2 = 0 (indifferent). Everything else holds.
    assert failing == {
        ("consensus", EX + "JointCommission", None): [EX + "s08"],
        ("verdict", EX + "DamDeal", EX + "Borduria"): [EX + "s08"],
    }
    dam = next(
        r
        for r in rows
        if r["kind"] == "verdict"
        and r["subject"] == EX + "DamDeal"
        and r["context"] == EX + "Borduria"
    )
    assert dam["finding"] == "Borduria: accept Dam deal"


def test_answers_carry_confidence_explicit_and_note(cli):
    keys = {
        "actor",
        "label",
        "polarity",
        "salience",
        "confidence",
        "explicit",
        "note",
        "quote",
        "source",
    }
    rows = as_json(cli("who-supports", "equal share", "-f", "json"))
    assert all(set(r) == keys for r in rows)
    carpathia = next(r for r in rows if r["label"] == "Carpathia")
    assert carpathia["explicit"] is False and carpathia["note"].startswith("Implied:")
    stances = as_json(cli("stances", "Borduria", "-f", "json"))
    assert {"confidence", "explicit", "note"} <= set(stances[0])
    evidence = as_json(cli("evidence", "Borduria", "JRC", "-f", "json"))
    assert sorted((e["polarity"], e["confidence"], e["explicit"]) for e in evidence) == [
        (-1.0, 1.0, True),
        (0.5, 0.6, False),
    ]
    verdicts = as_json(cli("scenarios", "-f", "json"))
    assert {"red_lines", "covered", "included", "derived", "confidence", "explicit"} <= set(
        verdicts[0]
    )


def test_polarization_labels_its_partition_and_scores_the_camps(cli):
    result = as_json(cli("polarization", "-f", "json"))
    assert result["groups_are"].startswith("DNA's maximising partition")
    assert result["camps"] == [
        [EX + "Aland", EX + "Ana", EX + "Carpathia", EX + "DeltaNGO"],
        [EX + "Borduria", EX + "Eastmark"],
    ]


def test_coalitions_name_the_actors_in_no_coalition(cli):
    result = as_json(cli("coalitions", "-f", "json"))
    assert result["in_no_coalition"] == [EX + "RiverCommission"]


def test_shapes_require_an_implied_note_below_explicit_confidence(cli, tmp_path):
    data = write(
        tmp_path,
        "c.ttl",
        PREFIXES
        + """
ex:a a sg:State . ex:i a sg:Issue . ex:p a sg:Position ; sg:onIssue ex:i .
ex:s1 a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ; sg:confidence 0.5 ;
    sg:evidence [ sg:quote "q" ] .
ex:s2 a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ; sg:confidence 0.5 ;
    sg:note "Implied: by q" ; sg:evidence [ sg:quote "q" ] .
ex:s3 a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ; sg:evidence [ sg:quote "q" ] .
""",
    )
    result = cli("validate", str(data), "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(r["focus"], r["severity"]) for r in report["results"]] == [("ex:s1", "Violation")]
    assert "Implied" in report["results"][0]["message"]


def test_validate_checks_quotes_against_the_source_text(cli, tmp_path):
    (tmp_path / "memo.txt").write_text("Aland demands an equal share. Borduria objects.", "utf-8")
    data = write(
        tmp_path,
        "q.ttl",
        PREFIXES
        + """
@prefix schema: <https://schema.org/> .
ex:memo a sg:Source ; schema:url "file:memo.txt" .
ex:note a sg:Source ; sg:text "Borduria objects." .
ex:a a sg:State . ex:i a sg:Issue . ex:p a sg:Position ; sg:onIssue ex:i .
ex:good a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ;
    sg:evidence [ sg:quote "Aland demands an equal share." ; sg:offset 0 ; sg:source ex:memo ] .
ex:moved a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ;
    sg:evidence [ sg:quote "Borduria objects." ; sg:offset 5 ; sg:source ex:memo ] .
ex:made a sg:Stance ; sg:actor ex:a ; sg:position ex:p ; sg:polarity 1 ;
    sg:evidence [ sg:quote "Borduria agrees." ; sg:source ex:note ] .
""",
    )
    result = cli("validate", str(data), "-f", "json")
    assert result.exit_code == 1
    found = {(r["focus"], r["path"]) for r in json.loads(result.stdout)["results"]}
    # "Borduria objects." starts at 30 in memo.txt, not 5; "Borduria agrees." is in no text.
    assert found == {("ex:moved", "sg:offset"), ("ex:made", "sg:quote")}
    table = cli("validate", str(data)).stdout
    assert "3 quote(s) checked against their source text" in table


def test_import_carries_note_and_red_line_and_export_keeps_them(cli, tmp_path):
    sheet = write(
        tmp_path,
        "s.csv",
        "actor,position,polarity,confidence,note,red_line,quote\n"
        'Aland,Equal share,oppose,0.5,"Implied: from the memo",yes,"Aland said so"\n'
        "Borduria,Equal share,support,,,no,\n",
    )
    out = tmp_path / "s.ttl"
    assert cli("import", str(sheet), "--out", str(out), data=None).exit_code == 0
    g = stancegraph.open(out)
    table = g.snapshot().stances.set_index("actor")
    aland = table.loc["https://w3id.org/stancegraph/id/Aland"]
    assert (aland["confidence"], aland["note"], aland["red_line"]) == (
        0.5,
        "Implied: from the memo",
        True,
    )
    assert not table.loc["https://w3id.org/stancegraph/id/Borduria", "red_line"]
    exported = tmp_path / "e.csv"
    assert cli("export", "csv", "--out", str(exported), data=str(out)).exit_code == 0
    header = exported.read_text("utf-8").splitlines()[0].split(",")
    assert {"confidence", "note", "red_line", "explicit"} <= set(header)
    bad = write(tmp_path, "b.csv", "actor,position,polarity,red_line\nA,P,1,maybe\n")
    result = cli("import", str(bad), "--out", str(tmp_path / "b.ttl"), data=None)
    assert result.exit_code == 2 and "red_line 'maybe'" in result.stderr


def test_compare_names_the_shared_positions_that_rest_on_inferred_stances(cli):
    result = as_json(cli("compare", "Aland", "Carpathia", "-f", "json"))
    # Shared: equal share (1 vs 0.5, Carpathia's s09 inferred at 0.5), commission (1 vs 1):
    # IA = 1 - (0.5/2 + 0)/2 = 0.875, S = 0.75.
    assert result["sscore"] == 0.75 and result["overlap"] == 2
    assert result["inferred"] == [EX + "EqualShare"]


def test_align_counts_the_shared_positions_explicit_on_both_sides(cli):
    rows = as_json(cli("align", "-f", "json"))
    pair = {(r["label_a"], r["label_b"]): (r["overlap"], r["explicit_overlap"]) for r in rows}
    # Aland-Borduria share equal share, dam and commission; Borduria's current commission stance
    # (s08) is inferred. Aland-Carpathia share equal share (Carpathia's s09 inferred) and commission.
    assert pair[("Aland", "Borduria")] == (3, 2)
    assert pair[("Aland", "Carpathia")] == (2, 1)
    assert pair[("Aland", "Delta NGO")] == (2, 2)


def test_the_report_marks_the_key_findings_that_rest_on_inferred_stances(river, tmp_path):
    from stancegraph.report import write_report

    md = (write_report(river, tmp_path / "r", quiet=True).parent / "report.md").read_text("utf-8")
    # On explicit stances the commission is no longer consensus (Borduria's s08 drops out);
    # both blocking issues and the broker hold (see test_robustness_on_the_river).
    assert "**Joint river commission** (rests on inferred stances)" in md
    assert "**Dam** (severity 0.50, blocked by Aland)" in md
    assert (
        "Strongest broker: **Carpathia** (acceptable to every side at +0.62; betweenness 1.00)."
        in md
    )
    assert "13 of 15 findings hold on explicit evidence alone" in md


def test_robustness_reuses_the_findings_when_every_stance_is_explicit(river, monkeypatch):
    # Seen through its explicit stances only, the river is a graph in which no stance is below
    # 0.8: the explicit view is the graph itself, so robustness computes its findings once and
    # every finding holds; on the river itself the explicit view is a second graph.
    explicit = river.with_min_confidence(0.8)
    calls = []
    original = type(river).with_min_confidence

    def counted(self, floor):
        calls.append(floor)
        return original(self, floor)

    monkeypatch.setattr(type(river), "with_min_confidence", counted)
    table = explicit.robustness()
    assert calls == [] and table["holds"].all() and len(table) > 0
    assert not river.robustness()["holds"].all() and calls == [0.8]


def test_polarization_is_computed_once_per_view(river):
    assert river.polarization() is river.polarization()
    assert river.polarization(k=3) is not river.polarization()
