"""tests/support/browser.py against real pages in Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import (
    CHROMIUM_ARGS,
    collect_page_problems,
    describe_violations,
    is_local_url,
    launch_chromium,
    new_offline_context,
    run_axe,
    serious_violations,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_launch_uses_debian_chromium_with_the_agreed_flags(page):
    page.goto("chrome://version")
    version_page = page.locator("body").inner_text()

    assert "/usr/bin/chromium" in version_page or "/usr/lib/chromium" in version_page
    for flag in CHROMIUM_ARGS:
        assert flag in version_page


def test_clean_page_has_no_problems_and_no_serious_violations(
    page, local_site, artifact_dir: Path
):
    problems = collect_page_problems(page)
    page.goto(f"{local_site}/good.html")
    page.get_by_role("button", name="Show 18-39 only").click()

    assert page.locator("#total").text_content() == "97 people"
    results = run_axe(page)
    assert results["testEngine"]["name"] == "axe-core"
    assert serious_violations(results) == [], describe_violations(
        serious_violations(results)
    )
    assert problems == []
    page.screenshot(path=artifact_dir / "setup-good-page.png")
    assert (artifact_dir / "setup-good-page.png").stat().st_size > 1000


def test_problems_and_violations_are_reported(page, local_site):
    problems = collect_page_problems(page)
    page.goto(f"{local_site}/broken.html")
    page.wait_for_load_state("networkidle")

    assert any("cost table failed to draw" in problem for problem in problems)
    assert any(
        problem.startswith("page error:") and "undefinedFunctionInDashboard" in problem
        for problem in problems
    )
    assert f"HTTP 404: {local_site}/missing-chart.png" in problems
    serious = serious_violations(run_axe(page))
    assert "image-alt" in {violation["id"] for violation in serious}
    assert "image-alt (critical)" in describe_violations(serious)


def test_axe_is_injected_once_per_document(page, local_site):
    page.goto(f"{local_site}/good.html")
    first = run_axe(page)
    second = run_axe(page)

    assert page.locator("script").count() == 1
    assert [v["id"] for v in first["violations"]] == [
        v["id"] for v in second["violations"]
    ]


def test_offline_context_blocks_and_records_remote_requests(browser, local_site):
    context = new_offline_context(browser)
    page = context.new_page()
    problems = collect_page_problems(page)
    page.goto(f"{local_site}/cdn.html")

    assert context.blocked_requests == ["http://cdn.example.invalid/plotly.min.js"]
    assert page.evaluate("window.localScriptRan") is True
    assert any(
        "cdn.example.invalid" in problem and "INTERNET_DISCONNECTED" in problem
        for problem in problems
    )
    context.close()


def test_offline_browser_reaches_loopback_only(playwright_instance, local_site):
    offline = launch_chromium(playwright_instance, offline=True)
    try:
        page = offline.new_page()
        page.goto(f"{local_site}/good.html")
        assert page.title() == "Uptake by cost band"
        with pytest.raises(Exception, match="ERR_"):
            page.goto("http://cdn.example.invalid/plotly.min.js", timeout=15_000)
    finally:
        offline.close()


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8866/voila/tree", True),
        ("http://localhost:8000/index.html", True),
        ("http://[::1]:8000/", True),
        ("file:///work/site/index.html", True),
        ("data:text/css,body{}", True),
        ("https://cdn.jsdelivr.net/npm/plotly.js", False),
        ("https://fonts.googleapis.com/css?family=Roboto", False),
        ("http://127.0.0.1.example.com/", False),
    ],
)
def test_is_local_url(url, local):
    assert is_local_url(url) is local
