"""The source as read and checked once by a refresh, handed over to its notebooks.

Every notebook reads its data with
:func:`dp_analysis.notebook_support.load`. Run on its own, a notebook reads
the source through :mod:`dp_analysis.loading`, which checks it. A refresh
has already read and checked the same source before it runs the notebooks,
so it saves what it read (:func:`save`) and tells its kernels where
(:func:`use`); ``load`` then takes the counts from that copy, as long as
the source file is the one that was read (same path, size and time of last
change). The kernels need not import the loaders (pandera, SQLAlchemy,
openpyxl) nor read the source again for every notebook, and every notebook
of a refresh analyses exactly the data its site's summary was built from.

The copy holds the tidy counts table, never a client-level row.
"""

from __future__ import annotations

import logging
import pickle
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

logger = logging.getLogger(__name__)

_FORMAT = 1
_handover_file: Path | None = None
_handed_over: dict[tuple[str, int], dict[str, Any]] = {}


@dataclass(frozen=True)
class CheckedSource:
    """A source's tidy counts, as checked by the loading layer, and its details."""

    counts: pd.DataFrame
    source: str
    rows_read: int
    kind: str
    synthetic: bool
    months: tuple[str, ...]
    warnings: tuple[str, ...]


def read(source: str | Path) -> CheckedSource:
    """Return the source read and checked by :func:`dp_analysis.loading.load_counts`.

    The warnings about the data are kept (once each), not shown.
    """
    from dp_analysis.exceptions import DPAnalysisWarning
    from dp_analysis.loading import load_counts

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DPAnalysisWarning)
        loaded = load_counts(source)
    data_warnings = [*map(str, loaded.warnings)] + [
        str(w.message) for w in caught if issubclass(w.category, DPAnalysisWarning)
    ]
    return CheckedSource(
        counts=loaded.counts,
        source=loaded.source,
        rows_read=loaded.rows_read,
        kind=loaded.kind,
        synthetic=bool(loaded.synthetic),
        months=tuple(loaded.months),
        warnings=tuple(dict.fromkeys(data_warnings)),
    )


def _stamp(source: str | Path) -> list[Any]:
    """Return what identifies a source file's content: path, size, last change."""
    path = Path(source).expanduser()
    if path.is_file():
        status = path.stat()
        return [str(path.resolve()), status.st_size, status.st_mtime_ns]
    return [str(source), None, None]


def save(checked: CheckedSource, source: str | Path, file: Path) -> Path:
    """Write ``checked`` (read from ``source``) to ``file`` for the notebooks."""
    record = {
        "format": _FORMAT,
        "stamp": _stamp(source),
        "counts": checked.counts,
        "details": {
            "source": checked.source,
            "rows_read": checked.rows_read,
            "kind": checked.kind,
            "synthetic": checked.synthetic,
            "months": checked.months,
            "warnings": checked.warnings,
        },
    }
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(f"{file.name}.partial")
    with partial.open("wb") as handle:
        pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(file)
    return file


def use(file: str | Path | None) -> None:
    """Let :func:`handed_over` answer from ``file`` (None: from no file)."""
    global _handover_file
    _handover_file = None if file is None else Path(file)


def handed_over(source: str | Path) -> CheckedSource | None:
    """Return the refresh's copy of ``source``, or None when it has none.

    None also when the source file has changed since the refresh read it.
    """
    if _handover_file is None or not _handover_file.is_file():
        return None
    key = (str(_handover_file), _handover_file.stat().st_mtime_ns)
    if key not in _handed_over:
        _handed_over.clear()
        with _handover_file.open("rb") as handle:
            # Written by this project's refresh, in its own work folder.
            _handed_over[key] = pickle.load(handle)
    record = _handed_over[key]
    if record.get("format") != _FORMAT or record["stamp"] != _stamp(source):
        return None
    logger.debug("Counts of %s handed over by the refresh", source)
    return CheckedSource(counts=record["counts"].copy(), **record["details"])
