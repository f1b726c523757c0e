"""The wheel carries what an installed stancegraph needs: the seed graph, vocabulary, shapes and
named queries."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_wheel_contains_data_and_resources(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("stancegraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "stancegraph/data/actors.ttl" in names
    assert {"stancegraph/resources/stancegraph.ttl", "stancegraph/resources/shapes.ttl"} <= names
    assert "stancegraph/resources/queries/stance_records.rq" in names
    # The interactive diagram: its page, the vendored library and the library's licence.
    assert {
        "stancegraph/resources/diagram.html",
        "stancegraph/resources/vendor/cytoscape.min.js",
        "stancegraph/resources/vendor/cytoscape.LICENSE",
        "stancegraph/resources/queries/shape_checks.rq",
        "stancegraph/report/document.py",
    } <= names
    with zipfile.ZipFile(wheel) as archive:
        assert (
            archive.read("stancegraph/data/actors.ttl")
            == (ROOT / "data" / "actors.ttl").read_bytes()
        )


def test_asking_a_question_does_not_import_the_analysis_libraries():
    # networkx and scipy.sparse take 0.15 s to import: who-supports on a million stances
    # answers in under a second, and they would be a sixth of it.
    import subprocess
    import sys

    probe = (
        "import sys, stancegraph; g = stancegraph.open(); g.who_supports('full ceasefire'); "
        "print(sorted(m for m in ('networkx', 'scipy.sparse', 'pyshacl', 'matplotlib') "
        "if m in sys.modules and not type(sys.modules[m]).__name__.startswith('_Lazy')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_command_line_turns_off_numpys_hugepage_hint_unless_told(monkeypatch):
    import numpy as np

    from stancegraph.cli import _no_hugepage_hint

    multiarray = np._core.multiarray
    before = multiarray._get_madvise_hugepage()
    try:
        multiarray._set_madvise_hugepage(True)
        monkeypatch.setenv("NUMPY_MADVISE_HUGEPAGE", "1")
        _no_hugepage_hint()
        assert multiarray._get_madvise_hugepage() is True  # the user's choice stands
        monkeypatch.delenv("NUMPY_MADVISE_HUGEPAGE")
        _no_hugepage_hint()
        assert multiarray._get_madvise_hugepage() is False
    finally:
        multiarray._set_madvise_hugepage(before)
