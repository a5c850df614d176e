"""The chart bundle: a figure with its table, takeaway title and text alternative."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go


@dataclass(frozen=True)
class ChartBundle:
    """A chart as the notebooks publish it.

    ``title`` states the takeaway in one sentence; ``alt_text`` describes the
    chart for someone who cannot see it; ``table`` holds the numbers drawn,
    so that every value can be read without the chart; ``name`` names the
    table's CSV file, and stays the same when the data change; ``hidden``
    marks the values of ``table`` the month's disclosure plan hides.
    """

    figure: go.Figure
    table: pd.DataFrame
    title: str
    alt_text: str
    name: str = ""  # a stable file name for the table, e.g. "table_5"
    #: True for each value of ``table`` that public mode hides, when the month's
    #: disclosure plan decides (None: the table is suppressed on its own).
    hidden: pd.DataFrame | None = None

    @property
    def slug(self) -> str:
        """Return a file-name form of the title, for the table's CSV.

        >>> ChartBundle(go.Figure(), pd.DataFrame(), "Most are in band 2!", "").slug
        'most-are-in-band-2'
        """
        words = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")
        return words[:60].rstrip("-") or "chart"
