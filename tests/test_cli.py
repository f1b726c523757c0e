"""Every command's output on the river fixture (numbers computed by hand in the comments), and
every error path: one line on stderr, exit code 2 (1 for data that does not conform)."""

import json
import subprocess
import sys

import pytest

from stancegraph.cli import app

from .conftest import EX, PREFIXES, RIVER, write

SG = "https://w3id.org/stancegraph/ns#"


def as_json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_actors_with_types_and_roles(cli):
    rows = as_json(cli("actors", "--format", "json"))
    assert [r["label"] for r in rows] == [
        "Aland",
        "Ana Alander",
        "Borduria",
        "Carpathia",
        "Delta NGO",
        "Eastmark",
        "River Commission",
    ]
    aland = rows[0]
    assert aland == {
        "actor": EX + "Aland",
        "label": "Aland",
        "type": SG + "State",
        "roles": [SG + "Party"],
    }
    parties = as_json(cli("actors", "--role", "party", "-f", "json"))
    assert [r["label"] for r in parties] == ["Aland", "Borduria"]


def test_issues_with_positions(cli):
    rows = as_json(cli("issues", "-f", "json"))
    assert [r["label"] for r in rows] == ["Dam", "Monitoring", "Water quota"]
    assert rows[2]["positions"] == [
        {"position": EX + "EqualShare", "label": "Equal share of the river"},
        {"position": EX + "UpstreamPriority", "label": "Upstream priority"},
    ]


def test_who_supports_with_evidence(cli):
    rows = as_json(cli("who-supports", "equal share", "-f", "json"))
    # Aland +1 (s 1), Ana +1 (s 1), Carpathia +0.5
    assert [(r["label"], r["polarity"], r["salience"]) for r in rows] == [
        ("Aland", 1.0, 1.0),
        ("Ana Alander", 1.0, 1.0),
        ("Carpathia", 0.5, 1.0),
    ]
    assert rows[0]["quote"] == "Aland demands an equal share." and rows[0]["source"] == EX + "memo"
    assert set(rows[0]) >= {"actor", "label", "polarity", "salience", "quote", "source"}


def test_who_opposes_and_as_of(cli):
    assert [r["label"] for r in as_json(cli("who-opposes", "JRC", "-f", "json"))] == []
    old = as_json(cli("--as-of", "2022-06-01", "who-opposes", "JRC", "-f", "json"))
    assert [(r["label"], r["polarity"], r["quote"]) for r in old] == [
        ("Borduria", -1.0, "Borduria refused a commission in 2020.")
    ]
    now = as_json(cli("who-supports", "JRC", "-f", "json"))
    assert [r["label"] for r in now] == ["Carpathia", "Delta NGO", "Aland", "Borduria"]
    # Delta's evidence has a source and no quote: the source still shows
    assert (now[1]["quote"], now[1]["source"]) == (None, EX + "memo")


def test_stances_of_an_actor(cli):
    rows = as_json(cli("stances", "Borduria", "-f", "json"))
    assert [(r["label"], r["polarity"]) for r in rows] == [
        ("Build the dam", 1.0),
        ("Joint river commission", 0.5),
        ("Equal share of the river", -0.5),
    ]
    assert rows[0]["issue"] == EX + "Dam"


def test_evidence_lists_every_record(cli):
    rows = as_json(cli("evidence", "Borduria", "JRC", "-f", "json"))
    assert sorted(r["quote"] for r in rows) == [
        "Borduria now accepts a commission.",
        "Borduria refused a commission in 2020.",
    ]
    assert {r["date"] for r in rows} == {"2023-02-01"}


def test_compare(cli):
    result = as_json(cli("compare", "Aland", "Borduria", "-f", "json"))
    # shared: EqualShare (1 vs -0.5), BuildDam (-1 vs 1), JointCommission (1 vs 0.5)
    # IA = 1 - (0.75 + 1 + 0.25)/3 = 1/3, S = -1/3
    assert result["agree"] == [EX + "JointCommission"]
    assert result["disagree"] == [EX + "BuildDam", EX + "EqualShare"]
    assert result["only_a"] == [EX + "UpstreamPriority"] and result["only_b"] == []
    assert result["sscore"] == pytest.approx(-1 / 3) and result["overlap"] == 3
    weighted = as_json(cli("compare", "Aland", "Borduria", "--weighted", "-f", "json"))
    # weights 0.8, 0.5, 0.4: IA = 1 - (0.8*0.75 + 0.5*1 + 0.4*0.25)/1.7
    assert weighted["sscore"] == pytest.approx(2 * (1 - 1.2 / 1.7) - 1)


def test_align_every_method(cli):
    def value(method, a, b, *extra):
        rows = as_json(cli("align", "--method", method, *extra, "-f", "json"))
        (row,) = [r for r in rows if {r["actor_a"], r["actor_b"]} == {EX + a, EX + b}]
        return row["value"], row["overlap"]

    assert value("sscore", "Aland", "Carpathia") == (pytest.approx(0.75), 2)
    assert value("agreement", "Aland", "Carpathia") == (pytest.approx(0.875), 2)
    # cosine over all positions: Aland (1,-1,-1,1), Carpathia (0.5,0,0,1): 1.5 / (2 * sqrt(1.25))
    assert value("cosine", "Aland", "Carpathia")[0] == pytest.approx(1.5 / (2 * 1.25**0.5))
    assert value("sscore", "Borduria", "Eastmark") == (None, 0)
    # statement level: Borduria has two JointCommission records (-1, +0.5) and Aland one (+1):
    # congruence = EqualShare 1*(1 - 1.5/2) + BuildDam 0 + JRC (1 - 2/2) + (1 - 0.5/2) = 0.25 + 0.75 = 1
    assert value("congruence", "Aland", "Borduria")[0] == pytest.approx(1.0)
    assert value("conflict", "Aland", "Borduria")[0] == pytest.approx(0.75 + 1 + 1 + 0.25)
    assert value("ignore", "Aland", "Borduria")[0] == pytest.approx(4.0)
    # average normalisation: n_Aland = 4, n_Borduria = 4 records
    assert value("congruence", "Aland", "Borduria", "--normalize", "average")[0] == pytest.approx(
        0.25
    )
    rows = as_json(cli("align", "--min-overlap", "3", "-f", "json"))
    assert [(r["label_a"], r["label_b"]) for r in rows] == [("Aland", "Borduria")]


def test_coalitions(cli):
    result = as_json(cli("coalitions", "-f", "json"))
    # Hand-computed in docs/analysis.md: only Carpathia's tie to Borduria (+1) is frustrated.
    assert result["coalitions"] == [
        [EX + "Aland", EX + "Ana", EX + "Carpathia", EX + "DeltaNGO"],
        [EX + "Borduria", EX + "Eastmark"],
        [EX + "RiverCommission"],
    ]
    assert result["frustration"] == pytest.approx(1.0)
    assert result["method"].startswith("exact")


def test_blocking_common_ground_brokers_scenarios(cli):
    blocking = as_json(cli("blocking", "-f", "json"))
    assert [(r["label"], r["blocking"], r["severity"], r["blockers"]) for r in blocking] == [
        ("Dam", True, 0.5, [EX + "Aland"]),
        ("Water quota", True, pytest.approx(0.4), [EX + "Borduria"]),
        ("Monitoring", False, 0.0, []),
    ]
    with_quotes = as_json(cli("blocking", "--evidence", "-f", "json"))
    assert {e["quote"] for e in with_quotes[0]["evidence"]} == {"Aland opposes the dam."}
    ground = as_json(cli("common-ground", "-f", "json"))
    assert [(r["label"], r["tier"]) for r in ground] == [("Joint river commission", "consensus")]
    assert ground[0]["supporters"] == [
        EX + "Carpathia",
        EX + "DeltaNGO",
        EX + "Aland",
        EX + "Borduria",
    ]
    brokers = as_json(cli("brokers", "-f", "json"))
    # Carpathia: min((0.75 + 1)/2, (0.25 + 1)/2) = 0.625
    assert [(r["label"], r["score"]) for r in brokers] == [
        ("Carpathia", 0.625),
        ("Delta NGO", -0.25),
        ("Ana Alander", -0.5),
        ("Eastmark", -1.0),
    ]
    assert brokers[0]["betweenness"] == 1.0
    verdicts = as_json(cli("scenarios", "-f", "json"))
    dam = {r["actor_label"]: r for r in verdicts if r["label"] == "Dam deal"}
    # Aland: (0.5*-1 + 0.4*1) / 0.9
    assert dam["Aland"]["utility"] == pytest.approx(-0.1 / 0.9)
    assert dam["Aland"]["verdict"] == "reject" and dam["Aland"]["dealbreakers"] == [EX + "BuildDam"]
    # Delta NGO: U = (1*-1 + 1*1)/2 = 0, but -1 at salience 1 on the dam is a red line.
    assert dam["Delta NGO"]["utility"] == 0.0 and dam["Delta NGO"]["verdict"] == "reject"
    assert dam["Delta NGO"]["red_lines"] == [EX + "BuildDam"]
    summary = as_json(cli("scenarios", "--summary", "-f", "json"))
    assert [(r["label"], r["blocked"], r["rejected_by"]) for r in summary] == [
        ("Compromise", True, [EX + "Borduria"]),
        ("Dam deal", True, [EX + "Aland"]),
    ]


def test_veto_override_changes_the_verdicts(cli):
    summary = as_json(cli("scenarios", "--summary", "--veto", "Borduria", "-f", "json"))
    # Borduria alone: its red line blocks the compromise; it accepts the dam deal.
    assert [r["blocked"] for r in summary] == [True, False]
    blocking = as_json(cli("blocking", "--veto", "Aland", "--veto", "Delta", "-f", "json"))
    # Dam: Aland 1*0.5 + Delta 1*1; Water quota: nobody of them opposes the equal share
    assert [(r["label"], r["blocking"], r["severity"]) for r in blocking] == [
        ("Dam", True, 1.5),
        ("Monitoring", False, 0.0),
        ("Water quota", False, 0.0),
    ]


def test_polarization_on_a_tiny_graph(cli, tmp_path):
    data = write(
        tmp_path,
        "p.ttl",
        PREFIXES
        + "\n".join(
            f"ex:{a} a sg:State . ex:s{a} a sg:Stance ; sg:actor ex:{a} ; sg:position ex:p ; sg:polarity {x} ."
            for a, x in [("a", 1), ("b", 1), ("c", -1), ("d", -1)]
        )
        + "\nex:i a sg:Issue . ex:p a sg:Position ; sg:onIssue ex:i .",
    )
    result = as_json(cli("polarization", "-f", "json", data=data))
    # see the docstring of stancegraph.analysis.polarization.partition_quality: 14/24
    assert result["score"] == pytest.approx(14 / 24)
    assert result["groups"] == [
        ["http://example.org/t/a", "http://example.org/t/c"],
        ["http://example.org/t/b", "http://example.org/t/d"],
    ]
    # The camps are the coalitions {a, b} against {c, d} (S = +1 inside, -1 across); along them
    # Q = 6/24 (the same docstring), well below DNA's maximum across the camps.
    assert result["camps"] == [
        ["http://example.org/t/a", "http://example.org/t/b"],
        ["http://example.org/t/c", "http://example.org/t/d"],
    ]
    assert result["camp_score"] == pytest.approx(6 / 24)


def test_query_select_ask_construct_and_stdin(cli, tmp_path):
    rows = as_json(
        cli(
            "query",
            "PREFIX sg: <https://w3id.org/stancegraph/ns#> SELECT ?s ?x WHERE { ?s sg:polarity ?x } ORDER BY ?s LIMIT 2",
            "-f",
            "json",
        )
    )
    assert rows == [{"s": EX + "s01", "x": 1.0}, {"s": EX + "s02", "x": -1.0}]
    assert as_json(cli("query", "ASK { ?s ?p ?o }", "-f", "json")) == {"result": True}
    turtle = cli(
        "query",
        "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t . FILTER(?s = <http://example.org/river/Aland>) }",
    )
    assert turtle.exit_code == 0
    lines = turtle.stdout.strip().splitlines()
    assert lines[-1] == "ex:Aland a sg:State ."
    assert "@prefix sg: <https://w3id.org/stancegraph/ns#> ." in lines
    qfile = write(
        tmp_path,
        "q.rq",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/stancegraph/ns#Stance> }",
    )
    assert as_json(cli("query", f"@{qfile}", "-f", "json")) == [{"n": 15}]
    assert as_json(cli("query", "-", "-f", "json", input=qfile.read_text())) == [{"n": 15}]


def test_formats_csv_markdown_and_table(cli):
    csv_out = cli("who-supports", "equal share", "-f", "csv").stdout.splitlines()
    assert csv_out[0] == "actor,label,polarity,salience,confidence,explicit,note,quote,source"
    assert csv_out[1] == f"{EX}Aland,Aland,1.0,1.0,1.0,True,,Aland demands an equal share.,{EX}memo"
    carpathia = next(line for line in csv_out if line.startswith(f"{EX}Carpathia"))
    assert carpathia.startswith(f"{EX}Carpathia,Carpathia,0.5,1.0,0.5,False,Implied: ")
    md = cli("who-supports", "equal share", "-f", "markdown").stdout.splitlines()
    assert md[0] == (
        "| actor | label | polarity | salience | confidence | explicit | note | quote | source |"
    )
    assert md[2] == (
        "| ex:Aland | Aland | +1.00 | 1.00 | 1.00 | yes |  | Aland demands an equal share. | ex:memo |"
    )
    table = cli("who-supports", "equal share").stdout
    # Carpathia's stance is inferred (0.5): starred, with the footnote that says what * means.
    assert "Aland" in table and "+1.00" in table and "0.50*" in table
    assert table.rstrip().endswith(
        "* inferred: implied by the source, not stated (confidence < 0.8)"
    )
    assert max(len(line) for line in table.splitlines()) <= 80


def test_validate_good_and_bad(cli, tmp_path):
    ok = cli("validate")
    assert ok.exit_code == 0 and ok.stdout.strip().endswith("conforms, 0 warning(s)")
    bad = write(
        tmp_path,
        "bad.ttl",
        PREFIXES + "ex:s a sg:Stance ; sg:actor ex:a ; sg:polarity 3 .\nex:a a sg:State .",
    )
    result = cli("validate", str(bad), "-f", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert {r["message"] for r in report["results"]} >= {
        "a stance needs exactly one sg:position that is an sg:Position",
        "sg:polarity must be one number in [-1, 1] (+1 supports, -1 opposes, 0 neutral)",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["who-supports", "nothing like it"], "Error: unknown position 'nothing like it'"),
        (["stances", "Borduira"], "Error: unknown actor 'Borduira'; did you mean: 'Borduria'"),
        (
            ["who-supports", "the"],
            "Error: ambiguous position 'the': it matches ex:BuildDam (Build the dam), ex:EqualShare",
        ),
        (["query", "SELEC ?x"], "Error: bad SPARQL: "),
        (
            ["query", "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"],
            "Error: SPARQL updates are not allowed",
        ),
        (["query", "@/nonexistent.rq"], "Error: /nonexistent.rq: no such query file"),
        (
            ["--as-of", "yesterday", "actors"],
            "Error: --as-of 'yesterday' is not a date; use YYYY-MM-DD",
        ),
        (["align", "--method", "pearson"], "Error: unknown method 'pearson'"),
        (
            ["align", "--normalize", "average"],
            "Error: normalize 'average' applies to the DNA methods",
        ),
        (["compare", "Aland", "Republic of Aland"], "Error: compare needs two different actors"),
        (["blocking", "--veto", "Nobody"], "Error: unknown actor 'Nobody'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr


def test_malformed_turtle_and_unreachable_endpoint(cli, tmp_path):
    bad = write(tmp_path, "broken.ttl", PREFIXES + "ex:a a sg:State ;\n")
    result = cli("actors", data=bad)
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: {bad}:")
    assert ": invalid RDF: " in result.stderr
    result = cli("--endpoint", "http://127.0.0.1:9/sparql", "actors", data=None)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: cannot reach SPARQL endpoint http://127.0.0.1:9/sparql: [Errno 111] Connection refused; "
        "check the URL, or load the data from a file instead"
    )


def test_every_command_has_help_and_is_documented():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__.replace("_", "-")
        assert command.help or command.callback.__doc__, name
        assert f"stancegraph {name}" in readme or f"`{name}`" in readme, (
            f"{name} is not in the README"
        )


@pytest.mark.slow
def test_real_subprocess_with_python_m():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "stancegraph",
            "--data",
            str(RIVER),
            "who-supports",
            "equal share",
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert [r["label"] for r in json.loads(done.stdout)] == ["Aland", "Ana Alander", "Carpathia"]
    failed = subprocess.run(
        [sys.executable, "-m", "stancegraph", "--data", str(RIVER), "stances", "nobody"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (
        failed.returncode == 2
        and failed.stderr.count("\n") == 1
        and "Traceback" not in failed.stderr
    )


def test_align_lists_the_strongest_pairs_or_streams_them_all(cli):
    # River: 7 actors, 21 pairs; the 3 strongest by |S| (ties: more shared positions): Aland-Delta
    # +1 (2 shared), then the S = ±1 pairs over one position in triu order.
    top = as_json(cli("align", "--top", "3", "-f", "json"))
    assert len(top) == 3 and all(abs(r["value"]) == 1.0 for r in top)
    assert {r["label_a"] + "-" + r["label_b"] for r in top} >= {"Aland-Delta NGO"}
    every = cli("align", "--top", "0", "-f", "csv").stdout.splitlines()
    assert len(every) == 1 + 21 and every[0].startswith("actor_a,label_a,actor_b,label_b,value")
    default = as_json(cli("align", "-f", "json"))
    assert len(default) == 21  # fewer pairs than the default --top 1000: all of them


def test_a_long_table_shows_its_first_rows_and_says_how_to_get_all(cli, monkeypatch):
    from stancegraph.cli import common

    monkeypatch.setattr(common, "MAX_TABLE_ROWS", 3)
    table = cli("actors")
    assert table.exit_code == 0, table.stderr
    assert "the first 3 of 7 rows; -f csv, json or markdown prints them all" in table.stderr
    body = [line for line in table.stdout.splitlines()[2:] if line.strip()]  # header, rule
    assert len(body) == 3
    every = cli("actors", "-f", "csv")
    assert len(every.stdout.strip().splitlines()) == 1 + 7 and every.stderr == ""
