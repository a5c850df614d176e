"""``dp-analysis summary``: the month's key tables, printed in the terminal."""

from __future__ import annotations

import argparse
import logging

import pandas as pd

from dp_analysis import paths
from dp_analysis.counts import for_month
from dp_analysis.models import finance, spb, uptake
from dp_analysis.reconcile import mismatches, reconcile
from dp_analysis.scenario import load_scenario

logger = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``summary`` subcommand."""
    parser = subparsers.add_parser(
        "summary",
        help="print the month's key tables (uptake, Table 5, Table 2, Table 6)",
        description=(
            "Load a source, validate it and print the month's key tables: people "
            "on a DP by cost band and client group, by age group, the report's "
            "findings, the SPB costing (Table 5), the funding summary (Table 2), "
            "the cost pressures, the Core service (Table 6) and the figures in "
            "the report that the data does not bear out."
        ),
    )
    parser.add_argument(
        "source",
        nargs="?",
        default=str(paths.APPENDIX_A),
        help="counts or client-level extract (default: the report's Appendix A)",
    )
    parser.add_argument("--month", help="month YYYY-MM (default: the latest)")
    parser.add_argument(
        "--scenario",
        default=str(paths.REPORT_SCENARIO),
        help="scenario YAML file (default: the report's assumptions)",
    )
    parser.set_defaults(handler=run)


def _money(value: float) -> str:
    if pd.isna(value):
        return ""
    return f"-£{-value:,.0f}" if value < 0 else f"£{value:,.0f}"


def _show(title: str, table: pd.DataFrame, **options: object) -> None:
    print(f"\n{title}\n{'=' * len(title)}")
    print(table.to_markdown(**options))


def run(args: argparse.Namespace) -> int:
    """Print the summary; return 0."""
    from dp_analysis.loading import load_counts

    loaded = load_counts(args.source, month=args.month)
    counts = for_month(loaded.counts, args.month)
    month = str(counts["month"].iloc[0])
    scenario = load_scenario(args.scenario)
    synthetic = " (SYNTHETIC data)" if loaded.synthetic else ""
    print(f"Direct Payments summary for {month}{synthetic}")
    print(f"Source: {loaded.source} ({loaded.rows_read:,} rows read)")

    _show(
        "People on a DP by cost band and client group",
        uptake.crosstab(counts, "cost_band", "client_group"),
    )
    by_age = uptake.people_by(counts, ["age_group"])
    by_age["share"] = by_age["share"].map(uptake.percent)
    _show("People on a DP by age group", by_age[["people", "share"]])

    findings = uptake.key_findings(counts)
    print("\nFindings")
    print(
        f"- Largest cost band: {findings.largest_band.label} "
        f"({findings.largest_band.people} people)"
    )
    print(
        f"- Bands 1-4 hold {findings.bands_1_to_4.people} of {findings.total} "
        f"({uptake.percent(findings.bands_1_to_4.share)})"
    )
    for age in findings.age_groups:
        print(
            f"- {age.age_group}: {age.people} people; largest client group "
            f"{age.largest_client_group.label} ({age.largest_client_group.people})"
        )

    by_band = spb.people_by_band(counts)
    table_5 = spb.table_5(by_band, scenario.spb)
    totals = spb.table_5_totals(table_5)
    _show(
        "Table 5: SPB against ASC cost by band",
        table_5[["spb_tier", "number", "spb_total", "asc_total", "variance_total"]],
    )
    print(
        f"Totals: SPB {_money(totals.spb_total)}, ASC {_money(totals.asc_total)}, "
        f"difference {_money(totals.variance_total)} "
        f"({totals.saving_share:.1%} saving); break-even ASC hourly cost "
        f"£{spb.break_even_hourly_rate(by_band, scenario.spb):.2f}"
    )

    table_2 = finance.table_2(scenario.finance, totals.spb_total)
    table_2["annual_cost"] = table_2["annual_cost"].map(_money)
    _show(
        "Table 2: funding summary",
        table_2[["service_area", "funding_source", "annual_cost"]],
        index=False,
    )
    pressures = finance.cost_pressures(scenario.finance, totals.spb_total)
    total_pressure = pressures["cost_pressure"].sum()
    pressures["cost_pressure"] = pressures["cost_pressure"].map(_money)
    _show("Cost pressures", pressures, index=False)
    print(f"Total cost pressure: {_money(total_pressure)}")
    table_6 = finance.table_6(scenario.finance.core_service)
    table_6["cost"] = table_6["cost"].map(_money)
    _show("Table 6: Core service", table_6, index=False)
    print(
        f"ICU shortfall against £{scenario.finance.icu_budget:,.0f}: "
        f"{_money(finance.icu_shortfall(scenario.finance))}"
    )

    differ = mismatches(reconcile(counts, scenario))
    _show(
        f"Report figures the data does not bear out ({len(differ)})",
        differ[["where", "report_words", "stated", "computed"]],
        index=False,
    )
    return 0
