"""Which kind of source a table is, and whether it has the columns it needs.

An aggregated table has a ``people`` column; a client-level extract has a
weekly cost and a delivery mechanism. The same idea can carry either kind's
name (a ``month`` column in an extract, a primary support reason in a counts
table), so each kind renames the other's names to its own before checking.
"""

from __future__ import annotations

import difflib

from dp_analysis.loading import aliases
from dp_analysis.loading.problems import ProblemLog, Reason
from dp_analysis.loading.readers import RawTable

_SYNONYMS = {
    "aggregated": {"snapshot_month": "month", "primary_support_reason": "client_group"},
    "extract": {"month": "snapshot_month", "client_group": "primary_support_reason"},
}
_REQUIRED = {
    "aggregated": aliases.AGGREGATED_REQUIRED,
    "extract": aliases.EXTRACT_REQUIRED,
}
_OPTIONAL = {
    "aggregated": aliases.AGGREGATED_OPTIONAL,
    "extract": (*aliases.EXTRACT_AGE, *aliases.EXTRACT_OPTIONAL),
}


def detect_kind(raw: RawTable, problems: ProblemLog) -> str | None:
    """Return 'aggregated' or 'extract' from the columns, or None (recorded)."""
    assert raw.frame is not None
    present = set(raw.frame.columns)
    if "people" in present:
        return "aggregated"
    scores = {}
    for kind, synonyms in _SYNONYMS.items():
        named = {synonyms.get(column, column) for column in present}
        scores[kind] = len(named & (set(_REQUIRED[kind]) | set(_OPTIONAL[kind])))
    if scores["extract"] > scores["aggregated"]:
        return "extract"
    if scores["aggregated"] > scores["extract"]:
        return "aggregated"
    found = ", ".join(f"'{c}'" for c in raw.frame.columns) or "no columns"
    problems.add(
        Reason.MISSING_COLUMN,
        f"found {found}; expected either aggregated counts (columns "
        f"{', '.join(aliases.AGGREGATED_REQUIRED)}, and month) or a client-level "
        f"extract (columns {', '.join(aliases.EXTRACT_REQUIRED)}, and age or "
        "date_of_birth)",
        row=1,
    )
    return None


def check_columns(raw: RawTable, kind: str, problems: ProblemLog) -> None:
    """Rename the other kind's names, then record missing columns.

    Columns nobody asked for are ignored, with a warning in ``raw.warnings``.
    """
    assert raw.frame is not None
    renames = {
        old: new
        for old, new in _SYNONYMS[kind].items()
        if old in raw.frame and new not in raw.frame
    }
    if renames:
        raw.frame = raw.frame.rename(columns=renames)
        for old, new in renames.items():
            raw.headers[new] = raw.headers.pop(old, old)

    known = set(_REQUIRED[kind]) | set(_OPTIONAL[kind])
    unrecognised = [str(c) for c in raw.frame.columns if c not in known]
    required = list(_REQUIRED[kind])
    if kind == "extract" and not set(aliases.EXTRACT_AGE) & set(raw.frame.columns):
        required.append("age")
    for column in required:
        if column in raw.frame:
            continue
        message = f"no '{column}' column; expected a column named '{column}'"
        if column == "age":
            message = "no 'age' or 'date_of_birth' column; expected one of them"
        near = difflib.get_close_matches(column, unrecognised, n=1, cutoff=0.6)
        if near:
            message += f" (is '{near[0]}' meant to be it?)"
        problems.add(Reason.MISSING_COLUMN, message, row=1, column=column)
    for column in unrecognised:
        if not column.strip() or column.startswith("Unnamed"):
            continue
        raw.warnings.append(f"column '{column}' is not used and was ignored")
