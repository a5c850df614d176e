"""The monthly refresh: one thin orchestrator calling each step in order.

1. take the site's lock and clear what a stopped run left behind;
2. start the kernels, then read and validate the source once (rows read,
   months, synthetic or not) while they warm up;
3. run every notebook for every month with papermill, and render each
   executed notebook as soon as it has finished;
4. build the whole site in a temporary folder next to the published one;
5. switch the published site to the new one in one step.

The kernels start before this process imports what it needs for the later
steps (the loaders, nbconvert, the site's templates): those imports are
made inside the functions that use them, while the kernels boot.

If anything fails before step 5 the published site is untouched, and an
error names what failed; a failed notebook's executed copy, stopped at the
failing cell, stays in the work folder. Each run writes a log file with
the source, rows read, months, duration and outputs; never a client's row.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dp_analysis import disclosure, paths
from dp_analysis.exceptions import DPAnalysisError, PublicationError
from dp_analysis.publish import checked_source, execute, lock, swap
from dp_analysis.scenario import load_scenario

if TYPE_CHECKING:
    import pandas as pd

    from dp_analysis.publish import site
    from dp_analysis.publish.checked_source import CheckedSource
    from dp_analysis.publish.render import RenderedNotebook

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


@dataclass(frozen=True)
class RunResult:
    """A notebook that ran, and its page."""

    job: execute.NotebookJob
    page: RenderedNotebook


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
    timings = _Timings(started)
    runner = execute.NotebookRunner(
        request.notebooks, request.workers, request.fresh_kernels, notebooks
    )
    # The kernels start first, and warm up while the source is read.
    with runner, _removed_at_exit(_handover_file(request)):
        from dp_analysis.publish import site

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
        timings.lap("source read")

        # 3. Run every notebook for every month, rendering each as it finishes.
        jobs = _jobs(request, months, notebooks)
        results = _run(runner, jobs, _handover_file(request), started, timings)

        # 4. Build the new site beside the published one (the kernels stop
        # meanwhile).
        build = site_path.with_name(
            f"{swap.build_folder_prefix(site_path)}{os.getpid()}"
        )
        try:
            if site_path.exists():
                shutil.copytree(site_path, build, symlinks=True)
            else:
                build.mkdir(parents=True)
            tiers = load_scenario(request.scenario).spb.band_to_tier
            sizes = _build(build, settings, loaded.counts, results, months, tiers)
            timings.lap("site built")

            # 5. Switch over, only now that everything has succeeded.
            swap.swap_in(build, site_path)
        finally:
            shutil.rmtree(build, ignore_errors=True)
    timings.lap("switched over, kernels stopped")
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


@contextlib.contextmanager
def _removed_at_exit(path: Path) -> Iterator[None]:
    """Delete ``path`` (if it exists) when the block ends, however it ends."""
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


class _Timings:
    """Time since the start at the end of each phase, logged at debug level."""

    def __init__(self, started: float):
        self.started = started
        self.last = started

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        logger.debug(
            "Phase %s: %.2f s (%.2f s since the start)",
            phase,
            now - self.last,
            now - self.started,
        )
        self.last = now


def _read_source(request: RefreshRequest) -> CheckedSource:
    """Return the validated source, checked to hold every month asked for.

    It is also saved for the notebooks (see :mod:`.checked_source`).
    """
    loaded = checked_source.read(request.source)
    checked_source.save(loaded, request.source, _handover_file(request))
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


def _handover_file(request: RefreshRequest) -> Path:
    """Return where the source, as read and checked, is kept for the notebooks."""
    return request.work / "checked-source.pickle"


def _source_parameter(source: str) -> str:
    """Return the source as the notebooks should be given it: files by full path.

    A notebook reads a relative path from the repository root, not from the
    folder the refresh was started in.
    """
    path = Path(source).expanduser()
    return str(path.resolve()) if path.is_file() else source


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
                        "source": _source_parameter(request.source),
                        "month": month,
                        "scenario_path": str(request.scenario),
                        "mode": request.mode,
                        "output_dir": str(output_dir),
                        **_threshold_parameter(request.threshold),
                    },
                    label=f"{month} {notebook.stem}",
                )
            )
    return jobs


def _threshold_parameter(threshold: int) -> dict[str, int]:
    """Return the notebooks' ``threshold`` parameter, when not their default.

    The site's own summary and the notebooks' pages then follow the same
    month plan. Notebooks without the parameter are not handed it.
    """
    if threshold == disclosure.DEFAULT_THRESHOLD:
        return {}
    return {"threshold": threshold}


def _run(
    runner: execute.NotebookRunner,
    jobs: list[execute.NotebookJob],
    handover: Path,
    started: float,
    timings: _Timings,
) -> list[RunResult]:
    """Run and render the jobs, showing progress; raise if any notebook failed.

    Each notebook is rendered here as soon as it has run, while the kernels
    run the next ones. The notebooks take the source's counts from
    ``handover``.
    """
    from dp_analysis.publish.render import NotebookRenderer

    logger.info("Running %d notebook(s) on %d kernel(s)", len(jobs), runner.kernels)
    finished = runner.run(
        jobs,
        before_each=(
            "from dp_analysis.publish import checked_source\n"
            f"checked_source.use({str(handover)!r})\n"
            "del checked_source\n"
        ),
    )
    renderer = NotebookRenderer()
    timings.lap("notebooks queued, renderer ready")
    done: list[RunResult] = []
    failed: list[execute.JobResult] = []
    for result in finished:
        page = None
        if result.ok:
            try:
                page = renderer.render_node(result.executed, result.job.notebook.stem)
            except Exception as error:  # a page that cannot be rendered fails it
                result = execute.JobResult(
                    result.job,
                    result.seconds,
                    f"the executed notebook could not be rendered: {error}",
                )
                runner.cancel()
        logger.info(
            "notebook %d of %d: %s %s in %.1f s; %.0f s elapsed",
            len(done) + len(failed) + 1,
            len(jobs),
            result.job.label,
            "done" if result.ok else "FAILED",
            result.seconds,
            time.perf_counter() - started,
        )
        if page is None:
            failed.append(result)
        else:
            done.append(RunResult(result.job, page))
    timings.lap("notebooks run and rendered")
    order = {id(job): number for number, job in enumerate(jobs)}
    if failed:
        # The first in the order of the jobs, not of finishing: the same
        # message however the kernels raced.
        first = min(failed, key=lambda r: order[id(r.job)])
        raise PublicationError(
            f"notebook {first.job.notebook.name} failed for "
            f"{first.job.parameters['month']} ({first.error}). The executed "
            f"notebook, stopped at the failing cell, is {first.job.output}"
        )
    return sorted(done, key=lambda r: order[id(r.job)])


def _build(
    build: Path,
    settings: site.SiteSettings,
    counts: pd.DataFrame,
    results: list[RunResult],
    months: tuple[str, ...],
    band_to_tier: dict[int, str],
) -> dict[str, int]:
    """Write every page of the new site into ``build``; return page sizes.

    ``band_to_tier`` is the scenario's, so that each month's summary hides
    what the month's pages hide (:mod:`dp_analysis.month_disclosure`).
    """
    from dp_analysis.publish import site, trend

    builder = site.SiteBuilder(build, settings)
    builder.write_static_pages()
    sizes: dict[str, int] = {}
    for month in months:
        month_results = [r for r in results if r.job.parameters["month"] == month]
        pages = [r.page for r in month_results]
        extra = {
            f"{r.job.notebook.stem}-{csv.name}": csv.read_text(encoding="utf-8")
            for r in month_results
            for csv in sorted(Path(r.job.parameters["output_dir"]).glob("*.csv"))
        }
        summary = trend.summarise_month(
            counts,
            month,
            settings.mode,
            settings.synthetic,
            settings.threshold,
            band_to_tier=band_to_tier,
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
