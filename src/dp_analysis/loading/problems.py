"""The reasons a source can fail validation, and a collector for findings.

Every check at the loading border reports through a :class:`ProblemLog`,
which keeps each finding as a :class:`~dp_analysis.exceptions.Problem` with a
reason from :class:`Reason`. A check that fails on many rows (a million-row
extract with a bad column) lists the first few rows one by one and sums up the
rest in one more finding, so that the analyst sees where to look without
drowning in messages.

Row numbers are the ones the analyst sees in a spreadsheet: the header is
row 1, so the first data row is row 2.

>>> log = ProblemLog()
>>> log.add(Reason.AGE_UNDER_18, "expected an age of 18 or over, found 16",
...         row=5, column="age")
>>> str(log.problems[0])
"row 5, column 'age': expected an age of 18 or over, found 16"
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from dp_analysis.exceptions import DataValidationError, Problem

#: How many rows with the same problem in the same column are listed one by one.
ROWS_LISTED = 5


class Reason(StrEnum):
    """Why a source failed validation (one value per kind of bad input)."""

    EMPTY_FILE = "EMPTY_FILE"
    UNREADABLE = "UNREADABLE"
    MISSING_COLUMN = "MISSING_COLUMN"
    DUPLICATE_COLUMN = "DUPLICATE_COLUMN"
    MISSING_VALUE = "MISSING_VALUE"
    UNKNOWN_LABEL = "UNKNOWN_LABEL"
    BAD_COUNT = "BAD_COUNT"
    DUPLICATE_CELL = "DUPLICATE_CELL"
    INCONSISTENT_COUNTS = "INCONSISTENT_COUNTS"
    BAD_MONTH = "BAD_MONTH"
    MONTH_NOT_FOUND = "MONTH_NOT_FOUND"
    COST_OUT_OF_BAND = "COST_OUT_OF_BAND"
    BAD_AGE = "BAD_AGE"
    AGE_UNDER_18 = "AGE_UNDER_18"
    BAD_DATE = "BAD_DATE"
    DUPLICATE_CLIENT = "DUPLICATE_CLIENT"
    TOTAL_MISMATCH = "TOTAL_MISMATCH"
    PIVOT_LAYOUT = "PIVOT_LAYOUT"
    MIXED_SYNTHETIC = "MIXED_SYNTHETIC"


class ProblemLog:
    """Collect problems, listing at most :data:`ROWS_LISTED` rows per kind."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def __bool__(self) -> bool:
        return bool(self.problems)

    def add(
        self,
        reason: Reason,
        message: str,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        """Record one problem."""
        self.problems.append(Problem(str(reason), message, row, column))

    def add_rows(
        self,
        reason: Reason,
        column: str,
        rows: Iterable[int],
        values: Iterable[object],
        expected: str,
        suggestions: Iterable[str | None] | None = None,
    ) -> None:
        """Record one problem per bad row, the first few in full.

        ``rows`` are spreadsheet row numbers, ``values`` what was found there,
        ``expected`` says what should have been there, and ``suggestions``
        (optional) the nearest valid label for each value.
        """
        rows = list(rows)
        values = list(values)
        hints = list(suggestions) if suggestions is not None else [None] * len(rows)
        for row, value, hint in zip(
            rows[:ROWS_LISTED], values[:ROWS_LISTED], hints[:ROWS_LISTED], strict=True
        ):
            message = f"expected {expected}, found {describe(value)}"
            if hint:
                message += f"; did you mean '{hint}'?"
            self.add(reason, message, row=row, column=column)
        if len(rows) > ROWS_LISTED:
            more = rows[ROWS_LISTED:]
            shown = ", ".join(str(r) for r in more[:10])
            tail = ", ..." if len(more) > 10 else ""
            self.add(
                reason,
                f"the same problem ({expected}) in {len(more):,} more rows: "
                f"{shown}{tail}",
                column=column,
            )

    def extend(self, other: ProblemLog) -> None:
        """Take over the problems of another log."""
        self.problems.extend(other.problems)

    def raise_if_any(self, source: str) -> None:
        """Raise :class:`DataValidationError` when anything was recorded."""
        if self.problems:
            raise DataValidationError(source, list(self.problems))


def describe(value: object) -> str:
    """Return a cell value as an analyst would recognise it in a message."""
    if value is None:
        return "an empty cell"
    text = str(value)
    if text.strip() == "" or text in ("nan", "NaT", "<NA>", "None"):
        return "an empty cell"
    if len(text) > 60:
        text = text[:57] + "..."
    return f"'{text}'"
