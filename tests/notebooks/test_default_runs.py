"""Every notebook runs with its defaults and states the report's figures."""

from __future__ import annotations

import pytest

from dp_analysis import reconcile
from dp_analysis.counts import appendix_a
from dp_analysis.scenario import load_scenario
from tests.notebooks.running import NOTEBOOKS, figures, outputs, recorded_values, shown

pytestmark = pytest.mark.notebooks

# The report's own figures (Appendix A, Tables 2, 5 and 6), by notebook.
REPORT_FIGURES = {
    "01_uptake_profile": {
        "total_people": 308,
        "largest_band": "2) £100-199",
        "largest_band_people": 90,
        "bands_1_to_4_people": 258,
        "top_band_people": 5,
        "mixed_budget_people": 56,
        "mixed_budget_from_data": False,
        "uptake_rate": None,
    },
    "02_targeting": {"analysis_target": 258, "pilot_places": 40},
    "03_spb_cost_scenarios": {
        "spb_total": 47680.0,
        "asc_total": 51480.0,
        "variance_total": -3800.0,
        "saving_share": 0.0738,
        "participants_spb_total": 58500.0,
        "break_even_hourly_rate": 18.52,
    },
    "04_financial_implications": {
        "cost_pressure_total": 127200.0,
        "core_service_total": 130935.0,
        "icu_shortfall": 35935.0,
        "staff_for_report_caseload": 3,
    },
    "06_monthly_report": {
        "total_people": 308,
        "analysis_target": 258,
        "months_in_trend": ["2019-06"],
        "spb_total": 47680.0,
        "cost_pressure_total": 127200.0,
    },
}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_without_errors(name, default_notebooks):
    notebook = default_notebooks[name]
    errors = [out for out in outputs(notebook) if out.get("output_type") == "error"]
    assert errors == []
    assert notebook.metadata["papermill"]["exception"] is None


@pytest.mark.parametrize("name", sorted(REPORT_FIGURES))
def test_states_the_report_figures(name, default_notebooks):
    values = recorded_values(default_notebooks[name])
    assert {key: values.get(key) for key in REPORT_FIGURES[name]} == REPORT_FIGURES[
        name
    ]


def test_reconciliation_lists_every_mismatch(default_notebooks):
    expected = reconcile.mismatches(reconcile.reconcile(appendix_a(), load_scenario()))
    values = recorded_values(default_notebooks["05_reconciliation"])
    assert values["mismatch_ids"] == expected["id"].tolist()
    assert "band_rank_4" in values["mismatch_ids"]  # the report's "=29" for 39
    html = "".join(shown(default_notebooks["05_reconciliation"], "text/html"))
    assert html.count('<tr class="dp-highlight">') == len(expected)


def test_text_is_generated_from_the_data(default_notebooks):
    text = " ".join(shown(default_notebooks["01_uptake_profile"], "text/markdown"))
    assert "The largest cost band is 2) £100-199, with 90 people (29%)." in text
    assert "Uptake rates cannot be given" in text
    spb = " ".join(shown(default_notebooks["03_spb_cost_scenarios"], "text/markdown"))
    assert "SPB would cost £47,680 against £51,480" in spb
    assert "at an ASC hourly cost of £18.52" in spb


@pytest.mark.parametrize("name", [n for n in NOTEBOOKS if n != "05_reconciliation"])
def test_every_chart_has_a_takeaway_title_and_a_text_alternative(
    name, default_notebooks
):
    notebook = default_notebooks[name]
    charts = figures(notebook)
    assert charts, f"{name} shows no chart"
    for chart in charts:
        assert chart["layout"]["title"]["text"].endswith(".")
        assert chart["layout"]["template"]["layout"]["colorway"][0] == "#12436D"
    alternatives = [
        text
        for text in shown(notebook, "text/markdown")
        if text.startswith("*Text alternative:*")
    ]
    assert len(alternatives) == len(charts)
    tables = [
        html for html in shown(notebook, "text/html") if "<caption>Table: " in html
    ]
    assert len(tables) == len(charts)
