"""The first view: each dashboard's results as plain HTML, drawn before the
live widgets load, with the same numbers, then replaced by the widgets.

Expected numbers come from ``dp_analysis`` models, as in test_browser.py.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from dp_analysis import widgets
from dp_analysis.counts import appendix_a
from dp_analysis.models import spb
from dp_analysis.scenario import load_scenario
from dp_analysis.widgets.chart import Chart
from dp_analysis.widgets.figure_style import bar_figure
from dp_analysis.widgets.first_view import MIME_TYPE, chart_html
from dp_analysis.widgets.table import DataTable, gbp
from tests.dashboards import pages

COUNTS = appendix_a()
REPORT = load_scenario()
FIGURE_JSON = re.compile(r'<script type="application/json">(.*?)</script>', re.S)

# Kept by the page as soon as every chart of the first view is drawn, so the
# test can read it even if the live widgets replace it a moment later.
RECORD_FIRST_VIEW = """
window.dpFirstViewSeen = null;
const dpWatch = () => {
  const view = document.querySelector('.dp-first-view');
  const plots = view ? [...view.querySelectorAll('.dp-first-view-plot')] : [];
  if (plots.length && plots.every(p => p.dataset.drawn)) {
    window.dpFirstViewSeen = {
      at: performance.now(),
      liveDrawn: document.querySelectorAll('.dp-chart-plot[data-revision]').length,
      headline: Object.fromEntries([...view.querySelectorAll('.dp-headline div')]
        .map(d => [d.querySelector('dt').textContent,
                   d.querySelector('dd').textContent])),
      traces: plots.map(p => p.data.map(t => Array.from(t.y))),
      tables: view.querySelectorAll('table.dp-table').length,
    };
    return;
  }
  requestAnimationFrame(dpWatch);
};
requestAnimationFrame(dpWatch);
"""


@pytest.mark.parametrize("name", widgets.__all__)
def test_first_view_holds_every_chart_and_table(name):
    dashboard = getattr(widgets, name)()
    view = dashboard.first_view()
    bundle = view._repr_mimebundle_()
    # Only the dashboards' template knows this type: elsewhere nothing shows.
    assert list(bundle) == [MIME_TYPE]
    text = bundle[MIME_TYPE]
    assert f'data-charts="{len(dashboard.charts)}"' in text
    figures = [json.loads(found) for found in FIGURE_JSON.findall(text)]
    assert figures == [chart.figure for chart in dashboard.charts]
    for chart in dashboard.charts:
        assert html.escape(chart.summary) in text
    tables = [w for w in dashboard.results_box.children if isinstance(w, DataTable)]
    for table in tables:
        assert table.value in text


def test_figure_json_cannot_close_its_script():
    figure = bar_figure()
    figure.update_layout(title="</script><script>alert(1)</script>")
    text = chart_html(Chart(figure, "A <b>summary</b>"))
    assert "<script>alert" not in text
    assert "A &lt;b&gt;summary&lt;/b&gt;" in text
    (found,) = FIGURE_JSON.findall(text)
    assert json.loads(found)["layout"]["title"]["text"] == (
        "</script><script>alert(1)</script>"
    )


@pytest.mark.browser
@pytest.mark.slow
def test_first_view_draws_the_linked_numbers_then_gives_way(
    dashboard_server, page, artifact_dir
):
    page.add_init_script(RECORD_FIRST_VIEW)
    pages.open_dashboard(
        page, dashboard_server.page("spb_explorer", "asc_hourly_cost=24")
    )
    seen = page.evaluate("window.dpFirstViewSeen")
    assert seen is not None, "the first view was never drawn"
    # Drawn before any live chart, with the numbers of the shared link.
    assert seen["liveDrawn"] == 0
    assumptions = spb.with_spb(REPORT.spb, asc_hourly_cost=24)
    table = spb.table_5(spb.people_by_band(COUNTS), assumptions)
    totals = spb.table_5_totals(table)
    assert seen["headline"]["ASC cost for the same people"] == gbp(totals.asc_total)
    assert seen["headline"]["SPB cost, people on a DP (Table 5)"] == gbp(
        totals.spb_total
    )
    assert seen["traces"][0][1] == table["asc_total"].tolist()
    assert seen["tables"] >= 1
    # The live widgets have replaced it and show the same numbers.
    assert page.locator(".dp-first-view").count() == 0
    assert pages.headline(page)["ASC cost for the same people"] == gbp(totals.asc_total)
    assert pages.chart_traces(page)[1]["y"] == table["asc_total"].tolist()
    assert page.problems == []
    page.screenshot(path=str(artifact_dir / "dashboard-first-view-replaced.png"))
