"""Small-number suppression for published tables ('public' mode).

Counts from 1 to the threshold (7 by default, as NHS England publishes
adult social care statistics) are shown as ``[c]``: this is *primary*
suppression. A published table also shows its row, column and grand totals,
so one hidden cell in a row could be recovered by subtraction. *Secondary*
suppression hides further cells until no hidden value can be worked out
from what is shown.

How "cannot be worked out" is checked: the cells of a table with its totals
satisfy one equation per row and one per column. The hidden cells are the
unknowns of that system. A hidden cell is recoverable when every solution of
the system gives it the same value, which is a rank test on the equations'
matrix. Zero cells that are hidden are held at zero in the test, so a cell
that passes can move up *and* down by at least 1 with every other hidden
count staying non-negative (the matrix is totally unimodular, so a move of
exactly 1 exists). Secondary cells are chosen among non-zero cells, the
smallest first, preferring body cells to totals.

Percentages are shown only when their numerator is shown and their
denominator is shown and larger than the threshold.

>>> import pandas as pd
>>> table = pd.DataFrame({"A": [3, 20], "B": [15, 12]}, index=["x", "y"])
>>> suppressed = suppress_table(table, name="example")
>>> suppressed.display().loc["x"].tolist()
['[c]', '[c]', 18]
>>> [(s.row, s.column, s.reason.name) for s in suppressed.suppressions]
... # doctest: +NORMALIZE_WHITESPACE
[('x', 'A', 'PRIMARY'), ('x', 'B', 'SECONDARY'), ('y', 'A', 'SECONDARY'),
 ('y', 'B', 'SECONDARY')]
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 7
SUPPRESSED = "[c]"
TOTAL = "Total"


class Reason(enum.Enum):
    """Why a value is not shown."""

    PRIMARY = "a count from 1 to the threshold"
    SECONDARY = "hidden so that another hidden count cannot be worked out from totals"
    PERCENT_NUMERATOR = "a percentage of a hidden count"
    PERCENT_DENOMINATOR = "a percentage of a hidden or small total"


@dataclass(frozen=True)
class Suppression:
    """One value that is not shown, where it is and why."""

    table: str
    row: str
    column: str
    reason: Reason


@dataclass
class SuppressedTable:
    """A count table with its totals, and which cells are hidden.

    ``values`` holds every count including the ``Total`` row and column (when
    the table has them); ``hidden`` is a frame of the same shape, True where a
    value is shown as ``[c]``; ``reasons`` names the reason for each hidden
    cell.
    """

    name: str
    values: pd.DataFrame
    hidden: pd.DataFrame
    reasons: dict[tuple[str, str], Reason]
    threshold: int
    suppressions: list[Suppression] = field(default_factory=list)

    def display(self) -> pd.DataFrame:
        """Return the table as published: counts, with ``[c]`` where hidden."""
        shown = self.values.astype(object).copy()
        shown[self.hidden.to_numpy()] = SUPPRESSED
        return shown

    def published(self) -> pd.DataFrame:
        """Return the table as numbers, with NaN where hidden (for figures)."""
        return self.values.astype(float).mask(self.hidden)

    def percentages(self, of: str = "column", decimals: int = 1) -> pd.DataFrame:
        """Return percentages of the column (or row) total, ``[c]`` where unsafe.

        A percentage is shown only when its count is shown and its total is
        shown and larger than the threshold.
        """
        if TOTAL not in (self.values.index if of == "column" else self.values.columns):
            raise ValueError(f"table {self.name!r} has no {of} totals to divide by")
        axis_total = self.values.loc[TOTAL] if of == "column" else self.values[TOTAL]
        hidden_total = self.hidden.loc[TOTAL] if of == "column" else self.hidden[TOTAL]
        share = self.values.astype(float).div(
            axis_total.astype(float), axis=1 if of == "column" else 0
        )
        percent = (100 * share).round(decimals).astype(object)
        bad_total = hidden_total | (axis_total <= self.threshold)
        bad = pd.DataFrame(
            np.broadcast_to(
                bad_total.to_numpy()[None, :]
                if of == "column"
                else bad_total.to_numpy()[:, None],
                self.values.shape,
            ),
            index=self.values.index,
            columns=self.values.columns,
        )
        percent[self.hidden.to_numpy() | bad.to_numpy()] = SUPPRESSED
        return percent

    def describe(self) -> str:
        """Return one plain-English sentence on what was hidden and why."""
        return describe([self])


def suppress_table(
    table: pd.DataFrame,
    threshold: int = DEFAULT_THRESHOLD,
    name: str = "table",
    row_totals: bool = True,
    column_totals: bool = True,
) -> SuppressedTable:
    """Return ``table`` with totals added and small counts safely hidden.

    ``table`` holds whole, non-negative counts without totals. Row labels and
    column labels become strings. Row totals are left out for a single-column
    table, where each would repeat its cell.
    """
    counts = _check_counts(table, name)
    if counts.shape[1] == 1:
        row_totals = False
    values = _with_totals(counts, row_totals, column_totals)
    equations = _equations(counts.shape, row_totals, column_totals)
    flat = values.to_numpy().ravel().astype(np.int64)

    # Step 1: primary suppression of counts from 1 to the threshold.
    primary = (flat >= 1) & (flat <= threshold)
    hidden = primary.copy()

    # Step 2: hide further cells while any hidden count can be recovered.
    order = _candidate_order(values, counts.shape)
    while True:
        exposed = _recoverable(equations, flat, hidden)
        if not exposed:
            break
        hidden = _hide_one_more(equations, flat, hidden, exposed[0], order)

    frame = pd.DataFrame(
        hidden.reshape(values.shape), index=values.index, columns=values.columns
    )
    reasons: dict[tuple[str, str], Reason] = {}
    suppressions = []
    for position in np.flatnonzero(hidden):
        row, column = np.unravel_index(position, values.shape)
        label = (str(values.index[row]), str(values.columns[column]))
        reason = Reason.PRIMARY if primary[position] else Reason.SECONDARY
        reasons[label] = reason
        suppressions.append(Suppression(name, *label, reason))
    logger.debug(
        "Table %s: %d primary and %d secondary cells hidden",
        name,
        int(primary.sum()),
        int(hidden.sum() - primary.sum()),
    )
    return SuppressedTable(name, values, frame, reasons, threshold, suppressions)


def suppress_series(
    counts: pd.Series, threshold: int = DEFAULT_THRESHOLD, name: str = "table"
) -> SuppressedTable:
    """Return a one-column count table with its total, small counts hidden."""
    column = str(counts.name) if counts.name is not None else "count"
    return suppress_table(counts.to_frame(column), threshold, name)


def can_state(table: SuppressedTable, cells: list[tuple[str, str]]) -> bool:
    """Return True when the sum of ``cells`` can be published beside ``table``.

    A sentence that states a count from a published table, or the sum of
    several of its cells (the people in bands 1 to 4), adds one equation to
    those the table's totals give. The sum can be stated when no hidden
    count can then be worked out: never for one hidden cell, and for a
    group of cells only if the group's hidden cells and the others' stay
    unpinned (the same rank test as :func:`suppress_table`).

    >>> import pandas as pd
    >>> table = suppress_series(pd.Series({"a": 3, "b": 9, "c": 40, "d": 50}))
    >>> table.display()["count"].tolist()
    ['[c]', '[c]', 40, 50, 102]
    >>> can_state(table, [("a", "count")]), can_state(table, [("c", "count")])
    (False, True)
    >>> can_state(table, [("a", "count"), ("c", "count")])  # a = sum - 40
    False
    >>> can_state(table, [("a", "count"), ("b", "count"), ("c", "count")])
    True
    """
    values = table.values
    body_rows = [label for label in values.index if label != TOTAL]
    body_columns = [label for label in values.columns if label != TOTAL]
    row_totals = TOTAL in values.columns
    column_totals = TOTAL in values.index
    equations = _equations(
        (len(body_rows), len(body_columns)), row_totals, column_totals
    )
    stated = np.zeros(values.size)
    for row, column in cells:
        stated[
            values.index.get_loc(row) * values.shape[1] + values.columns.get_loc(column)
        ] = 1
    flat = values.to_numpy().ravel().astype(np.int64)
    hidden = table.hidden.to_numpy().ravel()
    before = set(_recoverable(equations, flat, hidden))
    after = set(_recoverable(np.vstack([equations, stated]), flat, hidden))
    return after <= before


def is_count_table(table: pd.DataFrame) -> bool:
    """Return True when every column of ``table`` holds whole counts."""
    return len(table.columns) > 0 and all(
        pd.api.types.is_integer_dtype(table[column]) for column in table.columns
    )


def publishable(
    table: pd.DataFrame, mode: str, threshold: int = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """Return ``table`` as a page (published or a dashboard) may show it in ``mode``.

    Internal mode shows every value. In public mode a table of counts goes
    through :func:`suppress_table`: counts from 1 to ``threshold`` and any
    value that would let one be worked out from the totals are shown as
    ``[c]`` (its totals are added when it has none). In a table that mixes
    counts with amounts or labels, each whole count from 1 to ``threshold``
    is hidden, with the totals in its row (columns whose names end in
    ``total``) and, where it stands alone in its column, the next smallest
    count.

    >>> table = pd.DataFrame({"people": [3, 40, 0, 9], "cost": [1.5, 2.0, 3.0, 1.0]})
    >>> publishable(table, "public")["people"].tolist()
    ['[c]', 40, 0, '[c]']
    >>> publishable(pd.DataFrame({"A": [3, 20], "B": [15, 12]}), "public").iloc[0]
    A        [c]
    B        [c]
    Total     18
    Name: 0, dtype: object
    >>> table = pd.DataFrame({"number": [5, 12, 40], "spb_total": [500, 1200, 4000]})
    >>> publishable(table.astype({"spb_total": float}), "public")["spb_total"].tolist()
    ['[c]', '[c]', 4000.0]
    """
    if mode != "public":
        return table
    if is_count_table(table):
        return _suppressed_counts(table, threshold)
    return _suppressed_mixed(table, threshold)


def _suppressed_counts(table: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Return a count table through :func:`suppress_table`, its margins kept."""
    from dp_analysis.models.uptake import GRAND_TOTAL

    has_margins = GRAND_TOTAL in table.index and GRAND_TOTAL in table.columns
    body = table.drop(index=GRAND_TOTAL, columns=GRAND_TOTAL) if has_margins else table
    shown = suppress_table(body, threshold).display()
    if has_margins:
        shown = shown.rename(index={TOTAL: GRAND_TOTAL}, columns={TOTAL: GRAND_TOTAL})
    shown.index.name, shown.columns.name = table.index.name, table.columns.name
    return shown


def is_small_count(value: object, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """Return True for a whole number from 1 to ``threshold`` (not a bool).

    >>> [is_small_count(v) for v in (0, 3, 3.0, 8, True)]
    [False, True, False, False, False]
    """
    whole = isinstance(value, int | np.integer) and not isinstance(value, bool)
    return whole and 1 <= int(value) <= threshold  # type: ignore[call-overload]


def aligned(
    mask: pd.Series | pd.DataFrame, index: pd.Index, columns: pd.Index | None = None
) -> pd.Series | pd.DataFrame:
    """Return a True/False ``mask`` laid out by ``index`` (and ``columns``).

    Labels are matched as text; a label the mask does not have is False.

    >>> aligned(pd.Series({"a": True}), pd.Index(["a", "b"])).tolist()
    [True, False]
    """
    mask = mask.copy()
    mask.index = mask.index.astype(str)
    if columns is None:
        return mask.reindex(index.astype(str), fill_value=False).astype(bool)
    mask.columns = mask.columns.astype(str)
    return mask.reindex(
        index=index.astype(str), columns=columns.astype(str), fill_value=False
    ).astype(bool)


def _suppressed_mixed(table: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """Return a table of counts and amounts with its small counts hidden."""
    shown = table.astype(object)
    hidden = shown.map(lambda value: is_small_count(value, threshold))
    # A column's total stands elsewhere on the page (the text, a totals row),
    # so a lone hidden count in a column could be worked out by subtraction:
    # hide the next smallest count in that column too.
    for column in table.columns:
        if int(hidden[column].sum()) != 1:
            continue
        values = pd.to_numeric(table[column], errors="coerce")
        others = values.where(~hidden[column] & (values > 0))
        if others.notna().any():
            hidden.loc[others.idxmin(), column] = True
    rows = hidden.any(axis=1)
    for column in table.columns:
        if str(column).endswith("total"):
            hidden[column] |= rows
    return shown.mask(hidden, SUPPRESSED)


def describe(tables: list[SuppressedTable]) -> str:
    """Return plain-English text on what the tables hide and why.

    >>> import pandas as pd
    >>> describe([suppress_series(pd.Series([9, 10]), name="by band")])
    'No value was hidden: no count from 1 to 7 in these tables.'
    """
    threshold = tables[0].threshold if tables else DEFAULT_THRESHOLD
    primary = sum(
        1 for t in tables for s in t.suppressions if s.reason is Reason.PRIMARY
    )
    secondary = sum(
        1 for t in tables for s in t.suppressions if s.reason is Reason.SECONDARY
    )
    if not primary and not secondary:
        return f"No value was hidden: no count from 1 to {threshold} in these tables."
    names = sorted({t.name for t in tables if t.suppressions})
    return (
        f"{primary} count(s) from 1 to {threshold} are shown as {SUPPRESSED} to "
        f"protect the people they describe, and {secondary} further value(s) are "
        f"shown as {SUPPRESSED} so that hidden counts cannot be worked out from "
        f"the totals. Tables affected: {', '.join(names)}."
    )


def _check_counts(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return ``table`` as int64 with string labels, or raise ValueError."""
    numbers = table.apply(pd.to_numeric, errors="coerce")
    if numbers.isna().any().any():
        raise ValueError(f"table {name!r} holds a missing or non-numeric count")
    if (numbers < 0).any().any() or (numbers % 1 != 0).any().any():
        raise ValueError(
            f"table {name!r} holds a count that is not a whole number >= 0"
        )
    counts = numbers.astype(np.int64)
    counts.index = [str(label) for label in counts.index]
    counts.columns = [str(label) for label in counts.columns]
    return counts


def _with_totals(
    counts: pd.DataFrame, row_totals: bool, column_totals: bool
) -> pd.DataFrame:
    """Return ``counts`` with a Total column and/or row appended."""
    values = counts.copy()
    if row_totals:
        values[TOTAL] = values.sum(axis=1)
    if column_totals:
        values.loc[TOTAL] = values.sum(axis=0)
    return values.astype(np.int64)


def _equations(
    shape: tuple[int, int], row_totals: bool, column_totals: bool
) -> np.ndarray:
    """Return the matrix A with A @ cells == 0 for every published total.

    Cells are numbered row by row over the table with its totals.
    """
    rows, columns = shape
    width = columns + int(row_totals)
    height = rows + int(column_totals)
    lines = []
    if row_totals:
        for i in range(height):
            line = np.zeros(height * width)
            line[i * width : i * width + columns] = 1
            line[i * width + columns] = -1
            lines.append(line)
    if column_totals:
        for j in range(width):
            line = np.zeros(height * width)
            line[[i * width + j for i in range(rows)]] = 1
            line[rows * width + j] = -1
            lines.append(line)
    return np.array(lines)


def _recoverable(
    equations: np.ndarray, values: np.ndarray, hidden: np.ndarray
) -> list[int]:
    """Return the hidden non-zero cells whose value the totals pin down."""
    # Hidden zeros are treated as known: a cell must be free to move both ways.
    free = np.flatnonzero(hidden & (values > 0))
    if free.size == 0:
        return []
    system = equations[:, free]
    rank = np.linalg.matrix_rank(system)
    exposed = []
    for k, cell in enumerate(free):
        if np.linalg.matrix_rank(np.delete(system, k, axis=1)) < rank:
            exposed.append(int(cell))
    return exposed


def _candidate_order(values: pd.DataFrame, shape: tuple[int, int]) -> np.ndarray:
    """Return a sort key per cell: body cells before totals, small first."""
    rows, columns = shape
    is_total = np.zeros(values.shape, dtype=bool)
    is_total[rows:, :] = True
    is_total[:, columns:] = True
    return np.lexsort(
        (np.arange(values.size), values.to_numpy().ravel(), is_total.ravel())
    )


def _hide_one_more(
    equations: np.ndarray,
    values: np.ndarray,
    hidden: np.ndarray,
    exposed: int,
    order: np.ndarray,
) -> np.ndarray:
    """Return ``hidden`` with one more non-zero cell hidden to protect ``exposed``.

    Every shown non-zero cell is tried. The one that leaves the fewest
    recoverable cells wins; ties go to a cell sharing a row or column with
    ``exposed``, then to body cells before totals and small counts first.
    """
    shares_line = np.any(equations[equations[:, exposed] != 0] != 0, axis=0)
    rank_in_order = np.empty(values.size, dtype=np.int64)
    rank_in_order[order] = np.arange(values.size)
    best: tuple[int, int, int] | None = None
    chosen = -1
    for cell in order:
        if hidden[cell] or values[cell] <= 0:
            continue
        trial = hidden.copy()
        trial[cell] = True
        key = (
            len(_recoverable(equations, values, trial)),
            int(not shares_line[cell]),
            int(rank_in_order[cell]),
        )
        if best is None or key < best:
            best, chosen = key, int(cell)
    trial = hidden.copy()
    trial[chosen] = True
    return trial
