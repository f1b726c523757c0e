"""Tables read from a store directory, kept beside it until the store changes.

Reading the stance records of 870k UN votes out of Oxigraph takes about 23 s (13 s of it
Oxigraph writing 480 MB of CSV); every analysis needs them. The first run that reads them writes
them to ``DIR/.stancegraph/NAME.npz``; later runs read that file in well under a second.

A cached table is used only while the store is exactly as it was when the table was written:
the file carries a fingerprint of the store's own files (name, size and modification time of
each, RocksDB's log and lock files aside). Loading data changes them, so a stale table is never
read, whoever changed the store. The files are plain NumPy arrays read with
``allow_pickle=False``: a cache file cannot run code. Any problem reading or writing the cache
(a read-only directory, a damaged file) falls back to the store, silently: the cache only ever
saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .store import LocalStore, Store

#: The cache's own folder inside a store directory (RocksDB leaves subfolders alone).
FOLDER = ".stancegraph"
#: Bumped whenever the layout of a cached table changes.
VERSION = 2
#: Between the distinct texts of a column; a table with a text holding it is not cached.
SEPARATOR = "\x00"


def fingerprint(store_dir: Path) -> str:
    """A digest of the store's files: name, size and modification time of each regular file
    (RocksDB rewrites ``LOG`` on every open and ``LOCK`` is empty: both are left out).

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "000001.sst").write_bytes(b"x")
    >>> a = fingerprint(d); _ = (d / "LOG").write_text("opened"); a == fingerprint(d)
    True
    >>> _ = (d / "000002.sst").write_bytes(b"y"); a == fingerprint(d)
    False
    """
    digest = hashlib.sha256(f"v{VERSION}".encode())
    for entry in sorted(os.scandir(store_dir), key=lambda e: e.name):
        if not entry.is_file() or entry.name == "LOCK" or entry.name.startswith("LOG"):
            continue
        info = entry.stat()
        digest.update(f"{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def cached_table(store: Store, name: str, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The table ``name`` of ``store``: from the cache when it was written for the store as
    it is now, else ``read()`` (then written to the cache for the next run). An in-memory
    store or an endpoint has no cache: always ``read()``."""
    store_dir = store.path if isinstance(store, LocalStore) else None
    if store_dir is None:
        return read()
    path = store_dir / FOLDER / f"{name}.npz"
    try:
        stamp = fingerprint(store_dir)
    except OSError:
        return read()
    found = _load(path, stamp)
    if found is not None:
        return found
    table = read()
    # A read-only directory, a full disk, a column of another kind: no cache, same answer.
    with contextlib.suppress(OSError, ValueError, TypeError):
        _save(path, table, stamp)
    return table


def clear(store_dir: Path) -> None:
    """Remove every cached table of a store (``load`` does, before it changes the store)."""
    folder = store_dir / FOLDER
    if folder.is_dir():
        for file in folder.iterdir():
            file.unlink(missing_ok=True)


def _save(path: Path, table: pd.DataFrame, stamp: str) -> None:
    arrays: dict[str, np.ndarray] = {}
    columns = []
    for number, column in enumerate(table.columns):
        series = table[column]
        kind = str(series.dtype)
        if series.dtype.kind in "fbiuM":
            arrays[f"c{number}"] = series.to_numpy()
        else:
            # Text: codes into the distinct values, kept as one UTF-8 string split by NUL (str
            # methods in C both ways, no Python loop over a million stance IRIs).
            codes, uniques = pd.factorize(series, use_na_sentinel=True)
            joined = SEPARATOR.join(uniques.astype(str))
            if joined.count(SEPARATOR) != max(len(uniques) - 1, 0):
                raise ValueError("a text holds the separator: this table is not cached")
            arrays[f"c{number}"] = codes.astype(np.int32)
            arrays[f"t{number}"] = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
            arrays[f"n{number}"] = np.array([len(uniques)])
            kind = "object" if kind == "object" else "str"
        columns.append([str(column), kind])
    arrays["meta"] = np.frombuffer(
        json.dumps({"stamp": stamp, "columns": columns}).encode("utf-8"), dtype=np.uint8
    )
    path.parent.mkdir(exist_ok=True)
    # Opened as a new file rather than by mkstemp (mode 0600): the team reading a shared store
    # reads its cache too, by the usual umask.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with tmp.open("xb") as out:
            # Unpacked as keyword arguments, numpy's stub would read them as its own flags.
            savez: Callable[..., None] = np.savez
            savez(out, **arrays)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _load(path: Path, stamp: str) -> pd.DataFrame | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes().decode("utf-8"))
            if meta.get("stamp") != stamp:
                return None
            out = {}
            for number, (column, kind) in enumerate(meta["columns"]):
                values = data[f"c{number}"]
                if kind in ("object", "str"):
                    text = data[f"t{number}"].tobytes().decode("utf-8")
                    texts = text.split(SEPARATOR) if int(data[f"n{number}"][0]) else []
                    uniques = np.array([*texts, None], dtype=object)
                    strings = uniques[values]  # code -1 picks the None at the end
                    out[column] = pd.Series(strings, dtype=object if kind == "object" else "str")
                else:
                    out[column] = pd.Series(values, dtype=kind)
            return pd.DataFrame(out)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile, UnicodeDecodeError):
        return None
