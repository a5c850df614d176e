"""Benchmark: how fast each dashboard is drawn, against three baselines.

For each dashboard, the time from navigation until every chart is drawn
(median of N fresh page loads, each in a new browser context with an empty
cache) in Debian's headless Chromium. The page shows its results first as
plain HTML (the first view, see ``dp_analysis.widgets.first_view``) and then
as live widgets; both times are taken from the same page load:

- drawn: every chart of the first view is drawn (each plot holds its
  traces), the same test as for the static page;
- interactive: the live widgets have replaced the first view and every live
  chart is drawn, so the controls work.

Against, in the same run:

- static: one HTML page holding the same plotly figures with plotly.js
  inline (the full file the plotly package installs), the floor any page
  carrying plotly.js pays;
- static basic: the same page carrying the plotly.js file that the
  dashboards load (plotly's basic bundle when ``node_modules`` holds it, see
  ``dp_analysis.widgets.plotly_js``), the floor for a page with that file;
- bare: a Voilà notebook with the same imports and one empty chart, served
  the same way (``python -m dp_analysis.serving``, warm kernel pool);
- plain: the dashboard notebook served by plain ``voila notebook.ipynb``
  with Voilà's defaults (no kernel pool, lab template).

It also times moving a main control until every chart is redrawn: inside
the page, from the input event to the last chart's redraw (what a person
waits), and, for reference, as seen from this script, which adds
Playwright's own round trips (typing, pressing Enter, polling).

Run: ``.venv/bin/python benchmarks/bench_dashboards.py [--repeat 5]``.
Targets (2-core machine): drawn <= 1.2 x static and <= 1.5 s; >= 3 x faster
than plain; redraw median <= 100 ms. The table also gives the time until
interactive against the same targets, and both against the static basic
page.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import plotly.io as pio
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dp_analysis import widgets  # noqa: E402
from dp_analysis.widgets.plotly_js import plotly_js  # noqa: E402
from tests.dashboards import pages  # noqa: E402
from tests.dashboards.server import DASHBOARDS, free_port, start_server  # noqa: E402
from tests.support.browser import launch_chromium  # noqa: E402

CLASSES = {
    "uptake_explorer": "UptakeExplorer",
    "spb_explorer": "SPBExplorer",
    "pilot_planner": "PilotPlanner",
    "finance_model": "FinanceModel",
}
# One main control per dashboard: (label, kind, value).
CONTROLS = {
    "uptake_explorer": [
        ("Count people by", "choose", "Age group"),
        ("Count people by", "choose", "Weekly cost band"),
    ],
    "spb_explorer": [
        ("ASC hourly cost (£)", "number", 24),
        ("ASC hourly cost (£)", "number", 20),
    ],
    "pilot_planner": [
        ("Pilot places in all", "number", 60),
        ("Pilot places in all", "number", 40),
    ],
    "finance_model": [
        ("Current ICU budget (£)", "number", 100000),
        ("Current ICU budget (£)", "number", 95000),
    ],
}
# A plotly chart counts as drawn once its SVG holds its traces; the static
# page and the first view are judged by the same test.
PLOTS_DRAWN = """([selector, n]) => {
  const plots = [...document.querySelectorAll(selector)];
  return plots.length >= n && plots.every(p => p.querySelector('.main-svg g.trace'));
}"""
STATIC_PLOTS = ".js-plotly-plot"
FIRST_VIEW_PLOTS = ".dp-first-view .js-plotly-plot"
INTERACTIVE = """() => {
  const plots = [...document.querySelectorAll('.dp-chart-plot')];
  return !document.querySelector('.dp-first-view') && plots.length > 0
    && plots.every(p => p.dataset.revision);
}"""
REFILL_SECONDS = 8  # the pool refills (fill_delay 3 s + kernel start) between loads


def static_page(name: str, folder: Path, script: str | None = None) -> tuple[Path, int]:
    """Write a static page with the dashboard's figures; return it and the count.

    plotly.js is inlined: plotly's full file, or ``script`` when given.
    """
    dashboard = getattr(widgets, CLASSES[name])()
    figures = [chart.go_figure for chart in dashboard.charts]
    parts = [
        pio.to_html(figure, full_html=False, include_plotlyjs=(i == 0 and not script))
        for i, figure in enumerate(figures)
    ]
    if script:
        parts.insert(0, f"<script>{script}</script>")
    path = folder / f"{name}{'-basic' if script else ''}.html"
    path.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{name}</title></head><body>{''.join(parts)}</body></html>",
        encoding="utf-8",
    )
    return path, len(figures)


def bare_notebook(name: str, folder: Path) -> None:
    """Write a notebook with the dashboard's imports and one empty chart."""
    source = (
        f"from dp_analysis.widgets import {CLASSES[name]}\n"
        "from dp_analysis.widgets.chart import Chart\n"
        "from dp_analysis.widgets.figure_style import bar_figure\n\n"
        "Chart(bar_figure(), 'An empty chart.')"
    )
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "id": "bare",
                "source": source,
            }
        ],
        "metadata": {
            "kernelspec": {
                "name": "python3",
                "display_name": "Python 3",
                "language": "python",
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / f"bare_{name}.ipynb").write_text(json.dumps(notebook))


def timed_load(browser, url: str, *conditions: tuple[str, object]) -> list[float]:
    """Return seconds from navigation until each condition holds, fresh context.

    Each condition is a JavaScript function and its argument; they are
    awaited in turn on the same page load.
    """
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=120_000)
    times = []
    for condition, arg in conditions:
        page.wait_for_function(condition, arg=arg, timeout=120_000, polling="raf")
        times.append(time.perf_counter() - start)
    context.close()
    return times


# Times, inside the page, each control change (the Enter key in a number box,
# or a choice in a list) and each chart's redraw (its data-revision changing).
WATCH_REDRAWS = """() => {
  window.dpInputAt = null;
  window.dpRedrawnAt = [];
  // The first event after each reset counts: the earlier, the longer the wait.
  const mark = (event) => { window.dpInputAt ??= event.timeStamp; };
  document.addEventListener('change', mark, true);
  document.addEventListener('keydown', (e) => e.key === 'Enter' && mark(e), true);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target.classList.contains('dp-chart-plot')) {
        window.dpRedrawnAt.push(performance.now());
      }
    }
  }).observe(document.body, {
    attributes: true, subtree: true, attributeFilter: ['data-revision'],
  });
}"""


def timed_redraws(browser, url: str, name: str, repeat: int) -> dict[str, list]:
    """Time each control change until every chart is redrawn.

    Returns two lists of seconds: ``page``, from the input event to the last
    chart's redraw, both stamped inside the page; and ``harness``, the same
    seen from this script (it adds Playwright's own round trips).
    """
    context = browser.new_context()
    page = context.new_page()
    pages.open_dashboard(page, url)
    page.evaluate(WATCH_REDRAWS)
    times: dict[str, list] = {"page": [], "harness": []}
    for i in range(repeat):
        label, kind, value = CONTROLS[name][i % 2]
        before = pages.revisions(page)
        page.evaluate("() => { window.dpRedrawnAt = []; window.dpInputAt = null; }")
        start = time.perf_counter()
        if kind == "choose":
            pages.choose(page, label, value)
        else:
            pages.set_number(page, label, value)
        page.wait_for_function(
            """before => {
              const now = [...document.querySelectorAll('.dp-chart-plot')]
                .map(p => p.dataset.revision || '');
              return now.every((r, i) => r !== before[i]);
            }""",
            arg=before,
            polling="raf",
            timeout=30_000,
        )
        times["harness"].append(time.perf_counter() - start)
        inside = page.evaluate(
            "() => Math.max(...window.dpRedrawnAt) - window.dpInputAt"
        )
        times["page"].append(inside / 1000)
    context.close()
    return times


def plain_voila(notebook: Path, port: int, log: Path) -> subprocess.Popen:
    """Start ``voila notebook.ipynb`` with its defaults (and no browser)."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            str(notebook),
            f"--port={port}",
            "--no-browser",
        ],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        cwd=notebook.parent,
    )
    for _ in range(120):
        try:
            import urllib.request

            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/voila/static/voila.js", timeout=2
            )
            return process
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"plain voila did not start: {log.read_text()[-2000:]}")


def median(values: list[float]) -> float:
    """Return the median."""
    return statistics.median(values)


def main() -> int:
    """Run the benchmark and print a table of medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dashboards", nargs="*", default=list(DASHBOARDS))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-dashboards-"))
    static_dir = work / "static"
    static_dir.mkdir()

    def add_bare_notebooks(served: Path) -> None:
        for name in args.dashboards:
            bare_notebook(name, served)

    server = start_server(work, prepare=add_bare_notebooks)
    server.wait_for_pools()

    served_js = plotly_js()
    print(f"the dashboards load {served_js}", flush=True)
    results = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, offline=True)
        for name in args.dashboards:
            page_path, n_figures = static_page(name, static_dir)
            basic_path, _ = static_page(
                name, static_dir, served_js.read_text(encoding="utf-8")
            )
            static_drawn = (PLOTS_DRAWN, [STATIC_PLOTS, n_figures])
            first_drawn = (PLOTS_DRAWN, [FIRST_VIEW_PLOTS, n_figures])
            live_drawn = (pages.ALL_DRAWN, None)
            static, basic, ours, interactive, bare = [], [], [], [], []
            for _ in range(args.repeat):
                static += timed_load(browser, page_path.as_uri(), static_drawn)
                basic += timed_load(browser, basic_path.as_uri(), static_drawn)
                time.sleep(REFILL_SECONDS)
                drawn, live = timed_load(
                    browser, server.page(name), first_drawn, (INTERACTIVE, None)
                )
                ours.append(drawn)
                interactive.append(live)
                bare += timed_load(browser, server.page(f"bare_{name}"), live_drawn)
            redraw = timed_redraws(browser, server.page(name), name, args.repeat)

            port = free_port()
            plain_process = plain_voila(
                server.root / f"{name}.ipynb", port, work / f"plain-{name}.log"
            )
            try:
                plain = [
                    timed_load(browser, f"http://127.0.0.1:{port}/", live_drawn)[0]
                    for _ in range(args.repeat)
                ]
            finally:
                plain_process.terminate()
                plain_process.wait(timeout=30)
            results[name] = {
                "static": median(static),
                "static_basic": median(basic),
                "dashboard": median(ours),
                "interactive": median(interactive),
                "bare": median(bare),
                "plain": median(plain),
                "redraw_ms": median(redraw["page"]) * 1000,
                "redraw_harness_ms": median(redraw["harness"]) * 1000,
            }
            print(f"{name}: {json.dumps(results[name])}", flush=True)
        browser.close()
    server.stop()

    print()
    print(
        f"{'dashboard':16} {'static':>6} {'basic':>6} {'bare':>6} {'drawn':>6} "
        f"{'live':>6} {'plain':>6} {'drawn/static':>12} {'drawn/basic':>11} "
        f"{'plain/drawn':>11} {'live/static':>11} {'plain/live':>10} "
        f"{'redraw ms':>9} {'(harness)':>9}"
    )
    for name, r in results.items():
        print(
            f"{name:16} {r['static']:6.2f} {r['static_basic']:6.2f} {r['bare']:6.2f} "
            f"{r['dashboard']:6.2f} {r['interactive']:6.2f} {r['plain']:6.2f} "
            f"{r['dashboard'] / r['static']:12.2f} "
            f"{r['dashboard'] / r['static_basic']:11.2f} "
            f"{r['plain'] / r['dashboard']:11.2f} "
            f"{r['interactive'] / r['static']:11.2f} "
            f"{r['plain'] / r['interactive']:10.2f} {r['redraw_ms']:9.0f} "
            f"{r['redraw_harness_ms']:9.0f}"
        )
    print()
    for name, r in results.items():
        for label, key in (("drawn", "dashboard"), ("interactive", "interactive")):
            met = [
                f"<=1.2x static: {'yes' if r[key] <= 1.2 * r['static'] else 'no'}",
                "<=1.2x static basic: "
                f"{'yes' if r[key] <= 1.2 * r['static_basic'] else 'no'}",
                f"<=1.5 s: {'yes' if r[key] <= 1.5 else 'no'}",
                f">=3x plain: {'yes' if r['plain'] >= 3 * r[key] else 'no'}",
            ]
            print(f"{name} {label}: {', '.join(met)}")
        print(f"{name} redraw<=100ms: {'yes' if r['redraw_ms'] <= 100 else 'no'}")
    (work / "results.json").write_text(json.dumps(results, indent=2))
    print(f"\nresults in {work / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
