"""Every user path at size (issue 10): a synthetic stance spreadsheet of N rows is imported, loaded
into a store, and each command run on the reopened store from a cold start, as a user would.
Prints one Markdown table (wall time, peak memory; "-" past the timeout).

    .venv/bin/python benchmarks/bench_paths.py [--sizes 10000 100000 1000000] [--timeout 600]
        [--un un.csv]   # the UN record: python examples/unvotes/unvotes.py --out un.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Run once right after the load: the first run reads the stance records and names out of the
#: store and keeps them beside it (stancegraph.cache); every command below then finds them.
FIRST = ["blocking"]
COMMANDS = [
    ["who-supports", "{position}"],
    ["align", "-f", "csv", "--top", "1000"],
    ["blocking"],
    ["common-ground"],
    ["validate", "-f", "csv"],
    ["coalitions"],
    ["brokers"],
    ["changes", "--from", "2024-01-01", "--to", "2025-01-01"],
    ["export", "turtle", "--out"],  # a file is appended
    ["export", "graphml", "--out"],
    ["report", "-q", "-o"],  # the folder is appended
]
#: The actor network of the 1M sheet has 40M edges: a GraphML file of about 10 GB.
LARGEST_NETWORK = 200_000

SHAPES = {10_000: 1_000, 100_000: 5_000, 1_000_000: 20_000}


def write_sheet(path: Path, rows: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    # The shapes of ../shared/measurements/scale-2026-11.md (10k stances: 1,000 actors; 100k:
    # 5,000; 1M: 20,000), 20 rows per actor elsewhere.
    actors = SHAPES.get(rows, max(50, rows // 20))
    positions = max(20, rows // 50)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["actor", "position", "polarity", "issue", "salience", "quote", "source",
                         "role"])  # fmt: skip
        for i in range(rows):
            a, p = rng.randrange(actors), rng.randrange(positions)
            writer.writerow([f"Actor {a}", f"Position {p}", rng.choice(["1", "-1", "0.5", "-0.5"]),
                             f"Issue {p // 5}", "0.8", f"Quote {i}", "Memo",
                             "party" if a < 2 else ""])  # fmt: skip


def timed(args: list[str], timeout: float) -> str:
    command = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "stancegraph", *args]
    start = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s"
    if done.returncode not in (0, 1):
        return f"error ({done.stderr.strip().splitlines()[-1][:40]})"
    seconds, kb = done.stderr.strip().splitlines()[-1].split()
    del start
    return f"{float(seconds):.1f} s, {int(kb) / 1e6:.1f} GB"


def paths(sheet: Path, position: str, timeout: float, stances: int) -> dict[str, str]:
    """Every path on one spreadsheet: import, load, the first run, then each command."""
    tmp = sheet.parent
    ttl, db = tmp / "s.ttl", tmp / "db"
    found = {
        "import CSV → Turtle": timed(["import", str(sheet), "--out", str(ttl)], timeout),
        "load into a store": timed(["load", str(ttl), "--store", str(db), "-q"], timeout),
        "import CSV straight into a store": timed(
            ["import", str(sheet), "--store", str(tmp / "db2")], timeout
        ),
        "blocking, first run after the load": timed(["--store", str(db), *FIRST], timeout),
    }
    for args in COMMANDS:
        if args[-1] == "-o":
            name, folder = args[0], [str(tmp / "report")]
        elif args[-1] == "--out":
            name, folder = " ".join(args[:-1]), [str(tmp / f"export.{args[1]}")]
        else:
            name, folder = " ".join(args).replace("{position}", "…"), []
        if args[:2] == ["export", "graphml"] and stances > LARGEST_NETWORK:
            found[name] = "not run (about 10 GB)"
            continue
        command = [a.replace("{position}", position) for a in args]
        found[name] = timed(["--store", str(db), *command, *folder], timeout)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument(
        "--un", type=Path, help="also the UN record: the CSV of examples/unvotes/unvotes.py --out"
    )
    options = parser.parse_args()
    columns: list[tuple[str, dict[str, str]]] = []
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            sheet = Path(tmp) / "s.csv"
            write_sheet(sheet, size)
            columns.append((f"{size:,} stances", paths(sheet, "Position 7", options.timeout, size)))
    if options.un:
        with tempfile.TemporaryDirectory() as tmp:
            sheet = Path(tmp) / "un.csv"
            sheet.symlink_to(options.un.resolve())
            columns.append(("UN record", paths(sheet, "R/68/262", options.timeout, 0)))
    print("| path | " + " | ".join(name for name, _ in columns) + " |")
    print("| --- | " + " | ".join("---" for _ in columns) + " |")
    for row in columns[0][1] if columns else []:
        print(f"| `{row}` | " + " | ".join(found.get(row, "-") for _, found in columns) + " |")


if __name__ == "__main__":
    main()
