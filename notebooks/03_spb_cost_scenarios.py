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
# # Support planning and brokerage (SPB): cost scenarios
#
# Table 5 of the report sets the fixed SPB fee of each tier against the cost
# of ASC staff doing the same work (the tier's hours at the ASC hourly cost),
# for the people on a DP in each cost band. Below: Table 5 from the data, the
# report's tier mix against the mix the data imply, the 300-participant
# costing, how sensitive the result is to each assumption, and the break-even
# hourly rate.

# %% tags=["parameters"]
source: str = "data/appendix_a_2019-06.csv"  # counts or client-level extract
month: str = "2019-06"  # snapshot month, YYYY-MM ("" for the latest)
scenario_path: str = "data/scenarios/report-2019.yaml"  # the report's assumptions
mode: str = "internal"  # "internal", or "public" to show counts of 1-7 as [c]
threshold: int = 7  # public mode: counts from 1 to this are shown as [c]
output_dir: str = "build/notebooks/03_spb"  # CSV of every table ("" for none)
swing: float = 0.2  # sensitivity: move each input down and up by this share

# %%
from dp_analysis import narrative
from dp_analysis import notebook_support as nb
from dp_analysis.figures import report as charts
from dp_analysis.models import spb

settings = nb.setup_notebook(mode, output_dir, threshold)
data = nb.load(source, month)
scenario = nb.load_notebook_scenario(scenario_path)
people_in_band = spb.people_by_band(data.counts)
plan = nb.protect(data, scenario)  # public mode: what every page of the month hides
# Costs give each SPB tier's people away: public pages withhold them when a tier
# holds from 1 to 7 people.
costs_shown = plan is None or plan.costs_shown
nb.say(nb.source_note(data))

# %% [markdown]
# ## Table 5: SPB against ASC cost, by cost band

# %%
table_5 = spb.table_5(people_in_band, scenario.spb)
totals = spb.table_5_totals(table_5)
# In a band whose count is hidden, its costs are hidden too (count x fee).
band_costs = ["number", "spb_total", "asc_total", "variance_total"]
hidden_bands = plan.band_hidden if plan else None
if costs_shown:
    nb.say(narrative.spb_against_asc(totals))
    nb.show_chart(charts.table_5_chart(table_5, totals, hidden=hidden_bands))
    nb.show_table(
        table_5,
        "Table 5: SPB against ASC cost for each cost band",
        name="table_5",
        hidden=nb.band_rows_hidden(table_5, band_costs),
    )
else:
    nb.say(narrative.costs_withheld())
nb.record(
    spb_total=totals.spb_total if costs_shown else narrative.SUPPRESSED,
    asc_total=totals.asc_total if costs_shown else narrative.SUPPRESSED,
    variance_total=totals.variance_total if costs_shown else narrative.SUPPRESSED,
    saving_share=round(totals.saving_share, 4) if costs_shown else narrative.SUPPRESSED,
    asc_hourly_cost=scenario.spb.asc_hourly_cost,
)

# %% [markdown]
# ## The report's tier mix against the mix the data imply

# %%
implied_mix = spb.implied_tier_mix(people_in_band, scenario.spb)
if costs_shown:
    nb.say(narrative.tier_mix(scenario.spb.tier_mix, implied_mix))
    nb.show_chart(charts.tier_mix_chart(scenario.spb.tier_mix, implied_mix))
    nb.record(implied_mix={tier: round(part, 4) for tier, part in implied_mix.items()})
else:
    nb.say(narrative.costs_withheld())

# %% [markdown]
# ## The participants costing

# %%
costing = spb.participants_costing(scenario.spb)
nb.say(narrative.participants(costing))
nb.show_table(
    costing,
    f"SPB and ASC cost for {scenario.spb.participants:,} participants, by tier",
    name="participants_costing",
    people_counts=False,
)
nb.record(participants_spb_total=float(costing["spb_total"].sum()))

# %% [markdown]
# ## Sensitivity: which assumption matters most

# %%
sensitivity = spb.sensitivity(scenario.spb, swing=swing)
nb.say(narrative.sensitivity(sensitivity, swing))
nb.show_chart(charts.sensitivity_chart(sensitivity, swing))
nb.record(most_sensitive_input=str(sensitivity.iloc[0]["input"]))

# %% [markdown]
# ## Break-even hourly rate

# %%
rate = spb.break_even_hourly_rate(people_in_band, scenario.spb)
if costs_shown:
    nb.say(narrative.break_even(rate, scenario.spb.asc_hourly_cost))
nb.record(
    break_even_hourly_rate=round(rate, 2) if costs_shown else narrative.SUPPRESSED
)
