"""Fixtures for the set-up tests: a tiny local web site and the shared ones."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fixtures import (  # noqa: F401
    artifact_dir,
    browser,
    playwright_instance,
    postgres_database,
    postgres_url,
)

PAGES = {
    "good.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Uptake by cost band</title>
</head><body><main><h1>Uptake by cost band</h1>
<p id="total">308 people</p>
<button type="button" onclick="document.getElementById('total').textContent =
 '97 people'">Show 18-39 only</button></main></body></html>
""",
    "broken.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken page</title></head>
<body><main><h1>Broken page</h1>
<img src="missing-chart.png">
<script>console.error("cost table failed to draw");</script>
<script>undefinedFunctionInDashboard();</script>
</main></body></html>
""",
    "cdn.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page with a CDN script</title>
<script src="http://cdn.example.invalid/plotly.min.js"></script>
<script src="local.js"></script>
</head><body><main><h1>Page with a CDN script</h1></main></body></html>
""",
    "local.js": "window.localScriptRan = true;\n",
}


@pytest.fixture(scope="session")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield the base URL of a few test pages served by ``python -m http.server``."""
    root: Path = tmp_path_factory.mktemp("site")
    for name, content in PAGES.items():
        (root / name).write_text(content, encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()
        port = re.search(r"port (\d+)", banner)
        assert port, f"http.server did not say its port: {banner!r}"
        yield f"http://127.0.0.1:{port.group(1)}"
    finally:
        server.terminate()
        server.wait(timeout=10)
