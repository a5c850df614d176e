"""A closed dashboard page's kernel is shut down at once, not left for culling.

Voilà's page posts a shutdown request for its kernel when it closes; the
server accepts it only with the ``_xsrf`` cookie, which the dashboard pages
set. The server here culls only after the configuration's 300 s, so a kernel
gone within seconds was shut down by the page's own request.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.dashboards import pages
from tests.dashboards.server import start_cli_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROMPTLY = 15  # seconds; culling would take 300 s or more


def wait_for_kernels(server, count: int, timeout: float) -> float:
    """Wait until the server has ``count`` live kernels; return seconds taken."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if len(server.kernel_pids()) == count:
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(
        f"{len(server.kernel_pids())} kernels after {timeout} s, expected {count}:\n"
        + server.log()[-2000:]
    )


def test_a_closed_page_shuts_its_kernel_down(tmp_path, context):
    names = ("uptake_explorer",)
    server = start_cli_server(tmp_path, names)
    try:
        server.wait_for_pools(names=names)
        page = context.new_page()
        pages.open_dashboard(page, server.page("uptake_explorer"))
        assert any(c["name"] == "_xsrf" for c in context.cookies())
        # The page's kernel, and the pool's new warm kernel.
        wait_for_kernels(server, 2, timeout=60)

        page.close(run_before_unload=True)
        wait_for_kernels(server, 1, timeout=PROMPTLY)
        assert re.search(r"/voila/api/shutdown/\S+ .*204|Kernel shutdown", server.log())
        assert "'_xsrf' argument missing" not in server.log()
    finally:
        server.stop()
