"""Public mode in the uptake explorer: the project's disclosure control.

Expected tables are computed here from ``dp_analysis.models.uptake`` and
pandas; whether a hidden value can be worked out is tested from the
displayed table alone (its shown values and totals), with linear algebra
written here, not with the suppression code under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dp_analysis.counts import appendix_a
from dp_analysis.disclosure import SUPPRESSED, TOTAL
from dp_analysis.models import uptake
from dp_analysis.widgets import UptakeExplorer
from dp_analysis.widgets.uptake_explorer import protected_table, uptake_table
from tests.dashboards import pages
from tests.dashboards.server import start_cli_server
from tests.support.browser import describe_violations, run_axe, serious_violations

THRESHOLD = 7
COUNTS = appendix_a()
AGES = ("18-39", "40-64", "65+")


def pinned_cells(shown: pd.DataFrame) -> list[tuple[str, str]]:
    """Return the hidden cells of a displayed table that its totals determine.

    Each shown row adds up to its Total column and each column to its Total
    row; the hidden cells are the unknowns. A hidden cell is determined when
    its unit vector lies in the row space of those equations.
    """
    table = shown.set_index(shown.columns[0])
    hidden = [
        (row, column)
        for row in table.index
        for column in table.columns
        if table.loc[row, column] == SUPPRESSED
    ]
    unknown = {cell: i for i, cell in enumerate(hidden)}
    body_rows = [r for r in table.index if r != TOTAL]
    body_columns = [c for c in table.columns if c != TOTAL]
    lines = []
    if TOTAL in table.columns:
        lines += [([(r, c) for c in body_columns], (r, TOTAL)) for r in table.index]
    if TOTAL in table.index:
        lines += [([(r, c) for r in body_rows], (TOTAL, c)) for c in table.columns]
    equations = np.zeros((len(lines), len(hidden)))
    for k, (parts, total) in enumerate(lines):
        for cell in parts:
            if cell in unknown:
                equations[k, unknown[cell]] += 1
        if total in unknown:
            equations[k, unknown[total]] -= 1
    rank = np.linalg.matrix_rank(equations) if hidden else 0
    pinned = []
    for cell, i in unknown.items():
        unit = np.zeros((1, len(hidden)))
        unit[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([equations, unit])) == rank:
            pinned.append(cell)
    return pinned


def true_table(counts, by, split, age_groups=AGES) -> pd.DataFrame:
    """Return people by ``by`` (and ``split``) with totals, from the models."""
    chosen = counts[counts["age_group"].isin(age_groups)]
    if split:
        table = uptake.crosstab(chosen, by, split, margins=False)
        table[TOTAL] = table.sum(axis=1)
    else:
        table = uptake.people_by(chosen, [by])[["people"]]
        table.columns = ["People"]
    table.loc[TOTAL] = table.sum(axis=0)
    table.index = [str(label) for label in table.index]
    table.columns = [str(label) for label in table.columns]
    return table


def check_protected(shown: pd.DataFrame, truth: pd.DataFrame) -> None:
    """Shown values are true, small counts hidden, no hidden count recoverable."""
    table = shown.set_index(shown.columns[0])
    assert list(table.index) == list(truth.index)
    assert list(table.columns) == list(truth.columns)
    hidden = table == SUPPRESSED
    small = (truth >= 1) & (truth <= THRESHOLD)
    assert not (small & ~hidden).any().any(), "a count from 1 to 7 is shown"
    assert (table[~hidden].fillna(0) == truth[~hidden].fillna(0)).all().all()
    assert not (hidden & (truth == 0)).any().any()
    assert pinned_cells(shown) == []


def test_the_check_finds_a_count_the_totals_give_away():
    shown = pd.DataFrame({"Band": ["1", "2", TOTAL], "People": [SUPPRESSED, 30, 35]})
    assert pinned_cells(shown) == [("1", "People")]
    shown = pd.DataFrame(
        {"Band": ["1", "2", TOTAL], "A": [SUPPRESSED, 9, 12], "B": [SUPPRESSED, 9, 10]}
    ).assign(**{TOTAL: [SUPPRESSED, 18, 22]})
    assert pinned_cells(shown) == [("1", "A"), ("1", "B"), ("1", TOTAL)]


VIEWS = [
    ("cost_band", "", AGES),
    ("age_group", "client_group", AGES),
    ("client_group", "cost_band", AGES),
    ("cost_band", "age_group", ("40-64", "65+")),
    ("client_group", "", ("18-39",)),
]


@pytest.mark.parametrize(("by", "split", "age_groups"), VIEWS)
def test_the_public_table_hides_what_its_totals_would_give_away(by, split, age_groups):
    explorer = UptakeExplorer(COUNTS, mode="public")
    explorer.apply_state({"by": by, "split": split, "age_groups": list(age_groups)})
    truth = true_table(COUNTS, by, split, age_groups)
    shown = explorer.table.frame
    check_protected(shown, truth)

    # The chart draws the shown body cells and leaves the hidden ones out.
    body = shown.set_index(shown.columns[0]).drop(index=TOTAL)
    body = body.drop(columns=[TOTAL], errors="ignore")
    traces = explorer.chart.figure["data"]
    assert [t["name"] for t in traces] == list(body.columns)
    for trace in traces:
        expected = [None if v == SUPPRESSED else v for v in body[trace["name"]]]
        assert list(trace["y"]) == expected

    # The page says how many values are hidden, and why.
    hidden = shown.iloc[:, 1:] == SUPPRESSED
    primary = int(((truth >= 1) & (truth <= THRESHOLD)).sum().sum())
    note = explorer.suppression_note.value
    assert f"{primary} count(s) from 1 to 7 are shown as [c]" in note
    assert f"{int(hidden.sum().sum()) - primary} further value(s)" in note


def test_appendix_a_by_band_hides_band_8_and_the_next_smallest():
    explorer = UptakeExplorer(COUNTS, mode="public")
    shown = explorer.table.frame
    # Appendix A: 56/90/73/39/14/8/23/5, total 308. Band 8's 5 is primary;
    # band 6's 8 is hidden too, or 308 less the others would give 5.
    assert shown["People"].tolist() == [56, 90, 73, 39, 14, "[c]", 23, "[c]", 308]
    assert "6) £500-599: [c]" in explorer.chart.summary
    assert "8) £1000+: [c]" in explorer.chart.summary
    # A hidden band could hold more people: the headline compares the shown.
    assert explorer.chart.go_figure.layout.title.text == (
        "Of the groups whose numbers can be shown, most people are in 2) £100-199"
    )


def test_shares_only_where_count_and_total_are_safe():
    explorer = UptakeExplorer(COUNTS, mode="public")
    explorer.apply_state({"by": "age_group", "split": "client_group"})
    people = explorer.table.frame.set_index("Age group")
    explorer.apply_state({"measure": "share"})
    shares = explorer.table.frame.set_index("Age group")
    truth = true_table(COUNTS, "age_group", "client_group")
    assert ((shares == SUPPRESSED) == (people == SUPPRESSED)).all().all()
    shown = shares != SUPPRESSED
    expected = truth / truth.loc[TOTAL, TOTAL]
    assert np.allclose(shares[shown].astype(float).fillna(0), expected[shown].fillna(0))

    # Fewer than 8 people selected: no share can be shown.
    explorer.apply_state(
        {"age_groups": ["18-39"], "client_groups": ["Sensory Support: Dual"]}
    )
    shares = explorer.table.frame.iloc[:, 1:]
    assert (shares == SUPPRESSED).all().all()


def test_internal_mode_shows_every_count_without_totals():
    explorer = UptakeExplorer(COUNTS, mode="internal")
    assert explorer.table.frame["People"].tolist() == [56, 90, 73, 39, 14, 8, 23, 5]
    assert explorer.suppression_note.value == ""


small_counts = st.lists(
    st.one_of(st.integers(0, 9), st.integers(0, 40)), min_size=168, max_size=168
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=small_counts,
    view=st.sampled_from(
        [("cost_band", ""), ("age_group", "cost_band"), ("client_group", "age_group")]
    ),
)
def test_no_hidden_count_is_recoverable_in_any_month(people, view):
    counts = COUNTS.assign(people=people)
    by, split = view
    table = protected_table(
        uptake_table(counts, by, split, "people"), "people", "a view"
    )
    check_protected(table.shown, true_table(counts, by, split))


@pytest.mark.browser
@pytest.mark.slow
def test_the_public_page_shows_the_protected_table(
    tmp_path, page, context, artifact_dir
):
    names = ("uptake_explorer",)
    server = start_cli_server(tmp_path, names, env={"DP_ANALYSIS_MODE": "public"})
    try:
        server.wait_for_pools(names=names)
        pages.open_dashboard(page, server.page("uptake_explorer"))
        pages.change_and_wait(
            page, lambda: pages.choose(page, "Split each bar by", "Age group")
        )
        page.screenshot(
            path=str(artifact_dir / "dashboard-uptake-public.png"), full_page=True
        )
        rows = pages.table(
            page, "People on a direct payment by weekly cost band and age group"
        )
        truth = true_table(COUNTS, "cost_band", "age_group")
        shown = pd.DataFrame(
            [row[1:] for row in rows[1:]],
            index=[row[0] for row in rows[1:]],
            columns=rows[0][1:],
        )
        shown = shown.map(lambda v: v if v == SUPPRESSED else int(v.replace(",", "")))
        check_protected(shown.reset_index(), truth)

        hidden = shown.drop(index=TOTAL, columns=TOTAL) == SUPPRESSED
        for trace in pages.chart_traces(page):
            drawn = [y is None for y in trace["y"]]
            assert drawn == hidden[trace["name"]].tolist()
        notes = page.locator(".dp-suppression-note").all_text_contents()
        assert notes
        assert all("count(s) from 1 to 7 are shown as [c]" in n for n in notes)
        assert page.problems == []
        assert context.blocked_requests == []
        violations = serious_violations(run_axe(page))
        assert violations == [], describe_violations(violations)
    finally:
        server.stop()
