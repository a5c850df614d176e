"""What every dashboard shares: settings, reset, files, links and notes.

A dashboard is an ``ipywidgets.VBox`` whose settings are traitlets tagged
``setting=True``. Controls are linked to those traitlets; a change to any of
them calls :meth:`Dashboard.refresh`, which recomputes from the package's
models and updates the charts and tables in place. Around that sit:

- a note of the data's month and source (and of suppression in public mode);
- a link that reproduces the current settings (a query string);
- a saved-settings YAML file to download, and an upload to load one back;
- a button that resets every setting to the report's defaults.
"""

from __future__ import annotations

import base64
import html
import logging
import os
from contextlib import ExitStack, contextmanager
from typing import Any

import ipywidgets
import pandas as pd

from dp_analysis import counts as counts_table
from dp_analysis.exceptions import DPAnalysisError, ScenarioError
from dp_analysis.scenario import Scenario, load_scenario, parse_scenario
from dp_analysis.widgets import settings as settings_io
from dp_analysis.widgets.chart import Chart
from dp_analysis.widgets.data_source import REPORT_SOURCE, dashboard_data
from dp_analysis.widgets.first_view import FirstView, static_html

logger = logging.getLogger(__name__)

MODE_ENV = "DP_ANALYSIS_MODE"
SUPPRESSION_THRESHOLD = 7  # counts 1 to 7 are shown as [c] in public mode


def _descendants(widget: ipywidgets.Widget) -> list[ipywidgets.Widget]:
    """Return ``widget`` and every widget inside it."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _descendants(child)
    return found


def _month_name(month: str) -> str:
    return pd.Timestamp(f"{month}-01").strftime("%B %Y")


class Dashboard(ipywidgets.VBox):
    """Base class: settings, reset, shareable link and settings files.

    Subclasses set ``slug`` and ``title``, declare their settings as
    traitlets tagged ``setting=True``, build their controls and outputs in
    :meth:`build`, and recompute in :meth:`refresh`.
    """

    slug = "dashboard"
    title = "Dashboard"
    intro = ""

    def __init__(
        self,
        counts: pd.DataFrame | None = None,
        scenario: Scenario | None = None,
        *,
        source: str | None = None,
        mode: str | None = None,
    ):
        super().__init__()
        # The data dp-analysis serve chose (Appendix A unless told otherwise).
        if counts is None:
            counts, default_source = dashboard_data()
        else:
            default_source = REPORT_SOURCE
        self.counts = counts
        self.report_scenario = scenario if scenario is not None else load_scenario()
        self.source = source if source is not None else default_source
        self.mode = mode or os.environ.get(MODE_ENV, "internal")
        self._holding = False
        self.add_class("dp-dashboard")

        self.message = ipywidgets.HTML()
        self.share_link = ipywidgets.HTML()
        self.save_link = ipywidgets.HTML()
        self.upload = ipywidgets.FileUpload(
            accept=".yaml,.yml", multiple=False, description="Load settings"
        )
        self.upload.tooltip = "Load a settings file saved from this dashboard"
        self.upload.observe(self._on_upload, names="value")
        self.reset_button = ipywidgets.Button(
            description="Reset to the report's figures",
            tooltip="Set every control back to the report's assumptions",
            layout={"width": "auto"},
        )
        self.reset_button.on_click(lambda _: self.reset())

        controls, results = self.build()
        self.results_box = results
        self.defaults = self.state()
        self.children = [
            ipywidgets.HTML(self._header_html()),
            ipywidgets.HTML('<h2 class="dp-h2">Settings</h2>'),
            controls,
            ipywidgets.HBox(
                [self.reset_button, self.upload], layout={"flex_flow": "row wrap"}
            ),
            self.message,
            ipywidgets.HTML('<h2 class="dp-h2">Results</h2>'),
            results,
            ipywidgets.HTML('<h2 class="dp-h2">Share or keep these settings</h2>'),
            self.share_link,
            self.save_link,
        ]
        self.charts = [w for w in _descendants(results) if isinstance(w, Chart)]
        self.observe(self._on_setting, names=self.setting_names())
        with self._charts_held():
            self.refresh()
        self._update_links()

    # -- what subclasses provide -------------------------------------------

    def build(self) -> tuple[ipywidgets.Widget, ipywidgets.Widget]:
        """Return the controls box and the results box."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Recompute from the models and update charts and tables in place."""
        raise NotImplementedError

    def settings_from_scenario(self, scenario: Scenario) -> dict[str, Any]:
        """Return the settings a scenario file implies (none by default)."""
        raise ScenarioError(
            f"the {self.title} dashboard takes settings files saved from it, "
            "not scenario files"
        )

    # -- settings ----------------------------------------------------------

    def setting_names(self) -> list[str]:
        """Return the names of this dashboard's settings, sorted."""
        return sorted(self.trait_names(setting=True))

    def state(self) -> dict[str, Any]:
        """Return the current settings as plain values."""
        return {name: getattr(self, name) for name in self.setting_names()}

    def apply_state(self, settings: dict[str, Any], source: str = "settings") -> None:
        """Set several settings at once, then recompute once.

        Unknown names and values that do not parse raise
        :class:`~dp_analysis.exceptions.ScenarioError`; nothing is changed then.
        """
        traits = self.traits(setting=True)
        unknown = sorted(set(settings) - set(traits))
        if unknown:
            raise ScenarioError(
                f"{source}: unknown setting(s) {unknown} for the {self.title} "
                f"dashboard; it knows {sorted(traits)}"
            )
        values = {
            name: settings_io.decode(traits[name], value, name)
            for name, value in settings.items()
        }
        before = self.state()
        try:
            with self._batch():
                for name, value in values.items():
                    setattr(self, name, value)
        except Exception:
            with self._batch():
                for name, value in before.items():
                    setattr(self, name, value)
            raise
        self._changed()

    def reset(self) -> None:
        """Set every setting back to the report's figures."""
        self.apply_state(self.defaults)
        self.message.value = ""

    @contextmanager
    def _batch(self):
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    def _on_setting(self, change: dict[str, Any]) -> None:
        if not self._holding:
            self._changed()

    @contextmanager
    def _charts_held(self):
        """Send chart updates last, so tables are current when a chart redraws."""
        with ExitStack() as stack:
            for chart in self.charts:
                stack.enter_context(chart.hold_sync())
            yield

    def _changed(self) -> None:
        try:
            with self._charts_held():
                self.refresh()
        except DPAnalysisError as error:
            self.show_message(str(error))
            return
        self._update_links()

    # -- notes, links and files --------------------------------------------

    def _header_html(self) -> str:
        months = counts_table.months(self.counts)
        month = _month_name(months[-1]) if months else "no month"
        note = f"Data: {html.escape(self.source)}, {month}."
        if self.mode == "public":
            note += (
                f" Public mode: counts from 1 to {SUPPRESSION_THRESHOLD} are shown "
                "as [c] to protect people's privacy, and charts leave them out."
            )
        else:
            note += " Internal mode: not for publication."
        return (
            f'<h1 class="dp-h1">{html.escape(self.title)}</h1>'
            f'<p class="dp-intro">{html.escape(self.intro)}</p>'
            f'<p class="dp-data-note" role="note">{note}</p>'
        )

    def show_message(self, text: str) -> None:
        """Show a problem (for example a bad file) above the results."""
        self.message.value = (
            f'<p class="dp-message" role="alert">{html.escape(text)}</p>'
            if text
            else ""
        )

    def query_string(self) -> str:
        """Return the query string that reproduces the current settings."""
        return settings_io.encode_query(self.state(), self.defaults)

    def _update_links(self) -> None:
        page = os.environ.get("SCRIPT_NAME", "")
        host = os.environ.get("SERVER_NAME", "")
        port = os.environ.get("SERVER_PORT", "")
        origin = f"http://{host}:{port}" if host and port else ""
        query = self.query_string()
        url = f"{origin}{page}?{query}" if query else f"{origin}{page}"
        self.share_link.value = (
            "<p>Link to these settings (copy it to share them): "
            f'<a class="dp-share-link" href="{html.escape(url)}">'
            f"{html.escape(url or 'this page')}</a></p>"
        )
        text = settings_io.settings_yaml(self.slug, self.state())
        href = "data:application/x-yaml;base64," + base64.b64encode(
            text.encode("utf-8")
        ).decode("ascii")
        self.save_link.value = (
            f'<p><a class="dp-save" download="{self.slug}-settings.yaml" '
            f'href="{href}">Save these settings as a file</a>. Load it again with '
            "the Load settings button above.</p>"
        )

    def apply_query_string(self, query: str | None) -> None:
        """Apply the settings held in a shareable link's query string."""
        self._update_links()
        if not query:
            return
        settings = settings_io.parse_query(query)
        settings.pop("token", None)  # the server's access token, not a setting
        try:
            self.apply_state(settings, source="the link")
        except DPAnalysisError as error:
            self.show_message(str(error))

    def apply_shared_link(self) -> None:
        """Read this page's query string from Voilà and apply it.

        With a pre-started kernel Voilà gives the query string only once a
        browser has asked for the page, so this waits for that request.
        """
        from voila.utils import get_query_string

        self.apply_query_string(get_query_string())

    def first_view(self) -> FirstView:
        """Return the results as plain HTML, shown until the widgets load.

        The page's template draws it as soon as plotly.js has loaded and
        swaps in the live dashboard once all of its charts are drawn (see
        :mod:`dp_analysis.widgets.first_view`).
        """
        body = (
            self._header_html()
            + '<h2 class="dp-h2">Settings</h2>'
            + '<p class="dp-first-view-note">The controls are loading.</p>'
            + self.message.value
            + '<h2 class="dp-h2">Results</h2>'
            + static_html(self.results_box)
        )
        return FirstView(body, charts=len(self.charts))

    def load_settings_text(self, text: str, source: str = "uploaded file") -> None:
        """Apply a saved settings file, or a scenario file, given as text."""
        document = settings_io.read_settings_yaml(text, source)
        if document.get("kind") == settings_io.FILE_KIND:
            if document.get("dashboard") != self.slug:
                raise ScenarioError(
                    f"{source}: saved from the {document.get('dashboard')!r} "
                    f"dashboard, not {self.slug!r}"
                )
            self.apply_state(dict(document.get("settings") or {}), source=source)
        else:
            scenario = parse_scenario(document, source=source)
            self.apply_state(self.settings_from_scenario(scenario), source=source)

    def _on_upload(self, change: dict[str, Any]) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            text = bytes(upload["content"]).decode("utf-8-sig")
            self.load_settings_text(text, source=upload["name"])
        except (DPAnalysisError, UnicodeDecodeError) as error:
            self.show_message(str(error))
        else:
            self.show_message("")
            logger.info("Loaded settings from %s", upload["name"])
        finally:
            # Forget the file, so that loading the same file again still works.
            self.upload.value = ()
