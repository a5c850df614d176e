"""Benchmark: how fast each dashboard is drawn, against three baselines.

For each dashboard, the time from navigation until every chart is drawn
(median of N fresh page loads, each in a new browser context with an empty
cache) in Debian's headless Chromium, against, in the same run:

- static: one HTML page holding the same plotly figures with plotly.js
  inline, the floor any page carrying plotly.js pays;
- bare: a Voilà notebook with the same imports and one empty chart, served
  the same way (``python -m dp_analysis.serving``, warm kernel pool);
- plain: the dashboard notebook served by plain ``voila notebook.ipynb``
  with Voilà's defaults (no kernel pool, lab template).

It also times moving a main control until every chart is redrawn.

Run: ``.venv/bin/python benchmarks/bench_dashboards.py [--repeat 5]``.
Targets (2-core machine): dashboard <= 1.2 x static and <= 1.5 s; >= 3 x
faster than plain; redraw median <= 100 ms.
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
STATIC_DRAWN = (
    """n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n"""
)
REFILL_SECONDS = 8  # the pool refills (fill_delay 3 s + kernel start) between loads


def static_page(name: str, folder: Path) -> tuple[Path, int]:
    """Write a static page with the dashboard's figures; return it and the count."""
    dashboard = getattr(widgets, CLASSES[name])()
    figures = [chart.go_figure for chart in dashboard.charts]
    parts = [
        pio.to_html(figure, full_html=False, include_plotlyjs=(i == 0))
        for i, figure in enumerate(figures)
    ]
    path = folder / f"{name}.html"
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


def timed_load(browser, url: str, condition: str, arg=None) -> float:
    """Return seconds from navigation until ``condition`` holds, fresh context."""
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=120_000)
    page.wait_for_function(condition, arg=arg, timeout=120_000, polling="raf")
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def timed_redraws(browser, url: str, name: str, repeat: int) -> list[float]:
    """Return seconds from each control change until every chart is redrawn."""
    context = browser.new_context()
    page = context.new_page()
    pages.open_dashboard(page, url)
    times = []
    for i in range(repeat):
        label, kind, value = CONTROLS[name][i % 2]
        before = pages.revisions(page)
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
        times.append(time.perf_counter() - start)
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

    results = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, offline=True)
        for name in args.dashboards:
            page_path, n_figures = static_page(name, static_dir)
            static = [
                timed_load(browser, page_path.as_uri(), STATIC_DRAWN, n_figures)
                for _ in range(args.repeat)
            ]
            ours, bare = [], []
            for _ in range(args.repeat):
                time.sleep(REFILL_SECONDS)
                ours.append(timed_load(browser, server.page(name), pages.ALL_DRAWN))
                bare.append(
                    timed_load(browser, server.page(f"bare_{name}"), pages.ALL_DRAWN)
                )
            redraw = timed_redraws(browser, server.page(name), name, args.repeat)

            port = free_port()
            plain_process = plain_voila(
                server.root / f"{name}.ipynb", port, work / f"plain-{name}.log"
            )
            try:
                plain = [
                    timed_load(browser, f"http://127.0.0.1:{port}/", pages.ALL_DRAWN)
                    for _ in range(args.repeat)
                ]
            finally:
                plain_process.terminate()
                plain_process.wait(timeout=30)
            results[name] = {
                "static": median(static),
                "dashboard": median(ours),
                "bare": median(bare),
                "plain": median(plain),
                "redraw_ms": median(redraw) * 1000,
            }
            print(f"{name}: {json.dumps(results[name])}", flush=True)
        browser.close()
    server.stop()

    print()
    print(
        f"{'dashboard':16} {'static':>7} {'bare':>6} {'ours':>6} {'plain':>6} "
        f"{'ours/static':>11} {'plain/ours':>10} {'redraw ms':>9}  targets met"
    )
    for name, r in results.items():
        to_static = r["dashboard"] / r["static"]
        speedup = r["plain"] / r["dashboard"]
        met = [
            f"<=1.2x static: {'yes' if to_static <= 1.2 else 'no'}",
            f"<=1.5 s: {'yes' if r['dashboard'] <= 1.5 else 'no'}",
            f">=3x plain: {'yes' if speedup >= 3 else 'no'}",
            f"redraw<=100ms: {'yes' if r['redraw_ms'] <= 100 else 'no'}",
        ]
        print(
            f"{name:16} {r['static']:7.2f} {r['bare']:6.2f} {r['dashboard']:6.2f} "
            f"{r['plain']:6.2f} {to_static:11.2f} {speedup:10.2f} "
            f"{r['redraw_ms']:9.0f}  {', '.join(met)}"
        )
    (work / "results.json").write_text(json.dumps(results, indent=2))
    print(f"\nresults in {work / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
