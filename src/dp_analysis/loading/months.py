"""Snapshot months: the spellings accepted and their ``YYYY-MM`` form.

Only the distinct values of a month column are parsed, so a million-row
extract costs no more than a dozen parses.

>>> parse_month("2019-06"), parse_month("June 2019"), parse_month("06/2019")
('2019-06', '2019-06', '2019-06')
>>> parse_month("2019-06-30"), parse_month("Jun-19"), parse_month("Summer 2019")
('2019-06', '2019-06', None)
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

_MONTH_NAMES = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%b").lower(),
        dt.date(2000, number, 1).strftime("%B").lower(),
    )
}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_NAMED = re.compile(r"^(?:\d{1,2}[ -])?([a-z]+)[ \-']+(\d{2}|\d{4})$")


def _format(year: int, month: int) -> str | None:
    if 1 <= month <= 12 and 1900 <= year <= 2100:
        return f"{year:04d}-{month:02d}"
    return None


def parse_month(value: object) -> str | None:
    """Return ``value`` as ``YYYY-MM``, or None when it is not a month."""
    if isinstance(value, (dt.date, pd.Timestamp, np.datetime64)):
        stamp = pd.Timestamp(value)
        return None if pd.isna(stamp) else _format(stamp.year, stamp.month)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip().lower()
    if match := _ISO.match(text):
        return _format(int(match[1]), int(match[2]))
    if match := _COMPACT.match(text):
        return _format(int(match[1]), int(match[2]))
    if match := _MONTH_YEAR.match(text):
        return _format(int(match[2]), int(match[1]))
    if match := _DAY_MONTH_YEAR.match(text):
        # UK order, day first: 30/06/2019.
        return _format(int(match[3]), int(match[2]))
    if (match := _NAMED.match(text)) and match[1] in _MONTH_NAMES:
        year = int(match[2])
        year = year + 2000 if year < 100 else year
        return _format(year, _MONTH_NAMES[match[1]])
    return None


def month_end(month: str) -> pd.Timestamp:
    """Return the last day of a ``YYYY-MM`` month, the snapshot date."""
    return pd.Period(month, freq="M").end_time.normalize()


def month_range(start: str, count: int) -> list[str]:
    """Return ``count`` consecutive months from ``start``, as ``YYYY-MM``."""
    periods = pd.period_range(start=start, periods=count, freq="M")
    return [str(period) for period in periods]
