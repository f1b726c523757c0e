import re
import shutil
import subprocess

import pytest

from stancegraph.plot.figures import KINDS as FIGURES
from stancegraph.report import write_report


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory, seed):
    out = tmp_path_factory.mktemp("report")
    write_report(seed, out, quiet=True)
    return out


def test_report_files_and_sections(seed_report):
    html = (seed_report / "index.html").read_text(encoding="utf-8")
    md = (seed_report / "report.md").read_text(encoding="utf-8")
    for section in [
        "Key findings",
        "Actors and their roles",
        "Who supports what",
        "Alignment",
        "Coalitions and polarization",
        "Blocking issues",
        "Common ground",
        "Brokers",
        "Agreement packages (scenarios)",
        "Stances over time",
        "Data quality",
    ]:
        assert f">{section}</h2>" in html
        assert f"## {section}" in md
    # Every figure a section shows is a picture or a note saying why (the seed has no dates: no
    # timeline; no scale values: no forecast, and no forecast section either).
    assert "_No stances over time figure: no stance in this selection carries a date" in md
    drawn = sorted(p.stem for p in (seed_report / "figures").glob("*.png"))
    assert drawn == sorted(set(FIGURES) - {"timeline", "forecast"})
    assert html.count('<img src="data:image/png;base64,') == len(drawn) == 5
    assert html.count("<table>") == sum(line.startswith("| --- ") for line in md.splitlines())
    assert not re.search(r"""(src|href)=['"]https?://""", html)  # self-contained
    for kind in drawn:
        assert f"(figures/{kind}.png)" in md
        assert (seed_report / "figures" / f"{kind}.png").stat().st_size > 10_000


def test_every_claim_is_traceable_to_its_quote(seed_report):
    md = (seed_report / "report.md").read_text(encoding="utf-8")
    assert "Strongest broker: **Turkey**" in md
    assert "### Why Territorial integrity blocks" in md
    assert (
        "> Russia, however, has annexed territories and shows no signs of relinquishing its claims"
        in md
    )
    assert (
        "| Full restoration of internationally recognised borders | Ukraine | +1.00 | 1.00 | 1.00 | "
        in md
    )
    # An inferred stance says so beside its quote, with the analyst's note.
    assert (
        "| Complete withdrawal of Russian forces from all Ukrainian territories | Russia | -1.00 | 1.00 | 0.60 inferred | "
        "Russia, however, has annexed territories" in md
    )
    assert "Implied: Russia shows no signs of relinquishing its claims" in md
    assert "## Robustness: what holds on explicit evidence" in md
    assert (
        "| Russia: accept Frozen conflict | no | id:stance-russia-freeze-along-front-line |" in md
    )


def test_cli_report_and_progress(cli, tmp_path, monkeypatch):
    import contextlib

    import stancegraph.report as report

    seen: dict[str, object] = {"steps": []}

    @contextlib.contextmanager
    def recording(total, quiet):
        seen["total"], seen["quiet"] = total, quiet
        yield seen["steps"].append

    monkeypatch.setattr(report, "progress", recording)
    result = cli("report", "--out", str(tmp_path / "r"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Report written: ")
    assert (tmp_path / "r" / "index.html").is_file()
    # The bar is shown, advances once per section, figure and the writing, and ends full.
    sections = [label for label, _ in report.SECTIONS]
    figures = [f"figure: {kind}" for kind in FIGURES]
    assert seen["quiet"] is False
    assert seen["steps"] == [*sections, *figures, "interactive diagram", "writing"]
    assert seen["total"] == len(seen["steps"])


@pytest.mark.slow
def test_report_renders_in_headless_chromium(seed_report, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no chromium on this machine (.ci/run installs Debian's chromium)")
    from PIL import Image

    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,16000",
            f"--screenshot={shot}",
            (seed_report / "index.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    count = {rgb: n for n, rgb in colours}
    assert (
        sum(n for rgb, n in count.items() if rgb != (255, 255, 255))
        > 0.1 * image.width * image.height
    )

    def near(target, tolerance=30):
        return sum(
            n
            for rgb, n in count.items()
            if all(abs(a - b) < tolerance for a, b in zip(rgb, target, strict=True))
        )

    # The figures' own colours show up: coalition blue (network), deep blue and deep red of the
    # diverging maps (heatmaps), magenta of the blocking bars.
    assert near((0x44, 0x77, 0xAA)) > 2_000
    assert near((0x05, 0x30, 0x61)) > 2_000
    assert near((0x67, 0x00, 0x1F)) > 500
    assert near((0xC5, 0x1B, 0x7D)) > 2_000


@pytest.mark.slow
def test_long_tables_show_their_first_rows_and_say_how_to_get_all(tmp_path, monkeypatch):
    import stancegraph
    from stancegraph.report import context, sections
    from stancegraph.spreadsheet import import_csv

    from .conftest import write

    monkeypatch.setattr(context, "MAX_ROWS", 10)
    monkeypatch.setattr(sections, "MAX_ROWS", 10)
    rows = ["actor,position,polarity,role"]
    rows += [f"A{k:02d},P{(k + p) % 40:02d},{1 if p % 2 else -1},{'party' if k < 2 else ''}"
             for k in range(30) for p in range(4)]  # fmt: skip
    import_csv(write(tmp_path, "big.csv", "\n".join(rows) + "\n"), tmp_path / "big.ttl")
    write_report(stancegraph.open(tmp_path / "big.ttl"), tmp_path / "r", quiet=True)
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "The first 10 of 30 actors; every one: `stancegraph actors`." in md
    actors = md.split("## Actors and their roles")[1].split("\n\n")[1]
    assert actors.splitlines()[2].startswith("| A00 |")  # the parties first
    assert "The 2 positions most actors took a stance on, of 33" in md  # P00..P32
