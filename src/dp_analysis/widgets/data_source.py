"""Which data the dashboards show: Appendix A, or a month of the analysts' data.

``dp-analysis serve --source PATH --month YYYY-MM|latest`` checks the source
once, at start-up, with the loaders the monthly refresh uses. It then writes
that month's counts (a few hundred rows, however large the source) to a
folder of its own and hands them to every dashboard kernel through three
environment variables (the kernels inherit the server's environment):

- ``DP_ANALYSIS_SOURCE``: the counts file, an absolute path;
- ``DP_ANALYSIS_MONTH``: the month, ``YYYY-MM`` (``latest`` at start-up
  becomes the source's latest month, so every page shows the same month);
- ``DP_ANALYSIS_SOURCE_LABEL``: how the data note names the source.

So a kernel reads a small table in a fraction of a second, not a client-level
extract of a million rows (some seconds and 400 MB each, on every page view).
Without these variables the dashboards show the report's Appendix A (June
2019).

>>> counts, label = dashboard_data({})
>>> label == REPORT_SOURCE, int(counts["people"].sum())
(True, 308)
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from dp_analysis import counts as counts_table
from dp_analysis.exceptions import DataValidationError, DPAnalysisWarning, Problem

if TYPE_CHECKING:
    from dp_analysis.loading import LoadedData

logger = logging.getLogger(__name__)

SOURCE_ENV = "DP_ANALYSIS_SOURCE"
MONTH_ENV = "DP_ANALYSIS_MONTH"
LABEL_ENV = "DP_ANALYSIS_SOURCE_LABEL"
LATEST = "latest"
REPORT_SOURCE = "Appendix A of the Joint Task Force report (DP clients)"


@dataclass(frozen=True)
class DashboardData:
    """One month of a validated source, as the dashboards show it."""

    counts: pd.DataFrame
    month: str
    label: str
    path: Path

    def environment(self, folder: Path) -> dict[str, str]:
        """Write the month's counts into ``folder``; return the kernels' variables."""
        counts_file = Path(folder) / f"dashboard-counts-{self.month}.csv"
        self.counts.to_csv(counts_file, index=False)
        logger.info("Dashboard kernels read %s", counts_file)
        return {
            SOURCE_ENV: str(counts_file),
            MONTH_ENV: self.month,
            LABEL_ENV: self.label,
        }


def source_label(loaded: LoadedData, path: Path) -> str:
    """Return how a data note names a source: its file name, kind and marks.

    Only the file's name is shown (a full path could say more about the
    machine than a dashboard's reader needs). The loaders' warnings (problems
    that did not stop the load) are named too, so that readers see them.
    """
    details = [counts_table.SOURCE_KIND_NAMES.get(loaded.kind, loaded.kind)]
    if loaded.synthetic:
        details.append("SYNTHETIC: not real people")
    label = ", ".join(details)
    if loaded.warnings:
        label += "; data warning: " + "; ".join(loaded.warnings)
    return f"{path.name} ({label})"


def read_month(source: str | Path, month: str = LATEST) -> DashboardData:
    """Return one month (``YYYY-MM`` or ``latest``) of a source, validated.

    Raises :class:`~dp_analysis.exceptions.DataValidationError` when the
    source does not load or holds no data for ``month``.
    """
    # Imported here: a dashboard on Appendix A need not import the loaders
    # (and SQLAlchemy) in every kernel.
    from dp_analysis.loading import Reason, load_counts

    path = Path(source).expanduser().resolve()
    asked = None if month in ("", LATEST) else month

    # The loaders keep only the month asked for where the source allows it
    # (a client-level extract), and name it where the source has none (a pivot).
    # Warnings reach the data note through the label, and the server's log
    # through the loaders' logger, not the page as Python warnings.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DPAnalysisWarning)
        loaded = load_counts(path, month=asked)
    chosen = asked or (loaded.months[-1] if loaded.months else "")
    if chosen not in loaded.months:
        held = ", ".join(loaded.months) or "no month"
        raise DataValidationError(
            loaded.source,
            [
                Problem(
                    Reason.BAD_MONTH,
                    f"no data for month {chosen}; the source holds {held}",
                    column="month",
                )
            ],
        )

    selected = counts_table.for_month(loaded.counts, chosen).reset_index(drop=True)
    logger.info(
        "Dashboards show %s, month %s: %s people on a direct payment",
        path.name,
        chosen,
        f"{int(selected['people'].sum()):,}",
    )
    return DashboardData(selected, chosen, source_label(loaded, path), path)


def dashboard_data(
    environ: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, str]:
    """Return the counts the dashboards show and the label of their source.

    Reads the choice ``dp-analysis serve`` left in the environment
    (``environ``, by default the process's own); without one, Appendix A.
    """
    environ = os.environ if environ is None else environ
    source = environ.get(SOURCE_ENV, "")
    if not source:
        return counts_table.appendix_a(), REPORT_SOURCE
    chosen = read_month(source, environ.get(MONTH_ENV, "") or LATEST)
    return chosen.counts, environ.get(LABEL_ENV, "") or chosen.label
