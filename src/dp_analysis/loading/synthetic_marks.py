"""How synthetic data is recognised, and why it is never mixed with real data.

The generator in :mod:`dp_analysis.synthetic` marks its output three ways:
client ids start with ``SYN-``, a ``synthetic`` column is true, and the file
carries SYNTHETIC in its name (or in its Parquet metadata, or as a sheet of
its workbook). A source is synthetic when it carries any mark; when some rows
are marked and others are not, it is refused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dp_analysis.loading.problems import ProblemLog, Reason
from dp_analysis.loading.readers import RawTable

SYNTHETIC_ID_PREFIX = "SYN-"
_TRUE = frozenset({"true", "1", "yes", "y", "t"})


def row_marks(raw: RawTable) -> np.ndarray | None:
    """Return for each row whether it is marked synthetic (None if no marks)."""
    frame = raw.frame
    assert frame is not None
    marks: np.ndarray | None = None
    if "synthetic" in frame:
        marks = _as_bool(frame["synthetic"])
    if "client_id" in frame:
        ids = frame["client_id"].astype(str)
        by_id = ids.str.startswith(SYNTHETIC_ID_PREFIX).to_numpy(dtype=bool)
        if by_id.any():
            marks = by_id if marks is None else marks | by_id
    return marks


def table_is_synthetic(raw: RawTable, problems: ProblemLog) -> bool:
    """Return True for a synthetic source; record a mix of marked and unmarked."""
    marks = row_marks(raw)
    if marks is None or marks.size == 0:
        return raw.marked_synthetic
    if marks.all():
        return True
    if not marks.any() and not raw.marked_synthetic:
        return False
    assert raw.frame is not None
    unmarked = raw.frame.index[~marks]
    where = (
        "the file is marked SYNTHETIC"
        if raw.marked_synthetic and not marks.any()
        else f"{int(marks.sum()):,} rows are synthetic"
    )
    problems.add(
        Reason.MIXED_SYNTHETIC,
        f"{where} but {unmarked.size:,} rows are not (first at row "
        f"{int(unmarked[0])}); expected a source that is wholly synthetic or "
        "wholly real, never a mix",
        row=int(unmarked[0]),
        column=raw.header("synthetic")
        if "synthetic" in raw.frame
        else raw.header("client_id"),
    )
    return True


def _as_bool(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_bool_dtype(values):
        return values.fillna(False).to_numpy(dtype=bool)
    text = values.astype(str).str.strip().str.lower()
    return text.isin(_TRUE).to_numpy(dtype=bool)
