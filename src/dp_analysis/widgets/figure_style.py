"""Empty plotly figures in the Analysis Function style, filled by dashboards.

The ``afcharts`` package registers a plotly template with the Government
Analysis Function's accessible colours; the dashboards start every figure
from it, with a smaller font and height than the report pages use.
"""

from __future__ import annotations

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" template)
import plotly.graph_objects as go

TEMPLATE = "afcharts"
GBP_TICKS = "£,.0f"


def bar_figure(height: int = 420) -> go.Figure:
    """Return an empty bar chart figure in the house style."""
    figure = go.Figure()
    figure.update_layout(
        template=TEMPLATE,
        height=height,
        font_size=14,
        title_font_size=17,
        margin={"l": 70, "r": 20, "t": 60, "b": 120},
        legend={"orientation": "h", "y": -0.35},
    )
    return figure
