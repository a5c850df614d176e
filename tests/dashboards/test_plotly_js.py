"""The dashboards load plotly.js's basic bundle, and it can draw every chart."""

from __future__ import annotations

import http.client
import json
import logging
import re

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs_version

from dp_analysis import paths, widgets
from dp_analysis.widgets import plotly_js as bundles
from dp_analysis.widgets.chart import Chart

DASHBOARD_CLASSES = ("UptakeExplorer", "SPBExplorer", "PilotPlanner", "FinanceModel")


@pytest.fixture
def fresh_choice():
    """Forget the cached choice of bundle before and after the test."""
    bundles.plotly_js.cache_clear()
    yield
    bundles.plotly_js.cache_clear()


def header_version(path) -> str:
    """Return the version that a plotly.js file's own header comment states."""
    head = path.read_text(encoding="utf-8")[:300]
    return re.search(r"plotly\.js.*? v(\d+\.\d+\.\d+)", head).group(1)


def test_the_installed_basic_bundle_is_the_version_plotly_bundles(fresh_choice):
    # `make node` installs it from package-lock.json; a mismatch would mean a
    # figure built by plotly.py drawn by another plotly.js.
    assert bundles.basic_bundle_version() == get_plotlyjs_version()
    assert header_version(bundles.BASIC_BUNDLE) == get_plotlyjs_version()
    assert header_version(bundles.FULL_BUNDLE) == get_plotlyjs_version()
    assert bundles.plotly_js() == bundles.BASIC_BUNDLE
    # A quarter of the full file, which is the point of serving it.
    basic_size = bundles.BASIC_BUNDLE.stat().st_size
    assert basic_size < bundles.FULL_BUNDLE.stat().st_size / 3


def test_the_lock_file_pins_the_basic_bundle_to_plotlys_version():
    lock_file = paths.PROJECT_ROOT / "package-lock.json"
    lock = json.loads(lock_file.read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/plotly.js-basic-dist-min"]["version"]
    assert pinned == get_plotlyjs_version()


def test_without_the_basic_bundle_the_full_file_is_served(
    fresh_choice, monkeypatch, tmp_path, caplog
):
    monkeypatch.setattr(bundles, "BASIC_PACKAGE", tmp_path / "missing")
    monkeypatch.setattr(bundles, "BASIC_BUNDLE", tmp_path / "missing" / "x.js")
    with caplog.at_level(logging.INFO, logger=bundles.__name__):
        assert bundles.plotly_js() == bundles.FULL_BUNDLE
    assert "basic bundle not installed" in caplog.text


def test_a_basic_bundle_of_another_version_is_not_used(
    fresh_choice, monkeypatch, tmp_path, caplog
):
    package = tmp_path / "plotly.js-basic-dist-min"
    package.mkdir()
    (package / "package.json").write_text('{"version": "3.0.0"}')
    (package / "plotly-basic.min.js").write_text("/* plotly.js v3.0.0 */")
    monkeypatch.setattr(bundles, "BASIC_PACKAGE", package)
    monkeypatch.setattr(bundles, "BASIC_BUNDLE", package / "plotly-basic.min.js")
    with caplog.at_level(logging.WARNING, logger=bundles.__name__):
        assert bundles.plotly_js() == bundles.FULL_BUNDLE
    assert f"is 3.0.0 but the plotly package bundles {get_plotlyjs_version()}" in (
        caplog.text
    )


@pytest.mark.parametrize("name", DASHBOARD_CLASSES)
def test_every_dashboard_chart_is_within_the_basic_bundle(name):
    dashboard = getattr(widgets, name)()
    types = {trace.type for chart in dashboard.charts for trace in chart.go_figure.data}
    assert types
    assert types <= bundles.BASIC_TRACES


def test_a_chart_the_basic_bundle_cannot_draw_is_refused(fresh_choice):
    assert bundles.uses_basic_bundle()
    with pytest.raises(ValueError, match=r"cannot draw \['heatmap'\] traces"):
        Chart(go.Figure(go.Heatmap(z=[[1, 2], [3, 4]])), "A heat map.")
    # A bar chart is drawn.
    assert Chart(go.Figure(go.Bar(x=["a"], y=[1])), "One bar.").revision == 1


@pytest.mark.slow
def test_the_server_sends_the_basic_bundle(dashboard_server):
    connection = http.client.HTTPConnection("127.0.0.1", dashboard_server.port)
    connection.request("GET", "/dp-static/plotly.min.js")
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 200
    assert body == bundles.BASIC_BUNDLE.read_bytes()
    assert response.getheader("Cache-Control") == "public, max-age=86400"
    assert "javascript" in response.getheader("Content-Type")
