"""Two test areas that import the shared fixtures get one Playwright, one Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CONFTEST = (
    "from tests.support.fixtures import browser, playwright_instance  # noqa: F401\n"
)
AREA_TEST = """
from pathlib import Path


def test_uses_the_shared_browser(playwright_instance, browser):
    page = browser.new_page()
    page.set_content("<title>{area}</title>")
    assert page.title() == "{area}"
    page.close()
    record = Path(__file__).parents[1] / "ids.txt"
    with record.open("a") as ids:
        ids.write(f"{{id(playwright_instance)}} {{id(browser)}}\\n")
"""


@pytest.mark.browser
def test_areas_share_one_playwright_and_one_chromium(tmp_path: Path):
    for area in ("dashboards", "notebooks"):
        (tmp_path / area).mkdir()
        (tmp_path / area / "conftest.py").write_text(CONFTEST)
        (tmp_path / area / f"test_{area}_area.py").write_text(
            AREA_TEST.format(area=area)
        )

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    ids = (tmp_path / "ids.txt").read_text().splitlines()
    assert len(ids) == 2
    assert ids[0] == ids[1]
