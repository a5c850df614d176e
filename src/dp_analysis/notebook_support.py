"""Small helpers the analysis notebooks call, so their cells stay thin.

A notebook starts with :func:`setup_notebook`, reads its data with
:func:`load` and its assumptions with :func:`load_notebook_scenario`, then
shows each result with :func:`say` (generated Markdown), :func:`show_table`
and :func:`show_chart`. :func:`record` leaves the key figures in the executed
notebook as JSON, where the tests and the monthly refresh read them.

In public mode :func:`protect` makes the month's disclosure plan
(:mod:`dp_analysis.month_disclosure`): one pattern of hidden counts that every
page of the month follows, for its tables, charts and sentences alike. A table
that is not a view of the month's counts goes through
:func:`~dp_analysis.disclosure.publishable`, and every count from 1 to the
threshold (7 by default) in text, charts and recorded values is shown as ``[c]``.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.io as pio
from IPython.display import HTML, Markdown, display
from plotly.io._base_renderers import NotebookRenderer

from dp_analysis import counts as counts_table
from dp_analysis import disclosure, narrative, paths
from dp_analysis.disclosure import publishable
from dp_analysis.exceptions import DPAnalysisError
from dp_analysis.figures.bundle import ChartBundle
from dp_analysis.models import uptake
from dp_analysis.models.finance import core_staffing
from dp_analysis.month_disclosure import MonthDisclosure, plan_month
from dp_analysis.publish import checked_source
from dp_analysis.scenario import Scenario, load_scenario

logger = logging.getLogger(__name__)

MODES = ("internal", "public")
#: The MIME type of the values :func:`record` leaves in a notebook's outputs.
VALUES_MIMETYPE = "application/vnd.dp-analysis.values+json"
# "dp_notebook" is plotly's "notebook" renderer, which embeds plotly.js in the
# page once so that charts draw with no network, less the MathJax <script> it
# adds from a CDN to every chart (no chart here uses LaTeX). The mimetype keeps
# charts live in JupyterLab.
RENDERER = "plotly_mimetype+dp_notebook"
_REMOTE_SCRIPT = re.compile(r'<script src="https?://[^"]*"></script>')
TABLE_STYLE = """<style>
table.dp-table {border-collapse: collapse; margin: 0.5em 0 1.5em 0;}
table.dp-table caption {text-align: left; font-weight: bold; padding: 0.3em 0;}
table.dp-table th, table.dp-table td {padding: 0.2em 0.6em;
  border-bottom: 1px solid #D6D6D6;}
table.dp-table td {text-align: right;}
table.dp-table tr.dp-highlight {background: #FDE3D3; font-weight: bold;}
</style>"""


class OfflineNotebookRenderer(NotebookRenderer):
    """Plotly's notebook renderer with no script loaded from the network.

    ``embed_plotlyjs`` (True by default) puts plotly.js in the notebook once,
    so that the executed notebook draws its charts anywhere. A publisher that
    ships one shared copy of plotly.js with its pages sets it to False.
    """

    embed_plotlyjs = True

    def activate(self) -> None:
        """Embed plotly.js in the notebook, unless a shared copy is used."""
        if self.embed_plotlyjs:
            super().activate()

    def to_mimebundle(self, fig_dict: dict) -> dict:
        """Return the chart's HTML without remote ``<script src>`` tags."""
        bundle = super().to_mimebundle(fig_dict)
        bundle["text/html"] = _REMOTE_SCRIPT.sub("", bundle["text/html"])
        return bundle


pio.renderers["dp_notebook"] = OfflineNotebookRenderer()


@dataclass
class NotebookSettings:
    """The publication mode and output folder of the running notebook."""

    mode: str = "internal"
    output_dir: Path | None = None
    written: list[Path] = field(default_factory=list)
    plan: MonthDisclosure | None = None
    threshold: int = disclosure.DEFAULT_THRESHOLD

    @property
    def public(self) -> bool:
        """Return True in public mode, where small counts are suppressed."""
        return self.mode == "public"


_settings = NotebookSettings()


def resolve(path_text: str | Path) -> Path:
    """Return a path from a parameter: relative paths are from the repository root.

    >>> resolve("data/appendix_a_2019-06.csv") == paths.APPENDIX_A
    True
    """
    path = Path(path_text).expanduser()
    return path if path.is_absolute() else paths.PROJECT_ROOT / path


def setup_notebook(
    mode: str,
    output_dir: str | Path = "",
    threshold: int = disclosure.DEFAULT_THRESHOLD,
) -> NotebookSettings:
    """Check the mode, set the plotly renderer and logging; return the settings.

    Charts are rendered with plotly.js embedded, so an executed notebook
    converted to HTML draws them offline. ``output_dir`` ("" for none) is
    where :func:`show_table` and :func:`show_chart` write their tables as CSV.
    In public mode counts from 1 to ``threshold`` are hidden: by the month's
    plan (:func:`protect`), in tables and in recorded values.
    """
    global _settings
    if mode not in MODES:
        raise DPAnalysisError(
            f"mode must be one of {', '.join(MODES)}; the parameter was {mode!r}"
        )
    pio.renderers.default = RENDERER
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    folder = resolve(output_dir) if str(output_dir) else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    if not isinstance(threshold, int) or threshold < 1:
        raise DPAnalysisError(
            f"threshold must be a whole number of at least 1; it was {threshold!r}"
        )
    _settings = NotebookSettings(mode=mode, output_dir=folder, threshold=threshold)
    display(HTML(TABLE_STYLE))
    return _settings


@dataclass(frozen=True)
class NotebookData:
    """What a notebook analyses: one month of counts, and every month for trends."""

    counts: pd.DataFrame
    history: pd.DataFrame
    month: str
    source: str
    kind: str
    synthetic: bool
    warnings: tuple[str, ...]

    @property
    def has_denominator(self) -> bool:
        """Return True when the source counts all clients, not only DP clients."""
        return counts_table.has_denominator(self.counts)


def load(source: str | Path, month: str = "") -> NotebookData:
    """Return the counts of ``month`` (the latest when "") from ``source``.

    In a refresh the counts come from the refresh's own reading of the same
    source (:mod:`dp_analysis.publish.checked_source`); otherwise the source
    is read and checked here.
    """
    path = resolve(source)
    loaded = checked_source.handed_over(path) or checked_source.read(path)
    selected = counts_table.for_month(loaded.counts, month or None)
    chosen = str(selected["month"].iloc[0])
    logger.info(
        "Read %s (%s): %d rows, month %s", path, loaded.kind, loaded.rows_read, chosen
    )
    return NotebookData(
        counts=selected.reset_index(drop=True),
        history=loaded.counts,
        month=chosen,
        source=str(path),
        kind=counts_table.SOURCE_KIND_NAMES.get(loaded.kind, loaded.kind),
        synthetic=loaded.synthetic,
        warnings=loaded.warnings,
    )


def load_notebook_scenario(scenario_path: str | Path) -> Scenario:
    """Return the scenario read from ``scenario_path`` (relative to the repository)."""
    return load_scenario(resolve(scenario_path))


def protect(data: NotebookData, scenario: Scenario) -> MonthDisclosure | None:
    """Return the month's disclosure plan in public mode, None in internal mode.

    The plan depends only on the month's counts and the scenario's SPB tier
    of each band, so every page of the month gets the same one. Tables shown
    with :func:`show_crosstab` and charts made with it follow it.
    """
    if not _settings.public:
        return None
    _settings.plan = plan_month(
        data.counts, scenario.spb.band_to_tier, _settings.threshold
    )
    return _settings.plan


def say(*sentences: str) -> None:
    """Display generated sentences as one paragraph of Markdown."""
    display(Markdown(" ".join(sentences)))


def source_note(data: NotebookData) -> str:
    """Return a note of the data's month and source, and any data warnings."""
    lines = [
        f"Data: {narrative.month_name(data.month)}, from `{Path(data.source).name}` "
        f"({data.kind}).",
    ]
    if data.synthetic:
        lines.append("**These data are synthetic, made for testing: not real people.**")
    if _settings.public:
        lines.append(
            f"Public mode: counts from 1 to {narrative.SMALL_COUNT_MAX}, and values "
            f"that would let one be worked out, are shown as {narrative.SUPPRESSED}."
        )
    lines += [f"Data warning: {warning}" for warning in data.warnings]
    return "\n\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if pd.isna(value):
            return "–"
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if hasattr(value, "item"):  # a numpy scalar
        return _cell(value.item())
    return html.escape(str(value))


def _label(value: Any) -> str:
    if isinstance(value, tuple):
        return " / ".join(html.escape(str(part)) for part in value)
    return html.escape(str(value))


def table_html(
    table: pd.DataFrame,
    caption: str,
    highlight: pd.Series | None = None,
    css_class: str = "dp-table",
) -> str:
    """Return an accessible HTML table: a caption, header cells with scope.

    ``highlight`` (a boolean per row label) marks rows in bold on a tinted
    ground; ``css_class`` names the table's classes.

    >>> text = table_html(pd.DataFrame({"n": [5]}, index=["a"]), "Cap")
    >>> text[:50]
    '<table class="dp-table"><caption>Cap</caption><the'
    >>> '<tr><th scope="row">a</th><td>5</td></tr>' in text
    True
    """
    index_name = _label(table.index.name or "")
    header = "".join(f'<th scope="col">{_label(c)}</th>' for c in table.columns)
    rows = []
    for label, row in table.iterrows():
        marked = highlight is not None and bool(highlight.get(label, False))
        opening = '<tr class="dp-highlight">' if marked else "<tr>"
        cells = "".join(f"<td>{_cell(value)}</td>" for value in row.tolist())
        rows.append(f'{opening}<th scope="row">{_label(label)}</th>{cells}</tr>')
    return (
        f'<table class="{css_class}"><caption>{html.escape(caption)}</caption>'
        f'<thead><tr><th scope="col">{index_name}</th>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _write_csv(table: pd.DataFrame, name: str) -> None:
    if _settings.output_dir is None:
        return
    target = _settings.output_dir / f"{name}.csv"
    table.to_csv(target, encoding="utf-8")
    _settings.written.append(target)
    logger.info("Wrote %s", target)


def show_table(
    table: pd.DataFrame,
    caption: str,
    *,
    name: str | None = None,
    highlight: pd.Series | None = None,
    people_counts: bool = True,
    hidden: pd.DataFrame | None = None,
) -> None:
    """Display a table for publication, and write it as CSV when ``name`` is given.

    Tables whose whole numbers are not counts of people (staff posts, fees)
    pass ``people_counts=False`` and are shown as they are in public mode. A
    table of counts only is marked with the class ``dp-counts``. ``hidden``
    (True per value, by label) is what the month's disclosure plan hides in
    public mode; without it a table of counts is suppressed on its own.
    """
    if not people_counts or not _settings.public:
        shown = table
    elif hidden is not None:
        shown = _planned(table, hidden)
    else:
        shown = publishable(table, _settings.mode, _settings.threshold)
    counts_only = people_counts and disclosure.is_count_table(table)
    css_class = "dp-table dp-counts" if counts_only else "dp-table"
    display(HTML(table_html(shown, caption, highlight, css_class)))
    if name:
        _write_csv(shown, name)


def _planned(table: pd.DataFrame, hidden: pd.DataFrame) -> pd.DataFrame:
    """Return ``table`` with ``[c]`` where ``hidden``, by label.

    ``hidden`` covers the columns that hold the month's counts, or values
    derived from them. As a safeguard, a whole count from 1 to the threshold
    left shown in one of those columns is hidden too.
    """
    covered = table.columns.astype(str).isin(hidden.columns.astype(str))
    mask = disclosure.aligned(hidden, table.index, table.columns).to_numpy()
    small = table.map(
        lambda value: disclosure.is_small_count(value, _settings.threshold)
    ).to_numpy()
    return table.astype(object).mask(mask | (small & covered), disclosure.SUPPRESSED)


def show_crosstab(
    data: NotebookData,
    rows: str,
    columns: str,
    caption: str,
    *,
    name: str,
    within: dict[str, str] | None = None,
) -> None:
    """Display a cross-tab of the month's counts, with its totals, as published.

    ``within`` keeps one label of another dimension (an age group's own
    table). In public mode the month's plan (:func:`protect`) hides values.
    """
    counts = data.counts
    for dimension, label in (within or {}).items():
        counts = counts[counts[dimension].astype(str) == str(label)]
    table = uptake.crosstab(counts, rows, columns)
    hidden = None
    if _settings.public:
        hidden = _required_plan().view(rows, columns, within).hidden
    show_table(table, caption, name=name, hidden=hidden)


def band_rows_hidden(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame | None:
    """Return which values of a table by cost band public mode hides, or None.

    In the rows of the bands whose count the month's plan hides, the
    ``columns`` (the count, and amounts worked out from it) are hidden.
    """
    if not _settings.public:
        return None
    rows = disclosure.aligned(_required_plan().band_hidden, table.index).to_numpy()
    return pd.DataFrame({column: rows for column in columns}, index=table.index)


def _required_plan() -> MonthDisclosure:
    if _settings.plan is None:
        raise DPAnalysisError(
            "public mode needs the month's disclosure plan: call protect(data, "
            "scenario) before showing the month's counts"
        )
    return _settings.plan


def show_chart(bundle: ChartBundle) -> None:
    """Display a chart with its text alternative and the table behind it."""
    bundle.figure.show()
    say(f"*Text alternative:* {bundle.alt_text}")
    show_table(
        bundle.table,
        f"Table: {bundle.title}",
        name=bundle.name or bundle.slug,
        hidden=bundle.hidden,
    )


def record(**values: Any) -> dict[str, Any]:
    """Display key figures as JSON in the notebook's outputs, and return them.

    In public mode a whole count from 1 to the threshold is recorded as ``[c]``.
    """
    shown = {
        key: narrative.SUPPRESSED
        if _settings.public
        and isinstance(value, int)
        and not isinstance(value, bool)
        and 1 <= value <= _settings.threshold
        else value
        for key, value in values.items()
    }
    plain = json.loads(json.dumps(shown, default=float))
    text = "; ".join(f"{key} = {value}" for key, value in plain.items())
    display({VALUES_MIMETYPE: plain, "text/plain": f"Key figures: {text}"}, raw=True)
    return plain


def mixed_budget_figures(data: NotebookData, scenario: Scenario) -> tuple[dict, bool]:
    """Return the mixed-budget figures, and whether they come from the data.

    From the source's ``part_dp`` column when it has one; otherwise the
    report's figures as the scenario holds them (Appendix A: 56 of 308).
    """
    total = int(data.counts["people"].sum())
    if "part_dp" not in data.counts:
        return {**scenario.mixed_budget, "total": total}, False
    by_band = data.counts.groupby("cost_band", observed=False)["part_dp"].sum()
    return {
        "people": int(by_band.sum()),
        "total": total,
        "in_bands_1_to_4": int(by_band.iloc[:4].sum()),
        "in_band_7": int(by_band.iloc[6]),
    }, True


def staffing_by_caseload(
    scenario: Scenario, multiples: tuple[float, ...] = (0.5, 1, 1.5, 2, 3)
) -> pd.DataFrame:
    """Return Core service staff and cost for multiples of the report's caseload.

    The report's caseload is what its three staff cover in a year: one
    multiple of ``core_capacity_per_staff`` for each function.
    """
    capacity = scenario.finance.core_capacity_per_staff
    rows = []
    for multiple in multiples:
        caseload = {
            name: round(per_staff * multiple) for name, per_staff in capacity.items()
        }
        needed = core_staffing(scenario.finance, **caseload)
        rows.append(
            {
                "caseload_multiple": multiple,
                **caseload,
                "staff": needed.staff,
                "annual_cost": needed.annual_cost,
            }
        )
    return pd.DataFrame(rows).set_index("caseload_multiple")


# nbconvert's lab template loads require.js and MathJax from a CDN; these
# notebooks need neither (plotly.js is embedded by the "notebook" renderer and
# no cell holds LaTeX), so the offline page drops both.
OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
"""


def export_html(notebook_path: str | Path, html_path: str | Path) -> Path:
    """Write an executed notebook as a self-contained HTML page; return its path.

    The page loads nothing from the network: plotly.js is in the notebook's
    outputs, and the CDN scripts of nbconvert's template are left out.
    """
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        extra_loaders=[DictLoader({"dp_offline.html.j2": OFFLINE_TEMPLATE})],
        template_file="dp_offline.html.j2",
    )
    notebook = nbformat.read(str(notebook_path), as_version=4)
    body, _ = exporter.from_notebook_node(notebook)
    target = Path(html_path)
    target.write_text(body, encoding="utf-8")
    logger.info("Wrote %s", target)
    return target
