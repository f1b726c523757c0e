"""The whole hostile-user driver (issue 11): every bad input against every command, SERVICE to a
local listener, billion laughs, a server that drips a byte a second, and SIGKILL twenty times per
writing command. Prints the counts the issue asks for; every one should be 0.

    .venv/bin/python benchmarks/hostile.py [--kills 20]

tests/test_security.py runs a sample of the same cases on every ``make test``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import hostile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs per writing command")
    options = parser.parse_args()
    tracebacks: list[str] = []
    not_one_line: list[str] = []
    cases = 0
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources = hostile.bad_sources(folder)
        for name, source in sources.items():
            for args in hostile.COMMANDS:
                filled = hostile.fill(args, out=folder / "out")
                result = hostile.run(["-d", source, *filled])
                cases += 1
                label = f"{name} × {' '.join(args[:2])}"
                if "Traceback" in result.stderr:
                    tracebacks.append(label)
                elif not hostile.one_line_error(result.returncode, result.stderr):
                    not_one_line.append(f"{label}: rc {result.returncode} {result.stderr[:120]!r}")
        (folder / "latin1.rq").write_bytes("SELECT * WHERE { ?s ?p 'é' }".encode("latin-1"))
        for args in hostile.BAD_ARGUMENTS:
            filled = hostile.fill(args, out=folder / "out", folder=folder, river=hostile.RIVER)
            data = [] if "--store" in args or "--endpoint" in args else ["-d", str(hostile.RIVER)]
            result = hostile.run([*data, *filled])
            cases += 1
            if "Traceback" in result.stderr:
                tracebacks.append(" ".join(args))
            elif not hostile.one_line_error(result.returncode, result.stderr):
                not_one_line.append(f"{' '.join(args)}: rc {result.returncode}")
        print(
            f"bad input: {cases} cases, {len(tracebacks)} tracebacks, {len(not_one_line)} not one line"
        )
        for line in tracebacks + not_one_line:
            print("  ", line)

        listener = hostile.Counting()
        refused = 0
        for query in hostile.service_queries(listener.url):
            result = hostile.run(["-d", str(hostile.RIVER), "query", query])
            refused += hostile.one_line_error(result.returncode, result.stderr)
        print(f"SERVICE: {refused} of 5 refused, {listener.requests} network requests")
        listener.close()

        drip = hostile.Counting(drip=True)
        t0 = time.monotonic()
        result = hostile.run(
            ["--endpoint", drip.url, "--timeout", "3", "query", "ASK { ?s ?p ?o }"]
        )
        print(
            f"slow-drip endpoint: rc {result.returncode} after {time.monotonic() - t0:.1f} s "
            f"({result.stderr.strip()[:90]})"
        )
        drip.close()

        t0 = time.monotonic()
        result = hostile.run(["-d", sources["laughs.rdf"], "summary"])
        print(
            f"billion laughs: rc {result.returncode} after {time.monotonic() - t0:.1f} s "
            f"({result.stderr.strip()[:90]})"
        )

        kills = (
            hostile.kill_writes(folder / "kills", options.kills)
            if (folder / "kills").mkdir() is None
            else None
        )
        assert kills is not None
        print(
            f"SIGKILL: {kills.runs} kills, {len(kills.leftovers)} leftover files outside .tmp names, "
            f"{kills.mixed} mixed report folders, {kills.broken} half-written outputs"
        )
    print(f"total {time.monotonic() - start:.0f} s")


if __name__ == "__main__":
    main()
