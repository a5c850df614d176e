"""Which plotly.js file the dashboards load.

The dashboards draw only bar charts, and plotly's basic bundle (scatter, bar
and pie traces) is a quarter of the full file that the plotly package
installs: 1.2 MB against 4.7 MB. Measured on the 2-core machine, a static
page with the SPB explorer's two charts drew in 0.53 s with the basic bundle
against 1.41 s with the full one (see docs/dashboards.md), nearly all of it
the time Chromium takes to parse and run the script.

``npm ci`` installs the basic bundle from ``package-lock.json``
(``plotly.js-basic-dist-min``, pinned to the version that the plotly package
bundles). :func:`plotly_js` returns it when it is there and its version
matches; otherwise it returns the full file and logs why, so a checkout
without ``node_modules`` still draws every chart.

>>> plotly_js().name in {"plotly-basic.min.js", "plotly.min.js"}
True
>>> sorted(BASIC_TRACES)
['bar', 'pie', 'scatter']
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path

import plotly
from plotly.offline import get_plotlyjs_version

from dp_analysis import paths

logger = logging.getLogger(__name__)

FULL_BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
BASIC_PACKAGE = paths.PROJECT_ROOT / "node_modules" / "plotly.js-basic-dist-min"
BASIC_BUNDLE = BASIC_PACKAGE / "plotly-basic.min.js"
# The trace types in plotly.js's basic bundle (its README, "Bundle information").
BASIC_TRACES = frozenset({"bar", "pie", "scatter"})


def basic_bundle_version(package: Path | None = None) -> str | None:
    """Return the version of the basic bundle installed (or in ``package``)."""
    package = BASIC_PACKAGE if package is None else package
    try:
        manifest = json.loads((package / "package.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return str(manifest.get("version"))


@cache
def plotly_js() -> Path:
    """Return the plotly.js file to serve: the basic bundle when it fits."""
    wanted = get_plotlyjs_version()
    found = basic_bundle_version()
    if found is None or not BASIC_BUNDLE.is_file():
        logger.info(
            "plotly.js basic bundle not installed (%s); serving the full file "
            "(run `make node`)",
            BASIC_PACKAGE,
        )
        return FULL_BUNDLE
    if found != wanted:
        logger.warning(
            "plotly.js basic bundle is %s but the plotly package bundles %s; "
            "serving the full file (pin plotly.js-basic-dist-min to %s in "
            "package.json)",
            found,
            wanted,
            wanted,
        )
        return FULL_BUNDLE
    return BASIC_BUNDLE


def uses_basic_bundle() -> bool:
    """Return True when the dashboards load the basic bundle."""
    return plotly_js() == BASIC_BUNDLE
