"""One month's suppression pattern: no hidden small count can be worked out.

The intruder here is written apart from the module's own check. It reads only
what a month's pages publish: the three one-way tables, the three cross-tabs,
each age group's cost band by client group table and, when costs are shown,
the people in each SPB (support planning and brokerage) tier. Every shown
value is one linear equation on the unknown body cells (age group by client
group by cost band). A hidden count is safe when another non-negative cube
satisfies every one of those equations and gives the count another value.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dp_analysis import paths, reference
from dp_analysis.counts import appendix_a
from dp_analysis.disclosure import DEFAULT_THRESHOLD, SUPPRESSED
from dp_analysis.models.uptake import GRAND_TOTAL
from dp_analysis.month_disclosure import MonthDisclosure, plan_month
from dp_analysis.scenario import load_scenario

#: The cube's axes, in the order the tests index their own cubes.
AXES = ("age_group", "client_group", "cost_band")
BAND_LABELS = tuple(reference.cost_band_labels())
REPORT_SPB = load_scenario(paths.REPORT_SCENARIO).spb

#: A published value, named by the label it has on each axis of the cube;
#: None on an axis means the value adds up every label of that axis.
CellKey = tuple[str | None, str | None, str | None]


def page_views(age_groups: list[str]) -> list[tuple[str, str | None, dict]]:
    """Return every view a month's pages publish, as ``display`` arguments."""
    views: list[tuple[str, str | None, dict]] = [
        ("age_group", None, {}),
        ("client_group", None, {}),
        ("cost_band", None, {}),
        ("cost_band", "client_group", {}),
        ("age_group", "cost_band", {}),
        ("age_group", "client_group", {}),
    ]
    views += [("cost_band", "client_group", {"age_group": a}) for a in age_groups]
    return views


def published_values(
    plan: MonthDisclosure, age_groups: list[str]
) -> Iterator[tuple[CellKey, object, str]]:
    """Yield each value of every published view: its cell, as shown, and where.

    The cell is read from the view's labels alone: a ``Grand Total`` row or
    column, or a dimension the view does not show, adds up every label.
    """
    for rows, columns, within in page_views(age_groups):
        shown = plan.view(rows, columns, within=within).display()
        where = f"{rows} x {columns} within {within}" if columns else rows
        if columns is None:
            pairs = (({rows: r}, shown[r]) for r in shown.index)
        else:
            pairs = (
                ({rows: r, columns: c}, shown.loc[r, c])
                for r in shown.index
                for c in shown.columns
            )
        for labels, value in pairs:
            fixed = {**within, **labels}
            key = tuple(
                None if fixed.get(axis, GRAND_TOTAL) == GRAND_TOTAL else fixed[axis]
                for axis in AXES
            )
            yield key, value, where


def body_cells(key: CellKey, labels: Mapping[str, list[str]]) -> np.ndarray:
    """Return 1 for each body cell that the value at ``key`` adds up, else 0."""
    cells = np.ones([len(labels[axis]) for axis in AXES])
    for axis, label in enumerate(key):
        if label is not None:
            keep = np.zeros(cells.shape[axis], dtype=bool)
            keep[labels[AXES[axis]].index(label)] = True
            shape = [1] * cells.ndim
            shape[axis] = -1
            cells = cells * keep.reshape(shape)
    return cells.ravel()


def tier_equations(
    cube: np.ndarray, band_to_tier: Mapping[int, str]
) -> list[tuple[np.ndarray, float]]:
    """Return each SPB tier's people as an equation, as the tier mix publishes it."""
    equations = []
    for tier in dict.fromkeys(band_to_tier[n] for n in range(1, len(BAND_LABELS) + 1)):
        in_tier = np.array(
            [band_to_tier[n] == tier for n in range(1, len(BAND_LABELS) + 1)]
        )
        cells = np.broadcast_to(in_tier, cube.shape).astype(float).ravel()
        equations.append((cells, float(cells @ cube.ravel())))
    return equations


def published_alternative(
    equations: list[tuple[np.ndarray, float]],
    cube: np.ndarray,
    free: np.ndarray,
    target: np.ndarray,
) -> np.ndarray | None:
    """Return another non-negative cube matching ``equations`` where ``target`` moves.

    ``free`` marks the body cells a reader cannot see (all of them positive);
    every other body cell is held at its value. The direction is the part of
    ``target`` in the null space of the equations over the free cells, so the
    published sums do not change while the target's sum does. Returns None
    when the published equations pin the target down.
    """
    truth = cube.ravel().astype(float)
    if not free.any():
        return None
    matrix = np.array([cells[free] for cells, _ in equations]).reshape(-1, free.sum())
    _, singular, right = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > 1e-9 * max(1.0, *singular[:1])).sum())
    null_space = right[rank:]
    movement = null_space @ target[free]
    if np.linalg.norm(movement) < 1e-9:
        return None

    # Small enough a step that no free cell reaches zero.
    direction = null_space.T @ movement
    step = 0.5 * truth[free].min() / np.abs(direction).max()
    alternative = truth.copy()
    alternative[free] += step * direction

    # The alternative is checked against what is published, not trusted.
    assert alternative.min() >= 0
    for cells, value in equations:
        assert cells @ alternative == pytest.approx(value, abs=1e-6)
    assert abs(target @ alternative - target @ truth) > 1e-6
    return alternative.reshape(cube.shape)


def check_month(
    plan: MonthDisclosure,
    cube: np.ndarray,
    labels: Mapping[str, list[str]],
    band_to_tier: Mapping[int, str],
    threshold: int = DEFAULT_THRESHOLD,
) -> None:
    """Assert that the pages of ``plan``, the month of ``cube``, leak no small count.

    Reads only the published views and, when costs are shown, the tiers'
    people; the plan's own equations and checks are not used.
    """
    values = list(published_values(plan, labels["age_group"]))

    # 1. Wherever a value appears it is shown the same way, and truthfully;
    # every count from 1 to the threshold is hidden.
    seen: dict[CellKey, tuple[object, str]] = {}
    for key, shown, where in values:
        truth = int(body_cells(key, labels) @ cube.ravel())
        if key in seen:
            assert shown == seen[key][0], (key, where, seen[key][1])
        seen[key] = (shown, where)
        if shown != SUPPRESSED:
            assert shown == truth, (key, where)
        assert shown == SUPPRESSED or not 1 <= truth <= threshold, (key, where)

    # 2. What a reader knows: every shown value, and the tiers' people.
    equations = [
        (body_cells(key, labels), float(shown))
        for key, (shown, _) in seen.items()
        if shown != SUPPRESSED
    ]
    if plan.costs_shown:
        equations += tier_equations(cube, band_to_tier)

    # 3. Body cells seen in an age group's table are known; hidden zeros are
    # held at zero, so an alternative never needs a negative count.
    body_hidden = np.array(
        [
            seen[key][0] == SUPPRESSED
            for key in itertools.product(*(labels[axis] for axis in AXES))
        ]
    )
    free = body_hidden & (cube.ravel() > 0)

    # 4. Each hidden small count takes another value in some consistent cube.
    for key, (shown, where) in seen.items():
        target = body_cells(key, labels)
        truth = int(target @ cube.ravel())
        if shown == SUPPRESSED and 1 <= truth <= threshold:
            alternative = published_alternative(equations, cube, free, target)
            assert alternative is not None, (
                f"hidden count {truth} at {key} ({where}) is pinned down by what "
                f"the month publishes; costs shown: {plan.costs_shown}"
            )


def month_counts(cube: np.ndarray, labels: Mapping[str, list[str]]) -> pd.DataFrame:
    """Return the month's counts table for a cube of people."""
    index = pd.MultiIndex.from_product([labels[axis] for axis in AXES], names=AXES)
    return pd.Series(cube.ravel(), index=index, name="people").reset_index()


def cube_of(counts: pd.DataFrame, labels: Mapping[str, list[str]]) -> np.ndarray:
    """Return the people in ``counts`` as a cube over ``labels``."""
    index = pd.MultiIndex.from_product([labels[axis] for axis in AXES], names=AXES)
    people = counts.assign(**{a: counts[a].astype(str) for a in AXES})
    people = people.groupby(list(AXES))["people"].sum().reindex(index, fill_value=0)
    return people.to_numpy().reshape([len(labels[axis]) for axis in AXES])


def report_labels() -> dict[str, list[str]]:
    """Return Appendix A's age groups, client groups and cost bands."""
    counts = appendix_a()
    return {axis: [str(c) for c in counts[axis].cat.categories] for axis in AXES}


# Mostly small counts, the ones that need protecting, and some large ones.
people_counts = st.one_of(st.integers(0, 9), st.integers(0, 9), st.integers(10, 90))
band_to_tier_maps = st.one_of(
    st.just(dict(REPORT_SPB.band_to_tier)),
    st.lists(
        st.sampled_from(["low", "medium", "high"]),
        min_size=len(BAND_LABELS),
        max_size=len(BAND_LABELS),
    ).map(lambda tiers: dict(enumerate(tiers, start=1))),
)


@st.composite
def month_cubes(draw) -> tuple[np.ndarray, dict[str, list[str]]]:
    """Draw a small month: 2-3 age groups, 2-4 client groups, the 8 cost bands."""
    labels = {
        "age_group": reference.age_group_labels()[: draw(st.integers(2, 3))],
        "client_group": reference.client_group_labels()[: draw(st.integers(2, 4))],
        "cost_band": list(BAND_LABELS),
    }
    shape = [len(labels[axis]) for axis in AXES]
    size = int(np.prod(shape))
    people = draw(st.lists(people_counts, min_size=size, max_size=size))
    return np.array(people, dtype=np.int64).reshape(shape), labels


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(month=month_cubes(), band_to_tier=band_to_tier_maps)
def test_no_published_view_gives_back_a_hidden_small_count(month, band_to_tier):
    """Every hidden count from 1 to 7 can differ in a cube matching all pages."""
    cube, labels = month
    plan = plan_month(month_counts(cube, labels), band_to_tier)
    check_month(plan, cube, labels, band_to_tier)


def test_appendix_a_month_hides_no_recoverable_small_count():
    """The report's month passes the same intruder, with the report's tiers."""
    labels = report_labels()
    plan = plan_month(appendix_a(), REPORT_SPB.band_to_tier)
    check_month(plan, cube_of(appendix_a(), labels), labels, REPORT_SPB.band_to_tier)
    assert plan.costs_shown


def compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Yield every way of writing ``total`` as ``parts`` non-negative integers."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)


def table_5_totals(people_by_band: list[int]) -> tuple[float, float]:
    """Return Table 5's SPB and ASC totals for the people in each band.

    SPB total: each tier's fee times its people. ASC total: each tier's hours
    times the hourly cost (£20) times its people.
    """
    spb_total = asc_total = 0.0
    for number, people in enumerate(people_by_band, start=1):
        tier = REPORT_SPB.tiers[REPORT_SPB.band_to_tier[number]]
        spb_total += tier.fee * people
        asc_total += tier.hours_cap * REPORT_SPB.asc_hourly_cost * people
    return spb_total, asc_total


def test_appendix_a_band_table_and_table_5_do_not_give_back_hidden_bands():
    """Band 8 (5 people), and band 6 (8) if hidden, are not given back by costs."""
    plan = plan_month(appendix_a(), REPORT_SPB.band_to_tier)
    by_band = plan.view("cost_band").display()
    people = appendix_a().groupby("cost_band", observed=False)["people"].sum()
    true_by_band = [int(people[label]) for label in BAND_LABELS]
    assert (true_by_band[5], true_by_band[7]) == (8, 5)
    assert by_band[BAND_LABELS[7]] == SUPPRESSED
    assert plan.costs_shown

    # What a reader has: the shown bands, the grand total, Table 5's totals.
    grand_total = by_band[GRAND_TOTAL]
    assert grand_total == 308
    hidden = [i for i, label in enumerate(BAND_LABELS) if by_band[label] == SUPPRESSED]
    shown_people = sum(
        int(by_band[label]) for label in BAND_LABELS if by_band[label] != SUPPRESSED
    )
    published = table_5_totals(true_by_band)

    # Every split of the remaining people over the hidden bands that matches.
    solutions = []
    for split in compositions(grand_total - shown_people, len(hidden)):
        candidate = list(true_by_band)
        for i, people in zip(hidden, split, strict=True):
            candidate[i] = people
        if table_5_totals(candidate) == published:
            solutions.append(split)
    assert tuple(true_by_band[i] for i in hidden) in solutions
    assert len(solutions) >= 2
    for position, band in enumerate(hidden):
        values = {split[position] for split in solutions}
        assert len(values) >= 2, f"{BAND_LABELS[band]} is pinned at {values}"


def test_appendix_a_every_small_count_is_hidden_and_zero_is_shown():
    """In every view of the report's month, 1 to 7 is [c] and 0 is 0."""
    labels = report_labels()
    cube = cube_of(appendix_a(), labels)
    plan = plan_month(appendix_a(), REPORT_SPB.band_to_tier)
    checked = 0
    band_margins: dict[CellKey, list[object]] = {}
    for key, shown, where in published_values(plan, labels["age_group"]):
        truth = int(body_cells(key, labels) @ cube.ravel())
        if 1 <= truth <= DEFAULT_THRESHOLD:
            assert shown == SUPPRESSED, (key, where, truth)
            checked += 1
        elif truth == 0:
            assert shown == 0, (key, where)
        if key[:2] == (None, None):
            band_margins.setdefault(key, []).append(shown)
    assert checked > 0

    # A band's people appear three times: the band table, and the Grand Total
    # column or row of the two cross-tabs by cost band; all three agree.
    assert band_margins[(None, None, BAND_LABELS[7])] == [SUPPRESSED] * 3
    assert all(len(set(map(str, shown))) == 1 for shown in band_margins.values())
    assert len(band_margins) == len(BAND_LABELS) + 1


def with_high_tier(people: int) -> pd.DataFrame:
    """Return Appendix A with bands 7 and 8 holding ``people`` in all."""
    counts = appendix_a()
    high = counts["cost_band"].isin(BAND_LABELS[6:])
    counts.loc[high, "people"] = 0
    cell = counts.index[high & (counts["age_group"] == "40-64")]
    counts.loc[cell[0], "people"] = people - people // 2
    counts.loc[cell[-1], "people"] = people // 2
    return counts


@pytest.mark.parametrize(
    ("high_tier_people", "costs_shown"),
    [(0, True), (1, False), (3, False), (7, False), (8, True), (28, True)],
)
def test_costs_are_not_published_when_a_tier_holds_a_small_count(
    high_tier_people, costs_shown
):
    """The tier mix states each tier's people, so 1 to 7 in a tier hides costs."""
    plan = plan_month(with_high_tier(high_tier_people), REPORT_SPB.band_to_tier)
    high = plan.view("cost_band").counts[list(BAND_LABELS[6:])].sum()
    assert high == high_tier_people
    assert plan.costs_shown is costs_shown
    if not costs_shown:
        assert "costs" in plan.describe()


def test_every_page_of_a_month_gets_the_same_pattern():
    """Planning the same month again, rows in any order, hides the same counts."""
    counts = appendix_a()
    first = plan_month(counts, REPORT_SPB.band_to_tier)
    assert plan_month(counts, REPORT_SPB.band_to_tier) is first
    shuffled = counts.sample(frac=1, random_state=2019).reset_index(drop=True)
    again = plan_month(shuffled, REPORT_SPB.band_to_tier)
    assert np.array_equal(again.hidden, first.hidden)
    for rows, columns, within in page_views(reference.age_group_labels()):
        pd.testing.assert_frame_equal(
            pd.DataFrame(again.view(rows, columns, within=within).display()),
            pd.DataFrame(first.view(rows, columns, within=within).display()),
        )


def test_describe_names_the_hidden_counts():
    """The note says counts from 1 to 7 are [c], and when nothing is hidden."""
    text = plan_month(appendix_a(), REPORT_SPB.band_to_tier).describe()
    assert f"1 to {DEFAULT_THRESHOLD}" in text and SUPPRESSED in text
    assert "same counts" in text

    counts = appendix_a().assign(people=10)
    text = plan_month(counts, REPORT_SPB.band_to_tier).describe()
    assert text.startswith("No value was hidden")
