"""Fixtures shared by every test area: the report's data and scenario."""

from __future__ import annotations

import pytest

from dp_analysis.counts import appendix_a
from dp_analysis.scenario import Scenario, load_scenario


@pytest.fixture(scope="session")
def report_counts():
    """Appendix A (June 2019) as the tidy counts table."""
    return appendix_a()


@pytest.fixture(scope="session")
def report_scenario() -> Scenario:
    """The report's own assumptions."""
    return load_scenario()
