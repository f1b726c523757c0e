"""The CLI's outputs on the seed graph and the river fixture are byte-for-byte those checked in
under tests/golden/ (written before the restructuring of issue 9; rewrite them with
``python -m tests.golden.cases`` only for an intended change, and review the diff)."""

from pathlib import Path

import pytest

from .conftest import ARTICLE
from .golden.cases import HERE, outputs

pytestmark = pytest.mark.slow


def test_cli_outputs_match_golden_files(tmp_path: Path) -> None:
    produced = outputs(tmp_path)
    stored = {str(p.relative_to(HERE)): p for p in HERE.glob("*/*.txt")}
    assert sorted(produced) == sorted(stored)
    # The seed's quotes are checked against the article in ../shared; without it, validate says
    # so differently (and that is tested in tests/test_seed.py).
    skipped = set() if ARTICLE.exists() else {n for n in produced if n.startswith("seed/validate")}
    changed = [
        name
        for name, text in produced.items()
        if name not in skipped and stored[name].read_text(encoding="utf-8") != text
    ]
    assert changed == []
