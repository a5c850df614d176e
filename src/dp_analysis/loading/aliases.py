"""Explicit tables of the column names and labels people actually type.

Nothing here guesses: a column name or a delivery mechanism is accepted when
its folded form (case, spacing, '_' or '-', '&' or 'and', '£') is in a table
below. Everything else is reported, with the nearest valid name suggested.

>>> canonical_column("Weekly Package Cost (£)")
'weekly_cost'
>>> canonical_column("Sum of PEOPLE")
'people'
>>> normalise_mechanism("Part DP")
'part direct payment'
"""

from __future__ import annotations

import difflib
import re

#: Columns of the aggregated counts table: the tidy form of Appendix A.
AGGREGATED_REQUIRED = ("age_group", "client_group", "cost_band", "people")
AGGREGATED_OPTIONAL = ("month", "part_dp", "clients", "synthetic")

#: Columns of the client-level extract: one row per person in a snapshot month.
EXTRACT_REQUIRED = (
    "client_id",
    "primary_support_reason",
    "weekly_cost",
    "delivery_mechanism",
    "snapshot_month",
)
EXTRACT_AGE = ("age", "date_of_birth")  # one of the two is needed
EXTRACT_OPTIONAL = ("synthetic",)

#: Spellings accepted for each column, besides the canonical name itself.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "month": ("period", "reporting month"),
    "age_group": ("age group", "age band", "agegroup"),
    "age": ("age at snapshot", "age years", "age in years"),
    "client_group": ("client group", "primary support reason group", "group"),
    "cost_band": (
        "cost band",
        "cost_class",
        "cost class",
        "cost category",
        "weekly cost band",
        "band",
    ),
    "people": (
        "sum of people",
        "number",
        "dp clients",
        "people on dp",
        "number of people",
        "count",
    ),
    "part_dp": ("part dp", "part direct payment", "mixed budget", "part_dp_people"),
    "clients": ("all clients", "clients in ltcs", "total clients", "denominator"),
    "client_id": (
        "client id",
        "person id",
        "pseudonymised id",
        "pseudo id",
        "id",
        "service user id",
    ),
    "date_of_birth": ("dob", "date of birth", "birth date"),
    "primary_support_reason": ("psr", "primary support reason", "support reason"),
    "weekly_cost": (
        "weekly cost",
        "weekly package cost",
        "weekly cost £",
        "weekly package cost £",
        "cost per week",
        "package cost",
        "weekly poc cost",
        "poc weekly cost",
    ),
    "delivery_mechanism": ("delivery mechanism", "delivery method", "mechanism"),
    "snapshot_month": ("snapshot", "snapshot date", "report month"),
    "synthetic": ("is synthetic",),
}

#: The four ways a long-term community support package is delivered.
DELIVERY_MECHANISMS = (
    "direct payment",
    "part direct payment",
    "council-managed personal budget",
    "commissioned support",
)
DIRECT_PAYMENT_MECHANISMS = ("direct payment", "part direct payment")

MECHANISM_ALIASES: dict[str, tuple[str, ...]] = {
    "direct payment": ("dp", "direct payment only", "dp only", "direct payments"),
    "part direct payment": (
        "part dp",
        "partial direct payment",
        "part direct payments",
        "mixed budget",
        "dp part",
        "direct payment part",
    ),
    "council-managed personal budget": (
        "council managed personal budget",
        "cmpb",
        "managed personal budget",
        "cmb",
        "council managed budget",
        "personal budget council managed",
    ),
    "commissioned support": (
        "commissioned support only",
        "commissioned",
        "cass",
        "council commissioned support",
        "council arranged",
    ),
}


def fold(text: object) -> str:
    """Fold a name to the form used for matching: case, spacing, '_', '&'."""
    folded = str(text).replace("\u00a0", " ").replace("\ufeff", "").lower()
    folded = re.sub(r"[_\-\s]+", " ", folded)
    folded = re.sub(r"\band\b", "&", folded)
    folded = re.sub(r"[()\[\]:]", " ", folded)
    folded = folded.replace("£", " £ ")
    return re.sub(r"\s+", " ", folded).strip()


def _table(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    table = {}
    for canonical, spellings in aliases.items():
        table[fold(canonical)] = canonical
        for spelling in spellings:
            table[fold(spelling)] = canonical
    return table


_COLUMNS = _table(COLUMN_ALIASES)
_MECHANISMS = _table(MECHANISM_ALIASES)


def canonical_column(name: object) -> str | None:
    """Return the canonical column name for a header, or None if unknown."""
    return _COLUMNS.get(fold(name))


def normalise_mechanism(text: object) -> str | None:
    """Return the canonical delivery mechanism, or None if unknown."""
    return _MECHANISMS.get(fold(text))


def suggest(text: object, valid: tuple[str, ...] | list[str]) -> str | None:
    """Return the nearest of ``valid`` to ``text``, for an error message only."""
    by_fold = {fold(name): name for name in valid}
    near = difflib.get_close_matches(fold(text), list(by_fold), n=1, cutoff=0.0)
    return by_fold[near[0]] if near else None
