"""The scenario file: read, checked, changed and written back."""

from __future__ import annotations

import pytest
import yaml

from dp_analysis.exceptions import ScenarioError
from dp_analysis.scenario import load_scenario, parse_scenario


def test_the_report_scenario_holds_the_reports_assumptions(report_scenario):
    s = report_scenario
    assert s.spb.participants == 300
    assert s.spb.tier_mix == {"low": 0.25, "medium": 0.5, "high": 0.25}
    assert s.finance.icu_budget == 95000
    assert s.finance.core_capacity_per_staff == {
        "pa_employment_support": 100,
        "system_access_support": 180,
        "pas_recruited": 100,
        "employers_recruited": 50,
    }
    assert s.mixed_budget == {"people": 56, "in_bands_1_to_4": 48, "in_band_7": 2}
    assert s.age_split == {"18-39": 97, "40-64": 125, "65+": 86}


def test_round_trip_through_yaml(report_scenario, tmp_path):
    path = tmp_path / "copy.yaml"
    path.write_text(report_scenario.to_yaml(), encoding="utf-8")
    assert load_scenario(path) == report_scenario


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"spb": {"asc_hourly_cost": -1}},
            "spb.asc_hourly_cost: it must be bigger than or equal to 0",
        ),
        (
            {"spb": {"band_to_tier": {"3": "gold"}}},
            "spb.band_to_tier.3: it must be one of ['low', 'medium', 'high']",
        ),
        ({"spb": {"tier_mix": {"low": 0.5}}}, "must add up to 1"),
        (
            {"spb": {"participants": "many"}},
            "spb.participants: it must be integer (found 'many')",
        ),
    ],
)
def test_bad_values_are_named(report_scenario, change, expected):
    with pytest.raises(ScenarioError) as caught:
        report_scenario.with_changes(change)
    assert expected in str(caught.value)


def test_a_band_left_out_of_the_mapping_is_refused(report_scenario):
    raw = report_scenario.to_dict()
    del raw["spb"]["band_to_tier"]["8"]
    with pytest.raises(
        ScenarioError, match=r"spb.band_to_tier: it must contain \['8'\]"
    ):
        parse_scenario(raw, source="edited.yaml")


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ScenarioError, match="scenario file not found"):
        load_scenario(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("spb: [unclosed", encoding="utf-8")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(bad)
    assert yaml.safe_load("a: 1") == {"a": 1}
