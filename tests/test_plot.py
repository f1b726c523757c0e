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


def drawn_edges(ax):
    from stancegraph.plot.labels import EDGE_GID

    return [line for line in ax.lines if line.get_gid() == EDGE_GID]


def test_network_nodes_edges_and_legend(river, ax):
    river.plot("network", ax)
    network = river.actor_network()
    nodes = sum(len(c.get_offsets()) for c in ax.collections if c.get_gid() == "node")
    assert nodes == network.number_of_nodes() == 7
    # Drawn: every explicit tie, and alignment (|S| >= 0.5) across camps or hostile in one.
    camp = river.coalitions().membership()
    expected = {POSITIVE: 0, NEGATIVE: 0}
    for u, v, data in network.edges(data=True):
        same = camp[u] == camp[v]
        if data["kinds"] or (abs(data["sscore"]) >= 0.5 and not (same and data["weight"] > 0)):
            expected[POSITIVE if data["weight"] > 0 else NEGATIVE] += 1
    colours = {POSITIVE: 0, NEGATIVE: 0}
    for line in drawn_edges(ax):
        colours[to_hex(line.get_color())] += 1
    assert colours == expected and sum(expected.values()) > 0
    labels = {t.get_text() for t in ax.texts}
    assert {"Aland", "Borduria", "Carpathia", "Ana Alander"} <= labels
    legend = [t.get_text() for t in ax.figure.legends[0].get_texts()]
    for encoding in ("friendly tie", "hostile tie", "aligned, S ≥ 0.5", "opposed, S ≤ −0.5",
                     "thin: |weight| 0.5", "coalition 1", "mediators: middle row",
                     "shaded: a camp (agreement inside not drawn)"):  # fmt: skip
        assert encoding in legend, encoding
    assert any(t.startswith("large: high") for t in legend)


@pytest.mark.parametrize("width", [None, 6.0])
@pytest.mark.parametrize("which", ["seed", "river"])
def test_no_label_is_crossed_by_an_edge_or_another_label(seed, river, which, width):
    from stancegraph.plot.labels import label_collisions

    g = seed if which == "seed" else river
    fig = g.figure("network", width=width, height=None if width is None else 4.5)
    assert label_collisions(fig.axes[0]) == (0, 0)


def test_label_collisions_are_counted(river):
    """The measure itself: a label moved onto an edge and another label is counted."""
    from stancegraph.plot.labels import LABEL_GID, label_collisions

    fig = river.figure("network")
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_gid() == LABEL_GID]
    edge = drawn_edges(ax)[0]
    x, y = edge.get_xydata().mean(axis=0)
    labels[0].set_position((x, y))
    labels[0].set_ha("center")
    labels[1].set_position((x, y))
    labels[1].set_ha("center")
    pairs, crossings = label_collisions(ax)
    assert pairs >= 1 and crossings >= 2


def test_min_tie_hides_weak_alignment_but_never_a_tie(river):
    loose = drawn_edges(river.figure("network", min_tie=0.0).axes[0])
    strict = drawn_edges(river.figure("network", min_tie=1.0).axes[0])
    ties = sum(1 for *_, k in river.actor_network().edges(data="kinds") if k)
    assert len(loose) > len(strict) >= ties


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
    assert {"-0.3", "n=3"} <= set(texts(ax))  # Aland-Borduria S-score and overlap


def test_blocking_bars_are_severities(river, ax):
    river.plot("blocking", ax)
    bars = {round(p.get_width(), 6): to_hex(p.get_facecolor()) for p in ax.patches}
    legend = {t.get_text(): to_hex(h.get_facecolor()) for t, h in zip(
        ax.get_legend().get_texts(), ax.get_legend().legend_handles, strict=True)}  # fmt: skip
    # Dam 0.5 blocked by Aland, Water quota 0.4 by Borduria; Monitoring is open (no bar).
    assert bars == {0.5: legend["blocked by Aland"], 0.4: legend["blocked by Borduria"]}
    assert "open: some position no veto player opposes" in texts(ax)
    assert ax.get_xlim()[1] == pytest.approx(0.5 * 1.02)  # the axis ends with the data


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
    lines = [line for line in ax.lines if line.get_gid() == "series"]
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
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "blocked by Carpathia" in legend and "weakest stance inferred" in legend
    assert any(p.get_hatch() == "///" for p in ax.patches)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plot", "stances", "--actors", "River Commission"], "no current stance among the chosen"),
        (["plot", "alignment", "--actors", "Aland"], "fewer than two actors with stances"),
        (["plot", "timeline", "--actors", "Aland"], "no stance in this selection carries a date"),
    ],
)
def test_nothing_to_draw_is_an_error_not_a_blank_figure(cli, tmp_path, args, message):
    out = tmp_path / "x.png"
    result = cli(*args, "--out", str(out))
    assert result.exit_code == 2 and message in result.stderr
    assert not out.exists()


def test_a_graph_without_scenarios_has_no_scenario_figure(tmp_path):
    import stancegraph

    no_scenarios = tmp_path / "n.ttl"
    no_scenarios.write_text(
        "\n".join(line for line in RIVER.read_text().splitlines() if "sg:Scenario" not in line)
    )
    with pytest.raises(InputError, match="no scenarios"):
        stancegraph.open(no_scenarios).figure("scenarios")


def test_timeline_values_are_drawn_exactly(river, ax):
    river.plot("timeline", ax)
    levels = {round(float(y), 6) for line in ax.lines if line.get_gid() == "series"
              for y in line.get_ydata()}  # fmt: skip
    assert levels <= {-1.0, -0.5, 0.0, 0.5, 1.0}  # no offsets between series


def test_a_large_graph_shows_its_most_active_actors_and_says_so(tmp_path):
    import stancegraph
    from stancegraph.plot import figures
    from stancegraph.spreadsheet import import_csv

    from .conftest import write

    # 80 actors, 70 positions; actor k takes 1 + k % 7 stances; A00 and A01 are the parties.
    rows = ["actor,position,polarity,role"]
    for k in range(80):
        for p in range(1 + k % 7):
            rows.append(f"A{k:02d},P{(k + p) % 70:02d},{1 if p % 2 else -1},"
                        f"{'party' if k < 2 else ''}")  # fmt: skip
    import_csv(write(tmp_path, "big.csv", "\n".join(rows) + "\n"), tmp_path / "big.ttl")
    g = stancegraph.open(tmp_path / "big.ttl")
    snap = g.snapshot()
    inputs = figures.stances_inputs(snap, g.coalitions().coalitions)
    assert len(inputs["actor_order"]) == figures.MAX_MATRIX_ROWS
    assert inputs["title"].endswith(f"the {figures.MAX_MATRIX_ROWS} most active of 80 actors"
                                    f" and their {len(inputs['position_order'])} most taken "
                                    "positions")  # fmt: skip
    chosen = {snap.label(a) for a in inputs["actor_order"]}
    assert {"A00", "A01"} <= chosen  # the veto players, though among the least active
    assert {f"A{k:02d}" for k in range(80) if k % 7 == 6} <= chosen  # 7 stances each
    matrix = figures.alignment_inputs(snap, g.alignment_matrix())
    assert len(matrix["actors"]) == figures.MAX_MATRIX_ROWS
    assert "most active of 80 actors" in matrix["title"]
    network = g.figure_inputs("network")
    assert network["G"].number_of_nodes() == figures.MAX_NETWORK_ACTORS
    assert network["title"].endswith(
        f"the {figures.MAX_NETWORK_ACTORS} most connected of 80 actors"
    )
    assert {g.resolve("A00"), g.resolve("A01")} <= set(network["G"].nodes)
    asked = {g.resolve("A05"), g.resolve("A06")}  # asked for: shown, however many there are
    assert len(figures.alignment_inputs(snap, g.alignment_matrix(), asked)["actors"]) == 2


def test_the_diagram_carries_the_records_of_the_actors_it_draws_only(river):
    from stancegraph.plot.interactive import diagram_data

    inputs = river.figure_inputs("network")
    drawn = ["http://example.org/river/Aland", "http://example.org/river/Eastmark"]
    snap = river.snapshot()
    records = river.stance_records().assign(quote=None)
    data = diagram_data(snap, inputs["G"].subgraph(drawn), [], [], records, {}, {})
    mine = records[records["actor"].isin(drawn)]
    assert sorted(s["actor"] for s in data["stances"]) == sorted(mine["actor"])
    assert {p["id"] for p in data["positions"]} == set(mine["position"])
    issues = set(snap.positions.set_index("position").loc[list(set(mine["position"])), "issue"])
    assert {i["id"] for i in data["issues"]} == issues
    assert len(mine) < len(records)  # the others' records stay out


def test_a_network_of_one_camp_says_why_nothing_is_drawn_inside(tmp_path):
    import stancegraph

    from .conftest import PREFIXES, write

    rows = "".join(
        f"ex:s{k} a sg:Stance ; sg:actor ex:{a} ; sg:position ex:P ; sg:polarity 1.0 .\n"
        f"ex:{a} a sg:State ; rdfs:label '{a}' .\n"
        for k, a in enumerate(["A", "B", "C"])
    )
    data = write(tmp_path, "one.ttl", PREFIXES + "ex:P a sg:Position ; rdfs:label 'p' .\n" + rows)
    title = stancegraph.open(data).figure_inputs("network")["title"]
    assert title.endswith(
        "\nevery actor drawn is in one coalition, and agreement inside it is not drawn"
    )
