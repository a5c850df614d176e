"""Validate an aggregated counts table (the tidy form of Appendix A).

The steps run in order and each records what it finds, so that one run lists
every problem in the file. Only when none was found is the table completed
(cells that are absent count zero) and handed on.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from dp_analysis import counts as counts_table
from dp_analysis import reference
from dp_analysis.loading import columns, synthetic_marks
from dp_analysis.loading.labels import TOTAL, label_codes
from dp_analysis.loading.months import parse_month
from dp_analysis.loading.problems import ProblemLog, Reason
from dp_analysis.loading.readers import RawTable
from dp_analysis.loading.schemas import as_numbers, check_counts

_LABEL_EXPECTED = {
    "age_group": "an age group (18-39, 40-64 or 65+)",
    "client_group": "one of the report's client groups",
    "cost_band": "a cost band such as '1) Under £100'",
}


def counts_from_table(
    raw: RawTable, month: str | None, problems: ProblemLog
) -> tuple[pd.DataFrame, bool]:
    """Return the validated counts of an aggregated table, and its synthetic flag.

    ``month`` supplies the month when the table has no month column, and
    selects one month when it has. Problems go to ``problems``; the returned
    table is only meaningful when none were recorded.
    """
    assert raw.frame is not None
    frame = raw.frame
    columns.check_columns(raw, "aggregated", problems)
    if problems:
        return pd.DataFrame(), False
    count_columns = [c for c in counts_table.COUNT_COLUMNS if c in frame]

    # 1. The month of each row: from the month column, or supplied.
    month_of_row = _months(raw, month, problems)

    # 2. Labels, through the alias table; totals rows are kept aside.
    codes = {}
    for column in counts_table.LABEL_COLUMNS:
        codes[column] = label_codes(
            frame[column],
            reference.labels(column),
            partial(reference.normalise_label, column),
            header=raw.header(column),
            expected=_LABEL_EXPECTED[column],
            problems=problems,
            suggest=partial(reference.suggest_label, column),
            totals=True,
        )

    # 3. Counts as numbers; text in a count cell is a bad count.
    numbers = {}
    for column in count_columns:
        numbers[column] = as_numbers(frame[column])
        text = numbers[column].isna() & frame[column].notna()
        text &= frame[column].astype(str).str.strip() != ""
        if text.any():
            problems.add_rows(
                Reason.BAD_COUNT,
                raw.header(column),
                frame.index[text],
                list(frame.loc[text, column]),
                "a whole number of people, 0 or more",
            )
            numbers[column] = numbers[column].fillna(0).where(~text, 0)

    # 4. Synthetic rows must not be mixed with real ones.
    synthetic = synthetic_marks.table_is_synthetic(raw, problems)

    # 5. Detail rows go through the schema; totals rows are checked against them.
    # A row whose labels did not read gets a label of its own, so that it
    # cannot look like a duplicate of another.
    is_total_row = np.zeros(len(frame), dtype=bool)
    unread = pd.isna(month_of_row)
    for column in counts_table.LABEL_COLUMNS:
        is_total_row |= codes[column] == TOTAL
        unread |= codes[column] < 0
    unread &= ~is_total_row
    placeholder = np.array(
        [f"unread row {row}" for row in frame.index[unread]], dtype=object
    )
    detail = pd.DataFrame({"month": month_of_row}, index=frame.index)
    for column in counts_table.LABEL_COLUMNS:
        valid = np.asarray(reference.labels(column), dtype=object)
        detail[column] = valid[np.where(codes[column] < 0, 0, codes[column])]
    for column in ("month", *counts_table.LABEL_COLUMNS):
        detail.loc[unread, column] = placeholder
    for column in count_columns:
        detail[column] = numbers[column]
    totals = detail[is_total_row].copy()
    for column in counts_table.LABEL_COLUMNS:
        totals.loc[codes[column][is_total_row] == TOTAL, column] = None
    detail = detail[~is_total_row]
    check_counts(detail, count_columns, raw.headers, problems)
    if not problems:
        _check_totals(totals, detail, count_columns, raw, problems)

    # 6. One month, if asked for.
    if month is not None and "month" in frame:
        detail = detail[detail["month"] == month]
        if detail.empty:
            found = sorted(set(month_of_row) - {None})
            problems.add(
                Reason.MONTH_NOT_FOUND,
                f"no rows for month {month}; the file holds {found}",
                column=raw.header("month"),
            )
    if problems:
        return pd.DataFrame(), synthetic
    return complete_grid(detail, count_columns), synthetic


def _months(raw: RawTable, month: str | None, problems: ProblemLog) -> np.ndarray:
    """Return each row's month as ``YYYY-MM``."""
    frame = raw.frame
    assert frame is not None
    if "month" not in frame:
        if month is None:
            problems.add(
                Reason.BAD_MONTH,
                "the file has no month column; expected a 'month' column "
                "(YYYY-MM) or the month given with --month",
                row=1,
                column="month",
            )
            return np.full(len(frame), None, dtype=object)
        return np.full(len(frame), month, dtype=object)
    codes, months = month_codes(frame["month"], raw.header("month"), problems)
    return np.array([*months, None], dtype=object)[codes]


def month_codes(
    values: pd.Series, header: str, problems: ProblemLog
) -> tuple[np.ndarray, list[str]]:
    """Return each row's month as a code into the sorted months found.

    Cells that do not parse are recorded and get the code -1. Only distinct
    values are parsed, so a million rows cost a dozen parses.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = [parse_month(u) for u in uniques]
    months = sorted({m for m in parsed if m is not None})
    lookup = np.array([months.index(m) if m else -1 for m in parsed] + [-1])
    result = lookup[codes]
    bad = np.flatnonzero(result < 0)
    if bad.size:
        problems.add_rows(
            Reason.BAD_MONTH,
            header,
            values.index[bad],
            list(values.iloc[bad[:50]]),
            "a month such as 2019-06 or June 2019",
        )
    return result, months


def _check_totals(
    totals: pd.DataFrame,
    detail: pd.DataFrame,
    count_columns: list[str],
    raw: RawTable,
    problems: ProblemLog,
) -> None:
    """Check each totals row against the sum of the cells it totals."""
    for row, total in totals.iterrows():
        selected = detail
        for column in ("month", *counts_table.LABEL_COLUMNS):
            if not pd.isna(total[column]):
                selected = selected[selected[column] == total[column]]
        for column in count_columns:
            expected = selected[column].sum()
            if total[column] != expected:
                problems.add(
                    Reason.TOTAL_MISMATCH,
                    f"the totals row says {total[column]:g} but the cells it "
                    f"totals add up to {expected:g}; expected the two to agree",
                    row=int(row),
                    column=raw.header(column),
                )


def complete_grid(detail: pd.DataFrame, count_columns: list[str]) -> pd.DataFrame:
    """Return the counts with every absent cell added as zero, categorised."""
    groups = list(reference.client_group_labels())
    groups += sorted(set(detail["client_group"]) - set(groups))
    index = pd.MultiIndex.from_product(
        [
            sorted(set(detail["month"])),
            reference.age_group_labels(),
            groups,
            reference.cost_band_labels(),
        ],
        names=list(counts_table.KEY_COLUMNS),
    )
    full = (
        detail.set_index(list(counts_table.KEY_COLUMNS))[count_columns]
        .reindex(index, fill_value=0)
        .reset_index()
    )
    return counts_table.categorise(full)
