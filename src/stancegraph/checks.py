"""Settings checked where they enter (API or CLI alike): a bad value is an InputError that names
it and the allowed range, never a traceback deep inside an analysis."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from pathlib import Path

from .errors import InputError

#: Dates the analyses can represent (pandas' nanosecond timestamps end in 1677 and 2262).
EARLIEST, LATEST = dt.date(1700, 1, 1), dt.date(2200, 12, 31)


def as_date(value: dt.date | str | None, option: str = "as_of") -> dt.date | None:
    """A date from a ``datetime.date`` or a YYYY-MM-DD string, between 1700 and 2200; an
    InputError names the bad text.

    >>> as_date("2024-02-29")
    datetime.date(2024, 2, 29)
    """
    if value is None:
        return None
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            raise InputError(
                f"{option} {value!r} is not a date; use YYYY-MM-DD, e.g. 2025-03-01"
            ) from None
    if not EARLIEST <= value <= LATEST:
        raise InputError(
            f"{option} {value.isoformat()} is out of range; use a date from {EARLIEST} to {LATEST}"
        )
    return value


def check_range(
    value: float | None, low: float, high: float, option: str, *, integer: bool = False
) -> float | None:
    """``value`` when it is a finite number in [low, high] (an integer when asked), or None.

    >>> check_range(0.5, 0, 1, "threshold")
    0.5
    >>> check_range(float("nan"), 0, 1, "threshold")
    Traceback (most recent call last):
    ...
    stancegraph.errors.InputError: threshold nan is out of range; use a number from 0 to 1
    """
    if value is None:
        return None
    kind = "a whole number" if integer else "a number"
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    ok = ok and math.isfinite(value) and low <= value <= high
    if ok and integer:
        ok = float(value).is_integer()
    if not ok:
        raise InputError(f"{option} {value!r} is out of range; use {kind} from {low:g} to {high:g}")
    return value


def check_confidence(value: float | None, option: str = "min_confidence") -> float | None:
    """``value`` when it is a number in [0, 1] (or None); an InputError otherwise.

    >>> check_confidence(0.8)
    0.8
    """
    checked = check_range(value, 0.0, 1.0, option)
    return None if checked is None else float(checked)


def check_timeout(value: float | None, option: str = "timeout") -> float | None:
    """Seconds a query may run: a number from 0.001 to one day, or None for no limit."""
    return check_range(value, 0.001, 86_400, option)


def read_text(path: str | Path, what: str = "file", encoding: str = "utf-8") -> str:
    """The text of a file a user named (a query file, a spreadsheet): InputError when it is
    missing or not UTF-8, naming the file and where the bad byte is."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such {what}")
    try:
        return path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def check_window(
    since: dt.date | None, as_of: dt.date | None, names: tuple[str, str] = ("since", "as_of")
) -> None:
    """A window of time must start on or before its end (``as_of``; None: today).

    >>> check_window(dt.date(2025, 1, 2), dt.date(2025, 1, 1))
    Traceback (most recent call last):
    ...
    stancegraph.errors.InputError: since 2025-01-02 comes after as_of 2025-01-01; give a start on or before the end
    """
    if since is not None and since > (as_of or dt.date.today()):
        raise InputError(
            f"{names[0]} {since} comes after {names[1]} {as_of or 'today'}; give a start on or "
            "before the end"
        )


def window_start(end: dt.date, window: str | int, option: str = "window") -> dt.date:
    """The first day of the window of length ``window`` that ends on ``end``: a number of
    days (``7``, ``"7d"``), weeks (``"2w"``), months (``"3m"``) or years (``"1y"``).

    >>> window_start(dt.date(2016, 12, 31), "1y"), window_start(dt.date(2025, 3, 31), "1m")
    (datetime.date(2016, 1, 1), datetime.date(2025, 3, 1))
    >>> window_start(dt.date(2025, 3, 14), 7)
    datetime.date(2025, 3, 8)
    """
    found = re.fullmatch(r"\s*(\d+)\s*([dwmy]?)\s*", str(window).lower())
    if not found or int(found.group(1)) < 1:
        raise InputError(
            f"{option} {window!r} is not a length of time; use a number of days (7 or 7d), "
            "weeks (2w), months (3m) or years (1y)"
        )
    n, unit = int(found.group(1)), found.group(2) or "d"
    if unit in "dw":
        return end - dt.timedelta(days=n * (7 if unit == "w" else 1) - 1)
    months = end.year * 12 + end.month - 1 - n * (12 if unit == "y" else 1)
    year, month = divmod(months, 12)
    day = min(end.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day) + dt.timedelta(days=1)
