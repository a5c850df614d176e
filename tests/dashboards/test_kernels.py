"""Kernels: many page views all render, and kernels do not pile up.

The server keeps one warm kernel per dashboard (the idle level) and culls
kernels idle for CULL_IDLE_TIMEOUT seconds (short here; long in
``config/voila/voila.json``). A kernel handed to a page is never culled
before the page has had that long to connect.
"""

from __future__ import annotations

import time

import pytest

from tests.dashboards import pages
from tests.dashboards.server import CULL_IDLE_TIMEOUT, CULL_INTERVAL, DASHBOARDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

IDLE_LEVEL = len(DASHBOARDS)  # one warm kernel per dashboard
SEQUENTIAL_VIEWS = 50
CONCURRENT_VIEWS = 5
# Culled within the idle timeout, plus two sweeps and the time to shut down.
SETTLE_SECONDS = CULL_IDLE_TIMEOUT + 2 * CULL_INTERVAL + 10


def wait_for_idle_level(server, timeout: float) -> float:
    """Wait until only the warm kernels are left; return the seconds it took."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if len(server.kernel_pids()) <= IDLE_LEVEL:
            return time.monotonic() - start
        time.sleep(0.5)
    raise AssertionError(
        f"{len(server.kernel_pids())} kernels still alive after {timeout:.0f} s; "
        f"idle level is {IDLE_LEVEL}"
    )


def test_views_render_and_kernels_return_to_idle(dashboard_server, browser):
    server = dashboard_server
    wait_for_idle_level(server, SETTLE_SECONDS + 30)
    context = browser.new_context()
    most_kernels = 0

    # Round the dashboards, as visitors would; each has its own warm kernel.
    for view in range(SEQUENTIAL_VIEWS):
        page = context.new_page()
        url = server.page(DASHBOARDS[view % len(DASHBOARDS)])
        pages.open_dashboard(page, url, timeout=90_000)
        most_kernels = max(most_kernels, len(server.kernel_pids()))
        page.close(run_before_unload=True)
    context.close()

    # Five visitors at once, each with a browser profile of their own.
    visitors = [browser.new_context() for _ in range(CONCURRENT_VIEWS)]
    views = [visitor.new_page() for visitor in visitors]
    names = [DASHBOARDS[i % len(DASHBOARDS)] for i in range(CONCURRENT_VIEWS)]
    for page, name in zip(views, names, strict=True):
        page.goto(server.page(name), wait_until="commit", timeout=60_000)
    deadline = time.monotonic() + 180
    waiting = list(zip(names, views, strict=True))
    while waiting and time.monotonic() < deadline:
        waiting = [(n, p) for n, p in waiting if not p.evaluate(pages.ALL_DRAWN)]
        time.sleep(0.5)
    assert [name for name, _ in waiting] == [], "concurrent views not drawn"
    most_kernels = max(most_kernels, len(server.kernel_pids()))
    for visitor in visitors:
        visitor.close()

    settled = wait_for_idle_level(server, SETTLE_SECONDS)
    assert settled <= SETTLE_SECONDS
    # Closed pages' kernels went away as the views went on: no pile-up.
    assert most_kernels <= 2 * IDLE_LEVEL + CONCURRENT_VIEWS + CULL_IDLE_TIMEOUT
    assert "never reached an 'alive' state" not in server.log()
