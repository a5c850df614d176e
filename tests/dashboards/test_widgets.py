"""The dashboard widgets without a browser: settings, links, files and reset."""

from __future__ import annotations

import pytest
import yaml

from dp_analysis.counts import appendix_a
from dp_analysis.exceptions import ScenarioError
from dp_analysis.models import finance, spb, uptake
from dp_analysis.scenario import load_scenario
from dp_analysis.widgets import FinanceModel, PilotPlanner, SPBExplorer, UptakeExplorer
from dp_analysis.widgets import settings as settings_io

COUNTS = appendix_a()
DASHBOARDS = [UptakeExplorer, SPBExplorer, PilotPlanner, FinanceModel]
CHANGES = {
    UptakeExplorer: {"by": "client_group", "measure": "share", "age_groups": ("65+",)},
    SPBExplorer: {"asc_hourly_cost": 24.0, "band_3_tier": "low", "participants": 500},
    PilotPlanner: {"bands": (1, 2), "pilot_places": 60, "take_up_percent": 40},
    FinanceModel: {"icu_budget": 100000.0, "core_staff": 4},
}


@pytest.fixture(scope="module")
def built():
    return {cls: cls() for cls in DASHBOARDS}


@pytest.mark.parametrize("cls", DASHBOARDS, ids=lambda c: c.__name__)
def test_settings_survive_a_file_and_a_link(built, cls):
    dashboard = built[cls]
    dashboard.apply_state(CHANGES[cls])
    changed = dashboard.state()
    text = settings_io.settings_yaml(dashboard.slug, changed)
    query = dashboard.query_string()
    assert set(settings_io.parse_query(query)) == set(CHANGES[cls])

    from_file, from_link = cls(), cls()
    from_file.load_settings_text(text)
    from_link.apply_query_string(query)
    assert from_file.state() == changed
    assert from_link.state() == changed

    dashboard.reset()
    assert dashboard.state() == dashboard.defaults
    assert dashboard.query_string() == ""


@pytest.mark.parametrize("cls", DASHBOARDS, ids=lambda c: c.__name__)
def test_every_chart_has_its_table_and_summary(built, cls):
    dashboard = built[cls]
    assert dashboard.charts
    for chart in dashboard.charts:
        assert len(chart.summary) > 40
        assert chart.figure["data"]
    html = "".join(child.value for child in _html_widgets(dashboard))
    assert html.count("<caption>") >= len(dashboard.charts)
    assert html.count('href="data:text/csv') == html.count("<caption>")
    assert "Data: Appendix A" in html and "June 2019" in html


def _html_widgets(widget):
    found = (
        [widget] if hasattr(widget, "value") and isinstance(widget.value, str) else []
    )
    for child in getattr(widget, "children", ()):
        found += _html_widgets(child)
    return found


def test_uptake_table_matches_the_model(built):
    dashboard = UptakeExplorer()
    dashboard.apply_state({"by": "age_group", "split": "cost_band"})
    expected = uptake.crosstab(
        dashboard.counts, "age_group", "cost_band", margins=False
    )
    table = dashboard.table.frame.set_index("Age group")
    assert table.to_numpy().tolist() == expected.to_numpy().tolist()


def test_spb_explorer_reproduces_table_5_and_answers_24_pounds():
    dashboard = SPBExplorer()
    assert (dashboard.results["spb_total"], dashboard.results["asc_total"]) == (
        47680.0,
        51480.0,
    )
    dashboard.asc_hourly_cost = 24
    report = load_scenario().spb
    table = spb.table_5(
        spb.people_by_band(dashboard.counts), spb.with_spb(report, asc_hourly_cost=24.0)
    )
    assert dashboard.results["asc_total"] == float(table["asc_total"].sum())


def test_spb_explorer_keeps_at_most_three_scenarios():
    dashboard = SPBExplorer()
    for rate in (21, 22, 23, 24):
        dashboard.asc_hourly_cost = rate
        dashboard.keep_scenario()
    kept = [settings["asc_hourly_cost"] for _, settings in dashboard.kept]
    assert kept == [22.0, 23.0, 24.0]
    assert list(dashboard.compare_table.frame.columns) == [
        "Figure",
        "Scenario 2",
        "Scenario 3",
        "Scenario 4",
        "Current settings",
    ]
    dashboard.reset()
    assert dashboard.kept == []


def test_tier_mix_over_100_percent_is_refused_plainly():
    dashboard = SPBExplorer()
    dashboard.apply_state({"mix_low_percent": 60, "mix_high_percent": 50})
    assert "more than 100%" in dashboard.mix_note.value


def test_finance_model_reproduces_the_report():
    dashboard = FinanceModel()
    assert dashboard.results == {
        "cost_pressure": 127200.0,
        "core_service": 130935.0,
        "icu_shortfall": 35935.0,
    }
    dashboard.core_staff = 4
    core = finance.table_6(dashboard.finance().core_service)
    assert dashboard.results["core_service"] == float(core["cost"].iloc[-1])


def test_scenario_file_loads_into_the_spb_explorer(tmp_path):
    raw = yaml.safe_load(load_scenario().to_yaml())
    raw["spb"]["asc_hourly_cost"] = 24
    dashboard = SPBExplorer()
    dashboard.load_settings_text(yaml.safe_dump(raw), source="what-if.yaml")
    assert dashboard.asc_hourly_cost == 24.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "kind: dp-analysis dashboard settings\n"
            "dashboard: finance-model\nsettings: {}",
            "saved from the 'finance-model' dashboard",
        ),
        (
            "kind: dp-analysis dashboard settings\ndashboard: spb-explorer\n"
            "settings: {asc_hourly_cost: cheap}",
            "'cheap' is not a valid value",
        ),
        (
            "kind: dp-analysis dashboard settings\ndashboard: spb-explorer\n"
            "settings: {hourly: 3}",
            "unknown setting(s) ['hourly']",
        ),
        (": : :", "not valid YAML"),
    ],
)
def test_bad_settings_files_are_refused_with_a_reason(text, message):
    dashboard = SPBExplorer()
    before = dashboard.state()
    with pytest.raises(
        ScenarioError,
        match=message.replace("(", r"\(")
        .replace(")", r"\)")
        .replace("[", r"\[")
        .replace("]", r"\]"),
    ):
        dashboard.load_settings_text(text)
    assert dashboard.state() == before


def test_a_bad_link_shows_a_message_and_changes_nothing():
    dashboard = PilotPlanner()
    dashboard.apply_query_string("pilot_places=lots")
    assert "not a valid value" in dashboard.message.value
    assert dashboard.state() == dashboard.defaults


def test_public_mode_hides_small_counts():
    dashboard = UptakeExplorer(mode="public")
    assert "[c]" in dashboard.table.value
    assert "Public mode" in dashboard.children[0].value
    plotted = dashboard.chart.figure["data"][0]["y"]
    assert all(value is None or value == 0 or value > 7 for value in plotted)


def small_with_next(counts: dict[str, int]) -> set[str]:
    """Return the labels public mode hides in one column: 1 to 7, and if one
    alone, the next smallest count above 0 (worked out here, not by the code)."""
    small = {label for label, n in counts.items() if 1 <= n <= 7}
    if len(small) == 1:
        others = {label: n for label, n in counts.items() if label not in small and n}
        small.add(min(others, key=others.get))
    return small


def test_public_spb_explorer_hides_small_bands_in_table_and_chart():
    people = spb.people_by_band(COUNTS)
    expected = small_with_next({str(b): int(n) for b, n in people.items()})
    assert expected == {"6) £500-599", "8) £1000+"}  # 8 and 5 people

    dashboard = SPBExplorer(mode="public")
    frame = dashboard.band_table.frame.set_index("Cost band")
    hidden = {band for band in frame.index if frame.loc[band, "People"] == "[c]"}
    assert hidden == expected
    for band in expected:  # a band's totals would give its people away
        assert frame.loc[band, ["SPB total (£)", "ASC total (£)"]].tolist() == [
            "[c]",
            "[c]",
        ]
    bars = dashboard.band_chart.figure["data"][0]
    plotted = dict(zip(bars["x"], bars["y"], strict=True))
    assert {band for band, y in plotted.items() if y is None} == expected
    assert plotted["1) Under £100"] == people["1) Under £100"] * 100
    assert "6) £500-599 and 8) £1000+ are left out" in dashboard.band_chart.summary
    assert all(n == "[c]" or n > 7 for n in frame["People"])
    assert "%5Bc%5D" in dashboard.band_table.value  # the CSV download holds [c]

    internal = SPBExplorer(mode="internal").band_table.frame
    assert internal.set_index("Cost band").loc["8) £1000+", "People"] == 5


def test_public_pilot_planner_hides_small_client_groups():
    by_group = uptake.people_by(COUNTS, ["client_group"])["people"]
    expected = small_with_next({str(g): int(n) for g, n in by_group.items()})
    assert len(expected) >= 2

    plan = PilotPlanner(mode="public").pilot_table.frame.set_index("Client group")
    shown = plan["DP clients now"]
    assert {group for group in plan.index if shown[group] == "[c]"} == expected
    assert all(int(n) > 7 for group, n in shown.items() if group not in expected)
    # Pilot places are planned, not counted, and stay.
    assert "[c]" not in plan["Pilot places"].tolist()
