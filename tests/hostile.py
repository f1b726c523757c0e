"""A hostile user, as a library: bad inputs for every command, servers that misbehave, and kills
in the middle of a write. ``tests/test_security.py`` runs a sample of it in the suite;
``benchmarks/hostile.py`` runs all of it and prints the counts."""

from __future__ import annotations

import http.server
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RIVER = ROOT / "tests" / "fixtures" / "river.ttl"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">
  <rdf:Description rdf:about="http://e/a"><ex:b>&lol9;</ex:b></rdf:Description>
</rdf:RDF>
"""


def bad_sources(folder: Path) -> dict[str, str]:
    """Name -> a ``--data`` argument that must fail with one line and exit code 2."""
    files = {
        "malformed.ttl": "@prefix ex: <http://e/> .\nex:a ex:b ",
        "binary.ttl": bytes(range(256)).decode("latin-1"),
        "laughs.rdf": BILLION_LAUGHS,
        "long-literal.ttl": '@prefix ex: <http://e/> .\nex:a ex:b "' + "x" * 20_000_000 + '" .\n',
        "unknown.suffix": "whatever",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="latin-1" if name == "binary.ttl" else "utf-8")
    sources = {name: str(folder / name) for name in files}
    sources["missing file"] = str(folder / "nope.ttl")
    sources["a directory"] = str(folder)
    sources["file URL"] = "file:///etc/hostname"
    sources["unreachable URL"] = "http://127.0.0.1:9/data.ttl"
    return sources


#: Every command, with arguments that are right on the river fixture (``{out}``: a path).
COMMANDS: list[list[str]] = [
    ["actors"],
    ["issues"],
    ["who-supports", "equal share"],
    ["who-opposes", "equal share"],
    ["stances", "Aland"],
    ["evidence", "Aland", "equal share"],
    ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
    ["summary"],
    ["compare", "Aland", "Borduria"],
    ["align"],
    ["coalitions"],
    ["polarization"],
    ["blocking"],
    ["common-ground"],
    ["brokers"],
    ["scenarios"],
    ["robustness"],
    ["plot", "network", "--out", "{out}.png"],
    ["export", "turtle", "--out", "{out}.ttl"],
    ["report", "--out", "{out}-report", "--quiet"],
]

#: Arguments that must each fail with one line and exit code 2 (on the river fixture).
BAD_ARGUMENTS: list[list[str]] = [
    ["who-supports", "no such position at all"],
    ["stances", "Nobody"],
    ["query", "SELEKT ?x"],
    ["query", "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"],
    ["query", "@/nonexistent.rq"],
    ["query", "@{folder}/latin1.rq"],
    ["coalitions", "--threshold", "7"],
    ["coalitions", "--threshold", "-1"],
    ["coalitions", "--threshold", "nan"],
    ["brokers", "--threshold", "inf"],
    ["polarization", "--k", "1000"],
    ["polarization", "--k", "1"],
    ["actors", "--role", "king"],
    ["align", "--method", "telepathy"],
    ["align", "--normalize", "average"],
    ["plot", "pie", "--out", "{out}.png"],
    ["plot", "network", "--out", "{out}.gif"],
    ["plot", "network", "--out", "{out}.png", "--dpi", "0"],
    ["plot", "network", "--out", "{out}.png", "--dpi", "100000"],
    ["plot", "network", "--out", "{out}.png", "--width", "-1"],
    ["plot", "network", "--out", "{out}.png", "--width", "nan"],
    ["plot", "network", "--out", "{out}.png", "--height", "100000"],
    ["plot", "network", "--out", "/nonexistent/dir/x.png"],
    ["plot", "network", "--out", "{folder}"],
    ["export", "xlsx", "--out", "{out}.xlsx"],
    ["export", "turtle", "--out", "{folder}"],
    ["report", "--out", "{river}"],
    ["--as-of", "0001-01-01", "plot", "timeline", "--out", "{out}.png"],
    ["--as-of", "9999-12-31", "report", "--out", "{out}-r"],
    ["--as-of", "yesterday", "actors"],
    ["--min-confidence", "2", "actors"],
    ["--timeout", "0", "actors"],
    ["--endpoint", "", "actors"],
    ["--endpoint", "notaurl", "actors"],
    ["--endpoint", "file:///etc/hostname", "actors"],
    ["--endpoint", "http://127.0.0.1:9/sparql", "--store", "{out}-db", "actors"],
    ["--store", "{folder}/new-db", "actors"],
    ["load", "/nonexistent.ttl", "--store", "{out}-loaded"],
    ["load", "{river}", "{folder}/latin1.rq", "--store", "{out}-loaded"],
    ["align", "--top", "-1"],
    ["nosuchcommand"],
    ["align", "--min-overlap", "x"],
    ["who-supports"],
]


def fill(args: list[str], **values: object) -> list[str]:
    """``args`` with each ``{name}`` replaced (SPARQL braces stay as they are)."""
    out = []
    for arg in args:
        for name, value in values.items():
            arg = arg.replace("{" + name + "}", str(value))
        out.append(arg)
    return out


def one_line_error(code: int, stderr: str) -> bool:
    lines = stderr.strip().splitlines()
    return code == 2 and len(lines) == 1 and lines[0].startswith("Error: ")


def run(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stancegraph", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "100"},
    )


class Counting(http.server.ThreadingHTTPServer):
    """A local listener that counts the requests it gets (a stand-in for an internal service)."""

    def __init__(self, drip: bool = False) -> None:
        self.requests = 0
        self.drip = drip
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests += 1
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                # No variables, in the format asked for (CSV for the tables read in bulk).
                csv = "text/csv" in (self.headers.get("Accept") or "")
                body = b"\r\n" if csv else b'{"head": {"vars": []}, "results": {"bindings": []}}'
                self.send_response(200)
                self.send_header(
                    "Content-Type", "text/csv" if csv else "application/sparql-results+json"
                )
                if not server.drip:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if server.drip:
                    try:
                        for _ in range(600):  # one byte a second, for ten minutes
                            self.wfile.write(b" ")
                            self.wfile.flush()
                            time.sleep(1)
                    except OSError:
                        return
                else:
                    self.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.daemon_threads = True
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.shutdown()
        self.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sparql"


def service_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ service <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { SERVICE <file:///etc/hostname> { ?s ?p ?o } }",
    ]


@dataclass
class KillReport:
    runs: int = 0
    leftovers: list[str] = field(default_factory=list)  # files not named *.tmp left behind
    mixed: int = 0  # report folders holding files of two generations
    broken: int = 0  # targets left unreadable (half-written)


def kill_writes(folder: Path, per_command: int, seed: int = 0) -> KillReport:
    """SIGKILL every writing command at random moments; check what is left."""
    rng = random.Random(seed)
    report = KillReport()
    old = run(
        ["--as-of", "2020-01-01", "-d", str(RIVER), "report", "--out", str(folder / "r"), "-q"]
    )
    assert old.returncode == 0, old.stderr
    old_md = (folder / "r" / "report.md").read_text(encoding="utf-8")
    sheet = folder / "s.csv"
    sheet.write_text("actor,position,polarity\nA,p,1\nB,p,-1\n" * 2000, encoding="utf-8")
    targets = {
        "export": (
            ["-d", str(RIVER), "export", "turtle", "--out", str(folder / "x.ttl")],
            folder / "x.ttl",
        ),
        "plot": (
            ["-d", str(RIVER), "plot", "network", "--out", str(folder / "n.png")],
            folder / "n.png",
        ),
        "import": (["import", str(sheet), "--out", str(folder / "s.ttl")], folder / "s.ttl"),
        "report": (["-d", str(RIVER), "report", "--out", str(folder / "r"), "-q"], folder / "r"),
    }
    before = {p.name for p in folder.iterdir()}
    for name, (args, target) in targets.items():
        for _ in range(per_command):
            process = subprocess.Popen(
                [sys.executable, "-m", "stancegraph", *args],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(0.3, 3.0))
            process.send_signal(signal.SIGKILL)
            process.wait()
            report.runs += 1
            if name == "report":
                md = (target / "report.md").read_text(encoding="utf-8")
                index = (target / "index.html").read_text(encoding="utf-8")
                # One generation: the Markdown and the HTML say the same date.
                same = ("2020-01-01" in md) == ("2020-01-01" in index)
                report.mixed += not same or len(list((target / "figures").iterdir())) != 6
                report.broken += not (md == old_md or md.endswith("\n"))
            elif target.exists():
                data = target.read_bytes()
                ok = (
                    data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")
                    if name == "plot"
                    else data.rstrip().endswith(b".")
                )
                report.broken += not ok
    written = {t for _, t in targets.values()}
    for path in folder.iterdir():
        new = path.name not in before and path not in written
        if new and not path.name.endswith(".tmp"):
            report.leftovers.append(path.name)
    return report
