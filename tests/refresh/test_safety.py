"""Safe publishing: a failed or stopped refresh leaves the published site as it was."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from dp_analysis.exceptions import PublicationError
from dp_analysis.publish import lock, swap
from dp_analysis.publish.refresh import RefreshRequest, refresh

from .conftest import FIXTURES, cli_command, tree_digest


@pytest.mark.notebooks
@pytest.mark.slow
def test_a_failing_notebook_exits_non_zero_keeps_its_error_notebook_and_the_site(
    site_copy, synthetic_source, tmp_path
):
    before = tree_digest(site_copy)
    work = tmp_path / "work"
    completed = subprocess.run(
        cli_command(
            "refresh",
            "--month",
            "2019-08",
            "--source",
            str(synthetic_source),
            "--site",
            str(site_copy),
            "--notebooks",
            str(FIXTURES / "failing"),
            "--work-dir",
            str(work),
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 1
    assert tree_digest(site_copy) == before

    # The message and the run log both say where the error notebook is.
    error_notebook = work / "runs" / "2019-08" / "01_fails.ipynb"
    assert str(error_notebook) in completed.stderr
    (log,) = (work / "logs").glob("refresh-2019-08-*.log")
    assert str(error_notebook) in log.read_text(encoding="utf-8")
    assert "unchanged" in log.read_text(encoding="utf-8")

    executed = nbformat.read(error_notebook, as_version=4)
    errors = [
        output
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert [e["evalue"] for e in errors] == ["deliberate failure for 2019-08"]
    assert any(
        "papermill-error-cell-tag" in c.metadata.get("tags", []) for c in executed.cells
    )


@pytest.mark.notebooks
@pytest.mark.slow
def test_killing_a_refresh_midway_leaves_the_previous_site_intact(
    site_copy, synthetic_source, tmp_path
):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(FIXTURES / "notebooks" / "01_people_by_band.ipynb", notebooks)
    shutil.copy(FIXTURES / "slow" / "02_slow.ipynb", notebooks)
    before = tree_digest(site_copy)

    process = subprocess.Popen(
        cli_command(
            "refresh",
            "--month",
            "2019-08",
            "--source",
            str(synthetic_source),
            "--site",
            str(site_copy),
            "--notebooks",
            str(notebooks),
            "--workers",
            "1",
        ),
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        # Midway: the first notebook has finished, the second is running.
        deadline = time.monotonic() + 240
        for line in process.stderr:
            if re.search(r"notebook 1 of 2: .* done", line):
                break
            assert time.monotonic() < deadline, "the refresh never got going"
        time.sleep(1)
        assert process.poll() is None
    finally:
        # SIGKILL the refresh and everything it started (workers, kernels).
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    assert tree_digest(site_copy) == before

    # The next refresh takes the lock, clears the unfinished build and publishes.
    refresh(
        RefreshRequest(
            months=("2019-08",),
            source=str(synthetic_source),
            site=site_copy,
            notebooks=FIXTURES / "notebooks",
            workers=1,
        )
    )
    assert not list(site_copy.parent.glob(f".{site_copy.name}.build-*"))
    assert tree_digest(site_copy) == before


def test_an_overlapping_refresh_is_refused(tmp_path):
    site = tmp_path / "site"
    with (
        lock.RefreshLock(tmp_path / ".site.lock"),
        pytest.raises(lock.RefreshLockedError, match="another refresh"),
    ):
        refresh(RefreshRequest(months=("2019-06",), source="unused.csv", site=site))
    assert not site.exists()


def test_swap_exchanges_whole_folders_and_recover_restores_a_site_left_aside(
    tmp_path,
):
    target, new = tmp_path / "site", tmp_path / ".site.build-1"
    target.mkdir()
    (target / "index.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    swap.swap_in(new, target)
    assert (target / "index.html").read_text() == "new"
    assert not new.exists()

    # As if the fallback switch had been stopped between its two renames.
    retired = tmp_path / f"site{swap.RETIRED_SUFFIX}"
    target.rename(retired)
    (tmp_path / ".site.build-2").mkdir()
    swap.recover(target)
    assert (target / "index.html").read_text() == "new"
    assert not retired.exists()
    assert not (tmp_path / ".site.build-2").exists()


def test_month_ranges_are_read_from_the_command_line():
    from dp_analysis.cli.refresh import months_from

    assert months_from("2019-06") == ("2019-06",)
    assert len(months_from("2018-01..2019-12")) == 24
    with pytest.raises(Exception, match="YYYY-MM"):
        months_from("June")


def test_the_refresh_command_is_registered():
    completed = subprocess.run(
        cli_command("refresh", "--help"), capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0
    for option in ("--month", "--source", "--site", "--mode", "--scenario"):
        assert option in completed.stdout


def test_lock_file_lives_beside_the_site(tmp_path):
    path = Path(tmp_path) / ".site.lock"
    with lock.RefreshLock(path):
        assert path.read_text().strip() == str(os.getpid())


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("kernels", [1, 2])
def test_a_failure_stops_the_notebooks_still_queued(
    kernels, site_copy, synthetic_source, tmp_path
):
    work = tmp_path / "work"
    with pytest.raises(PublicationError, match=r"01_fails\.ipynb failed for 2019-06"):
        refresh(
            RefreshRequest(
                months=("2019-06", "2019-07", "2019-08"),
                source=str(synthetic_source),
                site=site_copy,
                notebooks=FIXTURES / "failing",
                work_dir=work,
                workers=kernels,
            )
        )

    # The first notebook fails; each other kernel finishes at most the one
    # notebook it had already started, and nothing queued is started.
    executed = sorted(p.parent.name for p in (work / "runs").glob("*/01_fails.ipynb"))
    assert executed[0] == "2019-06"
    assert len(executed) <= kernels
    assert "2019-08" not in executed
    (log,) = (work / "logs").glob("refresh-2019-06_to_2019-08-*.log")
    text = log.read_text(encoding="utf-8")
    progress = re.findall(r"notebook \d of 3: .* FAILED", text)
    assert len(progress) == len(executed)
    skipped = 3 - len(executed)
    assert f"{skipped} queued notebook(s) not started" in text
