"""Charts: afcharts style, takeaway titles from the data, tables behind them."""

from __future__ import annotations

import pandas as pd
import pytest

from dp_analysis.figures import report
from dp_analysis.figures.style import CATEGORICAL
from dp_analysis.models import spb, uptake


def test_heatmap_draws_appendix_a_with_its_largest_cell_in_the_title(report_counts):
    bundle = report.uptake_heatmap(report_counts)
    z = pd.DataFrame(
        bundle.figure.data[0].z,
        index=bundle.figure.data[0].y,
        columns=bundle.figure.data[0].x,
    )
    assert z.loc["4) £300-399", "Learning Disability Support"] == 18
    assert int(bundle.table.to_numpy().sum()) == 308
    assert bundle.title == (
        "The largest group of DP clients is Physical Support: Personal Care in "
        "weekly cost band 2) £100-199: 63 people."
    )
    assert bundle.figure.layout.template.layout.colorway == CATEGORICAL
    assert bundle.name == "heatmap_cost_band_by_client_group"


def test_public_heatmap_leaves_every_hidden_cell_out(report_counts):
    bundle = report.uptake_heatmap(report_counts, public=True)
    trace = bundle.figure.data[0]
    cells = [
        (z, text)
        for z_row, t_row in zip(trace.z, trace.text, strict=True)
        for z, text in zip(z_row, t_row, strict=True)
    ]
    assert all(z is None for z, text in cells if text == "[c]")
    assert not [z for z, _ in cells if z is not None and 1 <= z <= 7]


def test_band_chart_highlights_the_largest_band(report_counts):
    bundle = report.people_by_band_chart(uptake.key_findings(report_counts))
    bar = bundle.figure.data[0]
    assert list(bar.x) == [56, 90, 73, 39, 14, 8, 23, 5]
    assert len({colour for colour in bar.marker.color}) == 2
    assert bar.marker.color[1] != bar.marker.color[0]


def test_table_5_chart_totals_match_the_report(report_counts, report_scenario):
    table = spb.table_5(spb.people_by_band(report_counts), report_scenario.spb)
    bundle = report.table_5_chart(table, spb.table_5_totals(table))
    assert bundle.table.sum().tolist() == [47680.0, 51480.0]
    assert "£3,800 less" in bundle.title


def test_tornado_orders_inputs_widest_first(report_scenario):
    table = spb.sensitivity(report_scenario.spb)
    bundle = report.sensitivity_chart(table, 0.2)
    spreads = bundle.table["spread"].tolist()
    assert spreads == sorted(spreads, reverse=True)
    assert next(iter(bundle.figure.data[0].y)) == table.iloc[0]["input"]
    assert bundle.figure.data[0].base == table.attrs["base"]


@pytest.mark.parametrize("months", [["2019-06"], ["2019-06", "2019-07"]])
def test_trend_chart_has_a_point_per_month(report_counts, months):
    history = pd.concat([report_counts.assign(month=m) for m in months])
    bundle = report.dp_clients_trend_chart(history)
    assert list(bundle.figure.data[0].y) == [308.0] * len(months)
