"""A line over months, for the monthly report's trend."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dp_analysis import narrative
from dp_analysis.figures.bundle import ChartBundle
from dp_analysis.figures.style import CATEGORICAL, finish


def trend_chart(
    by_month: pd.DataFrame,
    *,
    title: str,
    alt_text: str,
    value_name: str = "people",
    public: bool = False,
) -> ChartBundle:
    """Return one line per column of ``by_month`` (indexed by ``YYYY-MM``).

    With ``public`` a count from 1 to 7 is left out of its line (a gap).

    >>> frame = pd.DataFrame({"DP clients": [300, 308]}, index=["2019-05", "2019-06"])
    >>> trend_chart(frame, title="t", alt_text="a").figure.data[0].y
    (300.0, 308.0)
    """
    figure = go.Figure()
    for colour, column in zip(CATEGORICAL, by_month.columns, strict=False):
        values = by_month[column]
        hidden = values.map(narrative.is_small) if public else values * 0
        drawn = values.astype("float64").mask(hidden.astype(bool))
        figure.add_trace(
            go.Scatter(
                name=str(column),
                x=[narrative.month_name(m) for m in by_month.index],
                y=[None if pd.isna(v) else v for v in drawn],
                mode="lines+markers",
                line_color=colour,
                text=[narrative.people(v, public=public) for v in values],
                hovertemplate=f"{column}, %{{x}}: %{{text}}<extra></extra>",
            )
        )
    figure.update_yaxes(title_text=value_name.capitalize(), rangemode="tozero")
    figure.update_layout(
        hovermode="closest",
    )
    figure = finish(figure, title, legend=len(by_month.columns) > 1)
    return ChartBundle(figure, by_month, title, alt_text)
