"""Bar charts: one measure by a label, or several measures side by side."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dp_analysis import disclosure, narrative
from dp_analysis.figures.bundle import ChartBundle
from dp_analysis.figures.style import CATEGORICAL, FOCUS, finish
from dp_analysis.figures.suppression import hidden_values


def _labels(values: pd.Series, drawn: pd.Series, money: bool) -> list[str]:
    if money:
        return [narrative.money(v) for v in values]
    return [
        narrative.SUPPRESSED if pd.isna(shown) else f"{value:,g}"
        for value, shown in zip(values, drawn, strict=True)
    ]


def bar_chart(
    values: pd.Series,
    *,
    title: str,
    alt_text: str,
    value_name: str = "people",
    highlight: str | None = None,
    money: bool = False,
    public: bool = False,
    hidden: pd.Series | None = None,
) -> ChartBundle:
    """Return horizontal bars of ``values`` (label to number), in index order.

    ``highlight`` picks one bar out in the focus colour, the rest in grey.
    With ``public`` a count the published table hides is drawn as no bar,
    labelled ``[c]``; ``hidden`` (True per label), from the month's
    disclosure plan, says which when given.

    >>> bundle = bar_chart(pd.Series({"a": 3, "b": 40, "c": 12}), title="t",
    ...                    alt_text="a", public=True)
    >>> bundle.figure.data[0].x, bundle.figure.data[0].text
    ((None, 40.0, None), ('[c]', '40', '[c]'))
    """
    values = values.copy()
    values.index = values.index.astype(str)
    planned = hidden is not None
    if hidden is not None:
        hidden = disclosure.aligned(hidden, values.index)
    else:
        hidden = hidden_values(values, public and not money)
    drawn = values.astype("float64").mask(hidden)
    if highlight is None:
        colours = [CATEGORICAL[0]] * len(values)
    else:
        colours = [
            FOCUS[0] if label == highlight else FOCUS[1] for label in values.index
        ]
    figure = go.Figure(
        go.Bar(
            x=[None if pd.isna(v) else v for v in drawn],
            y=list(values.index),
            orientation="h",
            marker_color=colours,
            text=_labels(values, drawn, money),
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{y}}: %{{text}} {value_name}<extra></extra>",
        )
    )
    # A hidden count has no bar; say so where the bar would start.
    for label in values.index[hidden.to_numpy()]:
        figure.add_annotation(
            x=0, y=label, text=narrative.SUPPRESSED, xanchor="left", showarrow=False
        )
    figure.update_yaxes(autorange="reversed", title_text=values.index.name)
    figure.update_xaxes(title_text=value_name.capitalize())
    figure.update_layout(hovermode="closest")
    table = values.rename(value_name).to_frame()
    height = max(300, 40 * len(values) + 120)
    mask = hidden.rename(value_name).to_frame() if planned else None
    return ChartBundle(
        finish(figure, title, height=height), table, title, alt_text, hidden=mask
    )


def grouped_bar_chart(
    table: pd.DataFrame,
    *,
    title: str,
    alt_text: str,
    value_name: str,
    money: bool = False,
    public: bool = False,
    hidden: pd.DataFrame | None = None,
) -> ChartBundle:
    """Return vertical bars for each column of ``table``, grouped by its index.

    Each column is one series (in the categorical palette, with a legend).
    ``hidden`` (True per value), from the month's disclosure plan, leaves
    values out of the figure.

    >>> frame = pd.DataFrame({"SPB": [100.0, 50.0], "ASC": [120.0, 40.0]},
    ...                      index=["band 1", "band 2"])
    >>> bundle = grouped_bar_chart(frame, title="t", alt_text="a", value_name="£",
    ...                            money=True)
    >>> [trace.name for trace in bundle.figure.data]
    ['SPB', 'ASC']
    """
    figure = go.Figure()
    for colour, column in zip(CATEGORICAL, table.columns, strict=False):
        values = table[column]
        if hidden is not None:
            left_out = disclosure.aligned(hidden[column], values.index)
            left_out.index = values.index
        else:
            left_out = hidden_values(values, public and not money)
        drawn = values.astype("float64").mask(left_out)
        figure.add_trace(
            go.Bar(
                name=str(column),
                x=[str(label) for label in table.index],
                y=[None if pd.isna(v) else v for v in drawn],
                marker_color=colour,
                text=_labels(values, drawn, money),
                hovertemplate=f"{column}, %{{x}}: %{{text}}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="group",
        hovermode="closest",
    )
    figure.update_yaxes(title_text=value_name)
    figure.update_xaxes(title_text=table.index.name)
    figure.update_traces(textposition="none")
    return ChartBundle(
        finish(figure, title, legend=True), table, title, alt_text, hidden=hidden
    )
