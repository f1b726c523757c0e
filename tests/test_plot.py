"""Each figure on the river fixture: what it draws (artists), not only that a file appeared."""

import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from stancegraph.errors import InputError
from stancegraph.plot._style import NEGATIVE, POSITIVE
from stancegraph.plot.figures import save

from .conftest import RIVER


@pytest.fixture
def ax():
    fig = Figure(figsize=(10, 8))
    return fig.add_subplot()


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_network_nodes_edges_and_legend(river, ax):
    river.plot("network", ax)
    G = river.signed_graph()
    nodes = sum(
        len(c.get_offsets())
        for c in ax.collections
        if c.get_offsets().size and c.__class__.__name__ == "PathCollection"
    )
    assert nodes == G.number_of_nodes() == 7
    colours = {}
    for collection in ax.collections:
        if collection.__class__.__name__ == "LineCollection" and len(collection.get_segments()):
            colours[to_hex(collection.get_edgecolor()[0])] = len(collection.get_segments())
    positive = sum(1 for _, _, w in G.edges(data="weight") if w > 0)
    negative = sum(1 for _, _, w in G.edges(data="weight") if w < 0)
    assert colours == {POSITIVE: positive, NEGATIVE: negative}
    labels = {t.get_text() for t in ax.texts}
    assert {"Aland", "Borduria", "Carpathia", "Ana Alander"} <= labels
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "friendly tie / agreement" in legend and "hostile tie / disagreement" in legend
    assert "mediators" in labels  # Carpathia is a mediator, drawn between the camps


def test_network_puts_mediators_between_the_camps(river, ax):
    from stancegraph.plot.network import layout

    G = river.signed_graph()
    groups = river.coalitions().coalitions
    pos = layout(G, groups, ["http://example.org/river/Carpathia"])
    left = [pos[a][0] for a in groups[0] if a != "http://example.org/river/Carpathia"]
    right = [pos[a][0] for a in groups[1]]
    assert max(left) < pos["http://example.org/river/Carpathia"][0] < min(right)
    first, second = layout(G, groups, []), layout(G, groups, [])
    assert all(np.allclose(first[n], second[n]) for n in first)  # stable run to run


def test_stance_heatmap_colours_and_missing_cells(river, ax):
    river.plot("stances", ax)
    image = ax.images[1]
    assert image.norm.vmin == -1 and image.norm.vmax == 1 and image.norm.vcenter == 0
    assert image.get_cmap().name == "RdBu"
    positions = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert positions[:1] == ["Build the dam"]  # grouped by issue: Dam first
    actors = [t.get_text() for t in ax.get_xticklabels()]
    assert actors[:4] == ["Aland", "Ana Alander", "Carpathia", "Delta NGO"]  # coalition 1 first
    grid = image.get_array()
    assert int(np.ma.count_masked(grid)) == len(
        ax.collections[0].get_offsets()
    )  # one dot per missing stance
    assert {"Dam", "Monitoring", "Water quota"} <= set(texts(ax))


def test_alignment_matrix_is_clustered_with_fixed_limits(river, ax):
    river.plot("alignment", ax)
    image = ax.images[1]
    assert (image.norm.vmin, image.norm.vmax) == (-1, 1)
    names = [t.get_text() for t in ax.get_xticklabels()]
    assert set(names) == {"Aland", "Ana Alander", "Borduria", "Carpathia", "Delta NGO", "Eastmark"}
    assert "-0.33\n3" in texts(ax)  # Aland-Borduria S-score and overlap


def test_blocking_bars_are_severities(river, ax):
    river.plot("blocking", ax)
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == [0.0, 0.4, 0.5]
    assert "blocked by Aland" in texts(ax) and "blocked by Borduria" in texts(ax)


def test_scenarios_mark_verdicts_and_vetoes(river, ax):
    river.plot("scenarios", ax)
    assert "✗ -0.11" in texts(ax)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    # Compromise: Borduria's doubt about equal shares is marked sg:redLine, so it rejects
    # although U = (0.8*-0.5 + 1*0.5)/1.8 > 0; Dam deal: Aland's U = -0.11.
    assert ticks == ["Compromise\nBLOCKED", "Dam deal\nBLOCKED"]
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["Aland (veto)", "Borduria (veto)"]
    frames = [p for p in ax.patches if not p.get_fill() and not p.get_hatch()]
    assert len(frames) == 2


def test_timeline_follows_validity_and_supersession(river, ax):
    river.plot("timeline", ax, actors=["Borduria"], issues=["Monitoring"])
    lines = [line for line in ax.lines if line.get_linewidth() == 2.5]
    levels = sorted(round(float(line.get_ydata()[0]), 2) for line in lines)
    assert levels == [-1.0, 0.5]
    old = next(line for line in lines if line.get_ydata()[0] < 0)
    assert str(old.get_xdata()[1])[:10] == "2023-01-01"  # ends where the 2023 record starts


def test_filters_and_unknown_kind(river):
    fig = river.figure("network", actors=["Aland", "Borduria", "Carpathia"])
    ax = fig.axes[0]
    assert (
        sum(
            len(c.get_offsets()) for c in ax.collections if c.__class__.__name__ == "PathCollection"
        )
        == 3
    )
    with pytest.raises(InputError, match="unknown figure 'pie'"):
        river.figure("pie")


def test_plot_functions_default_to_the_current_axes(river):
    plt.close("all")
    from stancegraph.plot import plot_blocking

    returned = plot_blocking(river.blocking(), labels=river.snapshot().labels)
    assert returned is plt.gca()
    plt.close("all")


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_by_suffix_and_atomically(river, tmp_path, suffix):
    out = tmp_path / f"f{suffix}"
    save(river.figure("blocking"), out)
    head = out.read_bytes()[:5]
    assert head in (b"\x89PNG\r", b"<?xml", b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_bad_suffix_keeps_the_existing_file(river, tmp_path):
    out = tmp_path / "f.gif"
    out.write_bytes(b"old")
    with pytest.raises(InputError, match="use .png, .svg or .pdf"):
        save(river.figure("blocking"), out)
    assert out.read_bytes() == b"old"


def test_cli_plot(cli, tmp_path):
    out = tmp_path / "net.png"
    result = cli(
        "plot",
        "network",
        "--out",
        str(out),
        "--title",
        "River",
        "--width",
        "6",
        "--height",
        "4",
        "--dpi",
        "50",
    )
    assert result.exit_code == 0, result.stderr
    from PIL import Image

    with Image.open(out) as image:
        assert image.size == (300, 200)
    bad = cli("plot", "pie", "--out", str(tmp_path / "x.png"))
    assert bad.exit_code == 2 and bad.stderr.startswith("Error: unknown figure 'pie'")
    assert not (tmp_path / "x.png").exists()


@pytest.mark.slow
def test_figures_and_the_report_leave_a_notebooks_backend_alone(tmp_path):
    """A notebook user's backend (here svg, as a stand-in for inline) is never switched."""
    code = (
        "import matplotlib, stancegraph; from stancegraph.report import write_report; "
        f"g = stancegraph.open({str(RIVER)!r}); g.figure('network'); "
        f"write_report(g, {str(tmp_path / 'r')!r}, quiet=True); print(matplotlib.get_backend())"
    )
    env = {**os.environ, "MPLBACKEND": "svg"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "svg"


def test_stances_hatch_exactly_the_inferred_cells(river, ax):
    river.plot("stances", ax)
    hatched = [p for p in ax.patches if p.get_hatch()]
    # Inferred today: Borduria on the commission (s08, 0.6), Carpathia on the equal share (s09, 0.5).
    assert len(hatched) == 2
    assert "hatched = inferred" in ax.figure.axes[-1].get_xlabel()


def test_scenarios_hatch_inferred_verdicts_and_show_their_coverage(river, ax):
    river.plot("scenarios", ax)
    # Inferred: Borduria on both packages (its commission stance s08, 0.6), Carpathia on the
    # compromise (its equal-share stance s09, 0.5).
    assert len([p for p in ax.patches if p.get_hatch()]) == 3
    # On 1 of 2 positions: Ana, Delta NGO, Eastmark (compromise), Carpathia (dam deal).
    assert sum("on 1 of 2" in t for t in texts(ax)) == 4


def test_blocking_bars_say_when_the_weakest_stance_is_inferred(ax):
    import stancegraph

    from .conftest import RIVER

    # Veto players Carpathia and Eastmark: the equal share is opposed by Eastmark's derived -1
    # (weight 1), upstream priority by Carpathia's derived -0.5 from s09 (weight 0.5, confidence
    # 0.5): severity min(1, 0.5) rests on Carpathia's inferred stance.
    g = stancegraph.open(RIVER, veto=["Carpathia", "Eastmark"])
    g.plot("blocking", ax)
    assert "blocked by Carpathia; weakest stance inferred (0.50)" in texts(ax)
