"""Warm kernels: each notebook runs as if on a kernel of its own."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from dp_analysis.publish.execute import NotebookJob, NotebookRunner

CELLS = (
    'assert "leftover" not in dir(), "a variable of the previous notebook"',
    "leftover = value",
    "total = leftover * 2",
    "total",
)


def counting_notebook(path: Path) -> Path:
    """Write a notebook that fails if it sees the previous notebook's names."""
    parameters = nbformat.v4.new_code_cell("value = 0")
    parameters.metadata["tags"] = ["parameters"]
    notebook = nbformat.v4.new_notebook(
        cells=[parameters, *map(nbformat.v4.new_code_cell, CELLS)],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.write(notebook, path)
    return path


@pytest.mark.notebooks
@pytest.mark.slow
def test_one_kernel_runs_notebook_after_notebook_as_if_fresh(tmp_path):
    notebook = counting_notebook(tmp_path / "count.ipynb")
    jobs = [
        NotebookJob(notebook, tmp_path / f"run-{n}.ipynb", {"value": n}, f"run {n}")
        for n in range(1, 5)
    ]

    with NotebookRunner(tmp_path, kernels=1, notebooks=[notebook]) as runner:
        results = list(runner.run(jobs))

    assert [r.error for r in results] == [None] * 4
    for result in sorted(results, key=lambda r: r.job.parameters["value"]):
        code = [c for c in result.executed.cells if c.cell_type == "code"]
        # The reset restarts the count, as a new kernel would.
        assert [c.execution_count for c in code] == [1, 2, 3, 4, 5, 6]
        # Nothing printed: no stray message (IPython's history database
        # refusing a repeated line number once did) reaches a published page.
        outputs = [o for c in code for o in c.outputs]
        assert [o.output_type for o in outputs] == ["execute_result"]
        assert outputs[0].data["text/plain"] == str(2 * result.job.parameters["value"])
