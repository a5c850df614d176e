"""Generated sentences state the figures of the model results they are given."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dp_analysis import narrative
from dp_analysis.models import finance, spb, uptake


@pytest.fixture(scope="module")
def findings(report_counts):
    return uptake.key_findings(report_counts)


def test_headline_sentences_for_the_report_month(findings):
    assert narrative.total_dp_clients(findings) == (
        "In June 2019, 308 people received a direct payment (DP)."
    )
    assert narrative.bands_1_to_4(findings).startswith(
        "Bands 1 to 4 (packages under £400 a week) hold 258 of the 308 DP clients (84%)"
    )
    assert narrative.bands_ranked(findings) == (
        "The 4 largest cost bands, in order, are 2) £100-199 (90), 3) £200-299 "
        "(73), 1) Under £100 (56) and 4) £300-399 (39)."
    )
    assert narrative.largest_high_budget_band(findings).endswith(
        "band 7) £600-999 has the most people: 23."
    )


@pytest.mark.parametrize(
    ("age_group", "expected"),
    [
        (
            "18-39",
            "97 people use a DP (31% of all DP clients). The largest client "
            "group is Learning Disability Support (60)",
        ),
        (
            "40-64",
            "125 people use a DP (41% of all DP clients). The largest client "
            "group is Physical Support: Personal Care (90)",
        ),
        ("65+", "86 people use a DP (28% of all DP clients)"),
    ],
)
def test_age_group_profiles_match_appendix_a(findings, age_group, expected):
    finding = next(f for f in findings.age_groups if f.age_group == age_group)
    assert expected in narrative.age_group_profile(finding)
    assert narrative.age_group_profile(finding).endswith("the majority.")


def test_public_sentences_hide_small_counts(findings):
    assert narrative.top_band(findings, public=True) == (
        "Band 8) £1000+, the highest budgets, holds [c] people."
    )
    assert narrative.top_band(findings) == (
        "Band 8) £1000+, the highest budgets, holds 5 people."
    )


def test_spb_and_finance_sentences(report_counts, report_scenario):
    table = spb.table_5(spb.people_by_band(report_counts), report_scenario.spb)
    totals = spb.table_5_totals(table)
    assert narrative.spb_against_asc(totals) == (
        "For the 308 DP clients, SPB would cost £47,680 against £51,480 for ASC "
        "staff doing the same work: £3,800 (7.4%) less."
    )
    assert narrative.break_even(18.518, 20.0) == (
        "SPB and ASC staff cost the same at an ASC hourly cost of £18.52; at the "
        "current £20 an hour, SPB is cheaper."
    )
    pressures = finance.cost_pressures(report_scenario.finance, spb_services=47680)
    assert narrative.cost_pressure(pressures).startswith(
        "The total cost pressure is £127,200 a year"
    )
    assert narrative.icu_shortfall(130935, 95000) == (
        "The Core service costs £130,935 a year, £35,935 more than the current ICU "
        "budget of £95,000."
    )


def test_uptake_statement_without_a_denominator_says_so():
    assert "cannot be given" in narrative.uptake_statement(None, "age group")


def test_trend_sentences():
    assert narrative.trend(pd.Series({"2019-06": 308})).startswith(
        "The source holds one month only"
    )
    assert narrative.trend(pd.Series({"2019-06": 308, "2019-07": 312})) == (
        "DP clients rose by 4 between June 2019 and July 2019, from 308 to 312."
    )


@given(st.integers(min_value=0, max_value=10_000))
def test_public_count_text_never_shows_a_small_count(number):
    text = narrative.people(number, public=True)
    assert text == ("[c]" if 1 <= number <= 7 else f"{number:,}")
