"""Every user path at size (issue 10): a synthetic stance spreadsheet of N rows is imported, loaded
into a store, and each command run on the reopened store from a cold start, as a user would.
Prints one Markdown table (wall time, peak memory; "-" past the timeout).

    .venv/bin/python benchmarks/bench_paths.py [--sizes 10000 100000] [--timeout 120]
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

COMMANDS = [
    ["who-supports", "Position 7"],
    ["align", "-f", "csv", "--top", "1000"],
    ["blocking"],
    ["common-ground"],
    ["validate", "-f", "csv"],
    ["coalitions"],
    ["brokers"],
    ["changes", "--from", "2024-01-01", "--to", "2025-01-01"],
]

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--timeout", type=float, default=120)
    options = parser.parse_args()
    results: dict[str, list[str]] = {}
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            sheet, ttl, db = Path(tmp) / "s.csv", Path(tmp) / "s.ttl", Path(tmp) / "db"
            write_sheet(sheet, size)
            results.setdefault("import CSV → Turtle", []).append(
                timed(["import", str(sheet), "--out", str(ttl)], options.timeout)
            )
            results.setdefault("load into a store", []).append(
                timed(["load", str(ttl), "--store", str(db), "-q"], options.timeout)
            )
            for args in COMMANDS:
                results.setdefault(" ".join(args), []).append(
                    timed(["--store", str(db), *args], options.timeout)
                )
    print("| path | " + " | ".join(f"{s:,} stances" for s in options.sizes) + " |")
    print("| --- | " + " | ".join("---" for _ in options.sizes) + " |")
    for name, cells in results.items():
        print(f"| `{name}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
