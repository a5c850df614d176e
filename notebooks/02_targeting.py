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
# # Targeting: who could be offered support planning and brokerage
#
# The report's target groups for support planning and brokerage (SPB): people
# new to adult social care (ASC), people due a review, and groups the DP
# analysis identifies. Then two ways to start: an incremental pilot across
# all client groups, or roll-out to everyone. The take-up rates are editable
# assumptions in the scenario file (`targeting`), not figures from the report.

# %% tags=["parameters"]
source: str = "data/appendix_a_2019-06.csv"  # counts or client-level extract
month: str = "2019-06"  # snapshot month, YYYY-MM ("" for the latest)
scenario_path: str = "data/scenarios/report-2019.yaml"  # the report's assumptions
mode: str = "internal"  # "internal", or "public" to show counts of 1-7 as [c]
threshold: int = 7  # public mode: counts from 1 to this are shown as [c]
output_dir: str = "build/notebooks/02_targeting"  # CSV of every table ("" for none)
new_to_asc: int = 100  # people new to ASC offered SPB in a year (an assumption)
reviews: int = 100  # people at review offered SPB in a year (an assumption)
pilot_places: int = 40  # places in an incremental pilot across client groups
target_bands: str = "1,2,3,4"  # cost bands of the group the analysis identifies

# %%
from dp_analysis import narrative
from dp_analysis import notebook_support as nb
from dp_analysis.figures import report as charts
from dp_analysis.models import targeting, uptake

settings = nb.setup_notebook(mode, output_dir, threshold)
data = nb.load(source, month)
scenario = nb.load_notebook_scenario(scenario_path)
bands = tuple(int(band) for band in target_bands.split(","))
public = settings.public
plan = nb.protect(data, scenario)  # public mode: what every page of the month hides
nb.say(nb.source_note(data))

# %% [markdown]
# ## The group the analysis identifies

# %%
findings = uptake.key_findings(data.counts)
group = targeting.analysis_target(data.counts, scenario.spb, bands=bands)
# Without a denominator the group is DP clients: the people-by-band table's.
of_dp_clients = None if data.has_denominator else findings
nb.say(narrative.bands_1_to_4(findings, public=public, plan=plan))
nb.say(
    narrative.target_group(
        group.name,
        bands,
        group.size,
        group.people_by_tier,
        public=public,
        findings=of_dp_clients,
        plan=plan,
    )
)
group_hidden = narrative.target_hidden(
    group.size, bands, of_dp_clients, public=public, plan=plan
)
nb.record(
    analysis_target=narrative.SUPPRESSED if group_hidden else group.size,
    bands_1_to_4_people=narrative.band_count(
        findings, narrative.band_labels(range(1, 5)), public=public, plan=plan
    ),
)

# %% [markdown]
# ## An incremental pilot across all client groups
#
# The report asks that a pilot is not confined to one client group but takes
# small numbers from each, mental health in particular. Every group gets the
# scenario's minimum; the places left are shared by the size of each group.

# %%
pilot = targeting.pilot_plan(
    data.counts,
    places=pilot_places,
    minimum_per_group=int(scenario.targeting["pilot_minimum_per_group"]),
)
nb.say(narrative.pilot(pilot))
nb.show_chart(charts.pilot_chart(pilot, public=public, plan=plan))
nb.record(
    pilot_places=int(pilot["places"].sum()),
    pilot_mental_health=int(pilot.loc["Mental Health Support", "places"]),
)

# %% [markdown]
# ## Each option: referrals, DP take-up and SPB cost

# %%
options = targeting.compare_options(
    data.counts,
    scenario,
    new_to_asc=new_to_asc,
    reviews=reviews,
    pilot_places=pilot_places,
    bands=bands,
)
nb.say(
    f"Assumed: {scenario.targeting['spb_referral_rate']:.0%} of each group is "
    f"referred to SPB and {scenario.targeting['dp_take_up_rate']:.0%} of those "
    "referred then take a DP."
)
hidden_row = (options["option"] == group.name) & group_hidden
nb.say(
    "\n".join(
        f"- {narrative.projection(row, hidden=bool(hidden_row[i]))}"
        for i, row in options.iterrows()
    )
)
# Every figure of the group's row is a fixed share of its hidden count.
figures = ["target", "referrals", "dp_take_up", "spb_cost"]
drawn = options.astype({column: float for column in figures})
drawn.loc[hidden_row, figures] = float("nan")
shown = options.astype({column: object for column in figures})
shown.loc[hidden_row, figures] = narrative.SUPPRESSED
nb.show_chart(charts.options_chart(drawn))
nb.show_table(
    shown.set_index("option"),
    "Projected SPB referrals, DP take-up and SPB cost for each option",
    name="targeting_projections",
)
pilot_row = options.iloc[3]
everyone_row = options.iloc[4]
nb.say(
    f"The pilot would cost {narrative.money(pilot_row['spb_cost'])} against "
    f"{narrative.money(everyone_row['spb_cost'])} for roll-out to everyone, and "
    f"bring {int(pilot_row['dp_take_up']):,} new DPs against "
    f"{int(everyone_row['dp_take_up']):,}."
)
nb.record(
    rollout_spb_cost=float(everyone_row["spb_cost"]),
    pilot_spb_cost=float(pilot_row["spb_cost"]),
)
