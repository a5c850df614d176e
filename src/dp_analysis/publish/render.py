"""Executed notebooks to accessible HTML fragments, code hidden.

nbconvert's ``basic`` template gives the notebook's body with no styles; the
page around it comes from :mod:`~dp_analysis.publish.site`. Before export:

- plotly figures (the ``application/vnd.plotly.v1+json`` output) become a
  placeholder drawn by the site's one shared copy of plotly.js, with a text
  label, and the data behind each one is written as CSV;
- plotly's own copy of plotly.js, widget views and warnings on standard
  error are dropped: none can be shown on a static page that makes no
  request outside the site.

After export, the HTML is made to read the same on every run (the random
ids of pandas Stylers are renumbered) and to pass an accessibility audit
(every table gets a caption, every image a text alternative, heading
anchor links are removed).
"""

from __future__ import annotations

import base64
import copy
import html
import io
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pandas as pd
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

logger = logging.getLogger(__name__)

PLOTLY_MIME = "application/vnd.plotly.v1+json"
_DROPPED_MIMES = ("application/vnd.jupyter.widget-view+json", "application/javascript")
_HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove-output"})
_STYLER_ID = re.compile(r"T_([0-9a-f]{5})(?=[_\"' ])")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Chart:
    """A chart on a page and the table it is drawn from."""

    chart_id: str
    title: str
    csv_name: str
    table: pd.DataFrame


@dataclass
class RenderedNotebook:
    """One executed notebook as an HTML fragment, with its charts' tables."""

    name: str
    title: str
    body: str
    charts: list[Chart] = field(default_factory=list)
    suppressed_values: int = 0


def _exporter() -> HTMLExporter:
    """Return an HTML exporter that writes the body only, with no code."""
    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.anchor_link_text = ""
    return exporter


class NotebookRenderer:
    """Render executed notebooks; one exporter is reused for every notebook."""

    def __init__(self) -> None:
        self._exporter = _exporter()

    def render(self, path: Path, name: str | None = None) -> RenderedNotebook:
        """Return the notebook at ``path`` as a fragment for a site page."""
        return self.render_node(nbformat.read(path, as_version=4), name or path.stem)

    def render_node(self, notebook: Any, name: str) -> RenderedNotebook:
        """Return an executed notebook (a ``NotebookNode``) as a page fragment."""
        charts: list[Chart] = []
        notebook = _prepare(notebook, name, charts)
        body, _ = self._exporter.from_notebook_node(notebook)
        body, title = _finish_html(body, fallback_title=_title_from_name(name))
        return RenderedNotebook(
            name=name,
            title=title,
            body=body,
            charts=charts,
            suppressed_values=body.count("[c]"),
        )


def _title_from_name(name: str) -> str:
    """Return a readable title from a file stem such as ``01_uptake_profile``."""
    words = re.sub(r"^\d+[_\- ]*", "", name).replace("_", " ").replace("-", " ")
    return words.strip().capitalize() or name


def _prepare(notebook: Any, name: str, charts: list[Chart]) -> Any:
    """Return a copy of ``notebook`` with outputs fit for a static page."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if _HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            cell["outputs"] = []
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            data = output.get("data")
            if data is None:
                kept.append(output)
                continue
            if PLOTLY_MIME in data:
                chart = _chart_from_figure(data[PLOTLY_MIME], name, len(charts) + 1)
                charts.append(chart)
                output["data"] = {"text/html": chart_markup(chart, data[PLOTLY_MIME])}
                kept.append(output)
                continue
            if any(mime in data for mime in _DROPPED_MIMES):
                continue
            if "window.PlotlyConfig" in str(data.get("text/html", "")):
                continue
            kept.append(output)
        cell["outputs"] = kept
    # A code cell with nothing to show would leave an empty box on the page.
    notebook.cells = [
        c for c in notebook.cells if c.cell_type != "code" or c.get("outputs")
    ]
    return notebook


def _chart_from_figure(figure: dict[str, Any], name: str, number: int) -> Chart:
    """Return the chart's id, title and the table its traces are drawn from."""
    chart_id = f"{name}-chart-{number}"
    title = _figure_title(figure) or f"Chart {number}"
    return Chart(chart_id, title, f"{chart_id}.csv", figure_table(figure))


def _figure_title(figure: dict[str, Any]) -> str:
    """Return the figure's title as plain text."""
    title = figure.get("layout", {}).get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    return html.unescape(_TAG.sub(" ", text)).strip()


def _figure_alt(figure: dict[str, Any]) -> str:
    """Return the figure's text alternative (``layout.meta``) or its title."""
    meta = figure.get("layout", {}).get("meta")
    if isinstance(meta, dict):
        for key in ("alt", "description", "text_alternative"):
            if meta.get(key):
                return str(meta[key])
    if isinstance(meta, str) and meta:
        return meta
    return _figure_title(figure) or "Chart"


def chart_markup(chart: Chart, figure: dict[str, Any]) -> str:
    """Return the HTML placeholder the site's chart script draws into."""
    spec = {"data": figure.get("data", []), "layout": figure.get("layout", {})}
    payload = json.dumps(spec, separators=(",", ":"), ensure_ascii=False)
    payload = payload.replace("</", "<\\/")
    label = html.escape(_figure_alt(figure), quote=True)
    return (
        f'<figure class="chart">'
        f'<div class="plotly-chart" id="{chart.chart_id}" role="img" '
        f'aria-label="{label}"></div>'
        f'<script type="application/json" class="plotly-figure" '
        f'data-target="{chart.chart_id}">{payload}</script>'
        f"<figcaption>{html.escape(chart.title)} "
        f'<a href="data/{chart.csv_name}">The data behind this chart (CSV)</a>'
        f"</figcaption></figure>"
    )


def _decode(values: Any) -> list[Any]:
    """Return a trace array as a list, decoding plotly's base64 typed arrays."""
    if isinstance(values, dict) and "bdata" in values:
        array = np.frombuffer(
            base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])
        )
        shape = values.get("shape")
        if shape:
            array = array.reshape([int(s) for s in str(shape).split(",")])
        return array.tolist()
    if isinstance(values, list | tuple):
        return list(values)
    return [] if values is None else [values]


def figure_table(figure: dict[str, Any]) -> pd.DataFrame:
    """Return the values a plotly figure draws, one row per point.

    >>> figure_table({"data": [{"type": "bar", "name": "People",
    ...                         "x": ["A", "B"], "y": [3, 5]}]})
       series  x  y
    0  People  A  3
    1  People  B  5
    """
    frames = []
    for number, trace in enumerate(figure.get("data", []), start=1):
        series = trace.get("name") or f"trace {number}"
        kind = trace.get("type", "scatter")
        if "z" in trace:
            z = _decode(trace["z"])
            ys = _decode(trace.get("y")) or list(range(len(z)))
            xs = _decode(trace.get("x")) or list(range(len(z[0]) if z else 0))
            rows = [
                {"series": series, "y": y, "x": x, "value": z[i][j]}
                for i, y in enumerate(ys)
                for j, x in enumerate(xs)
            ]
            frames.append(pd.DataFrame(rows))
        elif kind == "table":
            header = _decode(trace.get("header", {}).get("values"))
            cells = _decode(trace.get("cells", {}).get("values"))
            frames.append(pd.DataFrame(dict(zip(header, cells, strict=False))))
        else:
            columns = {
                key: _decode(trace.get(key))
                for key in ("labels", "values", "x", "y", "base", "text")
                if isinstance(trace.get(key), list | tuple | dict)
            }
            length = max((len(v) for v in columns.values()), default=0)
            frame = pd.DataFrame({k: v for k, v in columns.items() if len(v) == length})
            frame.insert(0, "series", series)
            frames.append(frame)
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


def table_csv(table: pd.DataFrame) -> str:
    """Return a table as CSV text with Unix line ends, the same on every run."""
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def _finish_html(body: str, fallback_title: str) -> tuple[str, str]:
    """Return the fragment made stable and accessible, and the page title."""
    body = _renumber_styler_ids(body)
    soup = BeautifulSoup(body, "html.parser")
    for anchor in soup.select("a.anchor-link"):
        anchor.decompose()

    # The first heading is the page title; lower its rank if it is not an h1.
    headings = soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    title = headings[0].get_text(" ", strip=True) if headings else fallback_title
    if not headings or headings[0].name != "h1":
        title = title if not headings else fallback_title
        new_heading = soup.new_tag("h1")
        new_heading.string = title
        soup.insert(0, new_heading)

    # Captions name each table after the heading it sits under.
    last_heading = title
    table_number = 0
    for element in soup.find_all(["h1", "h2", "h3", "h4", "table", "img"]):
        if element.name.startswith("h"):
            last_heading = element.get_text(" ", strip=True)
        elif element.name == "table":
            table_number += 1
            if element.find("caption") is None:
                caption = soup.new_tag("caption")
                caption.string = f"Table {table_number}: {last_heading}"
                element.insert(0, caption)
            element.attrs.pop("border", None)
        elif not element.get("alt"):
            element["alt"] = f"Chart: {last_heading}"
    return str(soup), title


def _renumber_styler_ids(body: str) -> str:
    """Replace pandas Styler's random table ids with numbers in page order."""
    seen: dict[str, str] = {}

    def stable(match: re.Match[str]) -> str:
        seen.setdefault(match.group(1), f"s{len(seen) + 1:04d}")
        return f"T_{seen[match.group(1)]}"

    return _STYLER_ID.sub(stable, body)
