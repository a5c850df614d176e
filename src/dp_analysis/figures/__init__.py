"""Charts in the Government Analysis Function style, each with its table.

Every chart function returns a :class:`ChartBundle`: the plotly figure, the
table behind it, a title that states the takeaway in one sentence and a short
text alternative. Figures are built from model results, never from files.

- :mod:`~dp_analysis.figures.heatmap`: a two-way table as a heatmap;
- :mod:`~dp_analysis.figures.bars`: bars and grouped bars;
- :mod:`~dp_analysis.figures.tornado`: a sensitivity (tornado) chart;
- :mod:`~dp_analysis.figures.trend`: a line over months;
- :mod:`~dp_analysis.figures.report`: the report's charts, with takeaway
  titles written from the data.
"""

from dp_analysis.figures.bars import bar_chart, grouped_bar_chart
from dp_analysis.figures.bundle import ChartBundle
from dp_analysis.figures.heatmap import heatmap
from dp_analysis.figures.tornado import tornado_chart
from dp_analysis.figures.trend import trend_chart

__all__ = [
    "ChartBundle",
    "bar_chart",
    "grouped_bar_chart",
    "heatmap",
    "tornado_chart",
    "trend_chart",
]
