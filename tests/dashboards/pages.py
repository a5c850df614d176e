"""Read and drive a dashboard page in the browser, as a person would."""

from __future__ import annotations

import time
from typing import Any

ALL_DRAWN = """() => {
  const plots = [...document.querySelectorAll('.dp-chart-plot')];
  return plots.length > 0 && plots.every(p => p.dataset.revision);
}"""

REVISIONS = """() => [...document.querySelectorAll('.dp-chart-plot')]
  .map(p => p.dataset.revision || '')"""


def open_dashboard(page: Any, url: str, timeout: float = 90_000) -> float:
    """Open a dashboard and wait until every chart is drawn; return seconds."""
    start = time.perf_counter()
    page.goto(url, timeout=timeout)
    wait_drawn(page, timeout)
    return time.perf_counter() - start


def wait_drawn(page: Any, timeout: float = 90_000) -> None:
    """Wait until every chart on the page is drawn.

    Polls on a timer: a page that is not in front gets no animation frames.
    """
    page.wait_for_function(ALL_DRAWN, timeout=timeout, polling=200)


def revisions(page: Any) -> list[str]:
    """Return each chart's drawn revision, in page order."""
    return page.evaluate(REVISIONS)


def wait_redraw(page: Any, before: list[str], timeout: float = 20_000) -> None:
    """Wait until every chart has been redrawn since ``before``."""
    page.wait_for_function(
        """before => {
          const now = [...document.querySelectorAll('.dp-chart-plot')]
            .map(p => p.dataset.revision || '');
          return now.length === before.length && now.every((r, i) => r !== before[i]);
        }""",
        arg=before,
        timeout=timeout,
        polling=50,
    )


def table(page: Any, caption: str) -> list[list[str]]:
    """Return the rows (header first) of the table whose caption starts so."""
    return page.evaluate(
        """caption => {
          const t = [...document.querySelectorAll('table.dp-table')]
            .find(t => t.caption && t.caption.textContent.startsWith(caption));
          if (!t) return null;
          return [...t.rows].map(r => [...r.cells].map(c => c.textContent.trim()));
        }""",
        caption,
    )


def headline(page: Any) -> dict[str, str]:
    """Return the key figures (name to value) shown above the charts."""
    return page.evaluate(
        """() => Object.fromEntries(
          [...document.querySelectorAll('.dp-headline div')].map(d => [
            d.querySelector('dt').textContent, d.querySelector('dd').textContent]))"""
    )


def chart_traces(page: Any, index: int = 0) -> list[dict[str, Any]]:
    """Return the x and y of each trace drawn in the ``index``-th chart."""
    return page.evaluate(
        """i => document.querySelectorAll('.dp-chart-plot')[i].data
          .map(t => ({name: t.name, x: Array.from(t.x), y: Array.from(t.y)}))""",
        index,
    )


def summaries(page: Any) -> list[str]:
    """Return the text alternative of every chart."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.dp-chart-summary')]"
        ".map(c => c.textContent)"
    )


def set_number(page: Any, label: str, value: float) -> None:
    """Type a number into the box labelled ``label`` and confirm it."""
    box = page.get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Enter")


def choose(page: Any, label: str, option: str) -> None:
    """Choose one option of the drop-down list labelled ``label``."""
    page.get_by_label(label, exact=True).select_option(label=option)


def choose_many(page: Any, label: str, options: list[str]) -> None:
    """Choose several options of the list labelled ``label``."""
    page.get_by_label(label, exact=True).select_option(label=options)


def change_and_wait(page: Any, action: Any) -> None:
    """Run ``action`` (a control change) and wait for every chart's redraw."""
    before = revisions(page)
    action()
    wait_redraw(page, before)
