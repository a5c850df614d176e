"""environment.yml, pyproject.toml and the constraints lock agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"

PROJECT_REQUIREMENTS = {
    canonicalize_name(requirement.name): requirement
    for requirement in map(
        Requirement,
        PYPROJECT["project"]["dependencies"]
        + PYPROJECT["project"]["optional-dependencies"]["dev"],
    )
}
CONDA_SPEC = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)\s*(?P<spec>[^#]*)")
# conda-forge names that differ from PyPI's
PYPI_NAMES = {"python-fastjsonschema": "fastjsonschema"}


def conda_packages() -> dict[str, SpecifierSet]:
    """Return environment.yml's conda packages (not python or pip) and ranges."""
    packages = {}
    for entry in ENVIRONMENT["dependencies"]:
        if not isinstance(entry, str):
            continue
        match = CONDA_SPEC.match(entry)
        assert match, f"environment.yml: cannot read {entry!r}"
        name = canonicalize_name(PYPI_NAMES.get(match["name"], match["name"]))
        if name not in {"python", "pip"}:
            packages[name] = SpecifierSet(match["spec"].replace(" ", "").strip())
    return packages


def pip_entries() -> list[str]:
    """Return the lines of environment.yml's pip section."""
    sections = [e["pip"] for e in ENVIRONMENT["dependencies"] if isinstance(e, dict)]
    assert len(sections) == 1, "environment.yml needs exactly one pip section"
    return sections[0]


def environment_packages() -> dict[str, SpecifierSet]:
    """Return every package environment.yml asks for, conda and pip alike."""
    packages = conda_packages()
    for line in pip_entries():
        if not line.startswith("-e"):
            requirement = Requirement(line)
            packages[canonicalize_name(requirement.name)] = requirement.specifier
    return packages


def pinned_versions() -> dict[str, Version]:
    """Return the versions requirements/constraints.txt pins, by package name."""
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def test_environment_uses_conda_forge_and_python_311():
    assert ENVIRONMENT["channels"] == ["conda-forge"]
    assert "python=3.11" in ENVIRONMENT["dependencies"]
    assert Version("3.11") in SpecifierSet(PYPROJECT["project"]["requires-python"])


def test_environment_installs_the_project_itself():
    assert "-e ." in pip_entries()


def test_environment_lists_exactly_the_pyproject_dependencies():
    assert set(environment_packages()) == set(PROJECT_REQUIREMENTS)


@pytest.mark.parametrize("name", sorted(PROJECT_REQUIREMENTS))
def test_pinned_version_satisfies_pyproject_and_environment(name):
    pinned = pinned_versions().get(name)
    assert pinned is not None, f"{name} is not pinned: run 'make lock'"
    assert pinned in PROJECT_REQUIREMENTS[name].specifier
    assert pinned in environment_packages()[name], (
        f"environment.yml's range for {name} excludes the pinned {pinned}"
    )


@pytest.mark.parametrize("name", sorted(PROJECT_REQUIREMENTS))
def test_environment_lower_bounds_are_no_looser_than_pyproject(name):
    project_floors = [
        Version(s.version)
        for s in PROJECT_REQUIREMENTS[name].specifier
        if s.operator == ">="
    ]
    environment_floors = [
        Version(s.version) for s in environment_packages()[name] if s.operator == ">="
    ]
    for floor in project_floors:
        assert environment_floors, f"environment.yml gives {name} no lower bound"
        assert max(environment_floors) >= floor


def test_constraints_pin_exact_versions_and_not_the_project():
    lines = [
        line
        for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(lines) > 50
    assert all(
        re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+!-]+", line) for line in lines
    )
    assert "dp-analysis" not in pinned_versions()
