"""Fixtures for the refresh tests: a synthetic source, test notebooks, a site."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

from dp_analysis import synthetic
from dp_analysis.publish.refresh import RefreshRequest, RefreshResult, refresh
from tests.support.fixtures import playwright_instance  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures"
# The fixture notebooks' scripts are notebooks, not modules: never import them.
collect_ignore_glob = ["fixtures/*"]
MONTHS = ("2019-06", "2019-07", "2019-08")


def tree_digest(folder: Path) -> dict[str, str]:
    """Return the SHA-256 of every file under ``folder``, by relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def cli_command(*arguments: str) -> list[str]:
    """Return the command line running ``dp-analysis`` with this interpreter."""
    runner = "import sys; from dp_analysis.cli import main; sys.exit(main())"
    return [sys.executable, "-c", runner, *arguments]


@pytest.fixture(scope="session")
def synthetic_source(tmp_path_factory) -> Path:
    """A SYNTHETIC client-level extract of June to August 2019."""
    folder = tmp_path_factory.mktemp("source")
    extract = synthetic.generate_extract(list(MONTHS), seed=2019)
    return synthetic.write_extract(extract, folder / "SYNTHETIC-extract.csv")


@pytest.fixture(scope="session")
def published(tmp_path_factory, synthetic_source) -> RefreshResult:
    """A public site of three synthetic months built with the test notebooks."""
    folder = tmp_path_factory.mktemp("published")
    return refresh(
        RefreshRequest(
            months=MONTHS,
            source=str(synthetic_source),
            site=folder / "site",
            notebooks=FIXTURES / "notebooks",
        )
    )


@pytest.fixture
def site_copy(tmp_path, published) -> Path:
    """A private copy of the published site, for tests that refresh it again."""
    target = tmp_path / "site"
    shutil.copytree(published.site, target)
    return target
