"""The main job: every analysis, table and figure of a negotiation graph in one report,
``DIR/index.html`` (self-contained: figures embedded, no network needed) and ``DIR/report.md``
(figures beside it in ``DIR/figures/``). Both are rendered from one document model
(:mod:`.document`) built section by section (:mod:`.sections`)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import __version__
from ..api import StanceGraph
from ..errors import InputError
from ..io import swap_in, write_atomic
from ..plot.figures import KINDS, png_bytes
from .context import DIAGRAM
from .document import Document, to_html, to_markdown_text
from .sections import SECTIONS, build

__all__ = ["Document", "build", "write_report"]

FOOTER = f"Made by stancegraph {__version__}. Definitions of every number: docs/analysis.md."


@contextmanager
def progress(total: int, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr (none when ``quiet``, or when stderr is not a terminal: a log
    file gets no redraws); yields the function that advances it."""
    if quiet or not sys.stderr.isatty():
        yield lambda _label: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("report", total=total)

        def step(label: str) -> None:
            bar.update(task, advance=1, description=label)

        yield step


def write_report(g: StanceGraph, out: str | Path, *, quiet: bool = False) -> Path:
    """Compute everything and write ``out/index.html``, ``out/report.md`` and
    ``out/figures/*.png``, the folder swapped in at once. Returns the path of index.html."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(
            f"{out} exists and is not a directory; give a directory to write the report into"
        )
    day = g.snapshot().as_of.isoformat()
    meta = (
        f"As of {day}; generated {dt.date.today().isoformat()} by stancegraph {__version__} "
        f"from {g.store.description}."
    )
    with progress(len(SECTIONS) + len(KINDS) + 2, quiet) as step:
        doc: Document = build(g, meta, step=step)
        images = {}
        for kind in KINDS:
            step(f"figure: {kind}")
            try:
                images[kind] = png_bytes(g.figure(kind))
            except InputError as exc:  # nothing to draw: say so in the figure's place
                doc.missing[kind] = str(exc)
        step("interactive diagram")
        pages = {}
        try:
            pages[DIAGRAM] = g.diagram().html
        except InputError as exc:
            doc.missing[DIAGRAM] = str(exc)
        step("writing")
        write_folder(out, doc, images, pages)
    return out / "index.html"


def write_folder(
    out: Path, doc: Document, images: dict[str, bytes], pages: dict[str, str] | None = None
) -> None:
    """Write the report into a sibling temporary folder, then swap it in: ``out`` holds the old
    report or the new one, never a mix, whatever happens on the way (a SIGKILL leaves only a
    ``.NAME.*.tmp`` folder beside it)."""
    import shutil
    import tempfile

    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: no such directory")
    try:
        tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    except OSError as exc:
        raise InputError(f"cannot write into {out.parent}: {exc.strerror or exc}") from None
    try:
        (tmp / "figures").mkdir()
        for kind, data in images.items():
            write_atomic(tmp / "figures" / f"{kind}.png", data)
        for name, page in (pages or {}).items():
            write_atomic(tmp / name, page)
        write_atomic(tmp / "report.md", to_markdown_text(doc))
        write_atomic(tmp / "index.html", to_html(doc, images, FOOTER))
        tmp.chmod(0o777 & ~_umask())
        swap_in(tmp, out)
    except OSError as exc:
        raise InputError(f"cannot write the report to {out}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
