"""Read RDF files and URLs into an Oxigraph store; parse errors carry file, line and column."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from .errors import DataLoadError

#: File suffix -> RDF format. JSON files are read as JSON-LD.
SUFFIX_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ntriples": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".n3": ox.RdfFormat.N3,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}

URL_TIMEOUT_S = 30
#: Every URL read (data or endpoint answer) ends within this many seconds, slow or not.
URL_DEADLINE_S = 120
#: ... and stops at this many bytes.
URL_MAX_BYTES = 1 << 30
#: Oxigraph's parser holds one token (a literal, an IRI) in a buffer of at most 16 MiB.
MAX_TOKEN_BYTES = 16 * 1024 * 1024
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")


def package_version() -> str:
    """The installed stancegraph's version ("0.0.0" when run from a source tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("stancegraph")
    except PackageNotFoundError:
        return "0.0.0"


def is_url(source: str | Path) -> bool:
    """True for http(s) URLs.

    >>> is_url("https://example.org/a.ttl"), is_url("data/actors.ttl")
    (True, False)
    """
    return str(source).startswith(("http://", "https://"))


def check_url_scheme(source: str | Path, what: str = "data") -> None:
    """Refuse a URL of any scheme but http(s) (``file:``, ``ftp:``, ...): stancegraph reaches
    the network only where a user names an http(s) URL, and reads local files by path only.

    >>> check_url_scheme("file:///etc/hostname")
    Traceback (most recent call last):
    ...
    stancegraph.errors.DataLoadError: file:///etc/hostname: only http:// and https:// URLs are read (data); give a local file as a path
    """
    text = str(source)
    match = _SCHEME.match(text)
    if match and not is_url(text) and not Path(text).exists():
        raise DataLoadError(
            f"{text}: only http:// and https:// URLs are read ({what}); give a local file as a path"
        )


def fetch(
    request: urllib.request.Request,
    *,
    timeout: float = URL_TIMEOUT_S,
    deadline: float = URL_DEADLINE_S,
    max_bytes: int = URL_MAX_BYTES,
) -> tuple[bytes, str | None]:
    """The body and Content-Type of an http(s) request, read against a whole-request deadline
    and a size limit (``timeout`` alone bounds each read, so a server dripping a byte a second
    would hold a plain ``read()`` for good). Raises DataLoadError naming the URL and the limit;
    HTTP errors propagate as :class:`urllib.error.HTTPError`."""
    import time

    url = request.full_url
    if not is_url(url):
        raise DataLoadError(f"{url}: only http:// and https:// URLs are read")
    start = time.monotonic()
    chunks: list[bytes] = []
    size = 0
    with urllib.request.urlopen(request, timeout=timeout) as response:
        content_type = response.headers.get("Content-Type")
        while True:
            if time.monotonic() - start > deadline:
                raise DataLoadError(
                    f"{url}: no complete answer within {deadline:g} s; the server is too slow"
                )
            chunk = response.read1(1 << 16)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise DataLoadError(f"{url}: the answer is over {max_bytes >> 20} MiB; refused")
            chunks.append(chunk)
    return b"".join(chunks), content_type


def bundled_data() -> Path:
    """Path of the bundled seed graph (``data/actors.ttl``), from a wheel or from a checkout."""
    packaged = Path(str(resources.files("stancegraph") / "data" / "actors.ttl"))
    if packaged.is_file():
        return packaged
    # An editable install does not copy force-included files; the checkout has the original.
    checkout = Path(__file__).resolve().parents[2] / "data" / "actors.ttl"
    if checkout.is_file():
        return checkout
    raise DataLoadError(
        "the bundled data/actors.ttl is missing; reinstall stancegraph or pass --data FILE"
    )


def resource_path(name: str) -> Path:
    """Path of a file shipped in ``stancegraph/resources``."""
    return Path(str(resources.files("stancegraph") / "resources" / name))


def format_for(name: str, content_type: str | None = None) -> ox.RdfFormat:
    """Pick the RDF format from a media type, else from the file suffix.

    >>> format_for("a.nt").name
    'N-Triples'
    >>> format_for("x", "text/turtle; charset=utf-8").name
    'Turtle'
    """
    if content_type:
        media = content_type.split(";")[0].strip()
        fmt = ox.RdfFormat.from_media_type(media)
        if fmt is not None:
            return fmt
    suffix = Path(name.split("?")[0]).suffix.lower()
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    known = ", ".join(sorted(SUFFIX_FORMATS))
    raise DataLoadError(
        f"{name}: unknown RDF file type {suffix or '(no suffix)'!r}; use one of {known}"
    )


def read_source(source: str | Path) -> tuple[bytes, ox.RdfFormat, str]:
    """Fetch the bytes of a file or URL with its format and a base IRI."""
    name = str(source)
    check_url_scheme(name)
    if is_url(name):
        request = urllib.request.Request(
            name,
            headers={
                "Accept": "text/turtle, application/n-triples, application/ld+json;q=0.9, application/rdf+xml;q=0.8"
            },
        )
        try:
            data, content_type = fetch(request)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DataLoadError(f"cannot fetch {name}: {getattr(exc, 'reason', exc)}") from exc
        return data, format_for(name, content_type), name
    path = Path(name)
    if not path.is_file():
        raise DataLoadError(f"{name}: no such file; check the path")
    fmt = format_for(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataLoadError(f"{name}: cannot read: {exc.strerror}") from exc
    return data, fmt, path.resolve().as_uri()


def parse_error(name: str, exc: SyntaxError) -> DataLoadError:
    """Turn a pyoxigraph syntax error into ``file:line:column: message``."""
    line, column = exc.lineno, exc.offset
    where = f"{name}:{line}:{column}" if line else name
    message = str(exc.msg or exc).split(": ", 1)[-1] if exc.msg else str(exc)
    return DataLoadError(f"{where}: invalid RDF: {message}")


_PREFIX_RE = re.compile(
    rb"^[ \t]*@?prefix[ \t]+([A-Za-z][\w.-]*)?:[ \t]*<([^>\s]*)>", re.IGNORECASE | re.MULTILINE
)


def declared_prefixes(data: bytes) -> dict[str, str]:
    r"""The prefixes a Turtle/TriG document declares (used to shorten IRIs in output).

    A regular expression instead of a second parse: loading a large file should parse it once.

    >>> declared_prefixes(b"@prefix ex: <http://e/> .\nPREFIX id: <http://i/>\nex:a ex:b ex:c .")
    {'ex': 'http://e/', 'id': 'http://i/'}
    """
    return {(m.group(1) or b"").decode(): m.group(2).decode() for m in _PREFIX_RE.finditer(data)}


def load_into(
    store: ox.Store, sources: Iterable[str | Path], *, bulk: bool = False
) -> dict[str, str]:
    """Parse every source into ``store``'s default graph; return the prefixes they declare.

    ``Store.load`` is transactional, so a syntax error leaves the store as it was; ``bulk`` (for
    on-disk stores of large files) is not, and is only used on a new, empty store.
    """
    prefixes: dict[str, str] = {}
    for source in sources:
        data, fmt, base = read_source(source)
        name = str(source)
        if fmt is ox.RdfFormat.RDF_XML and re.search(rb"<!ENTITY", data, re.IGNORECASE):
            # Entities can expand without bound (a 1 kB "billion laughs" file fills memory).
            raise DataLoadError(
                f"{name}: XML entity declarations (<!ENTITY) are not allowed; expand them first"
            )
        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3):
            prefixes.update(declared_prefixes(data))
        try:
            if bulk:
                store.bulk_load(data, format=fmt, base_iri=base, to_graph=ox.DefaultGraph())
            else:
                store.load(data, format=fmt, base_iri=base, to_graph=ox.DefaultGraph())
        except SyntaxError as exc:
            raise parse_error(name, exc) from exc
        except MemoryError as exc:
            raise DataLoadError(
                f"{name}: a single literal or IRI is over {MAX_TOKEN_BYTES >> 20} MiB, the "
                f"largest token stancegraph reads ({exc})"
            ) from exc
        except (ValueError, OSError) as exc:
            raise DataLoadError(f"{name}: {exc}") from exc
    return prefixes


def write_atomic(path: Path, data: bytes | str | Callable[[Path], None]) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename, so
    a reader never sees a half-written file and an existing file survives a failure. What a
    SIGKILL leaves behind is named ``.NAME.XXXX.tmp``; every other exit removes it. ``data``
    may be a function that writes the temporary file it is given (a large output, streamed)."""
    import os
    import tempfile

    from .errors import InputError

    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a directory; give a file name to write to")
    if not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such directory")
    tmp = None
    try:
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            if not callable(data):
                out.write(data.encode("utf-8") if isinstance(data, str) else data)
        if callable(data):
            data(Path(tmp))
        # mkstemp creates 0600; give the file the mode a plain open() would (or keep the old one).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    return path


def swap_in(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target`` in one step: an existing ``target`` is exchanged
    atomically (Linux renameat2), entries of it that ``new`` does not have are carried over,
    and the old copy is removed. A reader sees the old folder or the new one, never a mix."""
    import ctypes
    import os
    import shutil

    if not target.exists():
        os.replace(new, target)
        return
    old = new  # after the exchange, ``new``'s path holds the old folder
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    at_fdcwd, rename_exchange = -100, 2
    exchanged = renameat2 is not None and (
        renameat2(at_fdcwd, bytes(new), at_fdcwd, bytes(target), rename_exchange) == 0
    )
    if not exchanged:  # no renameat2 here: two renames, a moment without the folder
        old = target.with_name(f".{target.name}.old.tmp")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(new, target)
    for entry in old.iterdir():
        if not (target / entry.name).exists():
            os.replace(entry, target / entry.name)
    shutil.rmtree(old, ignore_errors=True)
