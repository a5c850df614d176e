"""Notebooks are stored without outputs, paired with a py:percent script."""

from __future__ import annotations

import ast

import jupytext
import nbformat
import pytest

from dp_analysis import paths
from dp_analysis.notebook_support import resolve
from tests.notebooks.running import NOTEBOOKS, notebook_path

PARAMETERS = ("source", "month", "scenario_path", "mode", "output_dir")


def test_every_notebook_in_the_folder_is_known():
    stored = sorted(path.stem for path in paths.NOTEBOOK_DIR.glob("*.ipynb"))
    assert stored == sorted(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_without_outputs(name):
    notebook = nbformat.read(str(notebook_path(name)), as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells
    assert [cell.outputs for cell in code_cells] == [[] for _ in code_cells]
    assert {cell.execution_count for cell in code_cells} == {None}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_paired_script_is_in_sync(name):
    notebook = jupytext.read(notebook_path(name))
    script = notebook_path(name).with_suffix(".py").read_text(encoding="utf-8")
    assert notebook.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    assert jupytext.writes(notebook, fmt="py:percent") == script


def _parameters_cell(name: str) -> str:
    notebook = nbformat.read(str(notebook_path(name)), as_version=4)
    tagged = [
        cell for cell in notebook.cells if "parameters" in cell.metadata.get("tags", [])
    ]
    assert len(tagged) == 1, f"{name} must have exactly one 'parameters' cell"
    return tagged[0].source


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_one_parameters_cell_with_typed_defaults_and_help(name):
    source = _parameters_cell(name)
    annotated = {
        node.target.id: ast.literal_eval(node.value)
        for node in ast.parse(source).body
        if isinstance(node, ast.AnnAssign)
    }
    assert set(PARAMETERS) <= set(annotated)
    assert all("  # " in line for line in source.splitlines() if line.strip())
    assert resolve(annotated["source"]) == paths.APPENDIX_A
    assert resolve(annotated["scenario_path"]) == paths.REPORT_SCENARIO
    assert annotated["month"] == "2019-06"
    assert annotated["mode"] == "internal"
