"""An executed notebook, converted to HTML, draws its charts with no network."""

from __future__ import annotations

import pytest

from dp_analysis.notebook_support import export_html
from tests.notebooks.running import figures
from tests.support.browser import (
    collect_page_problems,
    launch_chromium,
    new_offline_context,
)

pytestmark = [pytest.mark.notebooks, pytest.mark.browser]


@pytest.mark.parametrize("name", ["01_uptake_profile", "03_spb_cost_scenarios"])
def test_charts_draw_offline(
    name, default_runs, default_notebooks, tmp_path, playwright_instance, artifact_dir
):
    page_file = export_html(default_runs[name], tmp_path / f"{name}.html")
    html = page_file.read_text(encoding="utf-8")
    assert "cdn" not in " ".join(
        tag for tag in html.split("<script")[1:] if tag.startswith(" src")
    )
    expected = figures(default_notebooks[name])

    browser = launch_chromium(playwright_instance, offline=True)
    try:
        context = new_offline_context(browser, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        problems = collect_page_problems(page)
        page.goto(page_file.as_uri())
        page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length"
            f" >= {len(expected)}",
            timeout=30_000,
        )
        plots = page.locator(".js-plotly-plot")
        assert plots.count() == len(expected)
        titles = [
            title.text_content()
            for title in page.locator(".js-plotly-plot .gtitle").all()
        ]
        assert titles == [
            chart["layout"]["title"]["text"].replace("<br>", "") for chart in expected
        ]
        page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifact_dir / f"notebook-{name}.png"))
        assert problems == []
        assert context.blocked_requests == []
    finally:
        browser.close()
