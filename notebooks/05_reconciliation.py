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
# # Reconciliation: the report's figures against the data
#
# Every figure the report states, in its prose and its tables, set beside the
# same figure computed from the data and the scenario. Rows that do not match
# are highlighted. For a month other than June 2019 a mismatch means the data
# have moved on since the report, not that the report was wrong.

# %% tags=["parameters"]
source: str = "data/appendix_a_2019-06.csv"  # counts or client-level extract
month: str = "2019-06"  # snapshot month, YYYY-MM ("" for the latest)
scenario_path: str = "data/scenarios/report-2019.yaml"  # the report's assumptions
mode: str = "internal"  # "internal", or "public" to show counts of 1-7 as [c]
threshold: int = 7  # public mode: counts from 1 to this are shown as [c]
output_dir: str = "build/notebooks/05_reconciliation"  # CSV of every table ("" none)

# %%
from dp_analysis import narrative, reconcile
from dp_analysis import notebook_support as nb

settings = nb.setup_notebook(mode, output_dir, threshold)
data = nb.load(source, month)
scenario = nb.load_notebook_scenario(scenario_path)
plan = nb.protect(data, scenario)  # public mode: what every page of the month hides
nb.say(nb.source_note(data))

# %% [markdown]
# ## Summary

# %%
statements = reconcile.reconcile(data.counts, scenario)
if plan:  # a statement on a hidden count shows neither its figure nor its status
    withheld = reconcile.hidden_in_public(statements, data.counts, plan)
    statements = reconcile.public_view(statements, withheld)
mismatched = reconcile.mismatches(statements)
nb.say(narrative.reconciliation(statements))
nb.record(
    statements=len(statements),
    mismatches=len(mismatched),
    mismatch_ids=mismatched["id"].tolist(),
)

# %% [markdown]
# ## The figures that do not match

# %%
columns = ["where", "report_words", "stated", "computed"]
nb.show_table(
    mismatched.set_index("id")[columns],
    "The report's figures that the data do not bear out",
    name="mismatches",
)

# %% [markdown]
# ## Every stated figure
#
# Highlighted rows (in bold, with *mismatch* in the status column) are those
# above.

# %%
every = statements.set_index("id")[[*columns, "status"]]
nb.show_table(
    every,
    "Every figure the report states, against the computed figure",
    name="reconciliation",
    highlight=every["status"] == reconcile.MISMATCH,
)
