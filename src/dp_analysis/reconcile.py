"""Reconciliation: every figure the report states, against the code's figure.

The report's statements live in ``data/report_figures.yaml`` with their
location and words. :func:`computed_figures` works out each figure from the
counts and the scenario; :func:`reconcile` lines the two up and marks each
statement ``matches`` or ``mismatch``.

>>> from dp_analysis.counts import appendix_a
>>> from dp_analysis.scenario import load_scenario
>>> table = reconcile(appendix_a(), load_scenario())
>>> row = table.set_index("id").loc["band_rank_4"]
>>> row["stated"], row["computed"], row["status"]
(29, 39, 'mismatch')
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from dp_analysis import paths, reference
from dp_analysis.disclosure import SUPPRESSED
from dp_analysis.models import finance, spb, uptake
from dp_analysis.scenario import TIERS, Scenario

if TYPE_CHECKING:
    from dp_analysis.month_disclosure import MonthDisclosure

logger = logging.getLogger(__name__)

MATCHES, MISMATCH = "matches", "mismatch"


def computed_figures(counts: pd.DataFrame, scenario: Scenario) -> dict[str, Any]:
    """Return every figure the report states, computed afresh, by name."""
    figures: dict[str, Any] = {}
    findings = uptake.key_findings(counts)
    total = findings.total
    figures["total_people"] = total

    # Appendix A: margins, ranks and the per-age statements.
    for dimension, prefix in (
        ("age_group", "people_age"),
        ("cost_band", "people_band"),
    ):
        grouped = uptake.people_by(counts, [dimension])["people"]
        for number, (label, people) in enumerate(grouped.items(), start=1):
            key = number if dimension == "cost_band" else label
            figures[f"{prefix}:{key}"] = int(people)
            if dimension == "age_group":
                figures[f"share_age:{label}"] = 100 * people / total
    for rank, count in enumerate(findings.bands_ranked, start=1):
        figures[f"band_rank:{rank}:people"] = count.people
        figures[f"band_rank:{rank}:label"] = count.label
    figures["largest_high_budget_band"] = findings.largest_high_budget_band.label
    figures["bands_1_to_4_people"] = findings.bands_1_to_4.people
    for age in findings.age_groups:
        figures[f"largest_group_age:{age.age_group}"] = age.largest_client_group.label
    figures["majority_bands_1_to_4_every_age"] = (
        "yes" if all(a.bands_1_to_4_are_majority for a in findings.age_groups) else "no"
    )
    figures["mixed_budget:in_bands_1_to_4_possible"] = min(
        scenario.mixed_budget["people"], findings.bands_1_to_4.people
    )

    # Table 5 and the 300-participant costing.
    by_band = spb.people_by_band(counts)
    table_5 = spb.table_5(by_band, scenario.spb)
    for number, row in enumerate(table_5.itertuples(), start=1):
        figures[f"table5:spb_total:{number}"] = row.spb_total
        figures[f"table5:asc_total:{number}"] = row.asc_total
    totals = spb.table_5_totals(table_5)
    for name in ("people", "sum_of_fees", "spb_total", "asc_total", "variance_total"):
        figures[f"table5:total:{name}"] = getattr(totals, name)
    figures["saving_percent"] = 100 * totals.saving_share
    costing = spb.participants_costing(scenario.spb)
    for tier in TIERS:
        figures[f"participants:{tier}"] = int(costing.loc[tier, "participants"])
    figures["participants:spb_total"] = float(costing["spb_total"].sum())
    for tier, share in spb.implied_tier_mix(by_band, scenario.spb).items():
        figures[f"data_mix:{tier}"] = 100 * share

    # Table 2, the cost pressures and Table 6.
    money = scenario.finance
    delivery = money.training_delivery
    figures["training_delivery"] = finance.training_delivery_cost(money)
    figures["training_day_cost"] = float(delivery["trainers"] * delivery["day_rate"])
    figures["core_total"] = finance.core_service_total(money.core_service)
    figures["icu_shortfall"] = finance.icu_shortfall(money)
    pressures = finance.cost_pressures(money, spb_services=totals.spb_total)
    for row in pressures.itertuples():
        figures[f"pressure:{row.service_area}"] = row.cost_pressure
    figures["pressure_total"] = float(pressures["cost_pressure"].sum())
    for number, cost in enumerate(finance.table_6(money.core_service)["cost"]):
        figures[f"table6:{number}"] = float(cost)
    capacity = money.core_capacity_per_staff
    figures["core_staff_for_report_caseload"] = finance.core_staffing(
        money,
        pa_employment_support=capacity["pa_employment_support"],
        system_access_support=capacity["system_access_support"],
        pas_recruited=capacity["pas_recruited"],
        employers_recruited=capacity["employers_recruited"],
    ).staff
    return figures


def _agrees(stated: Any, computed: Any, compare: str) -> bool:
    """Return True when the computed figure bears out the stated one."""
    if compare == "text":
        return reference._key(str(stated)) == reference._key(str(computed))
    if compare == "percent":
        return round(float(computed)) == int(stated)
    if compare == "at_least":
        return float(computed) >= float(stated)
    if compare.startswith("rounded:"):
        step = int(compare.split(":")[1])
        return finance.round_to(float(computed), step) == float(stated)
    return float(computed) == float(stated)


def load_statements(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Return the report's stated figures from the YAML register."""
    with open(path or paths.REPORT_FIGURES, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def reconcile(
    counts: pd.DataFrame, scenario: Scenario, statements: list[dict] | None = None
) -> pd.DataFrame:
    """Return each stated figure beside the computed one, with its status.

    Columns: ``id``, ``where``, ``report_words``, ``stated``, ``computed``,
    ``compare``, ``status`` (``matches`` or ``mismatch``) and ``figure`` (the
    name of the computed figure).
    """
    figures = computed_figures(counts, scenario)
    rows = []
    for statement in statements or load_statements():
        compare = statement.get("compare", "exact")
        computed = figures[statement["figure"]]
        if isinstance(computed, float) and computed.is_integer():
            computed = int(computed)
        agrees = _agrees(statement["stated"], computed, compare)
        rows.append(
            {
                "id": statement["id"],
                "where": statement["where"],
                "report_words": statement["words"],
                "stated": statement["stated"],
                "computed": round(computed, 2)
                if isinstance(computed, float)
                else computed,
                "compare": compare,
                "status": MATCHES if agrees else MISMATCH,
                "figure": statement["figure"],
            }
        )
    table = pd.DataFrame(rows)
    logger.info(
        "Reconciled %d stated figures: %d mismatch(es)",
        len(table),
        int((table["status"] == MISMATCH).sum()),
    )
    return table


def mismatches(table: pd.DataFrame) -> pd.DataFrame:
    """Return only the rows of a :func:`reconcile` table that do not match."""
    return table[table["status"] == MISMATCH].reset_index(drop=True)


#: Figures worked out from the people in each SPB tier: hidden with the costs.
_COST_FIGURES = ("table5:total:", "saving_percent", "data_mix:", "pressure")


def hidden_in_public(
    table: pd.DataFrame, counts: pd.DataFrame, plan: MonthDisclosure
) -> pd.Series:
    """Return True for each statement whose computed figure public pages hide.

    A statement is hidden, its computed figure and its status alike (a
    status of "matches" beside the report's figure would give the figure
    away), when its figure is a count the month's ``plan`` hides or is
    worked out from one: a band's people or Table 5 costs, an age group's
    people or share, the people in bands 1 to 4, and the costs of the SPB
    tiers when the plan withholds them.
    """
    labels = reference.cost_band_labels()
    ranked = [count.label for count in uptake.key_findings(counts).bands_ranked]
    by_band = plan.band_hidden
    by_age = plan.view("age_group").hidden

    def hidden(figure: str) -> bool:
        parts = figure.split(":")
        if figure in ("total_people", "table5:total:people"):
            return plan.total_hidden
        if figure.startswith(("people_band:", "table5:spb_total:", "table5:asc")):
            return bool(by_band[labels[int(parts[-1]) - 1]])
        if figure.startswith("band_rank:") and parts[-1] == "people":
            return bool(by_band[ranked[int(parts[1]) - 1]])
        if figure.startswith(("people_age:", "share_age:")):
            return bool(by_age[parts[-1]])
        if figure in ("bands_1_to_4_people", "mixed_budget:in_bands_1_to_4_possible"):
            return not plan.can_state(labels[:4])
        if figure.startswith(_COST_FIGURES):
            return not plan.costs_shown
        return False

    return table["figure"].map(hidden).astype(bool)


def public_view(table: pd.DataFrame, hidden: pd.Series) -> pd.DataFrame:
    """Return a :func:`reconcile` table with hidden statements' figures as ``[c]``.

    The computed figure and the status of a hidden statement are ``[c]``.
    """
    shown = table.astype({"computed": object, "status": object})
    shown.loc[hidden.to_numpy(), ["computed", "status"]] = SUPPRESSED
    return shown
