"""A two-way table drawn as a heatmap, every cell labelled with its count."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dp_analysis import disclosure, narrative
from dp_analysis.figures.bundle import ChartBundle
from dp_analysis.figures.style import SEQUENTIAL, finish
from dp_analysis.figures.suppression import hidden_cells


def heatmap(
    table: pd.DataFrame,
    *,
    title: str,
    alt_text: str,
    value_name: str = "people",
    public: bool = False,
    hidden: pd.DataFrame | None = None,
) -> ChartBundle:
    """Return a heatmap of ``table`` (rows down, columns across), as a bundle.

    ``table`` holds counts only, without margins; its index and column names
    title the axes. With ``public`` every count the published table hides
    (:mod:`dp_analysis.disclosure`, secondary suppression included) is left
    out of the figure altogether, drawn blank and labelled ``[c]``, so it
    cannot be read from the page's data either. ``hidden`` (True per cell),
    from the month's disclosure plan, says which cells when given.

    >>> table = pd.DataFrame({"A": [1, 20], "B": [30, 40]},
    ...                      index=pd.Index(["x", "y"], name="row"))
    >>> bundle = heatmap(table, title="t", alt_text="a", public=True)
    >>> bundle.figure.data[0].text
    (['[c]', '[c]'], ['[c]', '[c]'])
    """
    table = table.copy()
    table.columns = table.columns.astype(str)
    table.index = table.index.astype(str)
    planned = hidden is not None
    if hidden is not None:
        hidden = disclosure.aligned(hidden, table.index, table.columns)
    else:
        hidden = hidden_cells(table, public)
    values = table.astype("float64").mask(hidden)
    labels = [
        [narrative.SUPPRESSED if pd.isna(v) else f"{int(v):,}" for v in row]
        for row in values.to_numpy()
    ]
    figure = go.Figure(
        go.Heatmap(
            z=[[None if pd.isna(v) else v for v in row] for row in values.to_numpy()],
            x=list(table.columns),
            y=list(table.index),
            text=labels,
            texttemplate="%{text}",
            colorscale=list(SEQUENTIAL),
            colorbar={"title": {"text": value_name.capitalize()}},
            hovertemplate=(
                f"{table.index.name or 'row'}: %{{y}}<br>"
                f"{table.columns.name or 'column'}: %{{x}}<br>"
                f"{value_name.capitalize()}: %{{text}}<extra></extra>"
            ),
            xgap=2,
            ygap=2,
        )
    )
    figure.update_yaxes(autorange="reversed", title_text=table.index.name)
    figure.update_xaxes(title_text=table.columns.name, tickangle=-30)
    figure.update_layout(hovermode="closest")
    return ChartBundle(
        finish(figure, title, height=460),
        table,
        title,
        alt_text,
        hidden=hidden if planned else None,
    )
