import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from stancegraph.errors import InputError, ShapeError
from stancegraph.io import resource_path
from stancegraph.spreadsheet import csv_to_graph, csv_to_turtle, import_csv
from stancegraph.vocab import ID, SG

from .conftest import write

GOOD = """actor,position,polarity,issue,salience,confidence,valid_from,valid_until,source,source_date,quote,actor_type,role
Aland,Equal share,support,Water quota,0.8,0.9,2024-01-01,,Memo,2024-02-01,We want an equal share.,state,party
Borduria,Equal share,-0.5,Water quota,,,,,,,,State,Party
Delta NGO,Equal share,abstain,Water quota,,,,,,,,ngo,observer
"""


def test_a_spreadsheet_becomes_conforming_rdf():
    g = csv_to_graph(GOOD)
    stances = list(g.subjects(RDF.type, SG.Stance))
    assert len(stances) == 3
    aland = next(s for s in stances if g.value(s, SG.actor) == ID.Aland)
    assert float(g.value(aland, SG.polarity)) == 1.0 and float(g.value(aland, SG.salience)) == 0.8
    assert str(g.value(aland, SG.validFrom)) == "2024-01-01"
    evidence = g.value(aland, SG.evidence)
    assert str(g.value(evidence, SG.quote)) == "We want an equal share."
    assert g.value(ID.EqualShare, SG.onIssue) == ID.WaterQuota
    assert (ID["participation-Borduria-party"], SG.role, SG.Party) in g
    assert (
        float(g.value(next(s for s in stances if g.value(s, SG.actor) == ID.DeltaNGO), SG.polarity))
        == 0.0
    )


def test_names_become_the_same_iris_every_time():
    first, second = csv_to_graph(GOOD), csv_to_graph(GOOD)
    assert isomorphic(first, second)
    assert {str(s) for s in first.subjects(RDF.type, SG.Stance)} == {
        str(s) for s in second.subjects(RDF.type, SG.Stance)
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("actor,polarity\nA,1\n", "missing column(s) position"),
        ("actor,position,polarity,colour\nA,p,1,red\n", "unknown column(s) colour"),
        (
            "actor,position,polarity\nA,p,1\nB,p,maybe\n",
            "line 3: polarity 'maybe' is neither a number",
        ),
        ("actor,position,polarity\nA,p,1.5\n", "line 2: polarity 1.5 is outside [-1, 1]"),
        ("actor,position,polarity,salience\nA,p,1,2\n", "line 2: salience 2.0 is outside [0, 1]"),
        (
            "actor,position,polarity,valid_from\nA,p,1,01/02/2024\n",
            "line 2: valid_from '01/02/2024' is not a date",
        ),
        ("actor,position,polarity\n,p,1\n", "line 2: empty actor"),
        ("actor,position,polarity,role\nA,p,1,boss\n", "line 2: role 'boss' is not one of"),
        (
            "actor,position,polarity,valid_from,valid_until\nA,p,1,2024-05-01,2024-01-01\n",
            "line 2: valid_from 2024-05-01 is not before valid_until 2024-01-01",
        ),
        (
            "actor,position,polarity,confidence\nA,p,1,0.5\n",
            "line 2: confidence 0.5 is below 0.8, so the stance is inferred",
        ),
    ],
)
def test_bad_rows_are_reported_with_their_line(text, message):
    with pytest.raises((InputError, ShapeError)) as err:
        csv_to_graph(text, name="s.csv")
    assert message in str(err.value)
    assert str(err.value).startswith("s.csv: ")


def test_cli_import_writes_nothing_on_a_bad_row(cli, tmp_path):
    good = tmp_path / "s.csv"
    good.write_text(GOOD)
    out = tmp_path / "s.ttl"
    result = cli("import", str(good), "--out", str(out))
    assert result.exit_code == 0 and result.stdout.startswith(f"{out}: ")
    before = out.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "Eastmark,Equal share,perhaps\n")
    result = cli("import", str(bad), "--out", str(out))
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"Error: {bad}: 1 bad row(s): line 5: polarity 'perhaps' is neither a number in [-1, 1] nor one of abstain, against, agree, disagree, for, neutral, no, oppose, opposes, support, supports, yes"
    )
    assert out.read_bytes() == before
    shown = cli("who-supports", "equal share", "-f", "json", data=out)
    assert shown.exit_code == 0 and '"Aland"' in shown.stdout


def test_import_error_types():
    with pytest.raises(InputError):
        csv_to_graph("actor,position,polarity\nA,p,x\n")


def test_every_bad_row_is_reported_in_one_run(cli, tmp_path):
    bad = tmp_path / "four.csv"
    bad.write_text(
        "actor,position,polarity,salience,valid_from\n"
        "A,p,1,,\n"
        "B,p,maybe,,\n"
        ",p,1,,\n"
        "C,p,1,7,\n"
        "D,p,1,,31/12/2024\n"
    )
    out = tmp_path / "four.ttl"
    result = cli("import", str(bad), "--out", str(out))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    message = result.stderr
    assert "4 bad row(s)" in message
    for part in (
        "line 3: polarity 'maybe'",
        "line 4: empty actor",
        "line 5: salience 7.0",
        "line 6: valid_from",
    ):
        assert part in message
    assert not out.exists()


def test_names_in_any_script_become_turtle_that_reads_back(cli, tmp_path):
    sheet = tmp_path / "u.csv"
    sheet.write_text(
        "actor,position,polarity\nRossiya / Россия,Apoyo a la 2ª División,1\nµ-Group,Apoyo a la 2ª División,-1\n",
        encoding="utf-8",
    )
    out = tmp_path / "u.ttl"
    assert cli("import", str(sheet), "--out", str(out)).exit_code == 0
    rows = cli("who-opposes", "Apoyo a la 2ª División", "-f", "json", data=out)
    assert rows.exit_code == 0, rows.stderr
    assert "µ-Group" in rows.stdout


@pytest.mark.parametrize(
    ("args", "text", "message"),
    [
        (["--base", "not an iri"], GOOD, "base 'not an iri' is not a namespace IRI"),
        ([], "actor,position,polarity,source\nA,p,1,http://x.org/a b\n", "is not a valid URL"),
        (
            [],
            "actor,position,polarity\nA,p,1\n" + "B," + "x" * 140_000 + ",1\n",
            "at most 131,072 characters",
        ),
    ],
)
def test_bad_import_arguments_and_fields(cli, tmp_path, args, text, message):
    sheet = tmp_path / "x.csv"
    sheet.write_text(text)
    result = cli("import", str(sheet), "--out", str(tmp_path / "x.ttl"), *args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "x.ttl").exists()


def test_what_the_importer_accepts_conforms_to_the_shapes():
    """The row checks stand in for SHACL on import (pySHACL is too slow for large sheets):
    a sheet using every column must still pass the full shapes."""
    from stancegraph.validate import validate_graph

    sheet = (
        "actor,position,polarity,issue,salience,confidence,valid_from,valid_until,source,"
        "source_date,quote,actor_type,role,note,red_line\n"
        "Aland,Equal share,support,Water,0.8,0.9,2024-01-01,2025-01-01,http://e.org/memo,"
        "2024-01-02,Aland wants it.,state,party,,\n"
        "Borduria,Equal share,-0.5,Water,1,0.6,,,memo,,Borduria hints.,country,party,"
        "Implied: a hint,yes\n"
    )
    graph = csv_to_graph(sheet)
    vocabulary = rdflib.Graph().parse(resource_path("stancegraph.ttl"), format="turtle")
    report = validate_graph(graph + vocabulary)
    assert report.conforms, report.results


def test_the_files_an_import_streams_through_are_named_tmp(tmp_path, monkeypatch):
    # A SIGKILL leaves whatever is on disk at that moment: every file the import writes on the
    # way must be named *.tmp, like write_atomic's own, and all are gone afterwards.
    import os

    seen = []
    real = os.replace

    def spy(source, target):
        seen.extend(p.name for p in tmp_path.iterdir())
        return real(source, target)

    monkeypatch.setattr(os, "replace", spy)
    (tmp_path / "s.csv").write_text(GOOD, encoding="utf-8")
    import_csv(tmp_path / "s.csv", tmp_path / "s.ttl")
    on_the_way = {name for name in seen if name not in ("s.csv", "s.ttl")}
    assert len(on_the_way) == 2 and all(name.endswith(".tmp") for name in on_the_way)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.csv", "s.ttl"]


def _count(graph, sparql):
    return int(graph.sparql("PREFIX sg: <https://w3id.org/stancegraph/ns#> " + sparql)["n"][0])


STANCES = "SELECT (COUNT(*) AS ?n) WHERE { ?s a sg:Stance }"
EVIDENCE = "SELECT (COUNT(*) AS ?n) WHERE { ?e a sg:Evidence }"


def test_import_into_a_store_and_again_with_append_adds_nothing_twice(cli, tmp_path):
    import stancegraph

    sheet, store = tmp_path / "s.csv", tmp_path / "db"
    sheet.write_text(GOOD, encoding="utf-8")
    first = cli("import", str(sheet), "--store", str(store))
    assert first.exit_code == 0, first.stderr
    assert f"{store}: 3 stances, 3 actors" in first.stdout
    again = cli("import", str(sheet), "--store", str(store))
    assert again.exit_code == 2 and "already holds data" in again.stderr
    more = tmp_path / "more.csv"
    row = "Estland,Equal share,1,Water quota,,,,,,,Estland says so.,state,party"
    more.write_text(GOOD.splitlines()[0] + "\n" + row + "\n", encoding="utf-8")
    for source in (sheet, more, more):  # the sheet again, then a new row twice
        added = cli("import", str(source), "--store", str(store), "--append")
        assert added.exit_code == 0, added.stderr
    g = stancegraph.open(store=store)
    # 3 stances + 1 new; evidence: Aland's quote and Estland's, each once (named, not blank)
    assert _count(g, STANCES) == 4 and _count(g, EVIDENCE) == 2


def test_import_append_to_a_turtle_file_keeps_what_it_held(cli, tmp_path):
    import pyoxigraph as ox

    out = tmp_path / "all.ttl"
    out.write_text(
        "@prefix sg: <https://w3id.org/stancegraph/ns#> .\n"
        '<https://e.org/kept> a sg:Actor ; sg:note [ sg:quote "hand-written" ] .\n',
        encoding="utf-8",
    )
    sheet = write(tmp_path, "s.csv", GOOD)
    assert cli("import", str(sheet), "--out", str(out), "--append").exit_code == 0
    once = set(ox.parse(path=out, format=ox.RdfFormat.TURTLE))
    assert cli("import", str(sheet), "--out", str(out), "--append").exit_code == 0
    twice = list(ox.parse(path=out, format=ox.RdfFormat.TURTLE))
    made = set(ox.parse(csv_to_turtle(GOOD), format=ox.RdfFormat.TURTLE))
    assert len(twice) == len(once) == len(made) + 3  # the file's own three triples stay
    assert ox.NamedNode("https://e.org/kept") in {t.subject for t in twice}
    replaced = cli("import", str(sheet), "--out", str(out))  # without --append: replaced
    assert replaced.exit_code == 0
    assert set(ox.parse(path=out, format=ox.RdfFormat.TURTLE)) == made


def test_import_needs_a_target_and_a_store_that_refuses_writes_nothing(cli, tmp_path):
    sheet = write(tmp_path, "s.csv", GOOD)
    none = cli("import", str(sheet))
    assert none.exit_code == 2 and "--out FILE.ttl" in none.stderr
    assert len(none.stderr.splitlines()) == 1
    for option, target in (("--out", "x.ttl"), ("--store", "db")):
        nowhere = cli("import", str(sheet), option, str(tmp_path / "missing" / target))
        assert nowhere.exit_code == 2 and "missing: no such directory" in nowhere.stderr
        assert len(nowhere.stderr.splitlines()) == 1
    store = tmp_path / "db"
    assert cli("import", str(sheet), "--store", str(store)).exit_code == 0
    out = tmp_path / "s.ttl"
    refused = cli("import", str(sheet), "--store", str(store), "--out", str(out))
    assert refused.exit_code == 2 and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "s.csv"]


def test_literals_with_quotes_backslashes_and_line_breaks_read_back_exactly():
    quote = 'He said "no" \\ then\nleft;\r\nthe end, tab\there'
    text = 'actor,position,polarity,quote,source\nA,P,1,"' + quote.replace('"', '""') + '",Memo\n'
    g = csv_to_graph(text)
    assert [str(q) for q in g.objects(None, SG.quote)] == [quote]


def test_numbers_are_written_as_decimals_never_with_an_exponent():
    ttl = csv_to_turtle("actor,position,polarity,salience\nA,P,1e-05,0.00002\n")
    assert "sg:polarity 0.00001 ;" in ttl and "sg:salience 0.00002 ;" in ttl
    g = csv_to_graph("actor,position,polarity\nA,P,1e-05\n")
    (value,) = g.objects(None, SG.polarity)
    assert value.datatype == rdflib.XSD.decimal and float(value) == 1e-05


def test_a_row_with_more_fields_than_the_header_is_bad_unless_they_are_empty():
    fine = csv_to_graph("actor,position,polarity\nA,P,1,,\nB,P,-1\n")
    assert len(list(fine.subjects(RDF.type, SG.Stance))) == 2
    with pytest.raises(InputError, match="line 3: 5 fields, but the header names 3 columns"):
        csv_to_graph("actor,position,polarity\nA,P,1\nB,P,-1,stray, comma\n")


def test_the_fast_and_the_careful_reader_make_the_same_graph():
    # A row with an empty extra field sends the whole sheet to the csv module's reader; the
    # same rows without it are read by pandas. Both must give the same triples.
    body = GOOD.splitlines()
    careful = "\n".join([*body, body[1] + ","]) + "\n"  # a repeated row, with one empty extra
    fast = "\n".join([*body, body[1]]) + "\n"
    assert isomorphic(csv_to_graph(careful), csv_to_graph(fast))


@pytest.mark.parametrize("extra", ["", ",,,"])  # read by pandas; by the csv module
def test_a_line_of_spaces_is_no_row_and_later_lines_keep_their_numbers(extra):
    text = f"actor,position,polarity\nA,P,1{extra}\n   \n\t\nB,P,maybe\n"
    with pytest.raises(InputError, match="1 bad row\\(s\\): line 5: polarity 'maybe'"):
        csv_to_graph(text)


def test_many_bad_rows_are_counted_and_the_first_ones_named():
    rows = "".join(f"A{i},P,maybe\n" for i in range(30))
    with pytest.raises(InputError) as err:
        csv_to_graph("actor,position,polarity\n" + rows, name="s.csv")
    message = str(err.value)
    assert message.startswith("s.csv: 30 bad row(s): line 2: polarity 'maybe'")
    assert "line 21:" in message and "line 22:" not in message and message.endswith("; and 10 more")


def test_evidence_is_named_after_its_stance():
    g = csv_to_graph(GOOD)
    (stance,) = [s for s in g.subjects(RDF.type, SG.Stance) if g.value(s, SG.actor) == ID.Aland]
    evidence = g.value(stance, SG.evidence)
    assert str(evidence) == str(stance).replace("/stance-", "/evidence-")


def test_appending_to_a_file_that_is_not_turtle_is_one_line_and_keeps_it(cli, tmp_path):
    out = tmp_path / "bad.ttl"
    out.write_text("garbage {\n", encoding="utf-8")
    result = cli("import", str(write(tmp_path, "s.csv", GOOD)), "--out", str(out), "--append")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "bad.ttl" in result.stderr and out.read_text() == "garbage {\n"
