"""The published pages in Chromium, cut off from the network, audited by axe-core."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading

import pytest

from dp_analysis import paths
from dp_analysis.publish.refresh import RefreshRequest, refresh
from dp_analysis.publish.site import PAGE_LIMIT_BYTES
from tests.support import browser

pytestmark = [pytest.mark.browser, pytest.mark.notebooks, pytest.mark.slow]

PAGES = (
    "index.html",
    "methodology.html",
    "accessibility.html",
    "months/2019-08/index.html",
    "months/2019-08/01_people_by_band.html",
    "months/2019-08/02_people_by_age.html",
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """Serve ``folder`` on a free loopback port; yield its URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def check_page(chromium, url):
    """Open a page offline; return its problems, blocked requests and axe findings."""
    context = browser.new_offline_context(chromium)
    page = context.new_page()
    problems = browser.collect_page_problems(page)
    page.goto(url, wait_until="load")
    placeholders = page.locator(".plotly-chart").count()
    if placeholders:
        page.wait_for_function(
            "n => document.querySelectorAll('.plotly-chart .main-svg').length >= n",
            arg=placeholders,
            timeout=30_000,
        )
    violations = browser.serious_violations(browser.run_axe(page))
    return page, context, problems, violations


@pytest.fixture(scope="module")
def site_url(published):
    """The published site served on a loopback port."""
    with serve(published.site) as url:
        yield url


@pytest.fixture(scope="module")
def offline_browser(playwright_instance):
    """Chromium with the network cut off, on the session's one Playwright."""
    chromium = browser.launch_chromium(playwright_instance, offline=True)
    yield chromium
    chromium.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_offline_draws_its_charts_and_passes_axe(
    offline_browser, site_url, path
):
    page, context, problems, violations = check_page(
        offline_browser, f"{site_url}/{path}"
    )
    assert problems == []
    assert context.blocked_requests == []
    assert violations == [], browser.describe_violations(violations)
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator("main#main h1").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    context.close()


def test_the_trend_chart_draws_three_months(offline_browser, site_url):
    context = browser.new_offline_context(offline_browser)
    page = context.new_page()
    page.goto(f"{site_url}/index.html")
    page.wait_for_selector("#trend .main-svg")
    ticks = page.locator("#trend .xtick text").all_text_contents()
    assert ticks == ["2019-06", "2019-07", "2019-08"]
    context.close()


def test_the_projects_own_notebooks_publish_accessible_offline_pages(
    offline_browser, synthetic_source, tmp_path
):
    notebooks = sorted(paths.NOTEBOOK_DIR.glob("*.ipynb"))
    if not notebooks:
        pytest.skip("notebooks/ holds no notebook yet")
    result = refresh(
        RefreshRequest(
            months=("latest",), source=str(synthetic_source), site=tmp_path / "site"
        )
    )
    assert result.months == ("2019-08",)
    month = result.site / "months" / "2019-08"
    assert sorted(p.stem for p in month.glob("*.html")) == sorted(
        [p.stem for p in notebooks] + ["index"]
    )
    assert max(result.page_sizes.values()) <= PAGE_LIMIT_BYTES
    with serve(result.site) as url:
        for page_path in sorted(month.glob("*.html")):
            relative = page_path.relative_to(result.site).as_posix()
            _, context, problems, violations = check_page(
                offline_browser, f"{url}/{relative}"
            )
            assert problems == [], relative
            assert context.blocked_requests == [], relative
            assert violations == [], (
                f"{relative}: {browser.describe_violations(violations)}"
            )
            context.close()
