"""Public mode: no generated sentence gives back a count the tables hide.

A synthetic month with small cells: 5 people in band 8 (hidden as a small
count) and 9 in band 1, the smallest other band, hidden so that band 8
cannot be worked out from the total. A sentence stating the people in
bands 1 to 4 would then give band 1, and with it band 8, back.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dp_analysis import disclosure, narrative, reference
from dp_analysis.counts import appendix_a
from dp_analysis.figures import report as charts
from dp_analysis.models import uptake

BANDS = reference.cost_band_labels()
SMALL_MONTH = dict(zip(BANDS, [9, 40, 30, 20, 15, 12, 10, 5], strict=True))


@pytest.fixture(scope="module")
def small_cells() -> pd.DataFrame:
    """One month of counts whose bands hold SMALL_MONTH people."""
    counts = appendix_a().copy()
    counts["people"] = 0
    for band, people in SMALL_MONTH.items():
        first = counts.index[counts["cost_band"] == band][0]
        counts.loc[first, "people"] = people
    return counts


@pytest.fixture(scope="module")
def findings(small_cells):
    return uptake.key_findings(small_cells)


def test_the_published_band_table_hides_band_8_and_band_1(findings):
    shown = narrative.band_table(findings).display()["count"]
    assert shown[BANDS[7]] == shown[BANDS[0]] == "[c]"
    assert shown["Total"] == 141
    # The chart draws what the table shows, no more.
    bundle = charts.people_by_band_chart(findings, public=True)
    bars = bundle.figure.data[0]  # horizontal: labels on y
    drawn = dict(zip(bars.y, bars.x, strict=True))
    assert drawn[BANDS[0]] is None and drawn[BANDS[7]] is None


def test_bands_1_to_4_are_not_stated_when_that_gives_band_1_back(findings):
    text = narrative.bands_1_to_4(findings, public=True)
    assert text.startswith("Bands 1 to 4 (packages under £400 a week) hold [c] of")
    assert "99" not in text and "(70%)" not in text
    assert "141 DP clients ([c])" in text
    # Internal mode states them.
    assert "hold 99 of the 141 DP clients (70%)" in narrative.bands_1_to_4(findings)


def test_band_sentences_state_only_what_the_table_shows(findings):
    assert narrative.top_band(findings, public=True).endswith("holds [c] people.")
    assert narrative.largest_band(findings, public=True) == (
        f"The largest cost band is {BANDS[1]}, with 40 people (28%)."
    )
    assert narrative.bands_ranked(findings, public=True) == (
        f"The 4 largest cost bands, in order, are {BANDS[1]} (40), {BANDS[2]} (30), "
        f"{BANDS[3]} (20) and {BANDS[4]} (15)."
    )
    assert narrative.band_count(findings, narrative.band_labels(range(1, 5))) == 99
    hidden = narrative.band_count(
        findings, narrative.band_labels(range(1, 5)), public=True
    )
    assert hidden == "[c]"


def test_the_alt_text_of_the_band_chart_hides_them_too(findings):
    bundle = charts.people_by_band_chart(findings, public=True)
    assert "hold [c] of the 141 DP clients" in bundle.alt_text


def test_a_target_group_and_its_projection_are_hidden_with_bands_1_to_4(findings):
    assert narrative.target_hidden(99, range(1, 5), findings, public=True)
    assert not narrative.target_hidden(99, range(1, 5), findings, public=False)
    text = narrative.target_group(
        "Groups like current DP clients in the chosen bands",
        range(1, 5),
        99,
        {"low": 79, "medium": 20, "high": 0},
        public=True,
        findings=findings,
    )
    assert "99" not in text and "79" not in text and "20" not in text
    option = {"option": "Group", "referrals": 99, "dp_take_up": 49, "spb_cost": 9.0}
    assert narrative.projection(option, hidden=True) == (
        "Group: [c] SPB referrals, [c] new DPs, SPB cost [c] (the group's count is "
        "hidden)."
    )


@pytest.mark.parametrize(
    ("by_tier", "expected"),
    [
        # One small tier: a second one is hidden, or size - shown = the small one.
        ({"low": 146, "medium": 5, "high": 40}, ["146", "[c]", "[c]"]),
        # Two small tiers protect each other.
        ({"low": 146, "medium": 5, "high": 3}, ["146", "[c]", "[c]"]),
        ({"low": 146, "medium": 50, "high": 0}, ["146", "50", "0"]),
    ],
)
def test_tier_splits_are_suppressed_as_a_table(by_tier, expected):
    size = sum(by_tier.values())
    text = narrative.target_group(
        "Clients not on a DP in the chosen bands", (1, 2), size, by_tier, public=True
    )
    assert text.endswith(
        "By SPB tier: "
        + narrative.listing(f"{e} {t}" for e, t in zip(expected, by_tier, strict=True))
        + "."
    )
    assert f"{size:,} people" in text


def test_mixed_budget_split_never_gives_a_small_part_back():
    # Band 7 holds 3; the other bands 2: neither is stated, and 15 cannot give
    # either back.
    text = narrative.mixed_budget(
        {"people": 20, "total": 141, "in_bands_1_to_4": 15, "in_band_7": 3},
        from_data=True,
        public=True,
    )
    assert text.startswith("20 of the 141 DP clients (14%)")
    assert text.endswith("Of them, 15 are in bands 1 to 4 and [c] in band 7.")
    # Band 7 holds 3 and the rest of the mixed budgets are in bands 1 to 4:
    # stating bands 1 to 4 would give band 7 back.
    text = narrative.mixed_budget(
        {"people": 20, "total": 141, "in_bands_1_to_4": 17, "in_band_7": 3},
        from_data=True,
        public=True,
    )
    assert text.endswith("Of them, [c] are in bands 1 to 4 and [c] in band 7.")
    # 137 of 141: the 4 others would be given back by the share.
    text = narrative.mixed_budget(
        {"people": 137, "total": 141, "in_bands_1_to_4": 100, "in_band_7": 20},
        from_data=True,
        public=True,
    )
    assert text.startswith("[c] of the 141 DP clients ([c])")
    assert "100" not in text and "20 in" not in text


def test_age_group_sentences_state_no_count_inside_the_age_group(findings):
    finding = next(f for f in findings.age_groups if f.people)
    text = narrative.age_group_profile(finding, public=True)
    assert str(finding.largest_client_group.people) not in text.split("DP clients")[1]
    assert f"{finding.people:,} people use a DP" in text
    hidden = narrative.age_group_profile(finding, public=True, hidden=True)
    assert "[c] people use a DP ([c] of all DP clients)" in hidden


def test_uptake_rates_resting_on_small_counts_are_not_named():
    rates = pd.DataFrame(
        {"people": [5, 30, 40], "clients": [6, 90, 200]},
        index=["18-39", "40-64", "65+"],
    )
    rates["uptake_rate"] = rates["people"] / rates["clients"]
    assert narrative.safe_rates(rates).tolist() == [False, True, True]
    text = narrative.uptake_statement(rates, "age group", public=True)
    # 18-39 is hidden and higher, so only the rates shown are compared.
    assert (
        "Of the rates by age group that can be shown, uptake is highest in "
        "40-64, at 33%" in text
    )
    assert "18-39" not in text
    assert "highest in 18-39, at 83%" in narrative.uptake_statement(rates, "age group")


def _consistent(table, stated: list[str], total_stated: int):
    """Yield every table of counts agreeing with all that is published.

    Where the total is shown the hidden counts must add up to it; where it
    is hidden too, guesses go up to 24 (every count drawn is at most 12): a
    narrower search than a reader's, so a count found not pinned here is not
    pinned for them either.
    """
    values = table.values["count"].drop("Total")
    hidden = table.hidden["count"].drop("Total")
    known = {label: int(values[label]) for label in values.index if not hidden[label]}
    unknown = [label for label in values.index if hidden[label]]
    total_shown = not bool(table.hidden.loc["Total", "count"])
    total = int(table.values.loc["Total", "count"])
    upper = total if total_shown else 24
    free = unknown[:-1] if total_shown and unknown else unknown
    for guess in itertools.product(range(upper + 1), repeat=len(free)):
        candidate = {**known, **dict(zip(free, guess, strict=True))}
        if total_shown and unknown:
            candidate[unknown[-1]] = total - sum(candidate.values())
            if candidate[unknown[-1]] < 0:
                continue
        if total_shown and sum(candidate.values()) != total:
            continue
        if sum(candidate[label] for label in stated) != total_stated:
            continue
        if any(0 < candidate[label] <= 7 for label in unknown if values[label] == 0):
            continue
        yield candidate


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(0, 12), min_size=4, max_size=4),
    group=st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_a_stated_sum_never_pins_a_hidden_count(counts, group):
    labels = ["a", "b", "c", "d"]
    table = disclosure.suppress_series(pd.Series(counts, index=labels, name="count"))
    stated = [label for label, chosen in zip(labels, group, strict=True) if chosen]
    if not stated or not disclosure.can_state(table, [(s, "count") for s in stated]):
        return
    answer = sum(c for c, chosen in zip(counts, group, strict=True) if chosen)
    hidden = [
        label
        for label in labels
        if table.hidden.loc[label, "count"] and table.values.loc[label, "count"] > 0
    ]
    seen = {label: set() for label in hidden}
    for candidate in _consistent(table, stated, answer):
        for label in hidden:
            seen[label].add(int(candidate[label]))
    assert all(len(values) > 1 for values in seen.values()), (counts, stated, seen)


# The month's disclosure plan: what the notebooks use in public mode. -------


@pytest.fixture(scope="module")
def small_plan(small_cells):
    from dp_analysis.month_disclosure import plan_month
    from dp_analysis.scenario import load_scenario

    return plan_month(small_cells, load_scenario().spb.band_to_tier)


def test_the_plan_hides_the_whole_high_tier_when_band_8_is_small(small_plan):
    # Band 8 (5) is in the high tier with band 7 (10): the tier's 15 people
    # are published with the costs, so band 7 is hidden with band 8, and band 1
    # no longer needs to be.
    hidden = small_plan.band_hidden
    assert hidden[hidden].index.tolist() == [BANDS[6], BANDS[7]]
    assert small_plan.costs_shown


def test_sentences_follow_the_plan(findings, small_plan):
    plan = small_plan
    assert narrative.top_band(findings, public=True, plan=plan).endswith(
        "holds [c] people."
    )
    # Bands 1 to 4 add up to 99: stating them pins no hidden band now.
    assert "hold 99 of the 141" in narrative.bands_1_to_4(
        findings, public=True, plan=plan
    )
    ranked = narrative.bands_ranked(findings, public=True, plan=plan)
    assert "(40)" in ranked and "[c]" not in ranked
    for band in findings.bands_ranked:
        stated = narrative.band_count(findings, [band.label], public=True, plan=plan)
        assert (stated == narrative.SUPPRESSED) == bool(plan.band_hidden[band.label])


def test_a_target_group_is_stated_only_with_parts_the_plan_allows(findings, small_plan):
    # Bands 6 and 7: band 7 is hidden, so the group and its split are hidden.
    text = narrative.target_group(
        "High",
        [6, 7],
        22,
        {"medium": 12, "high": 10},
        public=True,
        findings=findings,
        plan=small_plan,
    )
    assert (
        text
        == "High (bands 6 and 7): [c] people. By SPB tier: [c] medium and [c] high."
    )
    assert narrative.target_hidden(22, [6, 7], findings, public=True, plan=small_plan)
    # Bands 1 to 4 split into low (1, 2) and medium (3, 4): all can be stated.
    text = narrative.target_group(
        "Low",
        [1, 2, 3, 4],
        99,
        {"low": 49, "medium": 50},
        public=True,
        findings=findings,
        plan=small_plan,
    )
    assert text.endswith("99 people. By SPB tier: 49 low and 50 medium.")


def test_table_5_chart_draws_no_cost_of_a_hidden_band(small_cells, small_plan):
    from dp_analysis.models import spb
    from dp_analysis.scenario import load_scenario

    table = spb.table_5(spb.people_by_band(small_cells), load_scenario().spb)
    bundle = charts.table_5_chart(
        table, spb.table_5_totals(table), hidden=small_plan.band_hidden
    )
    for trace in bundle.figure.data:
        drawn = dict(zip(trace.x, trace.y, strict=True))
        assert drawn[BANDS[6]] is None and drawn[BANDS[7]] is None
        assert drawn[BANDS[0]] is not None


def test_reconciliation_hides_statements_on_hidden_counts():
    from dp_analysis import reconcile
    from dp_analysis.month_disclosure import plan_month
    from dp_analysis.scenario import load_scenario

    scenario = load_scenario()
    plan = plan_month(appendix_a(), scenario.spb.band_to_tier)
    table = reconcile.reconcile(appendix_a(), scenario)
    hidden = reconcile.hidden_in_public(table, appendix_a(), plan)
    assert sorted(table.loc[hidden, "id"]) == ["band_8", "t5_band_7", "t5_band_8"]
    shown = reconcile.public_view(table, hidden).set_index("id")
    assert shown.loc["band_8", "status"] == narrative.SUPPRESSED
    assert shown.loc["t5_band_8", "computed"] == narrative.SUPPRESSED
    sentence = narrative.reconciliation(shown.reset_index())
    assert sentence.startswith("Of 58 figures the report states that can be checked")
    assert "3 more rest on counts this page hides" in sentence
