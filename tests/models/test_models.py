"""Model behaviour on the report's data and on changed scenarios."""

from __future__ import annotations

import pytest

from dp_analysis.models import finance, spb, targeting, uptake
from dp_analysis.reconcile import mismatches, reconcile


def test_key_findings_match_the_reports_statements(report_counts):
    findings = uptake.key_findings(report_counts)
    assert [c.people for c in findings.bands_ranked[:4]] == [90, 73, 56, 39]
    assert findings.largest_high_budget_band.label == "7) £600-999"
    assert findings.top_band.people == 5
    assert {a.age_group: a.largest_client_group.label for a in findings.age_groups} == {
        "18-39": "Learning Disability Support",
        "40-64": "Physical Support: Personal Care",
        "65+": "Physical Support: Personal Care",
    }
    assert all(a.bands_1_to_4_are_majority for a in findings.age_groups)


def test_uptake_rates_need_a_denominator(report_counts):
    with pytest.raises(ValueError, match="no denominator"):
        uptake.uptake_rates(report_counts, ["cost_band"])
    with_clients = report_counts.assign(clients=report_counts["people"] * 4)
    rates = uptake.uptake_rates(with_clients, ["cost_band"])
    assert rates.loc["1) Under £100", "uptake_rate"] == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("hourly", "asc_total", "variance"),
    [(20, 51480, -3800), (24, 61776, -14096), (18, 46332, 1348)],
)
def test_table_5_under_other_hourly_costs(
    report_counts, report_scenario, hourly, asc_total, variance
):
    plan = spb.with_spb(report_scenario.spb, asc_hourly_cost=hourly)
    totals = spb.table_5_totals(spb.table_5(spb.people_by_band(report_counts), plan))
    assert (totals.asc_total, totals.variance_total) == (asc_total, variance)


def test_break_even_rate_balances_the_costs(report_counts, report_scenario):
    by_band = spb.people_by_band(report_counts)
    rate = spb.break_even_hourly_rate(by_band, report_scenario.spb)
    plan = spb.with_spb(report_scenario.spb, asc_hourly_cost=rate)
    totals = spb.table_5_totals(spb.table_5(by_band, plan))
    assert totals.variance_total == pytest.approx(0, abs=1e-6)
    assert rate == pytest.approx(47680 / 2574)


def test_only_bands_1_to_4_targeted(report_counts, report_scenario):
    plan = spb.with_spb(
        report_scenario.spb,
        band_to_tier={
            1: "low",
            2: "low",
            3: "medium",
            4: "medium",
            5: "high",
            6: "high",
            7: "high",
            8: "high",
        },
    )
    totals = spb.table_5_totals(spb.table_5(spb.people_by_band(report_counts), plan))
    assert totals.spb_total == 146 * 100 + 112 * 180 + 50 * 320


def test_sensitivity_is_centred_on_the_base(report_scenario):
    table = spb.sensitivity(report_scenario.spb, swing=0.1)
    base = table.attrs["base"]
    hourly = table.set_index("input").loc["ASC hourly cost"]
    assert hourly["low"] > base > hourly["high"]
    assert list(table["spread"]) == sorted(table["spread"], reverse=True)


def test_compare_options_projects_each_option(report_counts, report_scenario):
    options = targeting.compare_options(
        report_counts, report_scenario, new_to_asc=120, reviews=80, pilot_places=40
    )
    by_option = options.set_index("option")
    assert by_option.loc["People new to ASC", "referrals"] == 120
    assert by_option.loc["People new to ASC", "dp_take_up"] == 60
    assert by_option.loc["Roll-out to everyone", "spb_cost"] == 58500
    assert (options["spb_cost"] >= 0).all()


def test_staffing_for_a_larger_caseload(report_scenario):
    needed = finance.core_staffing(
        report_scenario.finance,
        pa_employment_support=250,
        system_access_support=400,
        pas_recruited=120,
        employers_recruited=40,
    )
    assert needed.table["staff_needed"].tolist() == [3, 3, 2, 1]
    assert needed.staff == 8
    assert needed.annual_cost == round((8 * 28500 + 16000) * 1.29, 2)


def test_reconciliation_lists_the_reports_mismatches(report_counts, report_scenario):
    table = reconcile(report_counts, report_scenario)
    assert len(table) == 61
    assert sorted(mismatches(table)["id"]) == sorted(
        [
            "band_rank_4",
            "spb_300_cost",
            "spb_medium_share_data",
            "spb_low_share_data",
            "spb_high_share_data",
            "icu_shortfall_label",
        ]
    )
    fourth = table.set_index("id").loc["band_rank_4"]
    assert "fourth largest group =29" in fourth["report_words"]
    assert fourth["computed"] == 39


def test_reconciliation_follows_a_changed_scenario(report_counts, report_scenario):
    changed = report_scenario.with_changes({"finance": {"icu_budget": 100000}})
    table = reconcile(report_counts, changed).set_index("id")
    assert table.loc["pressure_total", "computed"] == 122200
    assert table.loc["pressure_total", "status"] == "mismatch"
