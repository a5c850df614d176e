"""The dashboard server: Voilà, standalone, with the repository's settings.

:class:`DashboardServer` is Voilà's own application with four changes, each
for a reason tested in ``tests/dashboards/``:

- its configuration comes from ``config/voila/voila.json`` (and its page
  template from ``config/voila/share``), not from the user's home folder;
- notebooks and files are looked up through
  :mod:`dp_analysis.serving.files`, which refuses symbolic links that lead
  outside ``dashboards/``;
- plotly.js is served once, at ``<base_url>dp-static/plotly.min.js``: the
  basic bundle from ``node_modules`` when it is installed, else the full file
  the plotly package installs (:mod:`dp_analysis.widgets.plotly_js`); the page
  template starts loading it at once and the charts share it;
- kernels are managed by :class:`~dp_analysis.serving.kernels.DashboardKernelManager`
  (set in the configuration file);
- dashboard pages set the ``_xsrf`` cookie, so that the shutdown request a
  page sends when it is closed is accepted (:class:`DashboardPageHandler`).

Run it with ``dp-analysis serve`` or ``python -m dp_analysis.serving``.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import default
from voila.app import Voila
from voila.static_file_handler import AllowListFileHandler
from voila.tornado.handler import TornadoVoilaHandler

from dp_analysis import paths
from dp_analysis.serving.files import (
    ContainedContentsManager,
    ContainedFileHandler,
    is_inside,
)
from dp_analysis.widgets.chart import PLOTLY_URL_ENV
from dp_analysis.widgets.plotly_js import plotly_js

logger = logging.getLogger(__name__)

CONFIG_DIR = paths.PROJECT_ROOT / "config" / "voila"
TEMPLATE_ROOT = CONFIG_DIR / "share"
PLOTLY_ROUTE = "dp-static/plotly.min.js"


def outside_notebooks(root: str) -> list[str]:
    """Return the notebooks under ``root`` that are links to files outside it."""
    return sorted(
        str(path.relative_to(root))
        for path in Path(root).rglob("*.ipynb")
        if not is_inside(str(path), root)
    )


class PlotlyHandler(web.StaticFileHandler):
    """Serve the one plotly.js file, cached by the browser between pages."""

    def initialize(self, file: str) -> None:  # type: ignore[override]
        """Serve ``file``, whatever its name, at the one route."""
        super().initialize(path=str(Path(file).parent))
        self.file_name = Path(file).name

    async def get(self, path: str = "", include_body: bool = True) -> None:
        """Send the file (the route holds no path of its own)."""
        await super().get(self.file_name, include_body)

    def set_extra_headers(self, path: str) -> None:
        """Let the browser keep plotly.js for a day."""
        self.set_header("Cache-Control", "public, max-age=86400")


class DashboardPageHandler(TornadoVoilaHandler):
    """Voilà's dashboard page, which also sets the ``_xsrf`` cookie.

    When a page closes, Voilà's script posts a shutdown request for its
    kernel with the value of the ``_xsrf`` cookie, which the server checks
    against cross-site requests. Voilà 0.5.13 sets that cookie only on pages
    drawn from its own templates (the landing page), not on a dashboard page
    opened directly, so the request was refused ("'_xsrf' argument missing
    from POST") and the kernel lived on until culled.
    """

    async def prepare(self) -> None:
        """Check the request as Voilà does, then set the ``_xsrf`` cookie."""
        await super().prepare()
        # Reading the token sets the cookie, before the page starts streaming
        # (unless the request was already answered, by a redirect to log in).
        if not self._finished:
            _ = self.xsrf_token


class DashboardServer(Voila):
    """Voilà with the repository's configuration and the hardening above."""

    name = "voila"  # Voilà stores itself in the tornado settings under this

    @default("config_file_paths")
    def _config_file_paths_default(self) -> list[str]:
        return [str(CONFIG_DIR)]

    def initialize(self, argv: list[str] | None = None) -> None:
        """Read the configuration, then tell kernels where plotly.js is."""
        super().initialize(argv)
        os.environ[PLOTLY_URL_ENV] = url_path_join(self.base_url, PLOTLY_ROUTE)

    def init_settings(self) -> dict:
        """Use the contents manager that refuses links leaving the root."""
        # Voilà pre-runs every notebook it finds, before any request is checked:
        # never pre-run one that is a link to a notebook outside the root.
        outside = outside_notebooks(self.root_dir)
        if outside:
            logger.warning("Not serving notebooks outside the folder: %s", outside)
            denied = list(self.config.VoilaKernelManager.get("preheat_denylist", []))
            self.config.VoilaKernelManager.preheat_denylist = denied + [
                # Voilà matches these against the path as found, under the root.
                f".*(^|/){re.escape(name)}$"
                for name in outside
            ]
        settings = super().init_settings()
        self.contents_manager = ContainedContentsManager(parent=self)
        settings["contents_manager"] = self.contents_manager
        return settings

    def init_handlers(self) -> list:
        """Return Voilà's handlers, with three of this module's own.

        The contained file handler, the page handler that sets the ``_xsrf``
        cookie, and plotly.js.
        """
        handlers = []
        for spec in super().init_handlers():
            pattern, handler, *rest = spec
            if handler is AllowListFileHandler:
                handler = ContainedFileHandler
            elif handler is TornadoVoilaHandler:
                handler = DashboardPageHandler
            handlers.append((pattern, handler, *rest))
        plotly_route = url_path_join(self.server_url, r"/dp-static/plotly\.min\.js")
        bundle = plotly_js()
        logger.info("Serving %s as plotly.js", bundle)
        handlers.insert(0, (plotly_route, PlotlyHandler, {"file": str(bundle)}))
        return handlers


def main(argv: list[str] | None = None) -> None:
    """Start the dashboard server (arguments as for ``voila``)."""
    # Voilà finds page templates on the Jupyter data path.
    data_path = os.environ.get("JUPYTER_PATH", "")
    if str(TEMPLATE_ROOT) not in data_path.split(os.pathsep):
        os.environ["JUPYTER_PATH"] = os.pathsep.join(
            p for p in (str(TEMPLATE_ROOT), data_path) if p
        )
    DashboardServer.launch_instance(argv=argv)


if __name__ == "__main__":
    main(sys.argv[1:])
