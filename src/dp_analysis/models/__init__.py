"""Pure models: functions of validated counts and a scenario, nothing else.

- :mod:`~dp_analysis.models.uptake`: who takes a DP, by age group, client
  group and cost band, and the report's derived statements;
- :mod:`~dp_analysis.models.spb`: the support planning and brokerage (SPB)
  costing of Tables 3 and 5;
- :mod:`~dp_analysis.models.finance`: Table 2, the cost pressures, Table 6
  and the Core service staffing;
- :mod:`~dp_analysis.models.targeting`: target groups and pilot options.
"""
