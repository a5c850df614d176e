"""The Makefile, .ci/run, the shell scripts and the pre-commit hooks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PRE_COMMIT = ROOT / ".venv" / "bin" / "pre-commit"
HOOKS = {
    hook["id"]: hook
    for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"]
    for hook in repo["hooks"]
}


def notebook(outputs: list, execution_count: int | None) -> str:
    """Return the JSON text of a one-cell notebook."""
    cell = {
        "cell_type": "code",
        "execution_count": execution_count,
        "id": "a1",
        "metadata": {},
        "outputs": outputs,
        "source": ["people = 308\n"],
    }
    return json.dumps(
        {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
        indent=1,
    )


def run(*command: str | Path, cwd: Path = ROOT, **env: str):
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
        check=False,
    )


def test_make_help_lists_the_readme_commands():
    listing = run("make", "--no-print-directory", "help").stdout

    for target in ("serve", "test", "setup", "lint", "hooks", "lock"):
        assert re.search(rf"^  make {target} +\S", listing, re.MULTILINE), target


def test_make_setup_is_quick_when_done():
    stamps = ("node_modules/.dp-analysis-installed", ".venv/.dp-analysis-installed")
    if run("make", "-q", *stamps).returncode != 0:
        pytest.skip("pyproject.toml or a lock changed since the last 'make setup'")
    began = time.monotonic()
    setup = run("make", "--no-print-directory", "setup")
    seconds = time.monotonic() - began

    assert setup.returncode == 0, setup.stderr
    assert "npm ci" not in setup.stdout
    assert "pip install" not in setup.stdout
    assert seconds < 5


@pytest.mark.postgres
def test_make_test_fails_when_pytest_collects_nothing(tmp_path: Path, monkeypatch):
    if os.environ.get("DP_ANALYSIS_NESTED_MAKE_TEST"):
        pytest.skip("already inside the make test that this test runs")
    # A make running this suite passes its variables (PYTEST_ARGS...) down
    # to sub-makes through MAKEFLAGS; drop them so the inner run stays empty.
    for variable in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTEST_ARGS"):
        monkeypatch.delenv(variable, raising=False)
    empty = tmp_path / "no_tests_here"
    empty.mkdir()
    result = run(
        "make",
        "-o",
        "setup",
        "test",
        f"PYTEST_PATHS={empty}",
        "PYTEST_ARGS=",
        DP_ANALYSIS_NESTED_MAKE_TEST="1",
    )

    assert result.returncode != 0
    assert "collected no tests, which counts as a failure" in result.stderr
    assert "no tests ran" in result.stdout


def test_ci_run_calls_make_test():
    script = (ROOT / ".ci" / "run").read_text()

    assert script.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script
    assert re.search(r"^[^#\n]*\bmake test\b", script, re.MULTILINE)
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


@pytest.mark.parametrize("script", ["install-system.sh", "services.sh", "lock.sh"])
def test_scripts_are_executable_bash(script):
    path = ROOT / "scripts" / script

    assert os.access(path, os.X_OK)
    assert run("bash", "-n", path).returncode == 0
    assert "set -euo pipefail" in path.read_text()


def test_install_system_does_nothing_when_packages_are_present():
    if shutil.which("chromium") is None:
        pytest.skip("Debian packages not installed here yet")
    result = run(ROOT / "scripts" / "install-system.sh")

    assert result.returncode == 0
    assert "already installed" in result.stdout


def test_readme_names_the_two_commands():
    readme = (ROOT / "README.md").read_text()

    assert "make serve" in readme
    assert "make test" in readme


def test_pre_commit_config_is_valid():
    result = run(PRE_COMMIT, "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("outputs", "execution_count", "refused"),
    [
        ([], None, False),
        ([{"output_type": "stream", "name": "stdout", "text": ["308\n"]}], None, True),
        ([], 4, True),
    ],
)
def test_notebook_output_pattern(outputs, execution_count, refused):
    pattern = re.compile(HOOKS["no-notebook-outputs"]["entry"], re.MULTILINE)
    text = notebook(outputs, execution_count)

    assert bool(pattern.search(text)) is refused


@pytest.mark.parametrize("hook", ["jupytext-sync", "ruff-check", "ruff-format"])
def test_hook_versions_match_the_lock(hook):
    pins = (ROOT / "requirements" / "constraints.txt").read_text().splitlines()

    for dependency in HOOKS[hook]["additional_dependencies"]:
        assert dependency in pins


def test_pre_commit_refuses_a_notebook_with_outputs(tmp_path: Path):
    shutil.copy(ROOT / ".pre-commit-config.yaml", tmp_path)
    (tmp_path / "notebooks").mkdir()
    executed = tmp_path / "notebooks" / "uptake.ipynb"
    executed.write_text(notebook([], 7))
    clean = tmp_path / "notebooks" / "costs.ipynb"
    clean.write_text(notebook([], None))
    run("git", "init", "-q", cwd=tmp_path)
    run("git", "add", "-A", cwd=tmp_path)
    hook_home = {"PRE_COMMIT_HOME": str(tmp_path / ".pre-commit-home")}

    refused = run(
        PRE_COMMIT,
        "run",
        "no-notebook-outputs",
        "--files",
        executed,
        cwd=tmp_path,
        **hook_home,
    )
    accepted = run(
        PRE_COMMIT,
        "run",
        "no-notebook-outputs",
        "--files",
        clean,
        cwd=tmp_path,
        **hook_home,
    )

    assert refused.returncode == 1
    assert "notebooks/uptake.ipynb" in refused.stdout
    assert accepted.returncode == 0, accepted.stdout
