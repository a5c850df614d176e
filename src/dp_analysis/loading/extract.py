"""Validate a client-level extract and aggregate it into tidy counts.

One row is one person in long-term community support in a snapshot month.
Each row is banded (age group, client group from the primary support reason,
cost band from the weekly cost) and counted into its cell:

- ``people``: rows with a direct payment, whole or part (the report's DP
  clients);
- ``part_dp``: rows with a part direct payment (a mixed budget);
- ``clients``: every row, the denominator of the ASCOF direct-payments measure.

Everything is vectorised over numpy arrays of codes: distinct labels and
months are normalised once each, so a million rows take about a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dp_analysis import counts as counts_table
from dp_analysis import reference
from dp_analysis.loading import aliases, columns, synthetic_marks
from dp_analysis.loading.aggregated import month_codes
from dp_analysis.loading.labels import label_codes
from dp_analysis.loading.months import month_end
from dp_analysis.loading.problems import ProblemLog, Reason
from dp_analysis.loading.readers import RawTable
from dp_analysis.loading.schemas import as_numbers, check_counts

OLDEST_PLAUSIBLE_AGE = 120


def counts_from_extract(
    raw: RawTable, month: str | None, problems: ProblemLog
) -> tuple[pd.DataFrame, bool]:
    """Return the counts aggregated from an extract, and its synthetic flag.

    ``month`` keeps only that snapshot month. Problems go to ``problems``;
    the returned table is only meaningful when none were recorded.
    """
    columns.check_columns(raw, "extract", problems)
    if problems:
        return pd.DataFrame(), False
    frame = raw.frame
    assert frame is not None

    # 1. Snapshot months, parsed once per distinct value; one month if asked.
    month_code, months = month_codes(
        frame["snapshot_month"], raw.header("snapshot_month"), problems
    )
    if month is not None:
        if month not in months:
            problems.add(
                Reason.MONTH_NOT_FOUND,
                f"no rows for month {month}; the extract holds {months}",
                column=raw.header("snapshot_month"),
            )
            return pd.DataFrame(), False
        keep = month_code == months.index(month)
        frame = raw.frame = frame[keep]
        month_code, months = np.zeros(len(frame), dtype=np.int64), [month]

    # 2. Banding: age group, client group, cost band, delivery mechanism.
    age_code = _age_groups(raw, month_code, months, problems)
    group_labels = reference.labels("client_group")
    group_code = label_codes(
        frame["primary_support_reason"],
        group_labels,
        lambda text: reference.normalise_label("client_group", text),
        header=raw.header("primary_support_reason"),
        expected="a primary support reason or one of the report's client groups",
        problems=problems,
        suggest=lambda text: reference.suggest_label("client_group", text),
    )
    band_code = _cost_bands(raw, problems)
    mechanism_code = label_codes(
        frame["delivery_mechanism"],
        aliases.DELIVERY_MECHANISMS,
        aliases.normalise_mechanism,
        header=raw.header("delivery_mechanism"),
        expected=f"one of {', '.join(aliases.DELIVERY_MECHANISMS)}",
        problems=problems,
        suggest=lambda text: aliases.suggest(text, aliases.DELIVERY_MECHANISMS),
    )
    _check_client_ids(raw, month_code, problems)
    synthetic = synthetic_marks.table_is_synthetic(raw, problems)
    if problems:
        return pd.DataFrame(), synthetic

    # 3. Count every cell at once: one integer per row names its cell.
    shape = (len(months), 3, len(group_labels), len(reference.cost_band_labels()))
    cell = np.ravel_multi_index((month_code, age_code, group_code, band_code), shape)
    size = int(np.prod(shape))
    is_dp = mechanism_code <= 1  # direct payment, part direct payment
    counted = {
        "people": np.bincount(cell[is_dp], minlength=size),
        "part_dp": np.bincount(cell[mechanism_code == 1], minlength=size),
        "clients": np.bincount(cell, minlength=size),
    }
    index = pd.MultiIndex.from_product(
        [
            months,
            reference.age_group_labels(),
            group_labels,
            reference.cost_band_labels(),
        ],
        names=list(counts_table.KEY_COLUMNS),
    )
    tidy = pd.DataFrame(counted, index=index).reset_index()

    # 4. Keep the report's groups, and any other group that has clients.
    present = tidy.groupby("client_group", sort=False)["clients"].transform("sum")
    tidy = tidy[
        tidy["client_group"].isin(reference.client_group_labels()) | (present > 0)
    ]
    tidy.index = pd.RangeIndex(2, len(tidy) + 2)
    check_counts(tidy, list(counted), {}, problems)
    return counts_table.categorise(tidy), synthetic


def _age_groups(
    raw: RawTable, month_code: np.ndarray, months: list[str], problems: ProblemLog
) -> np.ndarray:
    """Return each row's age group code (0 = 18-39, 1 = 40-64, 2 = 65+)."""
    frame = raw.frame
    assert frame is not None
    if "age" in frame:
        column = "age"
        ages = as_numbers(frame["age"]).to_numpy(dtype=float)
        bad = np.isnan(ages)
        expected = "an age in whole years"
    else:
        column = "date_of_birth"
        ages, bad = _ages_from_birth(frame["date_of_birth"], month_code, months)
        expected = "a date of birth such as 1960-05-17 or 17/05/1960"
    header = raw.header(column)
    values = frame[column]
    if bad.any():
        rows = np.flatnonzero(bad)
        problems.add_rows(
            Reason.BAD_AGE if column == "age" else Reason.BAD_DATE,
            header,
            frame.index[rows],
            list(values.iloc[rows[:50]]),
            expected,
        )
    ages = np.floor(np.where(bad, 18, ages))
    under = np.flatnonzero(ages < 18)
    if under.size:
        found = [
            f"{v} (age {a:.0f})" if column != "age" else v
            for v, a in zip(values.iloc[under[:50]], ages[under[:50]], strict=True)
        ]
        problems.add_rows(
            Reason.AGE_UNDER_18,
            header,
            frame.index[under],
            found,
            "an adult aged 18 or over at the snapshot month",
        )
    old = np.flatnonzero(ages > OLDEST_PLAUSIBLE_AGE)
    if old.size:
        problems.add_rows(
            Reason.BAD_AGE,
            header,
            frame.index[old],
            list(values.iloc[old[:50]]),
            f"an age of {OLDEST_PLAUSIBLE_AGE} or under",
        )
    bounds = reference.age_groups()["min_age"].to_numpy(dtype=float)
    return np.clip(np.searchsorted(bounds, ages, side="right") - 1, 0, 2)


def _ages_from_birth(
    births: pd.Series, month_code: np.ndarray, months: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Return ages in whole years at the end of each row's snapshot month."""
    codes, uniques = pd.factorize(births, use_na_sentinel=True)
    parsed = _parse_dates(pd.Series(uniques, dtype=object))
    born = np.append(parsed.to_numpy(dtype="datetime64[D]"), np.datetime64("NaT"))[
        codes
    ]
    ends = np.append(
        np.array([month_end(m).to_datetime64() for m in months], dtype="datetime64[D]"),
        np.datetime64("NaT"),
    )[month_code]
    bad = np.isnat(born)
    born = np.where(bad, ends, born)
    years = lambda d: d.astype("datetime64[Y]").astype(int) + 1970  # noqa: E731
    month_day = lambda d: (  # noqa: E731
        (d.astype("datetime64[M]").astype(int) % 12) * 100
        + (d - d.astype("datetime64[M]")).astype(int)
    )
    ages = years(ends) - years(born) - (month_day(ends) < month_day(born))
    return ages.astype(float), bad | (born > ends)


def _parse_dates(values: pd.Series) -> pd.Series:
    """Return dates parsed as ISO (1960-05-17) first, then UK style (17/05/1960)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    iso = pd.to_datetime(values, errors="coerce", format="ISO8601")
    rest = iso.isna() & values.notna()
    if rest.any():
        iso[rest] = pd.to_datetime(
            values[rest], errors="coerce", format="mixed", dayfirst=True
        )
    return iso


def _cost_bands(raw: RawTable, problems: ProblemLog) -> np.ndarray:
    """Return each row's cost band code (0 = band 1 ... 7 = band 8)."""
    frame = raw.frame
    assert frame is not None
    header = raw.header("weekly_cost")
    values = frame["weekly_cost"]
    costs = as_numbers(values).to_numpy(dtype=float)
    missing = np.flatnonzero(np.isnan(costs))
    if missing.size:
        problems.add_rows(
            Reason.MISSING_VALUE,
            header,
            frame.index[missing],
            list(values.iloc[missing[:50]]),
            "a weekly cost in pounds, such as 125.50",
        )
    lower = np.array([band.lower_gbp for band in reference.cost_bands()])
    outside = np.flatnonzero((costs < lower[0]) | np.isinf(costs))
    if outside.size:
        problems.add_rows(
            Reason.COST_OUT_OF_BAND,
            header,
            frame.index[outside],
            list(values.iloc[outside[:50]]),
            f"a weekly cost of £{lower[0]:g} or more, which falls in a cost band",
        )
    codes = np.searchsorted(lower, np.nan_to_num(costs, nan=0.0), side="right") - 1
    return np.clip(codes, 0, len(lower) - 1)


def _check_client_ids(
    raw: RawTable, month_code: np.ndarray, problems: ProblemLog
) -> None:
    """Record empty client ids and a client counted twice in one month."""
    frame = raw.frame
    assert frame is not None
    header = raw.header("client_id")
    codes, _ = pd.factorize(frame["client_id"], use_na_sentinel=True)
    empty = np.flatnonzero(codes < 0)
    if empty.size:
        problems.add_rows(
            Reason.MISSING_VALUE,
            header,
            frame.index[empty],
            [None] * min(empty.size, 50),
            "a pseudonymised client id",
        )
    # Sort by (client, month); a row equal to the one before it is a repeat,
    # and the first row of its run is where the client was first counted.
    key = codes.astype(np.int64) * (int(month_code.max(initial=0)) + 1) + month_code
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.ones(key.size, dtype=bool)
    starts[1:] = sorted_key[1:] != sorted_key[:-1]
    repeats = np.flatnonzero(~starts & (codes[order] >= 0))
    if repeats.size:
        run_start = np.maximum.accumulate(np.where(starts, np.arange(key.size), 0))
        by_row = np.argsort(order[repeats])
        positions = order[repeats][by_row]
        firsts = order[run_start[repeats]][by_row]
        found = [f"the id of row {frame.index[f]}" for f in firsts[:50]]
        problems.add_rows(
            Reason.DUPLICATE_CLIENT,
            header,
            frame.index[positions],
            found,
            "each client once in a snapshot month",
        )
