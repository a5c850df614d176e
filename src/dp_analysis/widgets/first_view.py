"""A first view of a dashboard: its results as plain HTML, drawn at once.

Voilà shows a widget only after the browser has loaded its own front end
(some 10 MB of JavaScript), started the widget manager and fetched every
widget's state from the kernel. That takes seconds, while the results were
computed before the page was asked for. So the dashboard also sends its
results as plain HTML under its own MIME type, :data:`MIME_TYPE`: the
dashboards' page template (``config/voila``) writes it into the page as it
streams, the charts draw as soon as plotly.js has loaded, and the live
widgets replace the first view when every live chart has drawn.

Served another way (plain ``voila``, JupyterLab), nothing knows the MIME
type, so nothing of it is shown.

>>> import ipywidgets
>>> box = ipywidgets.VBox([ipywidgets.HTML("<p>Total: 308</p>")])
>>> static_html(box)
'<div class="dp-first-view-box"><p>Total: 308</p></div>'
"""

from __future__ import annotations

import html
import json

import ipywidgets

from dp_analysis.widgets.chart import Chart

MIME_TYPE = "application/vnd.dp-analysis.first-view+html"


def _script_json(value: object) -> str:
    """Return ``value`` as JSON that cannot close the ``<script>`` holding it."""
    return json.dumps(value, separators=(",", ":")).replace("<", "\\u003c")


def chart_html(chart: Chart) -> str:
    """Return a chart as a ``<figure>`` whose plot the page draws.

    >>> from dp_analysis.widgets.figure_style import bar_figure
    >>> text = chart_html(Chart(bar_figure(), "No bars yet."))
    >>> text.startswith('<figure class="dp-chart">'), "No bars yet." in text
    (True, True)
    """
    return (
        '<figure class="dp-chart">'
        '<div class="dp-first-view-plot" aria-hidden="true"></div>'
        f'<script type="application/json">{_script_json(chart.figure)}</script>'
        f'<figcaption class="dp-chart-summary">{html.escape(chart.summary)}'
        "</figcaption></figure>"
    )


def static_html(widget: ipywidgets.Widget) -> str:
    """Return what a results widget shows, as HTML; controls give nothing."""
    if isinstance(widget, Chart):
        return chart_html(widget)
    if isinstance(widget, ipywidgets.HTML | ipywidgets.HTMLMath):
        return str(widget.value)
    if isinstance(widget, ipywidgets.Box):
        direction = " dp-first-view-row" if isinstance(widget, ipywidgets.HBox) else ""
        inner = "".join(static_html(child) for child in widget.children)
        return f'<div class="dp-first-view-box{direction}">{inner}</div>'
    return ""


class FirstView:
    """The HTML of a dashboard's first view, displayed under :data:`MIME_TYPE`."""

    def __init__(self, body: str, charts: int):
        self.body = body
        self.charts = charts

    def html(self) -> str:
        """Return the first view, with the number of live charts to wait for."""
        return (
            f'<div class="dp-first-view" data-charts="{self.charts}">{self.body}</div>'
        )

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {MIME_TYPE: self.html()}
