"""Which store a run works on, and store directories: loaded once (bulk, undone on failure,
marked while running, never with the bundled demo graph), then reopened read-only by any number
of readers."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from . import cache
from .errors import DataLoadError, InputError
from .io import bundled_data, check_url_scheme, is_url
from .store import LocalStore, RemoteStore, Store

#: Present in a store directory while data is being loaded into it: a load that was killed
#: leaves it behind, and the store is refused until it is removed and loaded again.
LOADING_MARKER = ".stancegraph-loading"


def open_store(
    data: Sequence[str | Path] = (),
    *,
    endpoint: str | None = None,
    store_dir: Path | None = None,
    allow_service: bool = False,
) -> Store:
    """Open the store a command works on.

    Parameters
    ----------
    data
        Files or URLs to load (the bundled seed graph when empty and no endpoint/store is given).
    endpoint
        URL of a SPARQL 1.1 endpoint (http or https); nothing is loaded locally.
    store_dir
        An on-disk Oxigraph store. A new one is bulk-loaded with ``data`` (never with the bundled
        graph); a load that fails is undone, one that is killed leaves a marker and the store is
        refused until reloaded. An existing store is opened read-only (about 20 ms, any number
        of readers at once) and ``data`` must be empty.
    allow_service
        Let queries use SERVICE (ask other endpoints); refused by default.
    """
    if endpoint is not None:
        if data or store_dir is not None:
            raise InputError(
                "an endpoint excludes data files and a store directory (the endpoint holds the "
                "data); give one of them"
            )
        return RemoteStore(endpoint, allow_service=allow_service)
    if store_dir is not None:
        return _open_store_dir(Path(store_dir), data, allow_service)
    store = LocalStore(allow_service=allow_service)
    store.load(list(data) or [bundled_data()])
    store.load_vocabulary()
    return store


def _check_dir(path: Path) -> None:
    """A store directory that a killed load left marked, or a file in its place, is refused."""
    if (path / LOADING_MARKER).exists():
        raise DataLoadError(
            f"store directory {path}: its last load did not finish (it was interrupted); "
            "remove the directory and load the data again"
        )
    if path.exists() and not path.is_dir():
        raise InputError(f"store directory {path} is a file; give a directory")


def _open_store_dir(path: Path, data: Sequence[str | Path], allow_service: bool) -> LocalStore:
    _check_dir(path)
    if (path / "CURRENT").exists() and not data:
        store = LocalStore(path, read_only=True, allow_service=allow_service)
        if store.is_empty():
            raise InputError(
                f"store directory {path} is empty; give the data files to load into it"
            )
        return store
    if not data:
        raise InputError(f"store directory {path} is new; give the data files to load into it")
    store = LocalStore(path, allow_service=allow_service)
    if not store.is_empty():
        raise InputError(
            f"store directory {path} already holds data; open it without data files, "
            "or remove it to load them again"
        )
    fill(store, data)
    return store


def fill(
    store: LocalStore,
    sources: Sequence[str | Path],
    *,
    append: bool = False,
    step: Callable[[str], None] | None = None,
) -> LocalStore:
    """Load ``sources`` into the store directory ``store`` (``step`` is told each file's name
    as it starts). Into an empty store, Oxigraph's bulk loader runs while a marker file says a
    load is under way; a failure empties the store again, and a kill leaves the marker, so the
    store is refused until reloaded. With ``append``, each file is added in one transaction, so
    a failure leaves the store as it was; stances with the same IRI are not duplicated."""
    if store.path is None:
        raise InputError("only a store directory can be filled this way; give a directory")
    marker = store.path / LOADING_MARKER
    cache.clear(store.path)  # tables of the store as it was: never read again, so gone
    if append:
        for source in sources:
            if step:
                step(str(source))
            store.load([source])
        store.oxigraph.flush()
        return store
    marker.touch()
    try:
        for source in sources:
            if step:
                step(str(source))
            store.load([source], bulk=True)
        store.load_vocabulary()
        store.oxigraph.flush()
    except BaseException:
        # Undo a partial bulk load, so the store is empty, not half-filled.
        store.oxigraph.clear()
        store.oxigraph.flush()
        marker.unlink()
        raise
    marker.unlink()
    return store


def load_store(
    sources: Sequence[str | Path],
    store_dir: Path,
    *,
    append: bool = False,
    step: Callable[[str], None] | None = None,
) -> LocalStore:
    """``stancegraph load``: put ``sources`` into a store directory once, for every later run
    to reopen in milliseconds. A store that already holds data takes more only with
    ``append``."""
    path = Path(store_dir)
    if not sources:
        raise InputError("give the data files to load")
    _check_dir(path)
    for source in sources:  # before a directory is made for nothing
        check_url_scheme(source)
        if not is_url(source) and not Path(source).is_file():
            raise DataLoadError(f"{source}: no such file; check the path")
    created = not path.exists()
    store = LocalStore(path)
    empty = store.is_empty()
    if not empty and not append:
        raise InputError(
            f"store directory {path} already holds data; append to it, or remove it to load afresh"
        )
    try:
        return fill(store, sources, append=append and not empty, step=step)
    except BaseException:
        if created:  # a directory this load made, and which holds nothing: leave no trace
            del store
            gc.collect()
            shutil.rmtree(path, ignore_errors=True)
        raise
