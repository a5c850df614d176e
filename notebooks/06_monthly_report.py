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
# # Monthly report
#
# The headline of each analysis for one month: uptake, targeting, SPB costs,
# financial implications and the reconciliation with the report, then the
# trend over the months the source holds.

# %% tags=["parameters"]
source: str = "data/appendix_a_2019-06.csv"  # counts or client-level extract
month: str = "2019-06"  # snapshot month, YYYY-MM ("" for the latest)
scenario_path: str = "data/scenarios/report-2019.yaml"  # the report's assumptions
mode: str = "internal"  # "internal", or "public" to show counts of 1-7 as [c]
threshold: int = 7  # public mode: counts from 1 to this are shown as [c]
output_dir: str = "build/notebooks/06_monthly_report"  # CSV of every table ("" none)

# %%
from dp_analysis import narrative, reconcile
from dp_analysis import notebook_support as nb
from dp_analysis.counts import months as months_in
from dp_analysis.figures import report as charts
from dp_analysis.models import finance, spb, targeting, uptake

settings = nb.setup_notebook(mode, output_dir, threshold)
data = nb.load(source, month)
scenario = nb.load_notebook_scenario(scenario_path)
findings = uptake.key_findings(data.counts)
public = settings.public
plan = nb.protect(data, scenario)  # public mode: what every page of the month hides
costs_shown = plan is None or plan.costs_shown  # costs give each tier's people
nb.say(f"## {narrative.month_name(data.month)}")
nb.say(nb.source_note(data))

# %% [markdown]
# ## Uptake

# %%
nb.say(
    narrative.total_dp_clients(findings, public=public),
    narrative.largest_band(findings, public=public, plan=plan),
    narrative.bands_1_to_4(findings, public=public, plan=plan),
)
rates = (
    uptake.uptake_rates(data.counts, ["age_group"]) if data.has_denominator else None
)
hidden_ages = plan.view("age_group").hidden if plan else None
nb.say(
    narrative.uptake_statement(rates, "age group", public=public, hidden=hidden_ages)
)
nb.show_chart(charts.people_by_band_chart(findings, public=public, plan=plan))

# %% [markdown]
# ## Targeting
#
# The group the analysis identifies (cost bands 1 to 4), projected with the
# scenario's take-up assumptions; the targeting notebook compares every option.

# %%
target = targeting.analysis_target(data.counts, scenario.spb)
hidden = narrative.target_hidden(
    target.size,
    range(1, 5),
    None if data.has_denominator else findings,
    public=public,
    plan=plan,
)
nb.say(narrative.projection(vars(targeting.project(target, scenario)), hidden=hidden))

# %% [markdown]
# ## SPB costs and financial implications

# %%
people_in_band = spb.people_by_band(data.counts)
totals = spb.table_5_totals(spb.table_5(people_in_band, scenario.spb))
pressures = finance.cost_pressures(scenario.finance, spb_services=totals.spb_total)
rate = spb.break_even_hourly_rate(people_in_band, scenario.spb)
if costs_shown:
    nb.say(
        narrative.spb_against_asc(totals),
        narrative.break_even(rate, scenario.spb.asc_hourly_cost),
    )
    nb.say(narrative.cost_pressure(pressures))
else:
    nb.say(narrative.costs_withheld())
nb.say(
    narrative.icu_shortfall(
        finance.core_service_total(scenario.finance.core_service),
        scenario.finance.icu_budget,
    ),
)

# %% [markdown]
# ## Reconciliation with the report

# %%
statements = reconcile.reconcile(data.counts, scenario)
if plan:  # a statement on a hidden count shows neither its figure nor its status
    withheld = reconcile.hidden_in_public(statements, data.counts, plan)
    statements = reconcile.public_view(statements, withheld)
nb.say(narrative.reconciliation(statements))

# %% [markdown]
# ## Trend

# %%
earlier = data.history[data.history["month"] <= data.month]
trend_months = months_in(earlier)
if len(trend_months) > 1:
    nb.show_chart(charts.dp_clients_trend_chart(earlier, public=public))
else:
    nb.say(narrative.trend(earlier.groupby("month")["people"].sum()))
nb.record(
    month=data.month,
    total_people=findings.total,
    analysis_target=narrative.SUPPRESSED if hidden else target.size,
    months_in_trend=trend_months,
    spb_total=totals.spb_total if costs_shown else narrative.SUPPRESSED,
    cost_pressure_total=(
        float(pressures["cost_pressure"].sum()) if costs_shown else narrative.SUPPRESSED
    ),
    mismatches=int((statements["status"] == reconcile.MISMATCH).sum()),
)
