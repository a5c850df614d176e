"""Uptake explorer: DP clients by age group, client group and cost band.

Choose what to count people by (and, optionally, what to split them by),
narrow to some age groups, client groups or cost bands, and read the chart
and its table as numbers of people or as shares of the people selected.

In public mode the table goes through :mod:`dp_analysis.disclosure`, as the
published monthly pages do: it gains its row and column totals, counts from
1 to 7 are hidden (primary suppression), further counts are hidden until no
hidden one can be worked out from the totals (secondary suppression), and a
share is shown only when its count is shown and the total of the people
selected is shown and above 7. The chart leaves out what the table hides, and
a note under the chart says what was hidden.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets
import numpy as np
import pandas as pd
import traitlets

from dp_analysis import disclosure, reference
from dp_analysis.counts import DIMENSION_TITLES
from dp_analysis.models import uptake
from dp_analysis.widgets import figure_style
from dp_analysis.widgets.chart import Chart
from dp_analysis.widgets.dashboard import SUPPRESSION_THRESHOLD, Dashboard
from dp_analysis.widgets.table import DataTable

DIMENSIONS = uptake.DIMENSIONS
NO_SPLIT = ""


def selected_counts(
    counts: pd.DataFrame,
    age_groups: tuple[str, ...],
    client_groups: tuple[str, ...],
    cost_bands: tuple[str, ...],
) -> pd.DataFrame:
    """Return the rows of ``counts`` in the chosen groups and bands."""
    keep = (
        counts["age_group"].isin(age_groups)
        & counts["client_group"].isin(client_groups)
        & counts["cost_band"].isin(cost_bands)
    )
    return counts[keep]


def uptake_table(
    counts: pd.DataFrame, by: str, split: str, measure: str
) -> pd.DataFrame:
    """Return the explorer's table: people (or shares) by ``by`` and ``split``.

    Rows are the labels of ``by`` in report order; without a split the one
    value column is ``People`` (or ``Share``), with one it is a column per
    label of ``split``. Shares are of all the people selected.
    """
    if split:
        table = uptake.crosstab(counts, by, split, margins=False)
    else:
        table = uptake.people_by(counts, [by])[["people"]].rename(
            columns={"people": "People"}
        )
        table.index = table.index.astype(str)
    if measure == "share":
        total = table.to_numpy().sum()
        table = table / total if total else table * 0.0
        if not split:
            table = table.rename(columns={"People": "Share"})
    table.index.name = DIMENSION_TITLES[by]
    table.columns = [str(c) for c in table.columns]
    return table.reset_index()


@dataclass(frozen=True)
class PublicTable:
    """The explorer's table as public mode shows it.

    ``shown`` has the totals and ``[c]`` where a value is hidden; ``plotted``
    has the body only, as numbers, NaN where hidden (what the chart draws).
    """

    shown: pd.DataFrame
    plotted: pd.DataFrame
    suppressed: disclosure.SuppressedTable
    measure: str

    def note_html(self) -> str:
        """Return the note that says what the table and chart hide, and why."""
        text = disclosure.describe([self.suppressed])
        if self.measure == "share":
            text += (
                f" A share is shown only when its count is shown and the people "
                f"selected number more than {self.suppressed.threshold}."
            )
        text += (
            " The chart leaves hidden values out. Each table is protected on its "
            "own: comparing different selections can narrow down a hidden count, "
            "so quote the published monthly pages."
        )
        return f'<p class="dp-suppression-note" role="note">{html.escape(text)}</p>'


def protected_table(people: pd.DataFrame, measure: str, name: str) -> PublicTable:
    """Return the explorer's table with its totals and disclosure control applied.

    ``people`` is :func:`uptake_table` with ``measure="people"``; ``measure``
    says whether to show counts or shares of all the people selected.

    >>> table = pd.DataFrame({"Band": ["1", "2", "3"], "People": [40, 5, 30]})
    >>> protected_table(table, "people", "by band").shown["People"].tolist()
    [40, '[c]', '[c]', 75]
    """
    label = people.columns[0]
    suppressed = disclosure.suppress_table(
        people.set_index(label), threshold=SUPPRESSION_THRESHOLD, name=name
    )
    values = suppressed.values.astype(object)
    unsafe = suppressed.hidden.to_numpy()
    if measure == "share":
        # Shares of the grand total, which is the last cell of the table.
        grand_total = int(suppressed.values.iloc[-1, -1])
        shares = suppressed.values.astype(float) / (grand_total or 1)
        values = shares.astype(object)
        if suppressed.hidden.iloc[-1, -1] or grand_total <= SUPPRESSION_THRESHOLD:
            unsafe = np.full(unsafe.shape, True)
    shown = values.mask(unsafe, disclosure.SUPPRESSED)
    body_rows, body_columns = people.shape[0], people.shape[1] - 1
    plotted = values.mask(unsafe).iloc[:body_rows, :body_columns].astype(float)
    shown.index.name = plotted.index.name = label
    return PublicTable(shown.reset_index(), plotted.reset_index(), suppressed, measure)


class UptakeExplorer(Dashboard):
    """Counts and shares of DP clients by the dimensions the user picks."""

    slug = "uptake-explorer"
    title = "Direct payment uptake explorer"
    intro = (
        "Who takes a direct payment? Count people by age group, client group "
        "or weekly cost band, split by a second one if you like, and narrow "
        "the view with the filters."
    )

    by = traitlets.Unicode("cost_band").tag(setting=True)
    split = traitlets.Unicode(NO_SPLIT).tag(setting=True)
    measure = traitlets.Unicode("people").tag(setting=True)
    age_groups = traitlets.Tuple().tag(setting=True, item=str)
    client_groups = traitlets.Tuple().tag(setting=True, item=str)
    cost_bands = traitlets.Tuple().tag(setting=True, item=str)

    def build(self) -> tuple[ipywidgets.Widget, ipywidgets.Widget]:
        """Return the controls and the chart with its table."""
        self.age_groups = tuple(reference.age_group_labels())
        self.client_groups = tuple(reference.client_group_labels())
        self.cost_bands = tuple(reference.cost_band_labels())
        dimension_options = [(DIMENSION_TITLES[d], d) for d in DIMENSIONS]
        style = {"description_width": "initial"}
        self.by_control = ipywidgets.Dropdown(
            options=dimension_options, description="Count people by", style=style
        )
        self.split_control = ipywidgets.Dropdown(
            options=[("No split", NO_SPLIT), *dimension_options],
            description="Split each bar by",
            style=style,
        )
        self.measure_control = ipywidgets.Dropdown(
            options=[("Number of people", "people"), ("Share of people", "share")],
            description="Show",
        )
        filters = []
        for name, title in (
            ("age_groups", "Age groups"),
            ("client_groups", "Client groups"),
            ("cost_bands", "Cost bands"),
        ):
            control = ipywidgets.SelectMultiple(
                options=list(getattr(self, name)),
                description=title,
                rows=min(8, len(getattr(self, name))),
                style=style,
                layout={"width": "32em"},
            )
            ipywidgets.link((self, name), (control, "value"))
            filters.append(control)
        ipywidgets.link((self, "by"), (self.by_control, "value"))
        ipywidgets.link((self, "split"), (self.split_control, "value"))
        ipywidgets.link((self, "measure"), (self.measure_control, "value"))
        help_text = ipywidgets.HTML(
            "<p class='dp-help'>Hold Ctrl (or Cmd) to choose several groups in a "
            "list. Shares are of all the people you have selected.</p>"
        )
        controls = ipywidgets.VBox(
            [
                ipywidgets.HBox(
                    [self.by_control, self.split_control, self.measure_control],
                    layout={"flex_flow": "row wrap"},
                ),
                help_text,
                ipywidgets.HBox(filters, layout={"flex_flow": "row wrap"}),
            ]
        )
        self.chart = Chart(figure_style.bar_figure())
        self.suppression_note = ipywidgets.HTML()
        self.table = DataTable("People", f"{self.slug}.csv")
        return controls, ipywidgets.VBox(
            [self.chart, self.suppression_note, self.table]
        )

    def refresh(self) -> None:
        """Recompute the table and redraw the chart (protected in public mode)."""
        split = self.split if self.split != self.by else NO_SPLIT
        chosen = selected_counts(
            self.counts, self.age_groups, self.client_groups, self.cost_bands
        )
        caption = self._caption(split)
        if self.mode == "public":
            people = uptake_table(chosen, self.by, split, "people")
            public = protected_table(people, self.measure, caption)
            shown, plotted = public.shown, public.plotted
            self.suppression_note.value = public.note_html()
        else:
            shown = plotted = uptake_table(chosen, self.by, split, self.measure)
            self.suppression_note.value = ""
        value_columns = list(plotted.columns[1:])
        totals = self._row_totals(shown, plotted, split)

        figure = self.chart.go_figure
        with figure.batch_update():
            figure.data = ()
            for column in value_columns:
                figure.add_bar(
                    x=plotted.iloc[:, 0].tolist(),
                    y=plotted[column].astype(float).tolist(),
                    name=column,
                )
            figure.update_layout(
                barmode="stack" if split else "group",
                showlegend=bool(split),
                xaxis_title=DIMENSION_TITLES[self.by],
                yaxis_title="Share of people" if self.measure == "share" else "People",
                yaxis_tickformat=".0%" if self.measure == "share" else ",d",
                title_text=self._headline(totals),
            )
        self.chart.show(self._summary(totals))

        formats = {column: self._formatter() for column in shown.columns[1:]}
        self.table.show(shown, caption, formats)

    def _caption(self, split: str) -> str:
        measure = "Share of people" if self.measure == "share" else "People"
        caption = (
            f"{measure} on a direct payment by {DIMENSION_TITLES[self.by].lower()}"
        )
        if split:
            caption += f" and {DIMENSION_TITLES[split].lower()}"
        return caption

    def _formatter(self):
        share = self.measure == "share"

        def format_value(value: Any) -> str:
            if isinstance(value, str):  # [c]: hidden in public mode
                return value
            return f"{value:.1%}" if share else f"{int(value):,}"

        return format_value

    def _row_totals(
        self, shown: pd.DataFrame, plotted: pd.DataFrame, split: str
    ) -> list[tuple[str, Any]]:
        """Return each bar's label and total, as the table shows it."""
        if self.mode != "public":
            values = plotted.iloc[:, 1:].sum(axis=1)
            return list(zip(plotted.iloc[:, 0], values, strict=True))
        # Public tables carry their totals, hidden ones included as [c].
        body = shown[shown.iloc[:, 0] != disclosure.TOTAL]
        column = disclosure.TOTAL if split else shown.columns[1]
        return list(zip(body.iloc[:, 0], body[column], strict=True))

    def _headline(self, totals: list[tuple[str, Any]]) -> str:
        shown = [(label, v) for label, v in totals if not isinstance(v, str)]
        if not shown or max(v for _, v in shown) == 0:
            if len(shown) < len(totals):
                return "The numbers in this selection are too small to show"
            return "No people in the groups chosen"
        top = max(shown, key=lambda item: item[1])[0]
        if len(shown) < len(totals):  # a hidden total may be larger
            return f"Of the groups whose numbers can be shown, most people are in {top}"
        return f"Most people in the selection are in {top}"

    def _summary(self, totals: list[tuple[str, Any]]) -> str:
        format_value = self._formatter()
        parts = [f"{label}: {format_value(total)}" for label, total in totals]
        kind = "Share of people" if self.measure == "share" else "People"
        return (
            f"Bar chart. {kind} by {DIMENSION_TITLES[self.by].lower()}: "
            + "; ".join(parts)
            + ". The table below gives every value."
        )
