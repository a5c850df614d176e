"""Run a notebook with papermill and read back what it left behind.

Notebooks are executed with papermill in the project's own kernel. The values
a notebook records (``notebook_support.record``) are read back from its
outputs, so the tests assert on figures, not only on a clean run.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
import papermill

from dp_analysis import paths
from dp_analysis.notebook_support import VALUES_MIMETYPE

NOTEBOOKS = (
    "01_uptake_profile",
    "02_targeting",
    "03_spb_cost_scenarios",
    "04_financial_implications",
    "05_reconciliation",
    "06_monthly_report",
)
PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json"
WORKERS = min(2, os.cpu_count() or 1)


def notebook_path(name: str) -> Path:
    """Return the stored ``.ipynb`` of a notebook."""
    return paths.NOTEBOOK_DIR / f"{name}.ipynb"


def run_notebook(name: str, folder: Path, **parameters: Any) -> nbformat.NotebookNode:
    """Execute a notebook with papermill into ``folder``; return the result."""
    output = folder / f"{name}.ipynb"
    parameters.setdefault("output_dir", str(folder / f"{name}_tables"))
    papermill.execute_notebook(
        str(notebook_path(name)),
        str(output),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(folder),
    )
    return nbformat.read(str(output), as_version=4)


def run_notebooks(
    names: tuple[str, ...], folder: Path, **parameters: Any
) -> dict[str, nbformat.NotebookNode]:
    """Execute several notebooks with the same parameters, two at a time.

    Each notebook has its own kernel; most of a run is the kernel starting
    and importing, so two cores run two notebooks in about the time of one.
    """
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        runs = {
            name: pool.submit(run_notebook, name, folder, **parameters)
            for name in names
        }
        return {name: run.result() for name, run in runs.items()}


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    """Return every output of every code cell, in order."""
    return [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    ]


def recorded_values(notebook: nbformat.NotebookNode) -> dict[str, Any]:
    """Return the key figures the notebook recorded, merged in cell order."""
    values: dict[str, Any] = {}
    for out in outputs(notebook):
        data = out.get("data", {})
        if VALUES_MIMETYPE in data:
            recorded = data[VALUES_MIMETYPE]
            values.update(
                json.loads(recorded) if isinstance(recorded, str) else recorded
            )
    return values


def shown(notebook: nbformat.NotebookNode, mimetype: str) -> list[str]:
    """Return the text of every output of one MIME type (Markdown, HTML)."""
    texts = []
    for out in outputs(notebook):
        text = out.get("data", {}).get(mimetype)
        if text is not None:
            texts.append("".join(text) if isinstance(text, list) else text)
    return texts


def figures(notebook: nbformat.NotebookNode) -> list[dict]:
    """Return the plotly figures the notebook displayed, as JSON."""
    return [
        out["data"][PLOTLY_MIMETYPE]
        for out in outputs(notebook)
        if PLOTLY_MIMETYPE in out.get("data", {})
    ]
