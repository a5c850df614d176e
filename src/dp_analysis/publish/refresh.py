"""The monthly refresh: one thin orchestrator calling each step in order.

1. take the site's lock and clear what a stopped run left behind;
2. read and validate the source once (rows read, months, synthetic or not);
3. run every notebook for every month with papermill;
4. render the executed notebooks and build the whole site in a temporary
   folder next to the published one;
5. switch the published site to the new one in one step.

If anything fails before step 5 the published site is untouched, and an
error names what failed; a failed notebook's executed copy, stopped at the
failing cell, stays in the work folder. Each run writes a log file with
the source, rows read, months, duration and outputs; never a client's row.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dp_analysis import disclosure, paths
from dp_analysis.exceptions import DPAnalysisError, PublicationError
from dp_analysis.loading import LoadedData, load_counts
from dp_analysis.publish import execute, lock, site, swap, trend

logger = logging.getLogger(__name__)

MODES = ("public", "internal")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s:%(lineno)d: %(message)s"


@dataclass(frozen=True)
class RefreshRequest:
    """What to publish, from where, to where."""

    months: tuple[str, ...]
    source: str
    site: Path
    mode: str = "public"
    scenario: Path = paths.REPORT_SCENARIO
    notebooks: Path = paths.NOTEBOOK_DIR
    work_dir: Path | None = None
    threshold: int = disclosure.DEFAULT_THRESHOLD
    workers: int = 2
    fresh_kernels: bool = False

    @property
    def work(self) -> Path:
        """Return the folder for executed notebooks and logs (beside the site)."""
        return self.work_dir or self.site.with_name(f"{self.site.name}-work")


@dataclass
class RefreshResult:
    """What a successful refresh published."""

    site: Path
    months: tuple[str, ...]
    rows_read: int
    seconds: float
    log_path: Path
    page_sizes: dict[str, int] = field(default_factory=dict)


def notebooks_in(folder: Path) -> list[Path]:
    """Return the notebooks a refresh runs, in name order."""
    found = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise PublicationError(f"{folder}: no notebook (*.ipynb) to run")
    return found


def refresh(request: RefreshRequest) -> RefreshResult:
    """Run the notebooks for the months asked for and publish the site."""
    if request.mode not in MODES:
        raise PublicationError(f"mode must be one of {MODES}, not {request.mode!r}")
    started = time.perf_counter()
    site_path = request.site.resolve()
    request.work.mkdir(parents=True, exist_ok=True)
    log_path = _start_run_log(request.work / "logs", request.months)
    try:
        with lock.RefreshLock(site_path.with_name(f".{site_path.name}.lock")):
            swap.recover(site_path)
            result = _publish(request, site_path, started, log_path)
    except DPAnalysisError as error:
        logger.error("Refresh failed: %s", error)
        logger.error("The published site %s is unchanged", site_path)
        raise
    finally:
        _stop_run_log(log_path)
    return result


def _publish(
    request: RefreshRequest, site_path: Path, started: float, log_path: Path
) -> RefreshResult:
    """Do steps 2 to 5 of a refresh, holding the lock."""
    notebooks = notebooks_in(request.notebooks)
    runner = execute.NotebookRunner(
        request.notebooks,
        request.workers,
        request.fresh_kernels,
        execute.modules_imported_by(notebooks),
    )
    # The kernels warm up while the source is read.
    with runner:
        loaded = _read_source(request)
        months = (
            tuple(loaded.months[-1:])
            if request.months == ("latest",)
            else request.months
        )
        settings = site.SiteSettings(request.mode, loaded.synthetic, request.threshold)
        existing = site.read_settings(site_path)
        if existing is not None:
            settings.check_matches(existing)

        # 3. Run every notebook for every month.
        jobs = _jobs(request, months, notebooks)
        results = _run(runner, jobs, started)

    # 4. Build the new site beside the published one.
    build = site_path.with_name(f"{swap.build_folder_prefix(site_path)}{os.getpid()}")
    try:
        if site_path.exists():
            shutil.copytree(site_path, build, symlinks=True)
        else:
            build.mkdir(parents=True)
        sizes = _build(build, settings, loaded.counts, results, months)

        # 5. Switch over, only now that everything has succeeded.
        swap.swap_in(build, site_path)
    finally:
        shutil.rmtree(build, ignore_errors=True)
    seconds = time.perf_counter() - started
    logger.info(
        "Published %s to %s in %.1f s (%d pages; largest month page %d KB)",
        ", ".join(months),
        site_path,
        seconds,
        len(sizes),
        max(sizes.values(), default=0) // 1024,
    )
    for page, size in sorted(sizes.items()):
        logger.info("Output %s (%d bytes)", site_path / page, size)
    logger.info("Run log: %s", log_path)
    return RefreshResult(site_path, months, loaded.rows_read, seconds, log_path, sizes)


def _read_source(request: RefreshRequest) -> LoadedData:
    """Return the validated source, checked to hold every month asked for."""
    loaded = load_counts(request.source)
    if request.months != ("latest",):
        missing = [m for m in request.months if m not in loaded.months]
        if missing:
            raise PublicationError(
                f"{loaded.source}: no data for {', '.join(missing)}; the source "
                f"holds {', '.join(loaded.months)}"
            )
    logger.info(
        "Source %s: %s rows read (%s%s); publishing %s in %s mode",
        loaded.source,
        f"{loaded.rows_read:,}",
        loaded.kind,
        ", SYNTHETIC" if loaded.synthetic else "",
        ", ".join(request.months),
        request.mode,
    )
    return loaded


def _jobs(
    request: RefreshRequest, months: tuple[str, ...], notebooks: list[Path]
) -> list[execute.NotebookJob]:
    """Return one papermill job per month and notebook, in a clean run folder."""
    jobs = []
    for month in months:
        runs = request.work / "runs" / month
        shutil.rmtree(runs, ignore_errors=True)
        for notebook in notebooks:
            output_dir = runs / notebook.stem
            output_dir.mkdir(parents=True)
            jobs.append(
                execute.NotebookJob(
                    notebook=notebook,
                    output=runs / notebook.name,
                    parameters={
                        "source": str(request.source),
                        "month": month,
                        "scenario_path": str(request.scenario),
                        "mode": request.mode,
                        "output_dir": str(output_dir),
                    },
                    label=f"{month} {notebook.stem}",
                )
            )
    return jobs


def _run(
    runner: execute.NotebookRunner, jobs: list[execute.NotebookJob], started: float
) -> list[execute.JobResult]:
    """Run and render the jobs, showing progress; raise if any notebook failed."""
    logger.info("Running %d notebook(s) on %d kernel(s)", len(jobs), runner.workers)

    def progress(done: int, total: int, result: execute.JobResult) -> None:
        logger.info(
            "notebook %d of %d: %s %s in %.1f s; %.0f s elapsed",
            done,
            total,
            result.job.label,
            "done" if result.ok else "FAILED",
            result.seconds,
            time.perf_counter() - started,
        )

    results = runner.run(jobs, progress)
    failed = [r for r in results if not r.ok]
    if failed:
        first = failed[0]
        raise PublicationError(
            f"notebook {first.job.notebook.name} failed for "
            f"{first.job.parameters['month']} ({first.error}). The executed "
            f"notebook, stopped at the failing cell, is {first.job.output}"
        )
    return results


def _build(
    build: Path,
    settings: site.SiteSettings,
    counts: pd.DataFrame,
    results: list[execute.JobResult],
    months: tuple[str, ...],
) -> dict[str, int]:
    """Write every page of the new site into ``build``; return page sizes."""
    builder = site.SiteBuilder(build, settings)
    builder.write_static_pages()
    sizes: dict[str, int] = {}
    for month in months:
        month_results = [r for r in results if r.job.parameters["month"] == month]
        pages = [r.page for r in month_results if r.page is not None]
        extra = {
            f"{r.job.notebook.stem}-{csv.name}": csv.read_text(encoding="utf-8")
            for r in month_results
            for csv in sorted(Path(r.job.parameters["output_dir"]).glob("*.csv"))
        }
        summary = trend.summarise_month(
            counts, month, settings.mode, settings.synthetic, settings.threshold
        )
        month_sizes = builder.write_month(summary, pages, extra)
        sizes.update({f"months/{month}/{k}": v for k, v in month_sizes.items()})
    builder.write_index()
    return sizes


def _start_run_log(folder: Path, months: tuple[str, ...]) -> Path:
    """Send this run's log records to a new file in ``folder``; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    label = months[0] if len(months) == 1 else f"{months[0]}_to_{months[-1]}"
    path = folder / f"refresh-{label}-{stamp}-{os.getpid()}.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.setLevel(logging.INFO)
    handler.set_name(str(path))
    package_logger = logging.getLogger("dp_analysis")
    package_logger.addHandler(handler)
    if package_logger.getEffectiveLevel() > logging.INFO:
        package_logger.setLevel(logging.INFO)
    return path


def _stop_run_log(path: Path) -> None:
    """Close this run's log file."""
    package_logger = logging.getLogger("dp_analysis")
    for handler in list(package_logger.handlers):
        if handler.get_name() == str(path):
            package_logger.removeHandler(handler)
            handler.close()
