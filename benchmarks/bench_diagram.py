"""The interactive diagram at size (issue 12): a synthetic graph of 500 actors and 5,000 ties,
written as one HTML page and opened in headless Chromium. Prints the time to build the page in
Python, the time to first render in the browser, and the frame times of 40 pan and zoom steps.

    .venv/bin/python benchmarks/bench_diagram.py [--actors 500] [--ties 5000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

import stancegraph

PREFIXES = """@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix ex: <http://example.org/bench/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
KINDS = ["Alliance", "Aid", "Sanctions", "Mediation", "Hostility"]


def write_graph(path: Path, actors: int, ties: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    lines = [PREFIXES, 'ex:talks a sg:Negotiation ; rdfs:label "Benchmark talks" .']
    for i in range(20):
        lines.append(f'ex:i{i} a sg:Issue ; rdfs:label "Issue {i}" .')
        for j in range(3):
            lines.append(
                f'ex:p{i}_{j} a sg:Position ; rdfs:label "Position {i}.{j}" ; sg:onIssue ex:i{i} .'
            )
    for a in range(actors):
        lines.append(f'ex:a{a} a sg:State ; rdfs:label "Actor {a}" .')
        for _ in range(4):
            i, j = rng.randrange(20), rng.randrange(3)
            x = rng.choice([-1.0, -0.5, 0.5, 1.0])
            lines.append(
                f"[] a sg:Stance ; sg:actor ex:a{a} ; sg:position ex:p{i}_{j} ; sg:polarity {x} ;"
                f' sg:evidence [ a sg:Evidence ; sg:quote "Actor {a} on {i}.{j}" ] .'
            )
    for p in (0, 1):
        lines.append(
            f"[] a sg:Participation ; sg:actor ex:a{p} ; sg:negotiation ex:talks ; sg:role sg:Party ."
        )
    seen = set()
    while len(seen) < ties:
        a, b = rng.sample(range(actors), 2)
        if (a, b) in seen:
            continue
        seen.add((a, b))
        kind = rng.choice(KINDS)
        sign = -1 if kind in ("Sanctions", "Hostility") else 1
        lines.append(
            f"[] a sg:Relationship ; sg:from ex:a{a} ; sg:to ex:a{b} ; sg:relationKind sg:{kind} ;"
            f' sg:sign {sign} ; sg:evidence [ a sg:Evidence ; sg:quote "tie {a}-{b}" ] .'
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(page: Path) -> dict[str, float]:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(page.as_uri())
        for _ in range(600):
            if driver.execute_script("return window.stancegraphRenderMs !== undefined"):
                break
            time.sleep(0.05)
        first = driver.execute_script("return window.stancegraphRenderMs")
        frames = driver.execute_async_script(
            """
            var done = arguments[arguments.length - 1], cy = stancegraph.cy, times = [], i = 0;
            function step() {
              var t = performance.now();
              if (i % 2) cy.panBy({ x: 25, y: -15 }); else cy.zoom({ level: cy.zoom() * 1.08,
                renderedPosition: { x: 500, y: 400 } });
              requestAnimationFrame(function () {
                requestAnimationFrame(function () {
                  times.push(performance.now() - t);
                  if (++i < 40) step(); else done(times);
                });
              });
            }
            step();
            """
        )
        return {
            "first_render_ms": float(first),
            "frame_mean_ms": sum(frames) / len(frames),
            "frame_max_ms": max(frames),
            "nodes": driver.execute_script("return stancegraph.cy.nodes().length"),
            "edges": driver.execute_script("return stancegraph.cy.edges().length"),
        }
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=500)
    parser.add_argument("--ties", type=int, default=5000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data, page = Path(tmp) / "bench.ttl", Path(tmp) / "bench.html"
        write_graph(data, options.actors, options.ties)
        start = time.perf_counter()
        g = stancegraph.open(data)
        g.diagram(min_tie=1.0).save(page)
        built = time.perf_counter() - start
        result = measure(page)
    print(f"{options.actors} actors, {options.ties} ties: page built in {built:.1f} s "
          f"({page.name}), {result['nodes']} nodes and {result['edges']} edges in the browser")  # fmt: skip
    print(f"first render: {result['first_render_ms']:.0f} ms")
    print(
        f"pan/zoom: {result['frame_mean_ms']:.1f} ms per frame on average, "
        f"{result['frame_max_ms']:.1f} ms at worst (40 steps; 16.7 ms = 60 frames a second)"
    )


if __name__ == "__main__":
    main()
