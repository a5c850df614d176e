"""pandera schemas for the counts table, and their failures as Problems.

Labels and months are normalised before these schemas run (pandera cannot
suggest the nearest label), so the schemas check what is left: counts are
whole numbers, not negative, each cell appears once, and part DP <= people <=
clients in every cell. Each failure case becomes a
:class:`~dp_analysis.exceptions.Problem` whose row is the spreadsheet row,
because the frames checked here are indexed by spreadsheet row number.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from dp_analysis.counts import KEY_COLUMNS
from dp_analysis.loading.problems import ProblemLog, Reason

_EXPECTED_COUNT = "a whole number of people, 0 or more"
_PART_DP_CHECK = "part DP no more than people"
_CLIENTS_CHECK = "people no more than clients"


def counts_schema(count_columns: list[str]) -> pa.DataFrameSchema:
    """Return the schema of a tidy counts table with these count columns."""
    whole = pa.Check(
        lambda s: s.isna() | (s == s.round()),
        name=_EXPECTED_COUNT,
        element_wise=False,
    )
    columns = {
        column: pa.Column(
            float,
            checks=[pa.Check.ge(0, name=_EXPECTED_COUNT), whole],
            nullable=False,
            coerce=True,
        )
        for column in count_columns
    }
    for column in KEY_COLUMNS:
        columns[column] = pa.Column(str, nullable=False)
    checks = []
    if "part_dp" in count_columns:
        checks.append(
            pa.Check(lambda d: d["part_dp"] <= d["people"], name=_PART_DP_CHECK)
        )
    if "clients" in count_columns:
        checks.append(
            pa.Check(lambda d: d["people"] <= d["clients"], name=_CLIENTS_CHECK)
        )
    return pa.DataFrameSchema(columns, checks=checks, unique=list(KEY_COLUMNS))


def check_counts(
    detail: pd.DataFrame,
    count_columns: list[str],
    headers: dict[str, str],
    problems: ProblemLog,
) -> None:
    """Validate ``detail`` with :func:`counts_schema`; record each failure."""
    try:
        counts_schema(count_columns).validate(detail, lazy=True)
    except SchemaErrors as errors:
        _record(errors.failure_cases, detail, headers, problems)


def _record(
    failures: pd.DataFrame,
    detail: pd.DataFrame,
    headers: dict[str, str],
    problems: ProblemLog,
) -> None:
    """Turn pandera's failure cases into Problems, one per row and check."""
    failures = failures.dropna(subset=["index"])
    failures = failures.drop_duplicates(subset=["check", "index"])
    for check, cases in failures.groupby("check", sort=False):
        rows = [int(i) for i in cases["index"]]
        if check == "multiple_fields_uniqueness":
            _record_duplicates(detail.loc[rows], problems)
        elif check in (_PART_DP_CHECK, _CLIENTS_CHECK):
            smaller, larger = (
                ("part_dp", "people")
                if check == _PART_DP_CHECK
                else ("people", "clients")
            )
            found = [
                f"{detail.at[r, smaller]:g} against {detail.at[r, larger]:g}"
                for r in rows
            ]
            column = smaller if check == _PART_DP_CHECK else larger
            problems.add_rows(
                Reason.INCONSISTENT_COUNTS,
                headers.get(column, column),
                rows,
                found,
                f"{check} in the same cell",
            )
        else:
            column = str(cases["column"].iloc[0])
            found = [
                f"{v:g}" if isinstance(v, float) else v for v in cases["failure_case"]
            ]
            problems.add_rows(
                Reason.BAD_COUNT,
                headers.get(column, column),
                rows,
                found,
                _EXPECTED_COUNT,
            )


def _record_duplicates(duplicated: pd.DataFrame, problems: ProblemLog) -> None:
    """Record each repeated cell once, naming every row that holds it."""
    for key, cells in duplicated.groupby(list(KEY_COLUMNS), sort=False):
        rows = sorted(int(i) for i in cells.index)
        cell = ", ".join(str(part) for part in key)
        problems.add(
            Reason.DUPLICATE_CELL,
            f"the cell ({cell}) appears in rows {', '.join(map(str, rows))}; "
            "expected each month, age group, client group and cost band once",
            row=rows[1],
            column=", ".join(KEY_COLUMNS),
        )


def as_numbers(values: pd.Series) -> pd.Series:
    """Return ``values`` as numbers: NaN where a cell is empty or holds text."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.astype(float)
    text = values.astype(str).str.replace(r"[£,\s]", "", regex=True)
    return pd.to_numeric(text.where(text != "", None), errors="coerce")
