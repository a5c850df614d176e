"""Read and write the report's pivot layout (Appendix A).

The report's tables are Excel pivots: a 'Sum of PEOPLE' cell, a header row
starting 'COST_CLASS' (or 'Cost Category') whose client group labels are
split across several lines or rows ('PHYSICAL' / 'SUPPORT:PERS' / 'ONAL
CARE'), one row per cost band, blank cells for zero, and a 'Grand Total'
row and column. Each table is for one age group, named by its sheet or by an
'AGE_GROUP' cell above it; a table with no age group is an all-ages total,
which must equal the sum of the age tables.

A split label is put back together by trying a space or nothing at each
break and keeping the first spelling the alias table knows: the table
decides, not a guess.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.utils import get_column_letter

from dp_analysis import counts as counts_table
from dp_analysis import reference
from dp_analysis.loading import aliases
from dp_analysis.loading.aggregated import complete_grid
from dp_analysis.loading.labels import is_total
from dp_analysis.loading.months import parse_month
from dp_analysis.loading.problems import ProblemLog, Reason
from dp_analysis.loading.readers import RawTable
from dp_analysis.loading.schemas import as_numbers

_HEADER_CELLS = frozenset({"cost class", "cost category", "cost band", "row labels"})


@dataclass
class _Block:
    """One pivot table found in a sheet."""

    sheet: str
    age_group: str | None
    header_row: int  # spreadsheet row of 'COST_CLASS'
    label_column: int  # 0-based
    groups: dict[int, str] = field(default_factory=dict)  # column -> group
    total_column: int | None = None
    cells: dict[tuple[str, str], tuple[int, int, float]] = field(default_factory=dict)
    row_totals: dict[str, tuple[int, int, float]] = field(default_factory=dict)
    column_totals: dict[str, tuple[int, float]] = field(default_factory=dict)
    grand_total: tuple[int, float] | None = None


def counts_from_pivot(
    raw: RawTable, month: str | None, problems: ProblemLog
) -> tuple[pd.DataFrame, bool]:
    """Return the counts held in report-style pivots, and the synthetic flag."""
    assert raw.grid is not None
    blocks: list[_Block] = []
    found_month = None
    for sheet, rows in raw.grid.items():
        sheet_blocks, sheet_month = _find_blocks(sheet, rows, problems)
        blocks += sheet_blocks
        found_month = found_month or sheet_month
    month = month or found_month
    if not blocks:
        problems.add(
            Reason.PIVOT_LAYOUT,
            "found 'Sum of PEOPLE' but no header row; "
            "expected a row starting 'COST_CLASS' or 'Cost Category'",
        )
    if month is None:
        problems.add(
            Reason.BAD_MONTH,
            "the pivot does not say its month; expected "
            "a MONTH cell above the table or the month given with --month",
        )
    if problems:
        return pd.DataFrame(), raw.marked_synthetic

    for block in blocks:
        _check_block_totals(block, problems)
    by_age = [b for b in blocks if b.age_group is not None]
    overall = [b for b in blocks if b.age_group is None]
    if not by_age:
        problems.add(
            Reason.PIVOT_LAYOUT,
            "no table names its age group; expected "
            "one sheet per age group (named 18-39, 40-64, 65+) or an "
            "AGE_GROUP cell above each table",
        )
        return pd.DataFrame(), raw.marked_synthetic

    records = []
    seen: dict[str, _Block] = {}
    for block in by_age:
        age_group = str(block.age_group)
        if age_group in seen:
            first = seen[age_group]
            problems.add(
                Reason.DUPLICATE_CELL,
                f"age group {age_group} has two "
                f"tables (sheet '{first.sheet}' row {first.header_row} "
                "and this one); expected one table per age group",
                row=block.header_row,
                column=block.sheet,
            )
            continue
        seen[age_group] = block
        for (group, band), (_, _, people) in block.cells.items():
            records.append((month, age_group, group, band, people))
    for age_group in reference.age_group_labels():
        if age_group not in seen:
            raw.warnings.append(
                f"no table for age group {age_group}; its cells were taken as zero"
            )
    detail = pd.DataFrame(records, columns=[*counts_table.KEY_COLUMNS, "people"])
    for block in overall:
        _check_overall(block, detail, problems)
    if problems:
        return pd.DataFrame(), raw.marked_synthetic
    detail = detail.groupby(list(counts_table.KEY_COLUMNS), as_index=False).sum()
    return complete_grid(detail, ["people"]), raw.marked_synthetic


# -- finding the tables --------------------------------------------------------


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _find_blocks(
    sheet: str, rows: list[tuple], problems: ProblemLog
) -> tuple[list[_Block], str | None]:
    """Return the pivot tables of one sheet, and a month cell if there is one."""
    sheet_age = _age_group_of_title(sheet)
    age_group, month = sheet_age, None
    blocks = []
    position = 0
    while position < len(rows):
        row = rows[position]
        cells = [_text(c) for c in row]
        for index, text in enumerate(cells):
            folded = aliases.fold(text)
            value = next((c for c in cells[index + 1 :] if c), "")
            if folded == "age group" and value:
                age_group = reference.normalise_label("age_group", value)
                if age_group is None:
                    problems.add(
                        Reason.UNKNOWN_LABEL,
                        f"expected an age group (18-39, 40-64 or 65+), found '{value}'",
                        row=position + 1,
                        column=_column_name(index + 1),
                    )
            elif folded == "month" and value:
                month = parse_month(row[index + 1 + cells[index + 1 :].index(value)])
        label_at = next((i for i, c in enumerate(cells) if c), None)
        if label_at is not None and aliases.fold(cells[label_at]) in _HEADER_CELLS:
            block = _Block(sheet, age_group, position + 1, label_at)
            position = _read_block(block, rows, position, problems)
            blocks.append(block)
            age_group = sheet_age
            continue
        position += 1
    return blocks, month


def _age_group_of_title(title: str) -> str | None:
    """Return the age group a sheet (or file) is named after, if any."""
    bare = re.sub(r"^\s*(age[\s_]*group|aged|age)\s*[:\-_]?\s*", "", title, flags=re.I)
    return reference.normalise_label("age_group", bare)


def _read_block(
    block: _Block, rows: list[tuple], start: int, problems: ProblemLog
) -> int:
    """Read one table from its header row; return the row after it."""
    label_at = block.label_column
    pieces: dict[int, list[str]] = {}
    position = start
    # Header lines: the header row and the rows below it with no numbers.
    while position < len(rows):
        cells = [_text(c) for c in rows[position]]
        label = cells[label_at] if label_at < len(cells) else ""
        if position > start and (
            label not in ("", "~", "_") or _has_numbers(cells, label_at)
        ):
            break
        for index, text in enumerate(cells):
            if index > label_at and text and text not in ("~", "_"):
                pieces.setdefault(index, []).extend(text.splitlines())
        position += 1
    for index, parts in pieces.items():
        _name_column(block, index, parts, problems)

    # Data rows, until the Grand Total row or a blank row.
    pending = ""
    while position < len(rows):
        cells = [_text(c) for c in rows[position]]
        label = (
            pending + " " + (cells[label_at] if label_at < len(cells) else "")
        ).strip()
        if not any(cells):
            if block.grand_total is not None or block.cells:
                break
            position += 1
            continue
        if (
            not _has_numbers(cells, label_at)
            and not is_total(label)
            and not _band(label)
        ):
            pending = label  # a band label split over two rows
            position += 1
            continue
        pending = ""
        _read_row(block, rows[position], position + 1, label, problems)
        position += 1
        if is_total(label):
            break
    return position


def _name_column(
    block: _Block, index: int, parts: list[str], problems: ProblemLog
) -> None:
    """Join a header's pieces into a client group, or the totals column."""
    joined = " ".join(parts)
    if is_total(joined) or aliases.fold(joined).startswith("grand total"):
        block.total_column = index
        return
    for glue in itertools.product((" ", ""), repeat=max(len(parts) - 1, 0)):
        spelled = parts[0] + "".join(
            g + p for g, p in zip(glue, parts[1:], strict=True)
        )
        group = reference.normalise_label("client_group", spelled)
        if group is not None:
            block.groups[index] = group
            return
    hint = reference.suggest_label("client_group", joined)
    problems.add(
        Reason.UNKNOWN_LABEL,
        f"expected one of the report's client "
        f"groups, found '{joined}'; did you mean '{hint}'?",
        row=block.header_row,
        column=_column_name(index + 1),
    )


def _read_row(
    block: _Block, row: tuple, row_number: int, label: str, problems: ProblemLog
) -> None:
    """Read one band row (or the Grand Total row) of a table."""
    band = _band(label)
    if band is None and not is_total(label):
        hint = reference.suggest_label("cost_band", label)
        problems.add(
            Reason.UNKNOWN_LABEL,
            f"expected a cost band such as "
            f"'1) Under £100', found '{label}'; did you mean '{hint}'?",
            row=row_number,
            column=_column_name(block.label_column + 1),
        )
        return
    for index in [*block.groups, block.total_column]:
        if index is None:
            continue
        cell = row[index] if index < len(row) else None
        value = _count(cell, row_number, index, block, problems)
        if value is None:
            continue
        if index == block.total_column:
            if band is None:
                block.grand_total = (index, value)
            else:
                block.row_totals[band] = (row_number, index, value)
        elif band is None:
            block.column_totals[block.groups[index]] = (row_number, value)
        else:
            if (block.groups[index], band) in block.cells:
                problems.add(
                    Reason.DUPLICATE_CELL,
                    f"cost band '{band}' appears "
                    "twice in this table; expected each band once",
                    row=row_number,
                    column=_column_name(index + 1),
                )
            block.cells[(block.groups[index], band)] = (row_number, index, value)


def _count(
    cell: object, row_number: int, index: int, block: _Block, problems: ProblemLog
) -> float | None:
    """Return a cell's count (blank is zero), or None after recording why not."""
    if cell is None or _text(cell) == "":
        return 0.0
    value = as_numbers(pd.Series([cell])).iloc[0]
    if pd.isna(value) or value < 0 or value != round(value):
        header = block.groups.get(index, "Grand Total")
        problems.add(
            Reason.BAD_COUNT,
            f"expected a whole number of people, 0 or more, found '{_text(cell)}'",
            row=row_number,
            column=f"{_column_name(index + 1)} ({header})",
        )
        return None
    return float(value)


def _band(label: str) -> str | None:
    return reference.normalise_label("cost_band", label) if label else None


def _has_numbers(cells: list[str], label_at: int) -> bool:
    numbers = as_numbers(pd.Series(cells[label_at + 1 :], dtype=object))
    return bool(numbers.notna().any())


def _column_name(number: int) -> str:
    return get_column_letter(number)


# -- totals --------------------------------------------------------------------


def _check_block_totals(block: _Block, problems: ProblemLog) -> None:
    """Check each Grand Total against the cells it adds up."""
    where = f"{block.age_group or 'all ages'} table"
    for band, (row, column, total) in block.row_totals.items():
        added = sum(v for (_, b), (_, _, v) in block.cells.items() if b == band)
        if added != total:
            problems.add(
                Reason.TOTAL_MISMATCH,
                f"the {where}'s Grand Total for "
                f"'{band}' says {total:g} but its cells add up to {added:g}; "
                "expected the two to agree",
                row=row,
                column=f"{_column_name(column + 1)} (Grand Total)",
            )
    for group, (row, total) in block.column_totals.items():
        added = sum(v for (g, _), (_, _, v) in block.cells.items() if g == group)
        column = next(i for i, g in block.groups.items() if g == group)
        if added != total:
            problems.add(
                Reason.TOTAL_MISMATCH,
                f"the {where}'s Grand Total row says "
                f"{total:g} for '{group}' but the cells above add up to "
                f"{added:g}; expected the two to agree",
                row=row,
                column=f"{_column_name(column + 1)} ({group})",
            )
    if block.grand_total is not None:
        column, total = block.grand_total
        added = sum(v for _, _, v in block.cells.values())
        if added != total:
            row = max(
                (r for r, _ in block.column_totals.values()), default=block.header_row
            )
            problems.add(
                Reason.TOTAL_MISMATCH,
                f"the {where}'s overall Grand Total "
                f"says {total:g} but its cells add up to {added:g}; "
                "expected the two to agree",
                row=row,
                column=f"{_column_name(column + 1)} (Grand Total)",
            )


def _check_overall(block: _Block, detail: pd.DataFrame, problems: ProblemLog) -> None:
    """Check an all-ages table against the sum of the age group tables."""
    by_cell = detail.groupby(["client_group", "cost_band"])["people"].sum()
    for (group, band), (row, column, value) in block.cells.items():
        added = float(by_cell.get((group, band), 0))
        if added != value:
            problems.add(
                Reason.TOTAL_MISMATCH,
                f"the all-ages table says {value:g} "
                f"for '{group}', '{band}' but the age group tables add up "
                f"to {added:g}; expected the two to agree",
                row=row,
                column=f"{_column_name(column + 1)} ({group})",
            )
