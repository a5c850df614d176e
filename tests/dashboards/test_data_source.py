"""Dashboards on the analysts' data: ``dp-analysis serve --source --month``.

The source is a SYNTHETIC client-level extract of three months. Expected
numbers are counted here from the extract's own rows (with the reference
bands) or computed with ``dp_analysis.models`` from the loaders' output, never
read from the dashboards' objects.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pandas as pd
import pytest

from dp_analysis import paths, reference, synthetic
from dp_analysis.cli import main
from dp_analysis.counts import appendix_a, for_month, months
from dp_analysis.exceptions import DataValidationError, DPAnalysisWarning
from dp_analysis.loading import load_counts
from dp_analysis.loading.aliases import DIRECT_PAYMENT_MECHANISMS
from dp_analysis.models import spb, uptake
from dp_analysis.scenario import load_scenario
from dp_analysis.widgets import FinanceModel, PilotPlanner, SPBExplorer, UptakeExplorer
from dp_analysis.widgets.data_source import (
    LABEL_ENV,
    MONTH_ENV,
    REPORT_SOURCE,
    SOURCE_ENV,
    dashboard_data,
)
from dp_analysis.widgets.table import gbp
from tests.dashboards import pages
from tests.dashboards.server import start_cli_server

MONTHS = ["2019-06", "2019-07", "2019-08"]
BY_BAND = "People on a direct payment by weekly cost band"


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, str]:
    """Return a SYNTHETIC three-month extract and the path of its CSV file."""
    rows = synthetic.generate_extract(MONTHS, seed=20191)
    folder = tmp_path_factory.mktemp("extract")
    path = synthetic.write_extract(rows, folder / synthetic.default_file_name(MONTHS))
    return rows, str(path)


@pytest.fixture
def no_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start with no source chosen; undo whatever a test sets."""
    monkeypatch.setenv(SOURCE_ENV, "")
    monkeypatch.setenv(MONTH_ENV, "")
    monkeypatch.setenv(LABEL_ENV, "")


def data_note(dashboard) -> str:
    """Return the dashboard's note of its data's source and month."""
    notes = [
        child.value
        for child in dashboard.children
        if "dp-data-note" in str(getattr(child, "value", ""))
    ]
    assert len(notes) == 1
    return notes[0]


def notes_on_page(page) -> list[str]:
    """Return the text of every data note on the page (a first view has one)."""
    return page.locator(".dp-data-note").all_text_contents()


def people_by_band_in(rows: pd.DataFrame, month: str) -> list[int]:
    """Count DP clients of ``month`` in each cost band, from the extract's rows."""
    chosen = rows[
        (rows["snapshot_month"] == month)
        & rows["delivery_mechanism"].isin(DIRECT_PAYMENT_MECHANISMS)
    ]
    bands = chosen["weekly_cost"].map(reference.band_for_cost)
    return [int((bands == band).sum()) for band in reference.cost_band_labels()]


def test_without_a_source_the_dashboards_show_appendix_a(no_source):
    counts, label = dashboard_data()
    assert label == REPORT_SOURCE
    pd.testing.assert_frame_equal(counts, appendix_a())
    note = data_note(UptakeExplorer())
    assert "Data: Appendix A of the Joint Task Force report" in note
    assert "June 2019" in note


@pytest.mark.parametrize(("month", "shown"), [("2019-07", "2019-07"), ("", "2019-08")])
def test_a_month_of_an_extract(extract, monkeypatch, month, shown):
    rows, path = extract
    monkeypatch.setenv(SOURCE_ENV, path)
    monkeypatch.setenv(MONTH_ENV, month)  # "" is the latest month
    counts, label = dashboard_data()
    assert sorted(counts["month"].unique()) == [shown]
    by_band = uptake.people_by(counts, ["cost_band"])["people"].tolist()
    assert by_band == people_by_band_in(rows, shown)
    assert label == (
        "SYNTHETIC-extract-2019-06-to-2019-08.csv "
        "(client-level extract, SYNTHETIC: not real people)"
    )


def test_every_dashboard_computes_from_the_chosen_month(extract, monkeypatch):
    rows, path = extract
    monkeypatch.setenv(SOURCE_ENV, path)
    monkeypatch.setenv(MONTH_ENV, "2019-07")
    explorer = UptakeExplorer(mode="internal")
    note = data_note(explorer)
    assert "Data: SYNTHETIC-extract-2019-06-to-2019-08.csv" in note
    assert "July 2019" in note
    assert "/" not in note.split("Data:")[1].split(",")[0]  # a name, not a path
    assert explorer.table.frame["People"].tolist() == people_by_band_in(rows, "2019-07")

    july = for_month(load_counts(path).counts, "2019-07")
    report = load_scenario()
    totals = spb.table_5_totals(spb.table_5(spb.people_by_band(july), report.spb))
    assert SPBExplorer().results["spb_total"] == totals.spb_total


@pytest.mark.parametrize("cls", [SPBExplorer, PilotPlanner, FinanceModel])
def test_each_dashboard_takes_the_chosen_month(extract, monkeypatch, cls):
    _, path = extract
    monkeypatch.setenv(SOURCE_ENV, path)
    monkeypatch.setenv(MONTH_ENV, "2019-07")
    dashboard = cls()
    assert months(dashboard.counts) == ["2019-07"]
    assert "SYNTHETIC-extract-2019-06-to-2019-08.csv" in data_note(dashboard)
    assert "July 2019" in data_note(dashboard)


def test_the_loaders_warnings_are_in_the_note_not_on_the_page(tmp_path, monkeypatch):
    counts = pd.read_csv(paths.APPENDIX_A, dtype=str).assign(note="checked")
    path = tmp_path / "counts-2019-06.csv"
    counts.to_csv(path, index=False)
    monkeypatch.setenv(SOURCE_ENV, str(path))
    monkeypatch.setenv(MONTH_ENV, "")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shown, label = dashboard_data()
    assert [w for w in caught if issubclass(w.category, DPAnalysisWarning)] == []
    assert label == (
        "counts-2019-06.csv (aggregated counts; data warning: column 'note' is "
        "not used and was ignored)"
    )
    assert int(shown["people"].sum()) == 308


def test_a_month_the_source_lacks_is_refused(extract, monkeypatch):
    _, path = extract
    monkeypatch.setenv(SOURCE_ENV, path)
    monkeypatch.setenv(MONTH_ENV, "2020-01")
    with pytest.raises(DataValidationError, match="no rows for month 2020-01"):
        dashboard_data()


def test_serve_checks_the_source_before_starting(
    tmp_path, monkeypatch, capsys, no_source
):
    started = []
    monkeypatch.setattr("dp_analysis.serving.app.main", started.append)
    bad = tmp_path / "counts.csv"
    bad.write_text(
        "month,age_group,client_group,cost_band,people\n"
        "2019-06,18-64,Learning Disability,1,12\n"
    )
    assert main(["serve", "--source", str(bad)]) == 1
    error = capsys.readouterr().err
    assert "row 2, column 'age_group'" in error
    assert "found '18-64'; did you mean '40-64'?" in error
    assert main(["serve", "--month", "2019-07"]) == 1
    assert "--month needs --source" in capsys.readouterr().err
    assert started == []


def test_serve_passes_the_latest_month_to_the_kernels(extract, monkeypatch, no_source):
    rows, path = extract
    seen = []

    def kernels_would_see(argv):
        # What a kernel started now would show, and the file it would read.
        seen.append((dashboard_data(), Path(os.environ[SOURCE_ENV])))

    monkeypatch.setattr("dp_analysis.serving.app.main", kernels_would_see)
    assert main(["serve", "--source", path, "--month", "latest"]) == 0
    [((counts, label), counts_file)] = seen
    assert os.environ[MONTH_ENV] == "2019-08"
    assert label.startswith("SYNTHETIC-extract-2019-06-to-2019-08.csv (client-level")
    assert months(counts) == ["2019-08"]
    by_band = uptake.people_by(counts, ["cost_band"])["people"].tolist()
    assert by_band == people_by_band_in(rows, "2019-08")
    # The kernels read the month's counts, not the extract, and the file goes
    # when the server stops.
    assert counts_file.name == "dashboard-counts-2019-08.csv"
    assert not counts_file.exists()


@pytest.mark.browser
@pytest.mark.slow
def test_served_dashboards_show_the_chosen_month(
    extract, tmp_path, page, context, artifact_dir
):
    rows, path = extract
    names = ("uptake_explorer", "spb_explorer")
    server = start_cli_server(tmp_path, names, f"--source={path}", "--month=2019-07")
    try:
        server.wait_for_pools(names=names)
        pages.open_dashboard(page, server.page("uptake_explorer"))
        page.screenshot(path=str(artifact_dir / "dashboard-source-uptake.png"))
        notes = notes_on_page(page)
        assert notes and all(
            note.startswith(
                "Data: SYNTHETIC-extract-2019-06-to-2019-08.csv (client-level "
                "extract, SYNTHETIC: not real people), July 2019."
            )
            for note in notes
        )
        expected = people_by_band_in(rows, "2019-07")
        assert expected != people_by_band_in(rows, "2019-08")
        table = pages.table(page, BY_BAND)
        assert [int(row[1].replace(",", "")) for row in table[1:]] == expected
        assert pages.chart_traces(page)[0]["y"] == expected
        assert page.problems == []

        july = for_month(load_counts(path).counts, "2019-07")
        scenario = load_scenario().spb
        people = spb.people_by_band(july)
        totals = spb.table_5_totals(spb.table_5(people, scenario))
        spb_page = context.new_page()
        pages.open_dashboard(spb_page, server.page("spb_explorer"))
        figures = pages.headline(spb_page)
        assert figures["SPB cost, people on a DP (Table 5)"] == gbp(totals.spb_total)
        assert figures["ASC cost for the same people"] == gbp(totals.asc_total)
        assert all("July 2019" in note for note in notes_on_page(spb_page))
        assert context.blocked_requests == []
    finally:
        server.stop()
