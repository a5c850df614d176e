"""Small-number suppression: the rules, and that no hidden count can be recovered."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dp_analysis import disclosure
from dp_analysis.disclosure import SUPPRESSED, TOTAL, suppress_series, suppress_table


def published_alternative(shown: pd.DataFrame, truth: pd.DataFrame, cell) -> np.ndarray:
    """Return another table that matches everything published but ``cell``'s value.

    Works only from what a reader sees (``shown``) plus the true values of the
    hidden cells, which it uses as the starting point of the search. The
    equations are the published totals: each row adds up to its Total
    column, each column to its Total row. Hidden zeros are held at zero, so
    the alternative keeps every count non-negative.
    """
    labels = [(r, c) for r in shown.index for c in shown.columns]
    hidden = [(r, c) for (r, c) in labels if shown.loc[r, c] == SUPPRESSED]
    free = [rc for rc in hidden if truth.loc[rc] > 0]
    position = {rc: i for i, rc in enumerate(free)}
    body_rows = [r for r in shown.index if r != TOTAL]
    body_cols = [c for c in shown.columns if c != TOTAL]
    equations = []
    if TOTAL in shown.columns:
        for r in shown.index:
            equations.append(([(r, c) for c in body_cols], (r, TOTAL)))
    if TOTAL in shown.index:
        for c in shown.columns:
            equations.append(([(r, c) for r in body_rows], (TOTAL, c)))
    matrix = np.zeros((len(equations), len(free)))
    for row, (parts, total) in enumerate(equations):
        for rc in parts:
            if rc in position:
                matrix[row, position[rc]] += 1
        if total in position:
            matrix[row, position[total]] -= 1

    # A direction that changes the cell and keeps every published total.
    _, singular, vt = np.linalg.svd(matrix) if len(equations) else (None, [], None)
    rank = int(np.sum(np.asarray(singular) > 1e-9)) if len(equations) else 0
    null_space = vt[rank:] if len(equations) else np.eye(len(free))
    k = position[cell]
    candidates = [v for v in null_space if abs(v[k]) > 1e-9]
    assert candidates, f"hidden cell {cell} is pinned down by the published totals"
    step = candidates[0] / np.max(np.abs(candidates[0]))
    values = np.array([truth.loc[rc] for rc in free], dtype=float)
    alternative = values + step
    assert np.all(alternative >= -1e-9)
    assert np.allclose(matrix @ alternative, matrix @ values)
    return alternative - values


counts = st.one_of(st.integers(0, 9), st.integers(0, 60))


@st.composite
def count_tables(draw):
    rows = draw(st.integers(1, 6))
    columns = draw(st.integers(1, 6))
    values = draw(
        st.lists(
            st.lists(counts, min_size=columns, max_size=columns),
            min_size=rows,
            max_size=rows,
        )
    )
    return pd.DataFrame(
        values,
        index=[f"r{i}" for i in range(rows)],
        columns=[f"c{j}" for j in range(columns)],
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=count_tables(), threshold=st.sampled_from([3, 5, 7, 10]))
def test_no_hidden_count_can_be_recomputed_from_the_totals(table, threshold):
    suppressed = suppress_table(table, threshold=threshold)
    shown = suppressed.display()
    truth = suppressed.values

    # Every count from 1 to the threshold is hidden, totals included.
    small = (truth >= 1) & (truth <= threshold)
    assert (shown[small] == SUPPRESSED).sum().sum() == small.sum().sum()

    # Shown values are the true values; the totals add up.
    visible = shown != SUPPRESSED
    assert (shown[visible] == truth[visible]).sum().sum() == visible.sum().sum()

    # Each hidden non-zero count has another table, consistent with every
    # published number, in which it takes another value.
    for rc in [(r, c) for r in shown.index for c in shown.columns]:
        if shown.loc[rc] == SUPPRESSED and truth.loc[rc] > 0:
            change = published_alternative(shown, truth, rc)
            assert np.max(np.abs(change)) == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(counts, min_size=1, max_size=9))
def test_a_single_breakdown_protects_its_hidden_counts(values):
    suppressed = suppress_series(pd.Series(values, name="People"))
    shown = suppressed.display()
    assert TOTAL not in shown.columns
    for rc in [(r, "People") for r in shown.index]:
        if shown.loc[rc] == SUPPRESSED and suppressed.values.loc[rc] > 0:
            published_alternative(shown, suppressed.values, rc)


def test_counts_from_1_to_7_are_hidden_by_default_and_zero_is_shown():
    table = pd.DataFrame({"A": [0, 1, 7, 8, 30], "B": [30, 30, 30, 30, 30]})
    suppressed = suppress_table(table)
    primary = {
        (s.row, s.column)
        for s in suppressed.suppressions
        if s.reason is disclosure.Reason.PRIMARY
    }
    assert primary == {("1", "A"), ("2", "A")}
    assert suppressed.display().loc["0", "A"] == 0
    assert disclosure.DEFAULT_THRESHOLD == 7


def test_the_threshold_is_configurable():
    table = pd.DataFrame({"A": [5, 40], "B": [40, 40]})
    assert suppress_table(table, threshold=3).display().loc["0", "A"] == 5
    assert suppress_table(table, threshold=5).display().loc["0", "A"] == SUPPRESSED


def test_secondary_suppression_is_recorded_with_its_reason():
    table = pd.DataFrame({"A": [3, 20], "B": [15, 12]}, index=["x", "y"])
    suppressed = suppress_table(table, name="example")
    reasons = {(s.row, s.column): s.reason for s in suppressed.suppressions}
    assert reasons[("x", "A")] is disclosure.Reason.PRIMARY
    assert disclosure.Reason.SECONDARY in reasons.values()
    assert all(s.table == "example" for s in suppressed.suppressions)
    text = suppressed.describe()
    assert "1 count(s) from 1 to 7" in text and "example" in text


def test_appendix_a_crosstab_keeps_the_grand_total_and_protects_every_cell(
    report_counts,
):
    table = report_counts.pivot_table(
        index="cost_band",
        columns="client_group",
        values="people",
        aggfunc="sum",
        observed=True,
    )
    suppressed = suppress_table(table, name="Appendix A")
    shown = suppressed.display()
    assert shown.loc[TOTAL, TOTAL] == 308
    assert shown.loc[TOTAL, "Physical Support: Personal Care"] == 183
    for rc in [(r, c) for r in shown.index for c in shown.columns]:
        if shown.loc[rc] == SUPPRESSED and suppressed.values.loc[rc] > 0:
            published_alternative(shown, suppressed.values, rc)


def test_percentages_only_where_count_and_denominator_allow():
    table = pd.DataFrame({"A": [3, 20, 30], "B": [2, 3, 0]}, index=["x", "y", "z"])
    suppressed = suppress_table(table)
    percent = suppressed.percentages(of="column")
    # A's total (53) is shown; its hidden count is not turned into a share.
    assert percent.loc["x", "A"] == SUPPRESSED
    assert percent.loc["z", "A"] == pytest.approx(100 * 30 / 53, abs=0.05)
    # B's total is 5, at most the threshold: no share of it is shown.
    assert set(percent["B"]) == {SUPPRESSED}


def test_internal_threshold_zero_hides_nothing():
    table = pd.DataFrame({"A": [1, 2], "B": [3, 4]})
    suppressed = suppress_table(table, threshold=0)
    assert suppressed.suppressions == []
    assert suppressed.display().loc[TOTAL, TOTAL] == 10


def test_a_table_that_is_not_counts_is_refused():
    with pytest.raises(ValueError, match="whole number"):
        suppress_table(pd.DataFrame({"A": [1.5, 2]}))
