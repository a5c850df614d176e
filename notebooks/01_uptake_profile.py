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
# # Uptake profile: who takes a direct payment
#
# People on a direct payment (DP) by age group, client group and weekly cost
# band, as in Appendix A of the Joint Task Force report. Every number in the
# text below is generated from the data, so it stays true after a refresh.

# %% tags=["parameters"]
source: str = "data/appendix_a_2019-06.csv"  # counts or client-level extract
month: str = "2019-06"  # snapshot month, YYYY-MM ("" for the latest)
scenario_path: str = "data/scenarios/report-2019.yaml"  # the report's assumptions
mode: str = "internal"  # "internal", or "public" to show counts of 1-7 as [c]
threshold: int = 7  # public mode: counts from 1 to this are shown as [c]
output_dir: str = "build/notebooks/01_uptake_profile"  # CSV of every table ("" none)

# %%
from dp_analysis import narrative
from dp_analysis import notebook_support as nb
from dp_analysis.figures import report as charts
from dp_analysis.models import uptake

settings = nb.setup_notebook(mode, output_dir, threshold)
data = nb.load(source, month)
scenario = nb.load_notebook_scenario(scenario_path)
findings = uptake.key_findings(data.counts)
public = settings.public
plan = nb.protect(data, scenario)  # public mode: what every page of the month hides
nb.say(nb.source_note(data))

# %% [markdown]
# ## Headline

# %%
nb.say(
    narrative.total_dp_clients(findings, public=public),
    narrative.largest_band(findings, public=public, plan=plan),
    narrative.bands_1_to_4(findings, public=public, plan=plan),
)
nb.record(
    month=data.month,
    total_people=findings.total,
    largest_band=findings.largest_band.label,
    largest_band_people=narrative.band_count(
        findings, [findings.largest_band.label], public=public, plan=plan
    ),
    bands_1_to_4_people=narrative.band_count(
        findings, narrative.band_labels(range(1, 5)), public=public, plan=plan
    ),
    top_band_people=narrative.band_count(
        findings, [findings.top_band.label], public=public, plan=plan
    ),
)

# %% [markdown]
# ## DP clients by cost band and client group
#
# The heatmap shows where DP clients are concentrated; the cross-tab below it
# is the report's overall Appendix A table, with its totals.

# %%
nb.show_chart(charts.uptake_heatmap(data.counts, public=public, plan=plan))

# %%
nb.show_crosstab(
    data,
    "cost_band",
    "client_group",
    "DP clients by weekly cost band (rows) and client group (columns)",
    name="crosstab_cost_band_by_client_group",
)
nb.show_crosstab(
    data,
    "age_group",
    "cost_band",
    "DP clients by age group (rows) and weekly cost band (columns)",
    name="crosstab_age_group_by_cost_band",
)

# %% [markdown]
# ## Cost bands

# %%
nb.show_chart(charts.people_by_band_chart(findings, public=public, plan=plan))
nb.say(
    narrative.bands_ranked(findings, public=public, plan=plan),
    narrative.largest_high_budget_band(findings, public=public, plan=plan),
    narrative.top_band(findings, public=public, plan=plan),
)

# %% [markdown]
# ## Client groups

# %%
nb.show_chart(
    charts.people_by_chart(data.counts, "client_group", public=public, plan=plan)
)

# %% [markdown]
# ## Each age group, as in Appendix A

# %%
nb.show_chart(
    charts.people_by_chart(data.counts, "age_group", public=public, plan=plan)
)
age_hidden = plan.view("age_group").hidden if plan else {}
for finding in findings.age_groups:
    nb.say(f"### Age group {finding.age_group}")
    nb.say(
        narrative.age_group_profile(
            finding, public=public, hidden=bool(age_hidden.get(finding.age_group))
        )
    )
    nb.show_crosstab(
        data,
        "cost_band",
        "client_group",
        f"DP clients aged {finding.age_group} by weekly cost band and client group",
        name=f"crosstab_age_{finding.age_group.replace('+', '_plus')}",
        within={"age_group": finding.age_group},
    )

# %% [markdown]
# ## DP as part of a mixed budget

# %%
mixed, from_data = nb.mixed_budget_figures(data, scenario)
nb.say(narrative.mixed_budget(mixed, from_data=from_data, public=public))
nb.record(mixed_budget_people=mixed["people"], mixed_budget_from_data=from_data)

# %% [markdown]
# ## Uptake rates
#
# The uptake rate is the ASCOF direct-payments measure: the share of clients
# in long-term community support who take a DP. It needs a denominator, the
# count of all such clients, which only some sources hold.

# %%
if data.has_denominator:
    rates = uptake.uptake_rates(data.counts, ["age_group"])
    hidden_ages = plan.view("age_group").hidden if plan else None
    nb.say(
        narrative.uptake_statement(
            rates, "age group", public=public, hidden=hidden_ages
        )
    )
    for dimension in ("age_group", "cost_band"):
        by_dimension = uptake.uptake_rates(data.counts, [dimension])
        if plan:  # a rate resting on a small or hidden count is not drawn
            safe = narrative.safe_rates(by_dimension, plan.view(dimension).hidden)
            by_dimension["uptake_rate"] = by_dimension["uptake_rate"].where(safe)
        if by_dimension["uptake_rate"].notna().any():
            nb.show_chart(charts.uptake_rate_chart(by_dimension, dimension, plan=plan))
    overall = float(rates["people"].sum() / rates["clients"].sum())
    nb.record(uptake_rate=round(overall, 4))
else:
    nb.say(narrative.uptake_statement(None, "age group"))
    nb.record(uptake_rate=None)
