"""Where things live: the one place that knows the repository layout.

``DP_ANALYSIS_DATA_DIR`` overrides the data folder, for a deployment that keeps
its extracts outside the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("DP_ANALYSIS_DATA_DIR", PROJECT_ROOT / "data"))
REFERENCE_DIR = DATA_DIR / "reference"
SCENARIO_DIR = DATA_DIR / "scenarios"
NOTEBOOK_DIR = PROJECT_ROOT / "notebooks"
DASHBOARD_DIR = PROJECT_ROOT / "dashboards"

APPENDIX_A = DATA_DIR / "appendix_a_2019-06.csv"
REPORT_SCENARIO = SCENARIO_DIR / "report-2019.yaml"
SCENARIO_SCHEMA = SCENARIO_DIR / "scenario.schema.json"
REPORT_FIGURES = DATA_DIR / "report_figures.yaml"
