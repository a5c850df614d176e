"""The table behind a chart, as accessible HTML, with a CSV download link.

The table has a ``<caption>`` and header cells with ``scope``, so a screen
reader announces each number with its row and column. The CSV download is a
``data:`` link built in the kernel: it works with no request to the server.

>>> import pandas as pd
>>> frame = pd.DataFrame({"Cost band": ["1) Under £100"], "People": [56]})
>>> html = table_html(frame, "People by band")
>>> "<caption>People by band</caption>" in html, '<th scope="col">People</th>' in html
(True, True)
>>> csv_link(frame, "people.csv").startswith('<a class="dp-csv" download="people.csv"')
True
"""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Callable
from typing import Any

import ipywidgets
import pandas as pd
import traitlets

from dp_analysis.disclosure import SUPPRESSED

Formatter = Callable[[Any], str]


def _cell(value: object, formatter: Formatter | None) -> str:
    if isinstance(value, str) and value == SUPPRESSED:  # hidden in public mode
        return value
    if formatter is not None:
        return html.escape(formatter(value))
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int | float):
        return f"{value:,}"
    return html.escape(str(value))


def table_html(
    frame: pd.DataFrame,
    caption: str,
    formats: dict[str, Formatter] | None = None,
) -> str:
    """Return ``frame`` as an HTML table; the first column heads each row."""
    formats = formats or {}
    columns = list(frame.columns)
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in columns)
    rows = []
    # Plain lists: pandas' row iterators cost more than the table is worth.
    values = (frame.iloc[:, i].tolist() for i in range(len(columns)))
    for record in zip(*values, strict=True):
        first, *rest = record
        cells = [f'<th scope="row">{_cell(first, formats.get(columns[0]))}</th>']
        cells += [
            f"<td>{_cell(value, formats.get(column))}</td>"
            for column, value in zip(columns[1:], rest, strict=True)
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="dp-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def csv_link(frame: pd.DataFrame, filename: str, label: str = "") -> str:
    """Return an ``<a download>`` link whose ``data:`` URL holds ``frame``."""
    text = frame.to_csv(index=False)
    href = "data:text/csv;charset=utf-8," + urllib.parse.quote(text)
    label = label or f"Download this table as CSV ({filename})"
    return (
        f'<a class="dp-csv" download="{html.escape(filename)}" '
        f'href="{href}">{html.escape(label)}</a>'
    )


class DataTable(ipywidgets.HTML):
    """A table and its CSV download link, replaced whole on each update."""

    caption = traitlets.Unicode("")
    filename = traitlets.Unicode("table.csv")

    def __init__(self, caption: str, filename: str, **kwargs: object):
        super().__init__(**kwargs)
        self.caption = caption
        self.filename = filename
        self.frame = pd.DataFrame()
        self.add_class("dp-table-box")

    def show(
        self,
        frame: pd.DataFrame,
        caption: str | None = None,
        formats: dict[str, Formatter] | None = None,
    ) -> None:
        """Display ``frame``; the CSV holds the unformatted values."""
        self.frame = frame
        if caption is not None:
            self.caption = caption
        self.value = table_html(frame, self.caption, formats) + csv_link(
            frame, self.filename
        )


def key_figures_html(figures: list[tuple[str, str]], label: str) -> str:
    """Return headline figures as a description list, read in pairs.

    >>> print(key_figures_html([("SPB total", "£47,680")], "Totals"))
    <dl class="dp-headline" aria-label="Totals"><div><dt>SPB total</dt>...</dl>
    """
    items = "".join(
        f"<div><dt>{html.escape(name)}</dt><dd>{html.escape(value)}</dd></div>"
        for name, value in figures
    )
    return f'<dl class="dp-headline" aria-label="{html.escape(label)}">{items}</dl>'


def gbp(amount: float) -> str:
    """Format pounds as the report does, negative amounts with a minus sign.

    >>> gbp(47680), gbp(-3800.0), gbp(18.518)
    ('£47,680', '-£3,800', '£18.52')
    """
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{sign}£{text}"
