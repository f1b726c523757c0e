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
    app()
