"""The static site: page layout, month pages, index with trend, shared assets.

Layout (every link is relative, so the site works from any web server
folder or straight from the disk)::

    index.html                  months published, and the trend
    methodology.html            methodology and definitions
    accessibility.html          accessibility statement
    data/trend.csv              the table behind the trend chart
    assets/                     plotly.min.js (once), site.css, charts.js
    site.json                   mode, synthetic or real, threshold
    months/YYYY-MM/index.html   the month's headline tables and its pages
    months/YYYY-MM/NAME.html    one page per notebook, code hidden
    months/YYYY-MM/data/*.csv   the table behind every chart and table
    months/YYYY-MM/summary.json the month's headline counts, as published

Pages carry no build time and no random id, so building the same month from
the same data gives the same bytes.
"""

from __future__ import annotations

import html
import json
import logging
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import jinja2
import pandas as pd
import plotly

from dp_analysis import __version__, disclosure, paths
from dp_analysis.counts import DIMENSION_TITLES
from dp_analysis.exceptions import PublicationError
from dp_analysis.publish import render, trend

logger = logging.getLogger(__name__)

TEMPLATE_DIR = paths.PROJECT_ROOT / "docs" / "site"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PAGE_LIMIT_BYTES = 400 * 1024
AF_COLOURS = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")


@dataclass(frozen=True)
class SiteSettings:
    """What a whole site is: one mode and one kind of data, never mixed."""

    mode: str
    synthetic: bool
    threshold: int = disclosure.DEFAULT_THRESHOLD
    site_name: str = "Direct Payments: monthly analysis"

    def check_matches(self, existing: SiteSettings) -> None:
        """Raise :class:`PublicationError` if this run would mix two kinds of site."""
        if existing.mode != self.mode:
            raise PublicationError(
                f"the site is a {existing.mode} site; a {self.mode} refresh would "
                f"mix the two. Publish {self.mode} pages to another --site folder"
            )
        if existing.synthetic != self.synthetic:
            kinds = {True: "synthetic", False: "real"}
            raise PublicationError(
                f"the site holds {kinds[existing.synthetic]} data and this source is "
                f"{kinds[self.synthetic]}; they are never mixed. Publish it to "
                "another --site folder"
            )
        if existing.threshold != self.threshold:
            raise PublicationError(
                f"the site hides counts up to {existing.threshold}, this run up to "
                f"{self.threshold}; use the same threshold or another --site folder"
            )


def read_settings(site: Path) -> SiteSettings | None:
    """Return the settings of an existing site, or None when there is none."""
    path = site / "site.json"
    if not path.is_file():
        return None
    return SiteSettings(**json.loads(path.read_text(encoding="utf-8")))


def _month_name(month: str) -> str:
    """Return ``2019-06`` as ``June 2019``."""
    return pd.Timestamp(f"{month}-01").strftime("%B %Y")


class SiteBuilder:
    """Writes pages into a site folder (the temporary build folder)."""

    def __init__(self, root: Path, settings: SiteSettings):
        self.root = root
        self.settings = settings
        self._templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
            autoescape=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )

    # Pages

    def _page(
        self,
        path: Path,
        title: str,
        body: str,
        breadcrumbs: list[tuple[str, str | None]] | None = None,
        disclosure_note: str = "",
    ) -> int:
        """Write one page and return its size in bytes."""
        depth = len(path.relative_to(self.root).parts) - 1
        footer = (
            f"Built by dp-analysis {__version__} in {self.settings.mode} mode. "
            "Source code, notebooks and methodology: see the methodology page."
        )
        text = self._templates.get_template("layout.html.j2").render(
            settings=self.settings,
            title=title,
            body=body,
            root="../" * depth,
            breadcrumbs=breadcrumbs or [],
            disclosure_note=disclosure_note,
            footer=footer,
            has_charts="plotly-figure" in body,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        return len(data)

    def _note(
        self, hidden_values: int, tables: list[disclosure.SuppressedTable]
    ) -> str:
        """Return the page's statement of what is hidden, in public mode only."""
        if self.settings.mode != "public":
            return ""
        rule = (
            f"Counts from 1 to {self.settings.threshold} are shown as "
            f"{disclosure.SUPPRESSED} to protect the people they describe, and "
            "further values are hidden where a hidden count could otherwise be "
            "worked out from a total, from another table of the month or from its "
            "costs. Every page of a month hides the same counts."
        )
        if tables:
            return f"{rule} {disclosure.describe(tables)}"
        if hidden_values:
            return f"{rule} This page shows {hidden_values} value(s) as [c]."
        return f"{rule} Nothing on this page needed hiding."

    def write_static_pages(self) -> None:
        """Write the methodology and accessibility pages and the shared assets."""
        for name, title in (
            ("methodology", "Methodology and definitions"),
            ("accessibility", "Accessibility statement"),
        ):
            body = self._templates.get_template(f"{name}.html.j2").render(
                settings=self.settings
            )
            self._page(self.root / f"{name}.html", title, body)
        assets = self.root / "assets"
        assets.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PLOTLY_JS, assets / "plotly.min.js")
        shutil.copyfile(TEMPLATE_DIR / "site.css", assets / "site.css")
        shutil.copyfile(TEMPLATE_DIR / "charts.js", assets / "charts.js")
        (self.root / "site.json").write_text(
            json.dumps(asdict(self.settings), indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )

    def write_month(
        self,
        summary: trend.MonthSummary,
        pages: list[render.RenderedNotebook],
        extra_tables: dict[str, str] | None = None,
    ) -> dict[str, int]:
        """Replace one month's folder; return each page's size in bytes.

        ``extra_tables`` maps CSV file names to their text (tables the
        notebooks wrote to their output folder).
        """
        folder = self.root / "months" / summary.month
        shutil.rmtree(folder, ignore_errors=True)
        data = folder / "data"
        data.mkdir(parents=True)
        month_name = _month_name(summary.month)
        crumbs_root = ("Months", "../../index.html")
        sizes = {}

        # Notebook pages, with the tables behind their charts.
        for page in pages:
            for chart in page.charts:
                (data / chart.csv_name).write_text(
                    render.table_csv(chart.table), encoding="utf-8"
                )
            sizes[f"{page.name}.html"] = self._page(
                folder / f"{page.name}.html",
                f"{page.title}, {month_name}",
                page.body,
                [crumbs_root, (month_name, "index.html"), (page.title, None)],
                self._note(page.suppressed_values, []),
            )
        for name, text in sorted((extra_tables or {}).items()):
            (data / name).write_text(text, encoding="utf-8")

        # The month's own page: headline tables and links to the notebook pages.
        body = [f"<h1>Direct Payments, {html.escape(month_name)}</h1>"]
        if pages:
            body.append("<h2>Analysis for this month</h2><ul>")
            body += [
                f'<li><a href="{p.name}.html">{html.escape(p.title)}</a></li>'
                for p in pages
            ]
            body.append("</ul>")
        body.append("<h2>People on a direct payment</h2>")
        for dimension, table in summary.tables.items():
            csv_name = f"people-by-{dimension.replace('_', '-')}.csv"
            shown = table.display().rename_axis(DIMENSION_TITLES[dimension])
            (data / csv_name).write_text(
                render.table_csv(shown.reset_index()), encoding="utf-8"
            )
            body.append(_table_html(shown, table.name, f"data/{csv_name}"))
        (folder / "summary.json").write_text(
            trend.summary_to_json(summary), encoding="utf-8"
        )
        sizes["index.html"] = self._page(
            folder / "index.html",
            month_name,
            "\n".join(body),
            [crumbs_root, (month_name, None)],
            self._note(0, list(summary.tables.values())),
        )
        for name, size in sizes.items():
            if size > PAGE_LIMIT_BYTES:
                logger.warning(
                    "Page %s/%s is %d KB, over the %d KB aim",
                    summary.month,
                    name,
                    size // 1024,
                    PAGE_LIMIT_BYTES // 1024,
                )
        return sizes

    def write_index(self) -> pd.DataFrame:
        """Rebuild the index and trend from every month's summary; return the trend."""
        summaries = sorted((self.root / "months").glob("*/summary.json"))
        if not summaries:
            raise PublicationError(f"{self.root}: no month to publish")
        table = trend.trend_table(summaries)
        months = table["Month"].tolist()
        body = [
            f"<h1>{html.escape(self.settings.site_name)}</h1>",
            "<p>Monthly analysis of Direct Payments for the Joint Task Force. Choose a "
            "month to read its pages.</p>",
            "<h2>Months published</h2>",
            '<ul class="months">',
        ]
        body += [
            f'<li><a href="months/{m}/index.html">{_month_name(m)}</a></li>'
            for m in reversed(months)
        ]
        body.append("</ul>")
        data = self.root / "data"
        data.mkdir(exist_ok=True)
        shown = trend.trend_display(table)
        (data / "trend.csv").write_text(render.table_csv(shown), encoding="utf-8")
        if len(months) > 1:
            body.append("<h2>Trend</h2>")
            body.append(_trend_chart(table))
            body.append(
                _table_html(
                    shown.set_index("Month"),
                    "People on a DP by month and age group",
                    "data/trend.csv",
                )
            )
        else:
            body.append(
                "<p>The trend appears here once more than one month is published.</p>"
            )
        self._page(
            self.root / "index.html",
            "Months and trend",
            "\n".join(body),
            disclosure_note=self._note(int(table.isna().sum().sum()), []),
        )
        return table


def _table_html(table: pd.DataFrame, caption: str, csv_href: str) -> str:
    """Return an HTML table with a caption, header scopes and a link to its CSV."""
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in table.columns)
    rows = []
    for label, row in table.iterrows():
        cells = "".join(
            f"<td>{disclosure.SUPPRESSED if pd.isna(v) else html.escape(str(v))}</td>"
            for v in row.tolist()
        )
        rows.append(f'<tr><th scope="row">{html.escape(str(label))}</th>{cells}</tr>')
    return (
        f'<div class="table-wrap"><table class="data">'
        f"<caption>{html.escape(caption)}</caption>"
        f'<thead><tr><th scope="col">{html.escape(str(table.index.name or ""))}</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        f'<p><a href="{csv_href}">This table as CSV</a></p>'
    )


def _trend_chart(table: pd.DataFrame) -> str:
    """Return the trend chart's markup: people by month, in all and by age."""
    months = table["Month"].tolist()
    traces = []
    for number, column in enumerate(table.columns[1:]):
        values = [None if pd.isna(v) else int(v) for v in table[column]]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": column,
                "x": months,
                "y": values,
                "line": {"color": AF_COLOURS[number % len(AF_COLOURS)], "width": 3},
            }
        )
    first, last = table[trend.ALL_PEOPLE].iloc[0], table[trend.ALL_PEOPLE].iloc[-1]
    if pd.notna(first) and pd.notna(last):
        change = "rose" if last > first else "fell" if last < first else "held"
        title = (
            f"People on a DP {change} from {int(first):,} in "
            f"{_month_name(months[0])} to {int(last):,} in {_month_name(months[-1])}"
        )
    else:
        title = (
            f"People on a DP from {_month_name(months[0])} to {_month_name(months[-1])}"
        )
    figure = {
        "data": traces,
        "layout": {
            "title": {"text": title},
            "xaxis": {"title": {"text": "Month"}, "type": "category"},
            "yaxis": {"title": {"text": "People"}, "rangemode": "tozero"},
            "font": {"family": "Arial, sans-serif", "size": 14, "color": "#0b0c0c"},
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "#ffffff",
            "meta": {
                "alt": f"Line chart. {title}. The numbers are in the table "
                "below the chart."
            },
        },
    }
    chart = render.Chart("trend", title, "trend.csv", table)
    return render.chart_markup(chart, figure)
