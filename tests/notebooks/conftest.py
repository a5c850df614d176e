"""Fixtures for the notebook tests: each notebook run once with its defaults."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tests.notebooks.running import NOTEBOOKS, run_notebooks
from tests.support.fixtures import artifact_dir, playwright_instance  # noqa: F401


@pytest.fixture(scope="session")
def default_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Execute every notebook once with its default parameters."""
    folder = tmp_path_factory.mktemp("default_runs")
    run_notebooks(NOTEBOOKS, folder)
    return {name: folder / f"{name}.ipynb" for name in NOTEBOOKS}


@pytest.fixture(scope="session")
def default_notebooks(
    default_runs: dict[str, Path],
) -> dict[str, nbformat.NotebookNode]:
    """Return the executed default runs, read."""
    return {
        name: nbformat.read(str(path), as_version=4)
        for name, path in default_runs.items()
    }
