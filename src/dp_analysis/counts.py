"""The tidy counts table that every model reads.

Every source, whatever its shape, is loaded into one table with a row for
each month, age group, client group and cost band:

========================  ===================================================
column                    meaning
========================  ===================================================
``month``                 the snapshot month, ``YYYY-MM``
``age_group``             ``18-39``, ``40-64`` or ``65+``
``client_group``          the report's client group (primary support reason)
``cost_band``             the weekly package-cost band, ``1) Under £100`` ...
``people``                people on a direct payment (whole or part)
``part_dp`` (optional)    of those, people with a DP as part of a mixed budget
``clients`` (optional)    all clients in long-term community support in the
                          cell: the denominator of the ASCOF DP measure
========================  ===================================================

The three label columns are ordered categoricals in report order, so pivots
come out in the order the report prints them.

>>> from dp_analysis.counts import appendix_a
>>> counts = appendix_a()
>>> int(counts["people"].sum()), len(counts)
(308, 168)
"""

from __future__ import annotations

import pandas as pd

from dp_analysis import paths, reference

KEY_COLUMNS = ("month", "age_group", "client_group", "cost_band")
LABEL_COLUMNS = ("age_group", "client_group", "cost_band")
COUNT_COLUMNS = ("people", "part_dp", "clients")
DIMENSION_TITLES = {
    "age_group": "Age group",
    "client_group": "Client group",
    "cost_band": "Weekly cost band",
    "month": "Month",
}
# How data notes name each kind of source (``LoadedData.kind``) the loaders read.
SOURCE_KIND_NAMES = {
    "aggregated": "aggregated counts",
    "extract": "client-level extract",
    "database": "client-level extract from a database",
}


def categorise(counts: pd.DataFrame) -> pd.DataFrame:
    """Return ``counts`` with its label columns as ordered categoricals."""
    counts = counts.copy()
    for column in LABEL_COLUMNS:
        counts[column] = pd.Categorical(
            counts[column], categories=reference.labels(column), ordered=True
        )
    if "client_group" in counts:
        # Keep only the groups present, so tables match the report's columns.
        used = [
            g
            for g in reference.labels("client_group")
            if g in set(counts["client_group"].dropna())
            or g in reference.client_group_labels()
        ]
        counts["client_group"] = counts["client_group"].cat.set_categories(
            used, ordered=True
        )
    for column in COUNT_COLUMNS:
        if column in counts:
            counts[column] = counts[column].astype("int64")
    counts["month"] = counts["month"].astype(str)
    return counts.sort_values(list(KEY_COLUMNS)).reset_index(drop=True)


def has_denominator(counts: pd.DataFrame) -> bool:
    """Return True when the table carries the ``clients`` denominator."""
    return "clients" in counts.columns


def months(counts: pd.DataFrame) -> list[str]:
    """Return the months in the table, oldest first."""
    return sorted(counts["month"].unique().tolist())


def for_month(counts: pd.DataFrame, month: str | None = None) -> pd.DataFrame:
    """Return the rows of one month (the latest when ``month`` is None)."""
    month = month or months(counts)[-1]
    selected = counts[counts["month"] == month]
    if selected.empty:
        raise KeyError(f"no data for month {month}; the source holds {months(counts)}")
    return selected


def appendix_a() -> pd.DataFrame:
    """Return the report's Appendix A (June 2019) as a tidy counts table."""
    return categorise(pd.read_csv(paths.APPENDIX_A, encoding="utf-8", dtype=str))
