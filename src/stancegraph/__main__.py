"""``python -m stancegraph``."""

from .cli import main

main()
