"""Publication dates as written by pages, feeds and scrapers -> ``YYYY[-MM[-DD]]``, precision kept."""

from __future__ import annotations

import datetime as dt
import re
import time

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s]|\b)")
_EARLIEST, _LATEST = 1800, 2200  # years outside this are mistakes (epoch 0, 9999 placeholders)


def _checked(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not _EARLIEST <= year <= _LATEST:
        return None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def normalise_date(value) -> str | None:
    """A date, or None when ``value`` holds none.

    ISO 8601 text keeps the precision it has ("2019-11" stays a month); a time and zone are
    dropped (the date is the one the publisher wrote). Other text ("Mon, 18 Nov 2019 10:00:00
    GMT", "November 18, 2019") goes through dateutil; a part it would have to fill in (the day of
    "November 2019") is left out rather than invented.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, time.struct_time):
        return _checked(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _checked(value.year, value.month, value.day)
    if isinstance(value, (int, float)):
        return None  # a bare number is a timestamp or a year nobody can tell apart
    text = str(value).strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        year, month, day = m.groups()
        return _checked(int(year), int(month) if month else None, int(day) if day else None)
    import warnings

    from dateutil import parser

    try:
        with warnings.catch_warnings():  # unknown zone names ("IST"): the date is still right
            warnings.simplefilter("ignore")
            first = parser.parse(text, default=dt.datetime(2000, 1, 1), fuzzy=False)
            second = parser.parse(text, default=dt.datetime(2001, 2, 2), fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if first.year != second.year:
        return None  # no year: "18 November" alone is not a date we can place
    if first.month != second.month:
        return _checked(first.year)
    if first.day != second.day:
        return _checked(first.year, first.month)
    return _checked(first.year, first.month, first.day)
