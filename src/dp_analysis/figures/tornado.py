"""A tornado chart: how far each input, moved down and up, shifts a result."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dp_analysis import narrative
from dp_analysis.figures.bundle import ChartBundle
from dp_analysis.figures.style import DUO, finish


def tornado_chart(
    sensitivity: pd.DataFrame,
    *,
    base: float,
    title: str,
    alt_text: str,
    measure: str,
    swing: float,
) -> ChartBundle:
    """Return a tornado chart of a sensitivity table, widest bar on top.

    ``sensitivity`` has columns ``input``, ``low`` and ``high`` (the measure
    with the input moved down and up by ``swing``); bars start at ``base``.

    >>> table = pd.DataFrame({"input": ["fee", "rate"], "low": [-10.0, 5.0],
    ...                       "high": [10.0, -5.0], "spread": [20.0, 10.0]})
    >>> bundle = tornado_chart(table, base=0.0, title="t", alt_text="a",
    ...                        measure="£", swing=0.2)
    >>> bundle.figure.data[0].y
    ('fee', 'rate')
    """
    ordered = sensitivity.sort_values("spread", ascending=False, kind="stable")
    figure = go.Figure()
    for colour, end, label in ((DUO[0], "low", "down"), (DUO[1], "high", "up")):
        figure.add_trace(
            go.Bar(
                name=f"Input {swing:.0%} {label}",
                y=ordered["input"].tolist(),
                x=(ordered[end] - base).tolist(),
                base=base,
                orientation="h",
                marker_color=colour,
                text=[narrative.money(v) for v in ordered[end]],
                hovertemplate="%{y}: %{text}<extra>" + label + "</extra>",
            )
        )
    figure.add_vline(x=base, line_color="black", line_width=1)
    figure.update_layout(
        barmode="overlay",
        hovermode="closest",
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=measure)
    figure.update_traces(textposition="none")
    table = ordered.set_index("input")[["low", "high", "spread"]]
    height = max(320, 45 * len(ordered) + 120)
    bundle_figure = finish(figure, title, height=height, legend=True)
    return ChartBundle(bundle_figure, table, title, alt_text)
