"""Each dashboard in Debian's Chromium: it renders, answers its controls with
the models' numbers, saves and reloads its settings, and shares them as a link.

Expected numbers are computed here from ``dp_analysis`` directly, never read
from the dashboard's own Python objects.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dp_analysis.counts import appendix_a
from dp_analysis.models import finance, spb, targeting, uptake
from dp_analysis.scenario import load_scenario
from dp_analysis.widgets.table import gbp
from tests.dashboards import pages
from tests.support.browser import describe_violations, run_axe, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COUNTS = appendix_a()
REPORT = load_scenario()


def check_clean(page, context, artifact_dir, name: str) -> None:
    """The page has no console error, failed or off-machine request, axe issue."""
    page.screenshot(path=str(artifact_dir / f"dashboard-{name}.png"), full_page=True)
    assert page.problems == []
    assert context.blocked_requests == []
    violations = serious_violations(run_axe(page))
    assert violations == [], describe_violations(violations)


def check_charts_described(page) -> None:
    """Every chart has a text alternative and a table with caption and headers."""
    texts = pages.summaries(page)
    assert texts and all(len(text) > 40 for text in texts)
    counts = page.evaluate(
        """() => ({
          charts: document.querySelectorAll('.dp-chart').length,
          tables: document.querySelectorAll('table.dp-table caption').length,
          headers: document.querySelectorAll('table.dp-table th[scope]').length,
          csv: document.querySelectorAll('a.dp-csv[href^="data:text/csv"]').length,
        })"""
    )
    assert counts["tables"] >= counts["charts"] > 0
    assert counts["csv"] == counts["tables"]
    assert counts["headers"] > 0


def save_and_reload(page, context, url: str) -> dict[str, str]:
    """Save the settings, load them into a fresh page; return its key figures."""
    with page.expect_download() as download_info:
        page.locator("a.dp-save").click()
    saved = Path(download_info.value.path())
    fresh = context.new_page()
    pages.open_dashboard(fresh, url)
    before = pages.revisions(fresh)
    with fresh.expect_file_chooser() as chooser:
        fresh.locator(".widget-upload").click()
    chooser.value.set_files(
        {
            "name": "settings.yaml",
            "mimeType": "application/x-yaml",
            "buffer": saved.read_bytes(),
        }
    )
    pages.wait_redraw(fresh, before)
    return fresh


def open_shared_link(page, context):
    """Open the page's shareable link in a fresh page and return that page."""
    link = page.locator("a.dp-share-link").get_attribute("href")
    assert "?" in link
    shared = context.new_page()
    pages.open_dashboard(shared, link)
    return shared


# -- uptake explorer ---------------------------------------------------------


def uptake_expected(age_groups, by, split=None):
    chosen = COUNTS[COUNTS["age_group"].isin(age_groups)]
    if split:
        return uptake.crosstab(chosen, by, split, margins=False)
    return uptake.people_by(chosen, [by])["people"]


def test_uptake_explorer(dashboard_server, page, context, artifact_dir):
    url = dashboard_server.page("uptake_explorer")
    pages.open_dashboard(page, url)
    check_clean(page, context, artifact_dir, "uptake-explorer")
    check_charts_described(page)

    # The report's Appendix A by cost band: 56/90/73/39/14/8/23/5.
    by_band = uptake.people_by(COUNTS, ["cost_band"])["people"].tolist()
    assert pages.chart_traces(page)[0]["y"] == by_band
    rows = pages.table(page, "People on a direct payment by weekly cost band")
    assert [int(r[1]) for r in rows[1:]] == by_band

    pages.change_and_wait(
        page, lambda: pages.choose(page, "Count people by", "Age group")
    )
    expected = uptake_expected(["18-39", "40-64", "65+"], "age_group")
    assert pages.chart_traces(page)[0]["y"] == expected.tolist()  # 97/125/86

    pages.change_and_wait(
        page, lambda: pages.choose_many(page, "Age groups", ["40-64", "65+"])
    )
    pages.change_and_wait(
        page, lambda: pages.choose(page, "Split each bar by", "Client group")
    )
    expected = uptake_expected(["40-64", "65+"], "age_group", "client_group")
    traces = pages.chart_traces(page)
    assert [t["name"] for t in traces] == list(expected.columns)
    for trace in traces:
        assert trace["y"] == expected[trace["name"]].astype(float).tolist()

    pages.change_and_wait(page, lambda: pages.choose(page, "Show", "Share of people"))
    rows = pages.table(page, "Share of people")
    share = (
        expected.loc["65+", "Physical Support: Personal Care"]
        / expected.to_numpy().sum()
    )
    header = rows[0]
    column = header.index("Physical Support: Personal Care")
    assert rows[3][0] == "65+"
    assert rows[3][column] == f"{share:.1%}"
    page.screenshot(path=str(artifact_dir / "dashboard-uptake-explorer-changed.png"))

    loaded = save_and_reload(page, context, url)
    assert pages.table(loaded, "Share of people") == rows
    shared = open_shared_link(page, context)
    assert pages.table(shared, "Share of people") == rows


# -- SPB cost scenario explorer ------------------------------------------------


def spb_expected(**changes):
    assumptions = REPORT.spb
    for tier in ("low", "medium", "high"):
        for key, field in (("fee", "fee"), ("hours", "hours_cap")):
            if f"{key}_{tier}" in changes:
                assumptions = spb.with_tier(
                    assumptions, tier, **{field: changes.pop(f"{key}_{tier}")}
                )
    if "band_to_tier" in changes:
        mapping = {**assumptions.band_to_tier, **changes.pop("band_to_tier")}
        changes["band_to_tier"] = mapping
    assumptions = spb.with_spb(assumptions, **changes)
    people = spb.people_by_band(COUNTS)
    totals = spb.table_5_totals(spb.table_5(people, assumptions))
    return {
        "SPB cost, people on a DP (Table 5)": gbp(totals.spb_total),
        "ASC cost for the same people": gbp(totals.asc_total),
        "Break-even ASC hourly cost": gbp(
            spb.break_even_hourly_rate(people, assumptions)
        ),
        "participants": gbp(
            float(spb.participants_costing(assumptions)["spb_total"].sum())
        ),
    }


def spb_shown(page):
    figures = pages.headline(page)
    participants = next(v for k, v in figures.items() if k.endswith("participants"))
    keys = (
        "SPB cost, people on a DP (Table 5)",
        "ASC cost for the same people",
        "Break-even ASC hourly cost",
    )
    return {**{k: figures[k] for k in keys}, "participants": participants}


def test_spb_explorer(dashboard_server, page, context, artifact_dir):
    url = dashboard_server.page("spb_explorer")
    pages.open_dashboard(page, url)
    check_clean(page, context, artifact_dir, "spb-explorer")
    check_charts_described(page)
    # Table 5 as the report prints it: £47,680 against £51,480.
    assert spb_shown(page) == spb_expected()
    assert pages.headline(page)["Difference (SPB is cheaper)"] == "-£3,800"

    pages.change_and_wait(
        page, lambda: pages.set_number(page, "ASC hourly cost (£)", 24)
    )
    assert spb_shown(page) == spb_expected(asc_hourly_cost=24.0)
    asc = pages.chart_traces(page)[1]["y"]
    table = spb.table_5(
        spb.people_by_band(COUNTS), spb.with_spb(REPORT.spb, asc_hourly_cost=24)
    )
    assert asc == table["asc_total"].tolist()

    pages.change_and_wait(page, lambda: pages.set_number(page, "Low tier fee (£)", 120))
    pages.change_and_wait(
        page, lambda: pages.set_number(page, "High tier hours cap", 20)
    )
    pages.change_and_wait(page, lambda: pages.choose(page, "Band 3) £200-299", "Low"))
    pages.change_and_wait(page, lambda: pages.set_number(page, "Participants", 500))
    pages.change_and_wait(
        page, lambda: pages.set_number(page, "High tier share (%)", 40)
    )
    expected = spb_expected(
        asc_hourly_cost=24.0,
        fee_low=120.0,
        hours_high=20.0,
        band_to_tier={3: "low"},
        participants=500,
        tier_mix={"low": 0.25, "medium": 0.35, "high": 0.40},
    )
    assert spb_shown(page) == expected
    rows = pages.table(page, "Table 5")
    assert rows[3][:2] == ["3) £200-299", "low"]

    # Keep two scenarios and compare them with the current settings.
    page.get_by_role("button", name="Keep this scenario to compare").click()
    pages.change_and_wait(
        page, lambda: pages.set_number(page, "ASC hourly cost (£)", 20)
    )
    page.get_by_role("button", name="Keep this scenario to compare").click()
    page.wait_for_function("() => document.body.textContent.includes('Scenario 2')")
    compare = pages.table(page, "Kept scenarios")
    assert compare[0] == ["Figure", "Scenario 1", "Scenario 2", "Current settings"]
    assert compare[1][1:] == ["£24", "£20", "£20"]
    page.screenshot(
        path=str(artifact_dir / "dashboard-spb-explorer-compare.png"), full_page=True
    )

    shown = spb_shown(page)
    loaded = save_and_reload(page, context, url)
    assert spb_shown(loaded) == shown
    shared = open_shared_link(page, context)
    assert spb_shown(shared) == shown

    pages.change_and_wait(
        page,
        lambda: page.get_by_role(
            "button", name="Reset to the report's figures"
        ).click(),
    )
    assert spb_shown(page) == spb_expected()


# -- targeting and pilot planner ---------------------------------------------


def pilot_expected(bands=(1, 2, 3, 4), places=40, take_up=0.5):
    scenario = dataclasses.replace(
        REPORT, targeting={**REPORT.targeting, "dp_take_up_rate": take_up}
    )
    return targeting.compare_options(
        COUNTS, scenario, new_to_asc=100, reviews=100, pilot_places=places, bands=bands
    )


def pilot_rows(page):
    rows = pages.table(page, "Projected referrals")
    return [[int(c.replace(",", "")) for c in row[1:4]] + [row[4]] for row in rows[1:]]


def as_rows(frame):
    return [
        [int(r.target), int(r.referrals), int(r.dp_take_up), gbp(r.spb_cost)]
        for r in frame.itertuples()
    ]


def test_pilot_planner(dashboard_server, page, context, artifact_dir):
    url = dashboard_server.page("pilot_planner")
    pages.open_dashboard(page, url)
    check_clean(page, context, artifact_dir, "pilot-planner")
    check_charts_described(page)
    assert pilot_rows(page) == as_rows(pilot_expected())

    pages.change_and_wait(
        page,
        lambda: pages.choose_many(
            page, "Cost bands targeted", ["1) Under £100", "2) £100-199"]
        ),
    )
    assert pilot_rows(page) == as_rows(pilot_expected(bands=(1, 2)))
    pages.change_and_wait(
        page, lambda: pages.set_number(page, "Pilot places in all", 60)
    )
    pages.change_and_wait(
        page, lambda: pages.set_number(page, "Referrals taking a DP (%)", 40)
    )
    expected = pilot_expected(bands=(1, 2), places=60, take_up=0.4)
    assert pilot_rows(page) == as_rows(expected)
    take_up = pages.chart_traces(page, 0)[1]["y"]
    assert take_up == expected["dp_take_up"].tolist()
    plan = targeting.pilot_plan(COUNTS, places=60, minimum_per_group=5)
    rows = pages.table(page, "Pilot places by client group")
    assert [int(r[2]) for r in rows[1:]] == plan["places"].tolist()

    shown = pilot_rows(page)
    loaded = save_and_reload(page, context, url)
    assert pilot_rows(loaded) == shown
    shared = open_shared_link(page, context)
    assert pilot_rows(shared) == shown


# -- financial model -----------------------------------------------------------


def finance_expected(icu_budget=95000.0, staff=3, other_rate=0.29):
    core = dataclasses.replace(
        REPORT.finance.core_service, staff=staff, other_costs_rate=other_rate
    )
    assumptions = dataclasses.replace(
        REPORT.finance, icu_budget=icu_budget, core_service=core
    )
    spb_total = spb.table_5_totals(
        spb.table_5(spb.people_by_band(COUNTS), REPORT.spb)
    ).spb_total
    pressure = finance.cost_pressures(assumptions, spb_services=spb_total)
    return {
        "Total cost pressure": gbp(float(pressure["cost_pressure"].sum())),
        "Core service cost (Table 6)": gbp(finance.core_service_total(core)),
        "ICU shortfall": gbp(finance.icu_shortfall(assumptions)),
    }


def finance_shown(page):
    figures = pages.headline(page)
    return {
        k: figures[k]
        for k in ("Total cost pressure", "Core service cost (Table 6)", "ICU shortfall")
    }


def test_finance_model(dashboard_server, page, context, artifact_dir):
    url = dashboard_server.page("finance_model")
    pages.open_dashboard(page, url)
    check_clean(page, context, artifact_dir, "finance-model")
    check_charts_described(page)
    # The report: £127,200 cost pressure, £130,935 Core service, £35,935 short.
    assert finance_shown(page) == finance_expected()
    assert finance_shown(page)["Total cost pressure"] == "£127,200"

    pages.change_and_wait(
        page, lambda: pages.set_number(page, "Current ICU budget (£)", 100000)
    )
    assert finance_shown(page) == finance_expected(icu_budget=100000.0)
    pages.change_and_wait(page, lambda: pages.set_number(page, "Staff", 4))
    pages.change_and_wait(
        page,
        lambda: pages.set_number(page, "Other costs (% of staff and management)", 30),
    )
    expected = finance_expected(icu_budget=100000.0, staff=4, other_rate=0.30)
    assert finance_shown(page) == expected
    core = finance.table_6(
        dataclasses.replace(REPORT.finance.core_service, staff=4, other_costs_rate=0.30)
    )
    assert pages.chart_traces(page, 1)[0]["y"] == core["cost"].iloc[:-1].tolist()

    shown = finance_shown(page)
    loaded = save_and_reload(page, context, url)
    assert finance_shown(loaded) == shown
    shared = open_shared_link(page, context)
    assert finance_shown(shared) == shown


def test_landing_page_lists_every_dashboard(
    dashboard_server, page, context, artifact_dir
):
    page.goto(dashboard_server.url)
    links = page.locator("main a")
    names = [
        links.nth(i).get_attribute("href").rsplit("/", 1)[-1]
        for i in range(links.count())
    ]
    assert sorted(names) == sorted(
        f"{n}.ipynb"
        for n in ("uptake_explorer", "spb_explorer", "pilot_planner", "finance_model")
    )
    page.screenshot(path=str(artifact_dir / "dashboard-landing.png"))
    assert page.problems == []
    assert context.blocked_requests == []
    violations = serious_violations(run_axe(page))
    assert violations == [], describe_violations(violations)
