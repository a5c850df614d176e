"""The loading layer: every source enters here and is validated once.

Three kinds of source give the same tidy counts table
(:mod:`dp_analysis.counts`):

- **aggregated counts**, like ``data/appendix_a_2019-06.csv``, as CSV, Excel
  (including the report's own pivot layout) or Parquet;
- a **client-level extract**, one row per person, as CSV, Excel or Parquet,
  banded and aggregated on load, keeping all clients as the denominator;
- the same extract from a **SQL database** through SQLAlchemy.

:func:`load_counts` either returns a complete, validated
:class:`LoadedData` or raises
:class:`~dp_analysis.exceptions.DataValidationError` listing every problem
found: nothing half-loaded reaches a model.

>>> from dp_analysis import paths
>>> loaded = load_counts(paths.APPENDIX_A)
>>> loaded.kind, loaded.months, int(loaded.counts["people"].sum())
('aggregated', ['2019-06'], 308)
"""

from __future__ import annotations

import logging
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from dp_analysis import counts as counts_table
from dp_analysis.exceptions import DPAnalysisWarning
from dp_analysis.loading import database, readers
from dp_analysis.loading.aggregated import counts_from_table
from dp_analysis.loading.columns import detect_kind
from dp_analysis.loading.extract import counts_from_extract
from dp_analysis.loading.pivot import counts_from_pivot
from dp_analysis.loading.problems import ProblemLog, Reason

logger = logging.getLogger(__name__)

__all__ = ["LoadedData", "Reason", "load_counts", "validate_source"]

Source = str | Path | sa.engine.Engine


@dataclass(frozen=True)
class LoadedData:
    """A validated source: its tidy counts and what is known about it."""

    counts: pd.DataFrame
    source: str
    rows_read: int
    kind: str  # "aggregated", "extract" or "database"
    synthetic: bool
    months: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def people(self) -> int:
        """Return the number of people on a direct payment, all months."""
        return int(self.counts["people"].sum())


def load_counts(
    source: Source,
    *,
    month: str | None = None,
    table: str | None = None,
    query: str | None = None,
) -> LoadedData:
    """Return the validated counts of a file or database source.

    ``month`` (``YYYY-MM``) keeps one month of a multi-month source, or names
    the month of a source that has none (a report-style pivot). ``table`` or
    ``query`` say what to read from a database URL or engine.

    Raises :class:`~dp_analysis.exceptions.DataValidationError` with every
    problem found.
    """
    started = time.perf_counter()
    problems = ProblemLog()

    # 1. Read: bytes to a raw table indexed by spreadsheet row numbers.
    if isinstance(source, sa.engine.Engine) or (
        isinstance(source, str) and database.is_database_url(source)
    ):
        raw = database.read_database(
            source, table=table, query=query, problems=problems
        )
        kind = "database"
    else:
        raw = readers.read_file(Path(source), problems)
        kind = ""
    problems.raise_if_any(raw.source)

    # 2. Validate and aggregate, by the shape of what was read.
    if raw.grid is not None:
        counts, synthetic = counts_from_pivot(raw, month, problems)
        kind, rows_read = "aggregated", sum(len(rows) for rows in raw.grid.values())
    else:
        assert raw.frame is not None
        rows_read = len(raw.frame)
        shape = detect_kind(raw, problems)
        problems.raise_if_any(raw.source)
        if shape == "aggregated":
            counts, synthetic = counts_from_table(raw, month, problems)
        else:
            counts, synthetic = counts_from_extract(raw, month, problems)
        kind = kind or str(shape)
    problems.raise_if_any(raw.source)

    # 3. Hand over a complete table, and say what was read.
    loaded = LoadedData(
        counts=counts,
        source=raw.source,
        rows_read=rows_read,
        kind=kind,
        synthetic=synthetic,
        months=counts_table.months(counts),
        warnings=list(raw.warnings),
    )
    logger.info(
        "read %s: %s rows, kind %s, months %s, %s people%s, in %.2f s",
        loaded.source,
        f"{rows_read:,}",
        kind,
        ", ".join(loaded.months),
        f"{loaded.people:,}",
        " (SYNTHETIC)" if synthetic else "",
        time.perf_counter() - started,
    )
    for warning in loaded.warnings:
        logger.warning("%s: %s", loaded.source, warning)
        warnings.warn(f"{loaded.source}: {warning}", DPAnalysisWarning, stacklevel=2)
    return loaded


def validate_source(
    source: Source,
    *,
    month: str | None = None,
    table: str | None = None,
    query: str | None = None,
) -> LoadedData:
    """Validate a source and return it loaded; the same as :func:`load_counts`.

    Kept as its own name for the command line and for readers of calling
    code: validating a source *is* loading it, since loading validates.
    """
    return load_counts(source, month=month, table=table, query=query)
