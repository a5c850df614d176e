"""Turn a column of typed labels into codes of a vocabulary, once per value.

A million-row column holds a dozen distinct labels, so each distinct value is
normalised once (through the explicit alias tables) and the result is spread
back over the rows with one array lookup. Unknown labels are reported with
the nearest valid label suggested.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from dp_analysis.loading import aliases
from dp_analysis.loading.problems import ProblemLog, Reason

UNKNOWN = -1
MISSING = -2
TOTAL = -3

#: Labels a totals row or column carries in a tidy file or a pivot.
TOTAL_LABELS = frozenset({"grand total", "total", "totals", "all", "sum"})


def is_total(text: object) -> bool:
    """Return True for a label that marks a totals row or column."""
    return aliases.fold(text) in TOTAL_LABELS


def label_codes(
    values: pd.Series,
    valid: Sequence[str],
    normalise: Callable[[str], str | None],
    *,
    header: str,
    expected: str,
    problems: ProblemLog,
    suggest: Callable[[str], str | None] | None = None,
    totals: bool = False,
) -> np.ndarray:
    """Return the position in ``valid`` of each value's canonical label.

    Unknown labels give :data:`UNKNOWN` and empty cells :data:`MISSING`, each
    recorded in ``problems``; with ``totals`` a totals label gives
    :data:`TOTAL` and is left for the caller to check.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    position = {label: index for index, label in enumerate(valid)}
    lookup = np.empty(len(uniques) + 1, dtype=np.int64)
    lookup[-1] = MISSING  # factorize's sentinel -1 reads the last slot
    for index, value in enumerate(uniques):
        text = str(value)
        canonical = normalise(text) if text.strip() else None
        if canonical is not None:
            lookup[index] = position[canonical]
        elif not text.strip():
            lookup[index] = MISSING
        elif totals and is_total(text):
            lookup[index] = TOTAL
        else:
            lookup[index] = UNKNOWN
    result = lookup[codes]

    unknown = np.flatnonzero(result == UNKNOWN)
    if unknown.size:
        found = values.iloc[unknown[:50]]
        hints = [suggest(str(v)) if suggest else None for v in found]
        problems.add_rows(
            Reason.UNKNOWN_LABEL,
            header,
            values.index[unknown],
            list(found),
            expected,
            hints,
        )
    missing = np.flatnonzero(result == MISSING)
    if missing.size:
        problems.add_rows(
            Reason.MISSING_VALUE,
            header,
            values.index[missing],
            [None] * min(missing.size, 50),
            expected,
        )
    return result
