"""Which values a chart may not draw in public mode.

A chart must hide what its published table hides, secondary suppression
included, or the hidden counts could be read from the page's data. The rule
itself is :mod:`dp_analysis.disclosure`'s.
"""

from __future__ import annotations

import pandas as pd

from dp_analysis import disclosure


def hidden_cells(table: pd.DataFrame, public: bool) -> pd.DataFrame:
    """Return True for each cell of a count table that public mode hides.

    >>> table = pd.DataFrame({"A": [3, 20], "B": [15, 12]}, index=["x", "y"])
    >>> hidden_cells(table, public=True).to_numpy().tolist()
    [[True, True], [True, True]]
    >>> bool(hidden_cells(table, public=False).to_numpy().any())
    False
    """
    if not public:
        return pd.DataFrame(False, index=table.index, columns=table.columns)
    body = table.copy()
    body.index = body.index.astype(str)
    body.columns = body.columns.astype(str)
    hidden = disclosure.suppress_table(body.astype("int64")).hidden
    hidden = hidden.loc[body.index, body.columns]
    return pd.DataFrame(hidden.to_numpy(), index=table.index, columns=table.columns)


def hidden_values(values: pd.Series, public: bool) -> pd.Series:
    """Return True for each count of a one-column table that public mode hides.

    >>> hidden_values(pd.Series({"a": 3, "b": 40, "c": 12}), public=True).tolist()
    [True, False, True]
    """
    if not public:
        return pd.Series(False, index=values.index)
    frame = values.rename("count").to_frame()
    return hidden_cells(frame, public=True)["count"]
