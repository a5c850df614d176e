"""Each month's headline counts, and the trend over the months published.

The refresh keeps a small ``summary.json`` beside each month's pages. The
index page's trend is rebuilt from those files, so re-publishing a month
replaces its point in the trend and nothing else. In public mode the
summary is stored as published: hidden counts are ``null``, never the
value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from dp_analysis import counts as counts_table
from dp_analysis import disclosure, paths
from dp_analysis.counts import DIMENSION_TITLES
from dp_analysis.month_disclosure import MonthDisclosure, plan_month
from dp_analysis.scenario import load_scenario

BREAKDOWNS = ("age_group", "client_group", "cost_band")
ALL_PEOPLE = "All people on a DP"


@dataclass(frozen=True)
class MonthSummary:
    """The published headline tables of one month."""

    month: str
    mode: str
    synthetic: bool
    tables: dict[str, disclosure.SuppressedTable]

    def total(self) -> float | None:
        """Return the month's people on a DP, or None when hidden."""
        table = self.tables["age_group"]
        if table.hidden.loc[disclosure.TOTAL].iloc[0]:
            return None
        return float(table.values.loc[disclosure.TOTAL].iloc[0])


def summarise_month(
    counts: pd.DataFrame,
    month: str,
    mode: str,
    synthetic: bool,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
    *,
    band_to_tier: Mapping[int, str] | None = None,
) -> MonthSummary:
    """Return the month's people by age group, client group and cost band.

    In public mode the tables hide what the month's pages hide: the month's
    disclosure plan (:func:`dp_analysis.month_disclosure.plan_month`, with
    the scenario's ``band_to_tier``; the report's when None). In internal
    mode nothing is hidden.
    """
    rows = counts_table.for_month(counts, month)
    plan = None
    if mode == "public":
        tiers = band_to_tier or load_scenario(paths.REPORT_SCENARIO).spb.band_to_tier
        plan = plan_month(rows, tiers, threshold)
    tables = {}
    for dimension in BREAKDOWNS:
        people = rows.groupby(dimension, observed=False)["people"].sum()
        people.index = people.index.astype(str)
        people.name = "People"
        name = f"People on a DP by {DIMENSION_TITLES[dimension].lower()}, {month}"
        limit = threshold if mode == "public" else 0
        table = disclosure.suppress_series(people, limit, name=name)
        if plan is not None:
            table = _as_planned(table, plan, dimension)
        tables[dimension] = table
    return MonthSummary(month, mode, synthetic, tables)


def _as_planned(
    table: disclosure.SuppressedTable, plan: MonthDisclosure, dimension: str
) -> disclosure.SuppressedTable:
    """Return ``table`` hiding exactly what the month's plan hides of it."""
    view = plan.view(dimension, total=disclosure.TOTAL)
    hidden = view.hidden.reindex(table.values.index, fill_value=False).to_frame(
        "People"
    )
    primary = view.primary
    reasons = {
        (label, "People"): disclosure.Reason.PRIMARY
        if primary.get(label, False)
        else disclosure.Reason.SECONDARY
        for label in hidden.index[hidden["People"]]
    }
    suppressions = [
        disclosure.Suppression(table.name, label, column, reason)
        for (label, column), reason in reasons.items()
    ]
    return disclosure.SuppressedTable(
        table.name, table.values, hidden, reasons, table.threshold, suppressions
    )


def summary_to_json(summary: MonthSummary) -> str:
    """Return the summary as JSON text, hidden values as null."""
    payload: dict[str, Any] = {
        "month": summary.month,
        "mode": summary.mode,
        "synthetic": summary.synthetic,
        "tables": {},
    }
    for dimension, table in summary.tables.items():
        shown = table.published()["People"]
        payload["tables"][dimension] = {
            label: (None if pd.isna(value) else int(value))
            for label, value in shown.items()
        }
    return json.dumps(payload, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def trend_table(summary_files: list[Path]) -> pd.DataFrame:
    """Return one row per published month: all people and people by age group.

    Hidden values stay missing (they are written as ``[c]``).
    """
    rows = []
    for path in sorted(summary_files):
        payload = json.loads(path.read_text(encoding="utf-8"))
        ages = payload["tables"]["age_group"]
        row: dict[str, Any] = {"Month": payload["month"], ALL_PEOPLE: ages["Total"]}
        row.update({f"Aged {k}": v for k, v in ages.items() if k != "Total"})
        rows.append(row)
    table = pd.DataFrame(rows)
    if not table.empty:
        for column in table.columns[1:]:
            table[column] = table[column].astype("Int64")
    return table


def trend_display(table: pd.DataFrame) -> pd.DataFrame:
    """Return the trend table as published, ``[c]`` where a value is hidden."""
    shown = table.astype(object)
    return shown.where(table.notna(), disclosure.SUPPRESSED)
