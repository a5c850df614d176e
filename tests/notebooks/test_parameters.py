"""Every notebook, run under non-default parameters, gives the expected values.

Two runs of each notebook:

- another month (July 2019) from a client-level extract whose counts are
  known by construction (:mod:`tests.notebooks.extract_builder`);
- a changed scenario file (ASC hourly cost £24 instead of £20) in public
  mode, where small counts must not be shown.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dp_analysis import paths, reconcile
from dp_analysis.counts import appendix_a
from dp_analysis.scenario import load_scenario
from tests.notebooks.extract_builder import JULY, write_extract
from tests.notebooks.running import (
    NOTEBOOKS,
    figures,
    outputs,
    recorded_values,
    run_notebooks,
    shown,
)

pytestmark = pytest.mark.notebooks

# July 2019 of the extract, worked out by hand from its rows: 4 people in band 1
# and 10 in band 2 (low tier: £100, 5 hours), 2 in band 5 (medium: £180, 10 h).
JULY_SPB_TOTAL = 4 * 100 + 10 * 100 + 2 * 180  # £1,760
JULY_ASC_TOTAL = (4 * 5 + 10 * 5 + 2 * 10) * 20  # 90 hours at £20: £1,800
JULY_EXPECTED = {
    "01_uptake_profile": {**JULY, "month": "2019-07", "mixed_budget_from_data": True},
    # Clients not on a DP in bands 1-4: 8 council-managed in band 2, 6
    # commissioned in band 1.
    "02_targeting": {"analysis_target": 14, "pilot_places": 40},
    "03_spb_cost_scenarios": {
        "spb_total": float(JULY_SPB_TOTAL),
        "asc_total": float(JULY_ASC_TOTAL),
        "variance_total": float(JULY_SPB_TOTAL - JULY_ASC_TOTAL),
        "break_even_hourly_rate": round(JULY_SPB_TOTAL / 90, 2),
    },
    # The SPB service line is carried rounded to £10,000: £1,760 gives £0, so
    # the total is the report's £127,200 less its £50,000.
    "04_financial_implications": {
        "spb_services": float(JULY_SPB_TOTAL),
        "cost_pressure_total": 77200.0,
    },
    "06_monthly_report": {
        "month": "2019-07",
        "total_people": JULY["total_people"],
        "analysis_target": 14,
        "months_in_trend": ["2019-06", "2019-07"],
        "spb_total": float(JULY_SPB_TOTAL),
    },
}


@pytest.fixture(scope="module")
def july_runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("july")
    return run_notebooks(
        NOTEBOOKS, folder, source=str(write_extract(folder)), month="2019-07"
    )


@pytest.fixture(scope="module")
def asc_24_scenario(tmp_path_factory) -> Path:
    changed = load_scenario().with_changes({"spb": {"asc_hourly_cost": 24}})
    path = tmp_path_factory.mktemp("scenario") / "asc-24.yaml"
    path.write_text(changed.to_yaml(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def public_runs(tmp_path_factory, asc_24_scenario):
    folder = tmp_path_factory.mktemp("public")
    return run_notebooks(
        NOTEBOOKS, folder, scenario_path=str(asc_24_scenario), mode="public"
    )


# -- another month, from a client-level source ------------------------------


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_july_from_a_client_level_extract_runs(name, july_runs):
    notebook = july_runs[name]
    assert [out for out in outputs(notebook) if out.get("output_type") == "error"] == []
    assert "Data: July 2019, from `client_extract.csv` (client-level extract)." in (
        shown(notebook, "text/markdown")
    )


@pytest.mark.parametrize("name", sorted(JULY_EXPECTED))
def test_july_values(name, july_runs):
    values = recorded_values(july_runs[name])
    expected = JULY_EXPECTED[name]
    assert {key: values.get(key) for key in expected} == expected


def test_july_text_and_uptake_rates(july_runs):
    text = " ".join(shown(july_runs["01_uptake_profile"], "text/markdown"))
    assert "In July 2019, 16 people received a direct payment" in text
    assert "Overall, 53% of clients in long-term community support take a DP" in text
    assert "Uptake rates cannot be given" not in text
    assert "2 of the 16 DP clients (12%) have the DP as part of a mixed budget" in text


def test_july_reconciliation_flags_the_moved_total(july_runs):
    values = recorded_values(july_runs["05_reconciliation"])
    assert "total_people" in values["mismatch_ids"]  # 308 stated, 16 in July
    assert values["statements"] == len(reconcile.load_statements())


def test_july_monthly_report_draws_the_trend(july_runs):
    trend = [
        chart
        for chart in figures(july_runs["06_monthly_report"])
        if chart["layout"]["title"]["text"].startswith("DP clients rose")
    ]
    assert len(trend) == 1
    assert list(trend[0]["data"][0]["y"]) == [9.0, 16.0]  # 5 + 4 on a DP in June


# -- a changed scenario file, in public mode --------------------------------


def test_changed_scenario_changes_table_5(public_runs, asc_24_scenario):
    # ASC total: each band's people x its tier's hours cap x £24, from the files.
    appendix = pd.read_csv(paths.APPENDIX_A)
    by_band = appendix.groupby("cost_band")["people"].sum().sort_index()
    report = load_scenario()
    hours = [
        report.spb.tiers[report.spb.band_to_tier[n]].hours_cap for n in range(1, 9)
    ]
    asc_total = float(sum(p * h * 24 for p, h in zip(by_band, hours, strict=True)))
    assert asc_total == 61776.0

    values = recorded_values(public_runs["03_spb_cost_scenarios"])
    assert values["asc_hourly_cost"] == 24.0
    assert values["asc_total"] == asc_total
    assert values["spb_total"] == 47680.0
    assert values["variance_total"] == 47680.0 - asc_total
    assert values["break_even_hourly_rate"] == 18.52
    text = " ".join(shown(public_runs["03_spb_cost_scenarios"], "text/markdown"))
    assert "against £61,776 for ASC staff" in text
    assert "at the current £24 an hour, SPB is cheaper" in text
    monthly = " ".join(shown(public_runs["06_monthly_report"], "text/markdown"))
    assert "SPB would cost £47,680 against £61,776" in monthly


def test_changed_scenario_changes_the_reconciliation(public_runs, asc_24_scenario):
    expected = reconcile.mismatches(
        reconcile.reconcile(appendix_a(), load_scenario(asc_24_scenario))
    )
    values = recorded_values(public_runs["05_reconciliation"])
    assert values["mismatch_ids"] == expected["id"].tolist()
    assert values["mismatches"] > 6  # the report's own six, and Table 5's ASC lines


def _small_counts_in_cells(html: str) -> list[str]:
    return [
        cell
        for cell in re.findall(r"<td>([^<]*)</td>", html)
        if cell.isdigit() and 1 <= int(cell) <= 7
    ]


def _count_tables(notebook) -> list[str]:
    return [html for html in shown(notebook, "text/html") if "dp-counts" in html]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_public_mode_shows_no_small_count(name, public_runs):
    notebook = public_runs[name]
    assert [out for out in outputs(notebook) if out.get("output_type") == "error"] == []
    text = " ".join(shown(notebook, "text/markdown"))
    assert "Public mode: counts from 1 to 7" in text
    for html in _count_tables(notebook):
        assert _small_counts_in_cells(html) == []
    for chart in figures(notebook):
        for trace in chart["data"]:
            drawn = trace.get("z") or [trace.get("x") or [], trace.get("y") or []]
            numbers = [v for row in drawn for v in row if isinstance(v, int | float)]
            if (
                trace.get("type") in ("heatmap",)
                or chart["layout"]["xaxis"].get("title", {}).get("text") == "People"
            ):
                assert not [v for v in numbers if 1 <= v <= 7]


def test_public_uptake_profile_hides_small_counts(public_runs):
    notebook = public_runs["01_uptake_profile"]
    values = recorded_values(notebook)
    assert values["top_band_people"] == "[c]"  # 5 people in band 8
    assert values["total_people"] == 308
    text = " ".join(shown(notebook, "text/markdown"))
    assert "Band 8) £1000+, the highest budgets, holds [c] people." in text
    crosstab = next(
        html
        for html in _count_tables(notebook)
        if "by weekly cost band (rows) and client group" in html
    )
    assert crosstab.count("<td>[c]</td>") >= 20
    assert "<td>308</td>" in crosstab  # the grand total stays


def test_public_table_5_hides_band_8_and_its_totals(public_runs):
    table_5 = next(
        html
        for html in shown(public_runs["03_spb_cost_scenarios"], "text/html")
        if "<caption>Table 5: SPB against ASC" in html
    )
    band_8 = re.search(r'<th scope="row">8\) £1000\+</th>(.*?)</tr>', table_5)
    cells = re.findall(r"<td>([^<]*)</td>", band_8.group(1))
    # number, spb total, asc total and variance total are hidden; fees are not.
    assert cells.count("[c]") == 4
    assert "320" in cells


def test_internal_mode_shows_every_count(default_notebooks):
    tables = "".join(_count_tables(default_notebooks["01_uptake_profile"]))
    assert "[c]" not in tables
    assert _small_counts_in_cells(tables)
