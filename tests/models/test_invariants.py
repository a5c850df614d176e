"""Invariants of the models, over many generated inputs (hypothesis)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from dp_analysis import reference
from dp_analysis.counts import categorise
from dp_analysis.models import finance, spb, targeting, uptake
from dp_analysis.scenario import TIERS, load_scenario

SCENARIO = load_scenario()
BANDS = reference.cost_band_labels()
CELLS = [
    (age, group, band)
    for age in reference.age_group_labels()
    for group in reference.client_group_labels()
    for band in BANDS
]

people_lists = st.lists(
    st.integers(min_value=0, max_value=500), min_size=len(CELLS), max_size=len(CELLS)
)
fees = st.floats(min_value=0, max_value=5_000, allow_nan=False)
mappings = st.lists(st.sampled_from(TIERS), min_size=8, max_size=8)


def _counts(people: list[int]) -> pd.DataFrame:
    frame = pd.DataFrame(CELLS, columns=["age_group", "client_group", "cost_band"])
    frame.insert(0, "month", "2020-01")
    frame["people"] = people
    return categorise(frame)


@settings(max_examples=50, deadline=None)
@given(people_lists)
def test_every_view_conserves_people(people):
    counts = _counts(people)
    total = sum(people)
    for dimensions in (
        ["age_group"],
        ["client_group"],
        ["cost_band"],
        ["age_group", "cost_band"],
    ):
        assert int(uptake.people_by(counts, dimensions)["people"].sum()) == total
    table = uptake.crosstab(counts, "client_group", "cost_band")
    assert int(table.loc[uptake.GRAND_TOTAL, uptake.GRAND_TOTAL]) == total
    assert int(spb.people_by_band(counts).sum()) == total
    assert (
        int(spb.people_by_tier(spb.people_by_band(counts), SCENARIO.spb).sum()) == total
    )


@settings(max_examples=50, deadline=None)
@given(people_lists, fees, fees, fees, st.floats(0, 200), mappings)
def test_costs_are_never_negative(people, low, medium, high, hourly, mapping):
    plan = spb.with_spb(
        SCENARIO.spb,
        asc_hourly_cost=hourly,
        band_to_tier={n: t for n, t in enumerate(mapping, start=1)},
    )
    for tier, fee in zip(TIERS, (low, medium, high), strict=True):
        plan = spb.with_tier(plan, tier, fee=fee)
    table = spb.table_5(spb.people_by_band(_counts(people)), plan)
    assert (table[["spb_total", "asc_total"]] >= 0).all().all()
    assert (spb.participants_costing(plan)[["spb_total", "asc_total"]] >= 0).all().all()


@settings(max_examples=50, deadline=None)
@given(people_lists, st.sampled_from(TIERS), fees, st.floats(0, 1_000))
def test_raising_a_fee_never_lowers_a_total(people, tier, fee, rise):
    by_band = spb.people_by_band(_counts(people))
    before = spb.with_tier(SCENARIO.spb, tier, fee=fee)
    after = spb.with_tier(SCENARIO.spb, tier, fee=fee + rise)
    assert (
        spb.table_5_totals(spb.table_5(by_band, after)).spb_total
        >= spb.table_5_totals(spb.table_5(by_band, before)).spb_total
    )
    assert (
        spb.participants_costing(after)["spb_total"].sum()
        >= spb.participants_costing(before)["spb_total"].sum()
    )


@settings(max_examples=50, deadline=None)
@given(mappings)
def test_the_mapping_covers_every_band(mapping):
    plan = spb.with_spb(
        SCENARIO.spb, band_to_tier={n: t for n, t in enumerate(mapping, start=1)}
    )
    table = spb.table_5(pd.Series(1, index=BANDS), plan)
    assert table.index.tolist() == BANDS
    assert table["spb_tier"].isin(TIERS).all()


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 100_000), st.lists(st.floats(0.01, 1), min_size=3, max_size=3))
def test_allocation_keeps_every_participant(participants, weights):
    mix = {t: w / sum(weights) for t, w in zip(TIERS, weights, strict=True)}
    allocation = spb.allocate(participants, mix)
    assert sum(allocation.values()) == participants
    assert all(abs(allocation[t] - participants * mix[t]) < 1 for t in TIERS)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(0, 2_000),
    st.integers(0, 2_000),
    st.integers(0, 500),
    st.integers(0, 500),
)
def test_core_staffing_covers_the_caseload(employment, access, pas, employers):
    needed = finance.core_staffing(
        SCENARIO.finance,
        pa_employment_support=employment,
        system_access_support=access,
        pas_recruited=pas,
        employers_recruited=employers,
    )
    capacity = SCENARIO.finance.core_capacity_per_staff
    assert needed.staff * max(capacity.values()) >= max(employment, access, pas)
    assert needed.annual_cost >= SCENARIO.finance.core_service.manager_cost


@settings(max_examples=30, deadline=None)
@given(people_lists, st.integers(0, 20))
def test_pilot_gives_every_group_its_minimum(people, minimum):
    groups = len(reference.client_group_labels())
    plan = targeting.pilot_plan(
        _counts(people), places=minimum * groups + 13, minimum_per_group=minimum
    )
    assert int(plan["places"].sum()) == minimum * groups + 13
    assert (plan["places"] >= minimum).all()
