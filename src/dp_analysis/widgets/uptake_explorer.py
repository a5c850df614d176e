"""Uptake explorer: DP clients by age group, client group and cost band.

Choose what to count people by (and, optionally, what to split them by),
narrow to some age groups, client groups or cost bands, and read the chart
and its table as numbers of people or as shares of the people selected.
"""

from __future__ import annotations

from typing import Any

import ipywidgets
import pandas as pd
import traitlets

from dp_analysis import reference
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
        self.table = DataTable("People", f"{self.slug}.csv")
        return controls, ipywidgets.VBox([self.chart, self.table])

    def refresh(self) -> None:
        """Recompute the table and redraw the chart."""
        split = self.split if self.split != self.by else NO_SPLIT
        chosen = selected_counts(
            self.counts, self.age_groups, self.client_groups, self.cost_bands
        )
        table = uptake_table(chosen, self.by, split, self.measure)
        public = self.mode == "public"
        if public:
            hidden = self._small_cells(chosen, self.by, split)
        value_columns = list(table.columns[1:])

        figure = self.chart.go_figure
        with figure.batch_update():
            figure.data = ()
            for column in value_columns:
                values = table[column].astype(float)
                if public:
                    values = values.mask(hidden[column].to_numpy())
                figure.add_bar(
                    x=table.iloc[:, 0].tolist(), y=values.tolist(), name=column
                )
            figure.update_layout(
                barmode="stack" if split else "group",
                showlegend=bool(split),
                xaxis_title=DIMENSION_TITLES[self.by],
                yaxis_title="Share of people" if self.measure == "share" else "People",
                yaxis_tickformat=".0%" if self.measure == "share" else ",d",
                title_text=self._headline(table, value_columns),
            )
        self.chart.show(self._summary(table, value_columns))

        measure = "Share of people" if self.measure == "share" else "People"
        by_title = DIMENSION_TITLES[self.by].lower()
        caption = f"{measure} on a direct payment by {by_title}"
        if split:
            caption += f" and {DIMENSION_TITLES[split].lower()}"
        formats = {}
        for column in value_columns:
            formats[column] = self._formatter(public)
        shown = table.copy()
        if public:
            for column in value_columns:
                shown[column] = shown[column].mask(hidden[column].to_numpy())
        self.table.show(shown, caption, formats)

    def _formatter(self, public: bool):
        share = self.measure == "share"

        def format_value(value: Any) -> str:
            if pd.isna(value):
                return "[c]" if public else ""
            return f"{value:.1%}" if share else f"{int(value):,}"

        return format_value

    def _small_cells(self, chosen: pd.DataFrame, by: str, split: str) -> pd.DataFrame:
        people = uptake_table(chosen, by, split, "people")
        values = people.iloc[:, 1:]
        return (values >= 1) & (values <= SUPPRESSION_THRESHOLD)

    def _headline(self, table: pd.DataFrame, value_columns: list[str]) -> str:
        totals = table[value_columns].sum(axis=1)
        if totals.sum() == 0:
            return "No people in the groups chosen"
        top = table.iloc[int(totals.to_numpy().argmax()), 0]
        return f"Most people in the selection are in {top}"

    def _summary(self, table: pd.DataFrame, value_columns: list[str]) -> str:
        totals = table[value_columns].sum(axis=1)
        parts = []
        for label, total in zip(table.iloc[:, 0], totals, strict=True):
            shown = f"{total:.0%}" if self.measure == "share" else f"{int(total):,}"
            parts.append(f"{label}: {shown}")
        kind = "Share of people" if self.measure == "share" else "People"
        return (
            f"Bar chart. {kind} by {DIMENSION_TITLES[self.by].lower()}: "
            + "; ".join(parts)
            + ". The table below gives every value."
        )
