"""Fixtures for the dashboard tests: a running server and browser pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dashboards.server import DashboardServer, start_server
from tests.support.browser import collect_page_problems, new_offline_context
from tests.support.fixtures import (  # noqa: F401
    artifact_dir,
    browser,
    playwright_instance,
)


@pytest.fixture(scope="session")
def dashboard_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[DashboardServer]:
    """Yield a dashboard server with warm kernel pools, shared by the session."""
    server = start_server(tmp_path_factory.mktemp("dashboard-server"))
    try:
        server.wait_for_pools()
        yield server
    finally:
        server.stop()


@pytest.fixture
def context(browser):  # noqa: F811
    """Yield an offline browser context that accepts downloads."""
    context = new_offline_context(
        browser, accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    """Yield a page whose console errors and failed requests are recorded."""
    page = context.new_page()
    page.problems = collect_page_problems(page)
    yield page
    page.close()
