"""The Government Analysis Function look: the afcharts plotly template.

Importing :mod:`afcharts.pio_template` registers a plotly template named
``afcharts`` (the Analysis Function's accessible colours, sans-serif type,
light grid). Every chart here uses it by name, so nothing depends on plotly's
global default.
"""

from __future__ import annotations

import textwrap

import afcharts.pio_template  # noqa: F401  (registers the "afcharts" template)
import plotly.graph_objects as go
from afcharts.af_colours import get_af_colours

TEMPLATE = "afcharts"
CATEGORICAL = tuple(get_af_colours("categorical"))
DUO = tuple(get_af_colours("duo"))
FOCUS = tuple(get_af_colours("focus"))
# Light to dark, so that more people read as a darker cell.
SEQUENTIAL = tuple(reversed(get_af_colours("sequential")))
TITLE_WIDTH = 80
TITLE_SIZE = 19  # the template's 30 px title runs off a notebook-wide chart


def wrap(text: str, width: int = TITLE_WIDTH) -> str:
    """Return ``text`` broken into lines of at most ``width`` with ``<br>``.

    >>> wrap("a b c", width=3)
    'a b<br>c'
    """
    return "<br>".join(textwrap.wrap(text, width=width)) or text


def finish(
    figure: go.Figure, title: str, *, height: int = 420, legend: bool = False
) -> go.Figure:
    """Return ``figure`` with the template, a wrapped title and room for it.

    With ``legend`` a one-line legend goes between the title and the plot.
    """
    lines = wrap(title).count("<br>") + 1
    top = 40 + 24 * lines + (32 if legend else 0)
    figure.update_layout(
        template=TEMPLATE,
        title={
            "text": wrap(title),
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 30},
            "font": {"size": TITLE_SIZE},
        },
        margin={"t": top, "l": 10, "r": 10, "b": 10},
        height=height + top,
        showlegend=legend,
    )
    if legend:
        figure.update_layout(
            legend={
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": 1.02,
                "yanchor": "bottom",
            }
        )
    return figure
