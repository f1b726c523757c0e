"""The ``stancegraph`` command line: parse, call the library, render, map errors to exit codes.

Exit codes: 0 success; 1 the data does not conform (``validate``); 2 bad input, always with one
line on stderr.
"""

from __future__ import annotations

# Importing the command modules registers their commands on ``app``, in the order of --help.
# isort: off
from . import questions, analyses, outputs  # noqa: F401

# isort: on
from .common import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point. SIGTERM ends the run like Ctrl-C does (exit code 143), so the
    temporary files of an interrupted write are removed on the way out."""
    import signal
    import sys

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    _no_hugepage_hint()
    app()


def _no_hugepage_hint() -> None:
    """Stop numpy asking the kernel for huge pages (unless NUMPY_MADVISE_HUGEPAGE says
    otherwise). Where the kernel compacts memory to serve that request (transparent huge pages
    with defrag "madvise", a common default) every large array stalls on its first touch:
    `align --top 1000` at 1M stances spent 5.7 s in the kernel with the hint and 2.6 s without,
    9.9 s against 7.0 s in all. Only the command line does this; a notebook keeps numpy's own
    setting."""
    import os

    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return
    import numpy as np

    switch = getattr(getattr(np, "_core", None), "multiarray", None)
    setter = getattr(switch, "_set_madvise_hugepage", None)
    if setter is not None:
        setter(False)
