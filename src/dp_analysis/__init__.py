"""dp-analysis: Direct Payments uptake and Support Planning and Brokerage costs.

The package turns the Joint Task Force (JTF) report on Direct Payments (DP)
into analysis that is re-run every month. Data flows one way:

1. :mod:`dp_analysis.loading` reads a source and validates it once;
2. :mod:`dp_analysis.models` are pure functions of validated data and a
   :class:`~dp_analysis.scenario.Scenario`;
3. :mod:`dp_analysis.figures` draws model results;
4. notebooks, dashboards and the monthly refresh only call the package.

Abbreviations used throughout, as in the report: ASC (Adult Social Care),
DP (direct payment), SPB (support planning and brokerage), PA (personal
assistant), POC (package of care), ICU (Integrated Commissioning Unit).
"""

import logging

from dp_analysis.exceptions import DataValidationError, DPAnalysisError, ScenarioError

__all__ = ["DPAnalysisError", "DataValidationError", "ScenarioError", "__version__"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
