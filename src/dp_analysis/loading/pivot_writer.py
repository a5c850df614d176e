"""Write counts in the report's pivot layout (Appendix A), as Excel.

The reader in :mod:`dp_analysis.loading.pivot` accepts what this writes, so
the two together give a round trip; the workbooks are also what an analyst
would paste from the council's reporting system.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dp_analysis import counts as counts_table
from dp_analysis import reference


def write_pivot_workbook(
    counts: pd.DataFrame,
    path: Path,
    *,
    month: str | None = None,
    layout: str = "sheets",
    synthetic: bool = False,
) -> Path:
    """Write one month's counts as the report's pivots; return the path.

    ``layout='sheets'`` gives one sheet per age group with labels split over
    lines inside their cells; ``layout='stacked'`` gives one sheet holding
    the all-ages table and then each age group's table under an AGE_GROUP
    cell, with labels split over rows, as Appendix A prints them.
    """
    from openpyxl import Workbook

    month = month or counts_table.months(counts)[-1]
    selected = counts_table.for_month(counts, month)
    workbook = Workbook()
    sheet = workbook.active
    if layout == "sheets":
        workbook.remove(sheet)
        for age_group in reference.age_group_labels():
            sheet = workbook.create_sheet(age_group)
            rows = [["AGE_GROUP", age_group], ["MONTH", month], []]
            rows += _pivot_rows(
                selected[selected["age_group"] == age_group], split_rows=False
            )
            for row in rows:
                sheet.append(row)
    elif layout == "stacked":
        sheet.title = "Appendix A"
        rows = [["MONTH", month], []]
        rows += _pivot_rows(selected, split_rows=True)
        for age_group in reference.age_group_labels():
            rows += [[], ["AGE_GROUP", age_group], []]
            rows += _pivot_rows(
                selected[selected["age_group"] == age_group], split_rows=True
            )
        for row in rows:
            sheet.append(row)
    else:
        raise ValueError(f"layout must be 'sheets' or 'stacked', not {layout!r}")
    if synthetic:
        note = workbook.create_sheet("SYNTHETIC")
        note.append(["SYNTHETIC data made by dp_analysis.synthetic: not real people."])
    path = Path(path)
    workbook.save(path)
    return path


def _pivot_rows(cells: pd.DataFrame, *, split_rows: bool) -> list[list]:
    """Return the rows of one pivot: header, one row per band, Grand Total."""
    table = cells.pivot_table(
        index="cost_band",
        columns="client_group",
        values="people",
        aggfunc="sum",
        observed=False,
    )
    groups = [g for g in table.columns if table[g].sum() > 0]
    table = table[groups]
    headers = [_split_header(g) for g in groups]
    rows: list[list] = [["Sum of PEOPLE"]]
    if split_rows:
        depth = max(len(h) for h in headers)
        for line in range(depth):
            first = "COST_CLASS" if line == 0 else None
            rows.append(
                [
                    first,
                    *[h[line] if line < len(h) else None for h in headers],
                    ("Grand", "Total")[line] if line < 2 else None,
                ]
            )
    else:
        rows.append(["COST_CLASS", *["\n".join(h) for h in headers], "Grand\nTotal"])
    for band, counts_in_band in table.iterrows():
        values = [int(v) or None for v in counts_in_band]
        label = str(band)
        if split_rows and label.startswith("1)"):
            rows.append([label.replace("£", "£ ").rsplit(" ", 1)[0]])
            label = label.rsplit("£", 1)[1]
        rows.append([label, *values, int(counts_in_band.sum())])
    rows.append(["Grand Total", *[int(v) for v in table.sum()], int(table.sum().sum())])
    return rows


def _split_header(group: str) -> list[str]:
    """Split a client group's label over lines as the report's pivots do."""
    words = group.upper().replace(": ", ":").split()
    if len(words) >= 2 and len(words[1]) > 9:
        # Break inside a long word, as 'SUPPORT:PERS' / 'ONAL CARE' does.
        return [words[0], words[1][:12], " ".join([words[1][12:], *words[2:]]).strip()]
    return words
