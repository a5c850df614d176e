"""A failing cell gives papermill's error notebook and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.notebooks.running import notebook_path

pytestmark = pytest.mark.notebooks

PAPERMILL = str(Path(sys.executable).with_name("papermill"))


def test_failing_cell_writes_the_error_notebook_and_exits_non_zero(tmp_path):
    output = tmp_path / "failed.ipynb"
    finished = subprocess.run(
        [
            PAPERMILL,
            str(notebook_path("01_uptake_profile")),
            str(output),
            "-p",
            "month",
            "2031-01",
            "-p",
            "output_dir",
            "",
            "-k",
            "python3",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode != 0
    assert "PapermillExecutionError" in finished.stderr

    notebook = nbformat.read(str(output), as_version=4)
    assert notebook.metadata["papermill"]["exception"] is True
    failed = [
        position
        for position, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        and any(out.output_type == "error" for out in cell.outputs)
    ]
    assert len(failed) == 1
    # papermill marks the failing cell with a Markdown cell just before it.
    marker = notebook.cells[failed[0] - 1]
    assert "papermill-error-cell-tag" in marker.metadata["tags"]
    error = next(
        out for out in notebook.cells[failed[0]].outputs if out.output_type == "error"
    )
    assert error.ename == "KeyError"
    assert "no data for month 2031-01" in error.evalue
