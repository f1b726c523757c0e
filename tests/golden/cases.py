"""The CLI outputs pinned as golden files: every printing command in every format on the seed
graph and the river fixture, as of a fixed date. ``python -m tests.golden.cases`` rewrites them
(only when a change of output is intended; review the diff)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from typer.testing import CliRunner

from stancegraph.cli import app

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
RIVER = ROOT / "tests" / "fixtures" / "river.ttl"
SEED = ROOT / "data" / "actors.ttl"
AS_OF = "2026-11-28"
WIDTH = "100"
FORMATS = ("table", "csv", "json", "markdown")

#: (data, name, arguments); every case runs in each of FORMATS unless its name ends in "~".
COMMANDS: list[tuple[str, str, list[str]]] = []
for data, actor_a, actor_b, position in (
    ("river", "Aland", "Borduria", "equal share"),
    ("seed", "Ukraine", "Russia", "full restoration of borders"),
):
    COMMANDS += [
        (data, "actors", ["actors"]),
        (data, "actors-party", ["actors", "--role", "party"]),
        (data, "issues", ["issues"]),
        (data, "who-supports", ["who-supports", position]),
        (data, "who-opposes", ["who-opposes", position]),
        (data, "stances", ["stances", actor_a]),
        (data, "evidence", ["evidence", actor_a, position]),
        (data, "summary", ["summary"]),
        (data, "validate", ["validate"]),
        (data, "compare", ["compare", actor_a, actor_b]),
        (data, "align", ["align"]),
        (data, "align-congruence", ["align", "-m", "congruence", "--normalize", "average"]),
        (data, "coalitions", ["coalitions"]),
        (data, "polarization", ["polarization"]),
        (data, "blocking", ["blocking"]),
        (data, "blocking-evidence", ["blocking", "--evidence"]),
        (data, "common-ground", ["common-ground"]),
        (data, "brokers", ["brokers"]),
        (data, "scenarios", ["scenarios"]),
        (data, "scenarios-summary", ["scenarios", "--summary"]),
        (data, "robustness", ["robustness"]),
        (data, "min-confidence-align", ["--min-confidence", "0.8", "align"]),
        (
            data,
            "query",
            [
                "query",
                "PREFIX sg: <https://w3id.org/stancegraph/ns#> SELECT ?a (COUNT(?s) AS ?n) WHERE { ?s a sg:Stance ; sg:actor ?a } "
                "GROUP BY ?a ORDER BY DESC(?n) ?a",
            ],
        ),
    ]
EXPORTS = ("turtle", "csv", "mermaid", "dot", "graphml", "gexf")


def invoke(data: str, args: list[str]) -> tuple[int, str]:
    path = RIVER if data == "river" else SEED
    result = CliRunner().invoke(
        app, ["--data", str(path), "--as-of", AS_OF, *args], env={"COLUMNS": WIDTH}
    )
    return result.exit_code, result.stdout


def canonical(turtle: str) -> str:
    """Turtle as sorted canonical N-Triples: rdflib writes blank nodes in no fixed order."""
    import rdflib
    from rdflib.compare import to_canonical_graph

    graph = to_canonical_graph(rdflib.Graph().parse(data=turtle, format="turtle"))
    return "\n".join(sorted(graph.serialize(format="nt").splitlines())) + "\n"


def outputs(tmp: Path) -> dict[str, str]:
    """Every golden file's name and the text the CLI produces for it now."""
    out: dict[str, str] = {}
    for data, name, args in COMMANDS:
        for fmt in FORMATS:
            code, text = invoke(data, [*args, "--format", fmt])
            out[f"{data}/{name}.{fmt}.txt"] = f"exit {code}\n{text}"
    for data in ("river", "seed"):
        for fmt in EXPORTS:
            target = tmp / f"{data}.{fmt}"
            code, _ = invoke(data, ["export", fmt, "--out", str(target)])
            text = target.read_text(encoding="utf-8") if target.exists() else ""
            # GEXF stamps the day it was written.
            text = re.sub(r'lastmodifieddate="[^"]*"', 'lastmodifieddate=""', text)
            if fmt == "turtle" and code == 0:
                text = canonical(text)
            out[f"{data}/export.{fmt}.txt"] = f"exit {code}\n{text}"
        code, _ = invoke(data, ["report", "--out", str(tmp / f"{data}-report"), "--quiet"])
        report = tmp / f"{data}-report" / "report.md"
        text = report.read_text(encoding="utf-8") if report.exists() else ""
        text = re.sub(r"generated \d{4}-\d{2}-\d{2}", "generated (today)", text)
        out[f"{data}/report.md.txt"] = f"exit {code}\n{text}"
    return out


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for name, text in outputs(Path(tmp)).items():
            path = HERE / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    print(f"golden files written under {HERE}", file=sys.stderr)


if __name__ == "__main__":
    main()
