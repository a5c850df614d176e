"""Dashboard widgets: one class per module, each a thin view over the models.

The Voilà notebooks in ``dashboards/`` only create one of these and display
it. Every dashboard keeps its settings in traitlets, recomputes through
:mod:`dp_analysis.models` when one changes, and can ``reset()`` itself to
the report's figures.
"""

from dp_analysis.widgets.finance_model import FinanceModel
from dp_analysis.widgets.pilot_planner import PilotPlanner
from dp_analysis.widgets.spb_explorer import SPBExplorer
from dp_analysis.widgets.uptake_explorer import UptakeExplorer

__all__ = ["FinanceModel", "PilotPlanner", "SPBExplorer", "UptakeExplorer"]
