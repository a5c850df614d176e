"""Back-tests: every cell and margin of the report's tables, from the code."""

from __future__ import annotations

import pytest

from dp_analysis.models import finance, spb, uptake
from tests.backtest import report_tables as report


def _as_printed(table, groups):
    """Return a computed cross-tab laid out as the report prints it."""
    rows = {}
    for band in table.index:
        values = [int(table.loc[band, g]) for g in [*groups, uptake.GRAND_TOTAL]]
        rows[band] = [v if v else None for v in values[:-1]] + [values[-1]]
    return rows


def test_overall_table_every_cell_and_margin(report_counts):
    table = uptake.crosstab(report_counts, "cost_band", "client_group")
    assert _as_printed(table, report.GROUPS) == report.OVERALL


@pytest.mark.parametrize(
    ("age_group", "groups", "printed"),
    [
        ("18-39", report.AGE_18_39_GROUPS, report.AGE_18_39),
        ("40-64", report.AGE_40_64_GROUPS, report.AGE_40_64),
        ("65+", report.AGE_65_GROUPS, report.AGE_65),
    ],
)
def test_age_tables_every_cell_and_margin(report_counts, age_group, groups, printed):
    in_age = report_counts[report_counts["age_group"] == age_group]
    table = uptake.crosstab(in_age, "cost_band", "client_group")
    computed = _as_printed(table, groups)

    # The report leaves out the rows and columns that are empty in an age group.
    missing_groups = set(report.GROUPS) - set(groups)
    assert all(int(table.loc[uptake.GRAND_TOTAL, g]) == 0 for g in missing_groups)
    for band in set(report.BANDS) - set(printed):
        assert computed.pop(band)[-1] == 0
    assert computed == printed


def test_age_table_numbers_and_percentages(report_counts):
    by_age = uptake.people_by(report_counts, ["age_group"])
    for age_group, (number, percentage) in report.AGE_TABLE.items():
        assert int(by_age.loc[age_group, "people"]) == number
        assert uptake.percent(by_age.loc[age_group, "share"]) == percentage


def test_table_3_tiers(report_scenario):
    for name, (hours, fee) in report.TABLE_3.items():
        tier = report_scenario.spb.tiers[name]
        assert (tier.hours_cap, tier.fee) == (hours, fee)


def test_table_5_every_row(report_counts, report_scenario):
    table = spb.table_5(spb.people_by_band(report_counts), report_scenario.spb)
    columns = [
        "spb_tier",
        "number",
        "spb_cost_per_person",
        "spb_total",
        "asc_hourly_cost",
        "hours",
        "asc_cost_per_person",
        "variance_per_person",
        "asc_total",
        "variance_total",
    ]
    for band, printed in report.TABLE_5.items():
        assert tuple(table.loc[band, columns]) == printed, band


def test_table_5_totals(report_counts, report_scenario):
    table = spb.table_5(spb.people_by_band(report_counts), report_scenario.spb)
    totals = spb.table_5_totals(table)
    assert totals.people == report.TABLE_5_TOTALS["number"]
    assert totals.sum_of_fees == report.TABLE_5_TOTALS["cost_per_person"]
    assert totals.spb_total == report.TABLE_5_TOTALS["spb_total"]
    assert totals.asc_total == report.TABLE_5_TOTALS["asc_total"]
    assert totals.variance_total == report.TABLE_5_TOTALS["variance_total"]
    assert f"{totals.saving_share:.1%}" == "7.4%"


def test_table_2_every_row(report_counts, report_scenario):
    spb_total = spb.table_5_totals(
        spb.table_5(spb.people_by_band(report_counts), report_scenario.spb)
    ).spb_total
    table = finance.table_2(report_scenario.finance, spb_total)
    computed = {
        row.service_area: (
            row.funding_source,
            None if row.annual_cost != row.annual_cost else row.annual_cost,
        )
        for row in table.itertuples()
    }
    assert computed == report.TABLE_2


def test_cost_pressures_and_total(report_scenario):
    pressures = finance.cost_pressures(report_scenario.finance, spb_services=47680)
    assert (
        dict(zip(pressures["service_area"], pressures["cost_pressure"], strict=True))
        == report.COST_PRESSURES
    )
    assert pressures["cost_pressure"].sum() == report.COST_PRESSURE_TOTAL


def test_table_6_every_row(report_scenario):
    table = finance.table_6(report_scenario.finance.core_service)
    assert table["cost"].tolist() == report.TABLE_6
    assert finance.icu_shortfall(report_scenario.finance) == 35935
