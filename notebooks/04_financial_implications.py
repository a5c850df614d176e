# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Financial implications
#
# Table 2 (each service area, its funding source and annual cost), the cost
# pressures that follow it, Table 6 (the Core service) and the shortfall
# against the current Independent Commissioning Unit (ICU) budget; then the
# Core service staff a larger caseload would need.

# %% tags=["parameters"]
source: str = "data/appendix_a_2019-06.csv"  # counts or client-level extract
month: str = "2019-06"  # snapshot month, YYYY-MM ("" for the latest)
scenario_path: str = "data/scenarios/report-2019.yaml"  # the report's assumptions
mode: str = "internal"  # "internal", or "public" to show counts of 1-7 as [c]
threshold: int = 7  # public mode: counts from 1 to this are shown as [c]
output_dir: str = "build/notebooks/04_finance"  # CSV of every table ("" for none)

# %%
from dp_analysis import narrative
from dp_analysis import notebook_support as nb
from dp_analysis.figures import report as charts
from dp_analysis.models import finance, spb

settings = nb.setup_notebook(mode, output_dir, threshold)
data = nb.load(source, month)
scenario = nb.load_notebook_scenario(scenario_path)
table_5 = spb.table_5(spb.people_by_band(data.counts), scenario.spb)
spb_services = spb.table_5_totals(table_5).spb_total
plan = nb.protect(data, scenario)  # public mode: what every page of the month hides
# The SPB total gives each SPB tier's people away with the other costs: public
# pages withhold it when a tier holds from 1 to 7 people.
costs_shown = plan is None or plan.costs_shown
nb.say(nb.source_note(data))

# %% [markdown]
# ## Table 2 and the cost pressures

# %%
if costs_shown:
    table_2 = finance.table_2(scenario.finance, spb_services=spb_services)
    nb.show_table(
        table_2.set_index("service_area"),
        "Table 2: summary of the funding information",
        name="table_2",
        people_counts=False,
    )
    pressures = finance.cost_pressures(scenario.finance, spb_services=spb_services)
    nb.say(narrative.cost_pressure(pressures))
    nb.show_chart(charts.cost_pressure_chart(pressures))
    nb.record(
        cost_pressure_total=float(pressures["cost_pressure"].sum()),
        spb_services=spb_services,
    )
else:
    nb.say(narrative.costs_withheld())
    nb.record(
        cost_pressure_total=narrative.SUPPRESSED, spb_services=narrative.SUPPRESSED
    )

# %% [markdown]
# ## Table 6: the Core service, and the ICU shortfall

# %%
table_6 = finance.table_6(scenario.finance.core_service)
nb.show_table(
    table_6.set_index("line"),
    "Table 6: Core service costs",
    name="table_6",
    people_counts=False,
)
core_total = finance.core_service_total(scenario.finance.core_service)
nb.say(narrative.icu_shortfall(core_total, scenario.finance.icu_budget))
nb.record(
    core_service_total=core_total, icu_shortfall=finance.icu_shortfall(scenario.finance)
)

# %% [markdown]
# ## Core service staffing against caseload
#
# One multiple is the caseload the report's three staff cover in a year
# (people helped with PA employment, helped to use the systems, PAs and
# employers recruited); the table shows the posts and cost as it grows.

# %%
staffing = nb.staffing_by_caseload(scenario)
base = staffing.loc[1]
nb.say(
    narrative.staffing(
        int(base["staff"]), float(base["annual_cost"]), "one multiple (the report's)"
    )
)
largest = staffing.iloc[-1]
nb.say(
    narrative.staffing(
        int(largest["staff"]),
        float(largest["annual_cost"]),
        f"{staffing.index[-1]:g} times the report's",
    )
)
nb.show_table(
    staffing,
    "Core service staff and cost by caseload",
    name="core_staffing",
    people_counts=False,
)
nb.record(staff_for_report_caseload=int(base["staff"]))
