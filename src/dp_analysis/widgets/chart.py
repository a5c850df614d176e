"""A plotly chart as a light widget, with a text alternative beside it.

plotly's own ``FigureWidget`` ships the whole of plotly.js (about 5 MB) inside
every widget's state, so a page with three charts sends and parses it three
times. :class:`Chart` sends only the figure's JSON. plotly.js is loaded once
per page from the dashboard server (``dp-analysis serve`` exposes the file
that :func:`~dp_analysis.widgets.plotly_js.plotly_js` chooses, plotly's basic
bundle when it is installed, and its page template starts the download before
the kernel connects). Served any other way (plain ``voila``), the widget
carries that file itself, so the chart still draws offline.

Every chart is drawn inside a ``<figure>`` whose ``<figcaption>`` holds a
plain-English summary: the text alternative for screen readers and for
anyone who cannot read the chart. The table behind the chart is a separate
:class:`~dp_analysis.widgets.table.DataTable`.
"""

from __future__ import annotations

import json
import os
from functools import cache

import anywidget
import plotly.graph_objects as go
import traitlets

from dp_analysis.widgets.plotly_js import BASIC_TRACES, plotly_js, uses_basic_bundle

PLOTLY_URL_ENV = "DP_ANALYSIS_PLOTLY_URL"

_RENDER_JS = """
function plotlyReady(url) {
  if (window.Plotly) { return Promise.resolve(window.Plotly); }
  if (!window.dpPlotlyReady) {
    window.dpPlotlyReady = new Promise((resolve, reject) => {
      let tag = document.querySelector("script[data-dp-plotly]");
      if (!tag) {
        tag = document.createElement("script");
        tag.src = url;
        tag.setAttribute("data-dp-plotly", "");
        document.head.appendChild(tag);
      }
      tag.addEventListener("load", () => resolve(window.Plotly));
      tag.addEventListener("error", reject);
      if (window.Plotly) { resolve(window.Plotly); }
    });
  }
  return window.dpPlotlyReady;
}

async function render({ model, el }) {
  const figure = document.createElement("figure");
  figure.className = "dp-chart";
  const plot = document.createElement("div");
  plot.className = "dp-chart-plot";
  plot.setAttribute("aria-hidden", "true");
  const caption = document.createElement("figcaption");
  caption.className = "dp-chart-summary";
  figure.append(plot, caption);
  el.appendChild(figure);
  const Plotly = await plotlyReady(model.get("plotly_url"));
  const draw = () => {
    const spec = model.get("figure");
    caption.textContent = model.get("summary");
    Plotly.react(plot, spec.data || [], spec.layout || {}, {
      displaylogo: false, responsive: true,
      modeBarButtonsToRemove: ["sendDataToCloud"],
    }).then(() => {
      plot.dataset.revision = String(model.get("revision"));
      // The page's first view (if any) gives way once every live chart is drawn.
      if (window.dpFirstView) { window.dpFirstView.liveDrawn(); }
    });
  };
  draw();
  model.on("change:revision", draw);
}

export default { render };
"""


@cache
def _esm() -> str:
    """Return the widget's module: light when the server serves plotly.js."""
    if os.environ.get(PLOTLY_URL_ENV):
        return _RENDER_JS
    # Served without our server: carry plotly.js, which sets window.Plotly.
    return plotly_js().read_text(encoding="utf-8") + "\n" + _RENDER_JS


class Chart(anywidget.AnyWidget):
    """One plotly figure and its text alternative, redrawn on every change.

    Build the ``go.Figure`` once, change its traces in place, then call
    :meth:`show` to send the new figure. ``revision`` counts the redraws;
    the browser copies it to the plot's ``data-revision`` when drawn, which
    the browser tests wait on.
    """

    figure = traitlets.Dict().tag(sync=True)
    summary = traitlets.Unicode("").tag(sync=True)
    revision = traitlets.Int(0).tag(sync=True)
    plotly_url = traitlets.Unicode("").tag(sync=True)

    def __init__(self, figure: go.Figure, summary: str = "", **kwargs: object):
        self._esm = _esm()  # read by AnyWidget.__init__
        super().__init__(**kwargs)
        self.plotly_url = os.environ.get(PLOTLY_URL_ENV, "")
        self.go_figure = figure
        self.show(summary)

    def show(self, summary: str) -> None:
        """Send the current figure and its summary to the page.

        Raises ``ValueError`` for a trace type that the plotly.js being served
        cannot draw (the basic bundle has only bar, pie and scatter), rather
        than leave the chart blank in the browser.
        """
        if uses_basic_bundle():
            missing = {trace.type for trace in self.go_figure.data} - BASIC_TRACES
            if missing:
                raise ValueError(
                    f"plotly.js's basic bundle cannot draw {sorted(missing)} "
                    f"traces; it has {sorted(BASIC_TRACES)}"
                )
        with self.hold_sync():
            # to_json turns numpy arrays into lists the comm can carry.
            self.figure = json.loads(self.go_figure.to_json())
            self.summary = summary
            self.revision += 1
